/*
 * Benchmark `pdf` (PERFORMANCE.md): 200 two-page invoices printed warm
 * through Loom's PdfService (Edge render + shared browser + tab pool +
 * header/footer), against the same-run baseline: Chromium (puppeteer-core,
 * same launch flags, same page options) printing the same static HTML
 * directly. Target: p50 ≤ 150 ms and Loom ≥ 80% of direct (ratio of
 * throughput, i.e. direct p50 / Loom p50).
 *
 * Also measured: one document from cold (browser start included) and N
 * documents at once through the pool (documents/s, Loom vs direct pages).
 * Run: npm run bench -- pdf   (BENCH_PDF_DOCS=200, LOOM_PDF_POOL=4)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Edge } from 'edge.js'
import puppeteer from 'puppeteer-core'
import { PdfService } from '#services/pdf_service'
import { CHROMIUM_LAUNCH_ARGS, findChromium } from '#services/chromium'
import { registerPrintGlobals } from '#services/print_globals'
import { footerTemplate, headerTemplate, type PrintContext } from '#services/print_header_footer'
// @ts-ignore plain JS helper
import { median, percentile, round, writeResult } from './lib.js'

const ROOT = process.cwd()
const DOCS = Number(process.env.BENCH_PDF_DOCS || 200)
const LINES = 44 // two A4 pages with header, totals and signatures

/* ---------------------------------------------------------------- data */

