import type { HttpContext } from '@adonisjs/core/http'
import { visibleMenu } from '#services/menu'

/** The admin landing page: links to every admin page the user may open. */
export default class AdminController {
  async index({ view, auth }: HttpContext) {
    const menu = await visibleMenu(auth.user!)
    const admin = menu.find((m) => m.key === 'admin' && m.plugin === 'loom_kernel')
    return view.render('pages/admin/index', { entries: admin?.children ?? [] })
  }
}
