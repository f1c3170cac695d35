/*
 * Barcodes and QR codes as inline SVG (bwip-js), for print views and pages.
 * In Edge: `{{ barcode('code128', order.number) }}`, `{{ qrcode(url, { size: 28 }) }}`.
 * bwip-js draws bars and human-readable text as SVG paths, so the output
 * carries no user text as markup and is safe to emit unescaped.
 */
import { createRequire } from 'node:module'
import { edgeGlobals } from 'edge.js'

// bwip-js is large (~150 ms to load): loaded on the first barcode, not at server start.
const require = createRequire(import.meta.url)
let bwip: typeof import('bwip-js') | null = null
const bwipjs = () => (bwip ??= require('bwip-js') as typeof import('bwip-js'))

export interface BarcodeOptions {
  /** Height of the bars in millimetres (linear codes). */
  height?: number
  /** Rendered width/height in millimetres (sets the SVG size; QR codes are square). */
  size?: number
  /** Print the text under the bars (linear codes), default true. */
  text?: boolean
}

const SYMBOLOGY = /^[a-z0-9]{2,30}$/

/** Raw SVG markup of a barcode; throws a clear error for an empty text or unknown symbology. */
export function barcodeSvg(type: string, value: string | number, options: BarcodeOptions = {}): string {
  const text = String(value ?? '')
  if (!SYMBOLOGY.test(type)) throw new Error(`Unknown barcode type "${type}"`)
  if (text === '') throw new Error(`Cannot draw a ${type} barcode of an empty text`)
  const twoDimensional = ['qrcode', 'datamatrix', 'pdf417', 'azteccode', 'microqrcode'].includes(type)
  let svg = bwipjs().toSVG({
    bcid: type,
    text,
    scale: 2,
    ...(twoDimensional ? {} : { height: options.height ?? 10, includetext: options.text ?? true, textxalign: 'center' }),
  } as any)
  if (options.size) {
    // Fix the printed size; the viewBox keeps the proportions.
    const attr = twoDimensional ? `width="${options.size}mm" height="${options.size}mm"` : `width="${options.size}mm"`
    svg = svg.replace('<svg ', `<svg ${attr} `)
  }
  return svg
}

export function registerBarcodeGlobals(edge: { global: (name: string, value: unknown) => unknown }) {
  edge.global('barcode', (type: string, value: string | number, options?: BarcodeOptions) =>
    edgeGlobals.html.safe(barcodeSvg(type, value, options))
  )
  edge.global('qrcode', (value: string, options?: BarcodeOptions) => edgeGlobals.html.safe(barcodeSvg('qrcode', value, options)))
}