const micros = (yuan: bigint) => yuan * 1_000_000n
/** Formats micros as a CNY amount with 2 places, rounding half up; no floats. */
function money(value: bigint): string {
  const cents = (value + 5_000n) / 10_000n
  const whole = cents / 100n
  const frac = (cents % 100n).toString().padStart(2, '0')
  return `${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
}

const NAMES = ['深沟球轴承 6204-2RS', '不锈钢六角螺栓 M8×30', '齿轮减速机 NMRV-050', '同步带轮 HTD-5M', '直线导轨 HGR20', '液压缸密封圈套件', '变频器 2.2kW', '联轴器 GR-28']
const CUSTOMERS = ['华东精密机械有限公司', '深圳市恒通自动化设备有限公司', 'Northwind Trading Ltd.', '苏州宏远工业科技有限公司']

function invoice(i: number) {
  let net = 0n
  const lines = Array.from({ length: LINES }, (_, l) => {
    const qty = BigInt(((i + l) % 17) + 1)
    const price = micros(BigInt(12 + ((i * 7 + l * 13) % 480))) + 350_000n // ¥xx.35
    const amount = qty * price
    net += amount
    return { no: l + 1, item: `IT-${String(1000 + ((i + l) % 800)).padStart(5, '0')}`, name: NAMES[(i + l) % NAMES.length], qty: qty.toString(), unit: '件', price: money(price), amount: money(amount) }
  })
  const tax = (net * 13n) / 100n
  return {
    number: `INV-2026-${String(i + 1).padStart(5, '0')}`,
    customer: CUSTOMERS[i % CUSTOMERS.length],
    date: '2026-11-23',
    due: '2026-12-23',
    order: `SO-2026-${String(i + 101).padStart(5, '0')}`,
    rep: '王芳',
    lines,
    net: money(net),
    tax: money(tax),
    total: money(net + tax),
  }
}

/* --------------------------------------------------------- rendering */

const edge = Edge.create()
edge.mount(join(ROOT, 'resources/views'))
edge.mount('bench', join(ROOT, 'bench/views'))
registerPrintGlobals(edge)
const messages = JSON.parse(readFileSync(join(ROOT, 'resources/lang/zh-CN/printing.json'), 'utf8'))
edge.global('t', (key: string) => key.split('.').slice(1).reduce((o: any, k) => o?.[k], messages) ?? key)

function printContext(i: number, number: string): PrintContext {
  return {
    type: 'bench.invoice',
    id: String(i + 1),
    title: `销售发票 ${number}`,
    paper: 'A4',
    landscape: false,
    company: { name: '示例制造有限公司', logo: null },
    locale: 'zh-CN',
    printedAt: '2026-11-23 10:00',
    screen: false,
  }
}

async function render(i: number) {
  const data = invoice(i)
  const print = printContext(i, data.number)
  const html = await edge.createRenderer().share({ print }).render('bench::invoice', { invoice: data })
  return {
    html,
    options: {
      paper: 'A4' as const,
      headerTemplate: headerTemplate(print),
      footerTemplate: footerTemplate(print, '第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页', '系统管理员 打印于 2026-11-23 10:00'),
    },
  }
}

/* ------------------------------------------------------ measurement */

async function main() {
  const location = await findChromium()
  console.log(`pdf: ${DOCS} invoices, Chromium ${location.path} (${location.source})`)

  // Render once up front for the baseline (it gets the HTML for free).
  const renderTimes: number[] = []
  const docs: Array<Awaited<ReturnType<typeof render>>> = []
  for (let i = 0; i < DOCS; i++) {
    const t = performance.now()
    docs.push(await render(i))
    renderTimes.push(performance.now() - t)
  }

  // One document from cold: the service starts its browser on the first print.
  const service = new PdfService()
  let t = performance.now()
  const first = await service.pdf(docs[0].html, docs[0].options)
  const coldFirstMs = performance.now() - t
  const pageCount = (first.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length

  // Direct baseline: same Chromium, same flags, one tab, the same HTML and options.
  const direct = await puppeteer.launch({ executablePath: location.path, args: CHROMIUM_LAUNCH_ARGS, headless: true })
  const margins = { top: '24mm', bottom: '18mm', left: '15mm', right: '15mm' }
  const directPrint = async (page: any, doc: (typeof docs)[number]) => {
    await page.setContent(doc.html, { waitUntil: 'load' })
    return page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: doc.options.headerTemplate, footerTemplate: doc.options.footerTemplate, margin: margins })
  }
  const directPage = await direct.newPage()

  // Warm both.
  for (let i = 0; i < Math.min(10, DOCS); i++) {
    await service.pdf(docs[i].html, docs[i].options)
    await directPrint(directPage, docs[i])
  }

  // Sequential latency, interleaved in rounds so drift hits both alike.
  const loomMs: number[] = []
  const directMs: number[] = []
  const rounds = 4
  const perRound = Math.ceil(DOCS / rounds)
  for (let r = 0; r < rounds; r++) {
    for (let i = r * perRound; i < Math.min(DOCS, (r + 1) * perRound); i++) {
      t = performance.now()
      await directPrint(directPage, docs[i])
      directMs.push(performance.now() - t)
    }
    for (let i = r * perRound; i < Math.min(DOCS, (r + 1) * perRound); i++) {
      t = performance.now()
      const doc = await render(i) // Loom renders the Edge view per print, like the route
      await service.pdf(doc.html, doc.options)
      loomMs.push(performance.now() - t)
    }
  }

  // N documents at once: Loom's pool vs the same number of direct tabs.
  const pool = service.poolSize
  const directPages = [directPage, ...(await Promise.all(Array.from({ length: pool - 1 }, () => direct.newPage())))]
  t = performance.now()
  let next = 0
  await Promise.all(
    directPages.map(async (page) => {
      while (next < DOCS) await directPrint(page, docs[next++])
    })
  )
  const directBatchMs = performance.now() - t
  t = performance.now()
  await Promise.all(
    docs.map(async (_, i) => {
      const doc = await render(i)
      return service.pdf(doc.html, doc.options)
    })
  )
  const loomBatchMs = performance.now() - t

  await direct.close()
  await service.close()

  const loomP50 = median(loomMs)
  const directP50 = median(directMs)
  const result = {
    documents: DOCS,
    pagesPerDocument: pageCount,
    poolSize: pool,
    chromium: location,
    renderEdgeP50Ms: round(median(renderTimes), 2),
    one: { coldFirstMs: round(coldFirstMs), warmP50Ms: round(loomP50), warmP95Ms: round(percentile(loomMs, 95)) },
    baseline: { directP50Ms: round(directP50), directP95Ms: round(percentile(directMs, 95)) },
    ratioOfDirect: round(directP50 / loomP50, 3),
    batch: {
      loomDocsPerSecond: round((DOCS / loomBatchMs) * 1000, 1),
      directDocsPerSecond: round((DOCS / directBatchMs) * 1000, 1),
      ratioOfDirect: round(directBatchMs / loomBatchMs, 3),
    },
    targets: { p50Ms: 150, ratioOfDirect: 0.8 },
  }
  ;(result as any).meetsTargets = result.one.warmP50Ms! <= 150 && result.ratioOfDirect! >= 0.8
  const file = writeResult('pdf', result)
  console.log(JSON.stringify(result, null, 2))
  console.log(`written ${file}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
