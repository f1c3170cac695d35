import { test } from '@japa/runner'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PdfService } from '#services/pdf_service'
import { ChromiumNotFoundError, findChromium } from '#services/chromium'
import { barcodeSvg } from '#services/barcode'
import { footerTemplate, headerTemplate } from '#services/print_header_footer'
import { decodePng, inkPerPage, pdfInfo, pdfText } from '#tests/helpers/pdf'

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="font-family: 'Noto Sans CJK SC', sans-serif">${body}</body></html>`

test.group('PdfService', (group) => {
  const service = new PdfService({ poolSize: 2 })
  group.teardown(() => service.close())

  test('prints A4 and A5, portrait and landscape', async ({ assert }) => {
    const a4 = pdfInfo(await service.pdf(page('<h1>A4</h1>'), { paper: 'A4' }))
    assert.closeTo(a4.widthPt, 595.3, 1.5)
    assert.closeTo(a4.heightPt, 841.9, 1.5)
    const a5 = pdfInfo(await service.pdf(page('<h1>A5</h1>'), { paper: 'A5', landscape: true }))
    assert.closeTo(a5.widthPt, 595.3, 1.5)
    assert.closeTo(a5.heightPt, 419.5, 1.5)
    await assert.rejects(() => service.pdf(page('x'), { paper: 'A3' as any }), /Unknown paper size "A3"/)
  })

  test('header and footer templates print on every page with page x / y, CJK included', async ({ assert }) => {
    const rows = Array.from({ length: 120 }, (_, i) => `<p>第 ${i + 1} 行 · line ${i + 1}</p>`).join('')
    const pdf = await service.pdf(page(rows), {
      paper: 'A5',
      headerTemplate: '<div style="font-size: 9px; font-family: \'Noto Sans CJK SC\'">示例制造有限公司 HEADER</div>',
      footerTemplate: '<div style="font-size: 9px; font-family: \'Noto Sans CJK SC\'">页 <span class="pageNumber"></span>/<span class="totalPages"></span></div>',
    })
    const { pages } = pdfInfo(pdf)
    assert.isAbove(pages, 2)
    const text = pdfText(pdf)
    assert.equal(text.split('示例制造有限公司 HEADER').length - 1, pages)
    for (let i = 1; i <= pages; i++) assert.match(text, new RegExp(`页 ?${i}/${pages}`))
    assert.include(text, '第 120 行')
    for (const ink of inkPerPage(pdf)) assert.isAbove(ink, 0.005)
  })

  test('Chinese prints as real glyphs, not tofu boxes', async ({ assert }) => {
    // A missing font draws every character as the same empty box; real glyphs differ.
    const firstPage = async (text: string) => {
      let png: Buffer | undefined
      const pdf = await service.pdf(page(`<div style="font-size: 160px">${text}</div>`), { paper: 'A5' })
      inkPerPage(pdf, (_n, p) => (png ??= p))
      return decodePng(png!).pixels
    }
    const [ni, hao, ni2] = [await firstPage('你'), await firstPage('好'), await firstPage('你')]
    assert.isTrue(ni.equals(ni2), 'the same character renders the same')
    assert.isFalse(ni.equals(hao), 'two different characters render differently')
  })

  test('a print never fetches a URL and runs no script', async ({ assert }) => {
    let hits = 0
    const server = createServer((_, res) => {
      hits++
      res.end('x')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const pdf = await service.pdf(
        page(`<img src="http://127.0.0.1:${port}/logo.png"><link rel="stylesheet" href="http://127.0.0.1:${port}/x.css">
          <p id="t">STATIC</p><script>document.getElementById('t').textContent = 'SCRIPTED'</script>`)
      )
      assert.equal(hits, 0)
      const text = pdfText(pdf)
      assert.include(text, 'STATIC')
      assert.notInclude(text, 'SCRIPTED')
    } finally {
      server.close()
    }
  })

  test('one browser and at most poolSize tabs serve many prints at once, each its own document', async ({ assert }) => {
    const browser = await service.browser()
    const pdfs = await Promise.all(Array.from({ length: 6 }, (_, i) => service.pdf(page(`<h1>DOC-${i}</h1>`))))
    assert.strictEqual(await service.browser(), browser)
    assert.isAtMost(service.openPages, 2)
    pdfs.forEach((pdf, i) => {
      const text = pdfText(pdf)
      assert.include(text, `DOC-${i}`)
      assert.notMatch(text, new RegExp(`DOC-(?!${i}\\b)\\d`))
    })
    const pages = await browser.pages()
    // about:blank of the launch plus the pool's tabs
    assert.isAtMost(pages.length, 3)
  })

  test('after close() the next print starts a fresh browser', async ({ assert }) => {
    const own = new PdfService({ poolSize: 1 })
    const first = await own.browser()
    await own.pdf(page('one'))
    await own.close()
    assert.isFalse(first.connected)
    const pdf = await own.pdf(page('two'))
    assert.include(pdfText(pdf), 'two')
    assert.notStrictEqual(await own.browser(), first)
    await own.close()
  })

  test('a browser that dies is replaced on the next print', async ({ assert }) => {
    const own = new PdfService({ poolSize: 1 })
    await own.pdf(page('before'))
    const browser = await own.browser()
    browser.process()?.kill('SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.include(pdfText(await own.pdf(page('after'))), 'after')
    await own.close()
  })

  test('without any Chromium the print fails with the discovery message', async ({ assert }) => {
    const own = new PdfService({ locate: () => findChromium({ env: { PATH: '' }, isExecutable: () => false, puppeteerCache: async () => [] }) })
    const error = await own.pdf(page('x')).catch((e) => e)
    assert.instanceOf(error, ChromiumNotFoundError)
    assert.include(error.message, 'No Chromium found')
  })
})

test.group('Barcodes', () => {
  test('code128 and QR codes are inline SVG made of paths only', ({ assert }) => {
    const code = barcodeSvg('code128', 'SO-2026-00042', { size: 40 })
    assert.match(code, /^<svg width="40mm" /)
    assert.include(code, '<path')
    const qr = barcodeSvg('qrcode', '<script>alert(1)</script>', { size: 20 })
    assert.notInclude(qr, '<script')
    assert.match(qr, /width="20mm" height="20mm"/)
    assert.notEqual(barcodeSvg('qrcode', 'a'), barcodeSvg('qrcode', 'b'))
  })

  test('an empty text or an unknown type is refused with a clear message', ({ assert }) => {
    assert.throws(() => barcodeSvg('code128', ''), /empty text/)
    assert.throws(() => barcodeSvg('no such"type', 'x'), /Unknown barcode type/)
  })
})

test.group('Print header and footer', () => {
  const print = {
    type: 'kernel.user_access',
    id: '1',
    title: '<img src=x onerror=alert(1)> 报告',
    paper: 'A5' as const,
    landscape: false,
    company: { name: 'ACME <b>Ltd</b>', logo: null },
    locale: 'zh-CN',
    printedAt: '2026-11-23 10:00',
    screen: false,
  }

  test('company, title and the printed-by line are escaped; page numbers stay live', ({ assert }) => {
    const header = headerTemplate(print)
    assert.include(header, 'ACME &lt;b&gt;Ltd&lt;/b&gt;')
    assert.include(header, '&lt;img src=x onerror=alert(1)&gt; 报告')
    assert.notInclude(header, '<img')
    const footer = footerTemplate(print, '<span class="pageNumber"></span>/<span class="totalPages"></span>', 'Printed by <script>')
    assert.include(footer, 'Printed by &lt;script&gt;')
    assert.include(footer, '<span class="pageNumber"></span>')
    assert.include(footer, 'margin: 0 10mm', 'A5 side margins')
  })

  test('a data-URL logo is drawn in the header', ({ assert }) => {
    const header = headerTemplate({ ...print, company: { name: 'ACME', logo: 'data:image/png;base64,AAAA' } })
    assert.include(header, '<img src="data:image/png;base64,AAAA"')
  })
})
