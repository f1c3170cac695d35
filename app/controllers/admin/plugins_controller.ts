/*
 * Admin page of the plugin system: every discovered plugin with its version,
 * state, dependencies and (for a failed one) why it cannot load; actions
 * install / enable / disable / uninstall (behind a typed confirmation).
 *
 * htmx: the page answers with just the table fragment when HX-Request is
 * present; actions re-render that fragment (422 with the message when the
 * lifecycle refuses). Without JavaScript the forms post and redirect back.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import plugins from '#services/plugins'
import { PluginLifecycle, PluginLifecycleError } from '#kernel/plugins/plugin_lifecycle'
import { loadPluginStates } from '#kernel/plugins/plugin_states'
import { uninstallConfirmation } from '#validators/plugin_validator'

type Action = 'install' | 'enable' | 'disable' | 'uninstall'

interface Notice {
  kind: 'success' | 'error'
  message: string
}

export default class PluginsController {
  /** What the page shows about each plugin, in the user's language. */
  #rows(locale: string) {
    const lang = locale === 'en' ? 'en' : 'zh-CN'
    return plugins.all().map((p) => {
      const state = plugins.stateOf(p.id)
      const installedVersion = plugins.installedVersion(p.id)
      return {
        id: p.id,
        name: p.manifest?.name[lang] ?? p.id,
        description: p.manifest?.description?.[lang] ?? null,
        version: p.manifest?.version ?? null,
        installedVersion: installedVersion && installedVersion !== p.manifest?.version ? installedVersion : null,
        source: p.source,
        state,
        depends: Object.entries(p.manifest?.depends ?? {})
          .filter(([id]) => id !== 'kernel')
          .map(([id, range]) => ({ id, range, present: !!plugins.get(id) })),
        error: p.error,
        actions: (state === 'discovered'
          ? ['install']
          : state === 'enabled'
            ? ['disable', 'uninstall']
            : state === 'installed' || state === 'disabled'
              ? ['enable', 'uninstall']
              : []) as Action[],
      }
    })
  }

  async #render(ctx: HttpContext, notice: Notice | null = null) {
    await loadPluginStates()
    const data = { rows: this.#rows(ctx.i18n.locale), notice }
    if (ctx.isHtmx) return ctx.view.render('pages/admin/plugins/_table', data)
    return ctx.view.render('pages/admin/plugins/index', data)
  }

  #errorMessage(ctx: HttpContext, error: PluginLifecycleError) {
    return ctx.i18n.t(`plugins.errors.${error.code}`, error.params)
  }

  async index(ctx: HttpContext) {
    return this.#render(ctx)
  }

  async install(ctx: HttpContext) {
    return this.#act(ctx, 'install', async (lifecycle, id) => {
      const installed = await lifecycle.install(id)
      return ctx.i18n.t('plugins.done.install', { id, list: (installed.length ? installed : [id]).join(', ') })
    })
  }

  async enable(ctx: HttpContext) {
    return this.#act(ctx, 'enable', async (lifecycle, id) => {
      const changed = await lifecycle.enable(id)
      return ctx.i18n.t('plugins.done.enable', { id, list: (changed.length ? changed : [id]).join(', ') })
    })
  }

  async disable(ctx: HttpContext) {
    return this.#act(ctx, 'disable', async (lifecycle, id) => {
      await lifecycle.disable(id)
      return ctx.i18n.t('plugins.done.disable', { id })
    })
  }

  /** The confirmation step before uninstalling (a page, or a fragment for htmx). */
  async confirmUninstall(ctx: HttpContext) {
    const plugin = plugins.get(ctx.params.id)
    if (!plugin) return this.#unknown(ctx)
    return ctx.view.render(ctx.isHtmx ? 'pages/admin/plugins/_confirm' : 'pages/admin/plugins/confirm', {
      plugin: this.#rows(ctx.i18n.locale).find((r) => r.id === plugin.id),
      errors: {},
    })
  }

  async uninstall(ctx: HttpContext) {
    const { params, request, response, view, i18n } = ctx
    const plugin = plugins.get(params.id)
    if (!plugin) return this.#unknown(ctx)
    const { confirm } = await request.validateUsing(uninstallConfirmation)
    if (confirm !== plugin.id) {
      response.status(422)
      return view.render(ctx.isHtmx ? 'pages/admin/plugins/_confirm' : 'pages/admin/plugins/confirm', {
        plugin: this.#rows(i18n.locale).find((r) => r.id === plugin.id),
        errors: { confirm: i18n.t('plugins.confirm.mismatch', { id: plugin.id }) },
      })
    }
    return this.#act(ctx, 'uninstall', async (lifecycle, id) => {
      await lifecycle.uninstall(id)
      return i18n.t('plugins.done.uninstall', { id })
    })
  }

  async #unknown(ctx: HttpContext) {
    ctx.response.status(404)
    return this.#render(ctx, { kind: 'error', message: ctx.i18n.t('plugins.errors.unknown', { id: ctx.params.id }) })
  }

  async #act(ctx: HttpContext, action: Action, run: (lifecycle: PluginLifecycle, id: string) => Promise<string>) {
    const id = String(ctx.params.id)
    if (!plugins.get(id)) return this.#unknown(ctx)
    let notice: Notice
    try {
      notice = { kind: 'success', message: await run(new PluginLifecycle(), id) }
    } catch (error) {
      if (!(error instanceof PluginLifecycleError)) throw error
      notice = { kind: 'error', message: this.#errorMessage(ctx, error) }
    }
    if (ctx.isHtmx) {
      if (notice.kind === 'error') ctx.response.status(422)
      // The uninstall confirmation lives outside the table: send htmx back to the list.
      if (action === 'uninstall' && notice.kind === 'success') {
        ctx.session.flash('success', notice.message)
        ctx.response.header('HX-Redirect', router.builder().make('admin.plugins.index'))
        return ctx.response.noContent()
      }
      if (action === 'uninstall') {
        ctx.response.header('HX-Retarget', '#plugin-table')
        ctx.response.header('HX-Reswap', 'outerHTML')
      }
      return this.#render(ctx, notice)
    }
    ctx.session.flash(notice.kind, notice.message)
    return ctx.response.redirect().toRoute('admin.plugins.index')
  }
}
