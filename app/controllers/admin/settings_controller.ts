import type { HttpContext } from '@adonisjs/core/http'
import plugins from '#services/plugins'
import {
  KERNEL_SECTION,
  SettingsMessagesProvider,
  UnknownSettingsSectionError,
  ValidationError,
  formFields,
  formInput,
  getSettings,
  section as findSection,
  sections,
  setSettings,
} from '#services/settings'
import type { I18n } from '@adonisjs/i18n'

function sectionTitle(i18n: I18n, id: string) {
  if (id === KERNEL_SECTION) return i18n.t('settings.kernel_title')
  const manifest = plugins.get(id)?.manifest
  return manifest ? (manifest.name[i18n.locale as 'zh-CN' | 'en'] ?? manifest.name.en) : id
}

function valueAt(values: Record<string, any>, path: string) {
  return path.split('.').reduce((v: any, p) => (v === undefined || v === null ? undefined : v[p]), values)
}

/** Builds what `_form.edge` renders for one section. */
async function formState(i18n: I18n, id: string, overrides?: { values?: Record<string, any>; errors?: Record<string, string>; saved?: boolean }) {
  const values = overrides?.values ?? (await getSettings(id))
  return {
    id,
    title: sectionTitle(i18n, id),
    fields: formFields(i18n, id).map((f) => ({ ...f, value: valueAt(values, f.path), domId: `setting-${id}-${f.path.replace(/[^a-zA-Z0-9_-]/g, '-')}` })),
    errors: overrides?.errors ?? {},
    saved: overrides?.saved ?? false,
  }
}

/** Admin page of settings: one form per section (kernel, then each plugin with settings). */
export default class SettingsController {
  async index({ view, i18n }: HttpContext) {
    const forms = []
    for (const s of sections()) forms.push(await formState(i18n, s.id))
    return view.render('pages/admin/settings/index', { forms })
  }

  async update({ params, request, response, view, i18n, session }: HttpContext) {
    try {
      findSection(params.section)
    } catch (error) {
      if (error instanceof UnknownSettingsSectionError) return response.notFound(i18n.t('settings.unknown_section', { section: params.section }))
      throw error
    }
    const id = params.section as string
    const fields = formFields(i18n, id)
    const input = formInput(fields, request.body())
    const isHtmx = request.header('HX-Request') === 'true'

    try {
      await setSettings(id, input, { messagesProvider: new SettingsMessagesProvider(i18n, id) })
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const errors: Record<string, string> = {}
      for (const m of (error as any).messages as Array<{ field: string; message: string }>) errors[m.field] ??= m.message
      // Show what the user typed, not the stored values.
      const values = { ...(await getSettings(id)), ...input }
      const form = await formState(i18n, id, { values, errors })
      response.status(422)
      if (isHtmx) return view.render('pages/admin/settings/_form', { form })
      const forms = []
      for (const s of sections()) forms.push(s.id === id ? form : await formState(i18n, s.id))
      return view.render('pages/admin/settings/index', { forms })
    }

    if (isHtmx) return view.render('pages/admin/settings/_form', { form: await formState(i18n, id, { saved: true }) })
    session.flash('success', i18n.t('settings.saved', { section: sectionTitle(i18n, id) }))
    return response.redirect().toRoute('admin.settings.index')
  }
}
