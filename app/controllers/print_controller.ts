import type { HttpContext } from '@adonisjs/core/http'
import { printDocument, type PrintFormat } from '#services/print_service'

/** `/print/:type/:id.pdf` and `/print/:type/:id.html` for every registered print template. */
export default class PrintController {
  async show(ctx: HttpContext) {
    const file = String(ctx.params.file)
    const dot = file.lastIndexOf('.')
    const id = file.slice(0, dot)
    const format = file.slice(dot + 1) as PrintFormat
    const result = await printDocument(ctx, String(ctx.params.type), id, format)
    ctx.response.header('Content-Type', result.contentType)
    ctx.response.header('Cache-Control', 'private, no-store')
    if (format === 'pdf') {
      // ASCII name for old clients when the title is not ASCII (e.g. Chinese), the real one in filename*.
      const ascii = /^[\x20-\x7e]+$/.test(result.filename) ? result.filename.replace(/"/g, '') : `${ctx.params.type}-${id}.pdf`
      ctx.response.header('Content-Disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(result.filename)}`)
    }
    return ctx.response.send(result.body)
  }
}
