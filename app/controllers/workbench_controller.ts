import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import { userCan } from '#services/authorization'

/** The home page: the user's tasks, approvals and the widgets plugins contribute (slot `workbench.widgets`). */
export default class WorkbenchController {
  async index({ view, auth, i18n }: HttpContext) {
    const canManagePlugins = await userCan(auth.user!, 'admin.plugins.manage')
    return view.render('pages/workbench', {
      today: DateTime.now().setLocale(i18n.locale).toLocaleString({ ...DateTime.DATE_HUGE }),
      canManagePlugins,
      pluginsUrl: canManagePlugins ? pluginsPage() : null,
    })
  }
}

/** The admin plugins page, or the admin index while that page is not mounted. */
function pluginsPage(): string {
  for (const name of ['admin.plugins.index', 'admin.index']) {
    try {
      return router.builder().make(name)
    } catch {}
  }
  return '/admin'
}
