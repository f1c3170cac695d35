/*
 * PdfService: turns HTML (usually an Edge print view) into a PDF with ONE
 * shared Chromium per process and a small pool of reused tabs.
 *
 * - The browser starts on the first print (not at boot) and is closed at
 *   shutdown (app/services/shutdown.ts). If it dies, the next print starts a new one.
 * - Tabs run with JavaScript off and every network request refused except
 *   data: URLs: a print is self-contained HTML, and user data in it can never
 *   make the server fetch a URL.
 * - Paper A4 or A5, portrait or landscape; Chromium's own header/footer
 *   templates carry the company, the title and "page x / y".
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { CHROMIUM_LAUNCH_ARGS, findChromium, type ChromiumLocation } from '#services/chromium'
import { onShutdown } from '#services/shutdown'

export type PaperSize = 'A4' | 'A5'
export const PAPER_SIZES: PaperSize[] = ['A4', 'A5']

/** Page margins per paper size; the top and bottom hold the header and footer. */
const MARGINS: Record<PaperSize, { top: string; bottom: string; left: string; right: string }> = {
  A4: { top: '24mm', bottom: '18mm', left: '15mm', right: '15mm' },
  A5: { top: '20mm', bottom: '15mm', left: '10mm', right: '10mm' },
}

export interface PdfOptions {
  paper?: PaperSize
  landscape?: boolean
  /** Chromium header template (`<span class="pageNumber">` etc. are filled in); none when omitted */
  headerTemplate?: string
  /** Chromium footer template; none when omitted */
  footerTemplate?: string
}

export interface PdfServiceOptions {
  /** Tabs kept open and reused; also the number of prints that run at once. */
  poolSize?: number
  /** Resolves the executable (tests inject a missing one). */
  locate?: () => Promise<ChromiumLocation>
  /** Milliseconds one print may take before it fails. */
  timeout?: number
}

export class PdfService {
  #browser: Promise<Browser> | null = null
  #idle: Page[] = []
  /** Tabs of the current browser (idle or printing); tabs of a browser that died are not counted. */
  #members = new Set<Page>()
  #waiters: Array<{ resolve: (page: Page) => void; reject: (error: unknown) => void }> = []
  #opening = 0
  #poolSize: number
  #locate: () => Promise<ChromiumLocation>
  #timeout: number
  #executable: ChromiumLocation | null = null

  constructor(options: PdfServiceOptions = {}) {
    this.#poolSize = Math.max(1, options.poolSize ?? Number(process.env.LOOM_PDF_POOL || 4))
    this.#locate = options.locate ?? (() => findChromium())
    this.#timeout = options.timeout ?? 30_000
  }

  /** Where the Chromium in use was found (after the first print). */
  get executable(): ChromiumLocation | null {
    return this.#executable
  }

  get poolSize() {
    return this.#poolSize
  }

  /** Tabs currently open (idle or printing). */
  get openPages() {
    return this.#members.size
  }

  /** The shared browser, started on first use. */
  browser(): Promise<Browser> {
    if (!this.#browser) {
      const starting = (async () => {
        const location = await this.#locate()
        const browser = await puppeteer.launch({
          executablePath: location.path,
          args: CHROMIUM_LAUNCH_ARGS,
          headless: true,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        })
        this.#executable = location
        browser.on('disconnected', () => {
          if (this.#browser === starting) this.#forget()
        })
        return browser
      })()
      this.#browser = starting
      // A failed start is not cached: the next print tries again.
      starting.catch(() => {
        if (this.#browser === starting) this.#browser = null
      })
    }
    return this.#browser
  }

  #forget() {
    this.#browser = null
    this.#idle = []
    this.#members.clear()
  }

  async #newPage(): Promise<Page> {
    const browser = await this.browser()
    const page = await browser.newPage()
    await page.setJavaScriptEnabled(false)
    await page.setRequestInterception(true)
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return
      const url = request.url()
      if (url.startsWith('data:') || url === 'about:blank') request.continue()
      else request.abort('blockedbyclient')
    })
    page.setDefaultTimeout(this.#timeout)
    return page
  }

  async #acquire(): Promise<Page> {
    while (this.#idle.length) {
      const page = this.#idle.pop()!
      if (!page.isClosed()) return page
      this.#members.delete(page)
    }
    if (this.#members.size + this.#opening < this.#poolSize) {
      this.#opening++
      try {
        const page = await this.#newPage()
        this.#members.add(page)
        return page
      } finally {
        this.#opening--
      }
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }))
  }

  #release(page: Page, broken: boolean) {
    if (broken || page.isClosed() || !this.#members.has(page)) {
      this.#members.delete(page)
      page.close().catch(() => {})
      const waiter = this.#waiters.shift()
      if (waiter) this.#acquire().then(waiter.resolve, waiter.reject)
      return
    }
    const waiter = this.#waiters.shift()
    if (waiter) waiter.resolve(page)
    else this.#idle.push(page)
  }

  /** Prints self-contained HTML to a PDF. */
  async pdf(html: string, options: PdfOptions = {}): Promise<Buffer> {
    const paper = options.paper ?? 'A4'
    if (!PAPER_SIZES.includes(paper)) throw new Error(`Unknown paper size "${paper}" (use ${PAPER_SIZES.join(' or ')})`)
    const page = await this.#acquire()
    let broken = false
    try {
      await page.setContent(html, { waitUntil: 'load', timeout: this.#timeout })
      const withHeaderFooter = !!(options.headerTemplate || options.footerTemplate)
      const bytes = await page.pdf({
        format: paper,
        landscape: !!options.landscape,
        printBackground: true,
        preferCSSPageSize: false,
        displayHeaderFooter: withHeaderFooter,
        headerTemplate: options.headerTemplate || '<span></span>',
        footerTemplate: options.footerTemplate || '<span></span>',
        margin: withHeaderFooter ? MARGINS[paper] : { top: '12mm', bottom: '12mm', left: MARGINS[paper].left, right: MARGINS[paper].right },
        timeout: this.#timeout,
      })
      return Buffer.from(bytes)
    } catch (error) {
      broken = true
      throw error
    } finally {
      // The next print replaces the whole document, so the tab is reused as is.
      this.#release(page, broken)
    }
  }

  /** Closes the browser and every tab; waiting prints fail. */
  async close() {
    const starting = this.#browser
    this.#forget()
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error('PdfService closed'))
    if (!starting) return
    try {
      const browser = await starting
      await browser.close()
    } catch {
      // It never started or already died: nothing left to close.
    }
  }
}

/** The process-wide service every print goes through. */
const pdfService = new PdfService()
onShutdown(() => pdfService.close())

export default pdfService
