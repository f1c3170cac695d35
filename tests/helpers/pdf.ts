/*
 * Looking inside PDFs the way a person would: render pages to PNG with
 * poppler's pdftoppm and count the inked pixels, extract the text with
 * pdftotext, read page size and count with pdfinfo.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateSync } from 'node:zlib'

function withPdfFile<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'loom-pdf-'))
  try {
    const file = join(dir, 'doc.pdf')
    writeFileSync(file, pdf)
    return fn(file, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }))
}

export function pdfInfo(pdf: Buffer): { pages: number; widthPt: number; heightPt: number } {
  const out = withPdfFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }))
  const size = out.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/)!
  return { pages: Number(out.match(/Pages:\s+(\d+)/)![1]), widthPt: Number(size[1]), heightPt: Number(size[2]) }
}

/** Decodes an 8-bit RGB/RGBA/gray PNG (what pdftoppm writes) into its pixels. */
export function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  let offset = 8
  let width = 0
  let height = 0
  let colorType = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      if (data[8] !== 8) throw new Error('only 8-bit PNGs are supported')
      colorType = data[9]
    } else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') break
    offset += 12 + length
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType as 0 | 2 | 4 | 6]
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`)
  const raw = inflateSync(Buffer.concat(idat))
  const stride = width * channels
  const pixels = Buffer.alloc(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]
      const a = x >= channels ? pixels[y * stride + x - channels] : 0
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0
      let value = cur
      if (filter === 1) value = cur + a
      else if (filter === 2) value = cur + b
      else if (filter === 3) value = cur + ((a + b) >> 1)
      else if (filter === 4) {
        const p = a + b - c
        const pa = Math.abs(p - a)
        const pb = Math.abs(p - b)
        const pc = Math.abs(p - c)
        value = cur + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
      }
      pixels[y * stride + x] = value & 0xff
    }
  }
  return { width, height, channels, pixels }
}

/** Renders every page with `pdftoppm -png -r 50` and returns, per page, the share of inked (non-white) pixels. */
export function inkPerPage(pdf: Buffer, save?: (page: number, png: Buffer) => void): number[] {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-r', '50', file, join(dir, 'page')])
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort()
    return pages.map((name, index) => {
      const png = readFileSync(join(dir, name))
      save?.(index + 1, png)
      const { width, height, channels, pixels } = decodePng(png)
      let inked = 0
      for (let i = 0; i < width * height; i++) {
        const o = i * channels
        const luminance = channels >= 3 ? (pixels[o] + pixels[o + 1] + pixels[o + 2]) / 3 : pixels[o]
        if (luminance < 200) inked++
      }
      return inked / (width * height)
    })
  })
}
