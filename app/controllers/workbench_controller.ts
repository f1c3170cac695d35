import type { HttpContext } from '@adonisjs/core/http'

/** The home page: the user's tasks, approvals and the widgets plugins contribute. */
export default class WorkbenchController {
  async index({ view }: HttpContext) {
    return view.render('pages/workbench')
  }
}
