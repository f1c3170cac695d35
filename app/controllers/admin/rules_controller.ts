/*
 * Admin pages of automation rules: the list (active toggle, last run, error
 * count), the create/edit form, the run log. The same URLs answer JSON when
 * asked (Accept: application/json), which is how scripts and tests
 * configure rules without the browser.
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import router from '@adonisjs/core/services/router'
import plugins from '#services/plugins'
import NotFoundException from '#exceptions/not_found_exception'
import { redirectAfterSave } from '#services/forms'
import { validateRule } from '#kernel/rules/validate_rule'
import { deleteRule, findRule, listRules, saveRule, setRuleActive, type StoredRule } from '#kernel/rules/rule_store'
import { ruleFormState } from '#kernel/rules/rule_form'

function wantsJson(ctx: HttpContext) {
  return ctx.request.accepts(['html', 'json']) === 'json'
}

export default class RulesController {
  async index(ctx: HttpContext) {
    const rules = await listRules()
    if (wantsJson(ctx)) return rules
    const labelOf = (type: string) => {
      const recordType = plugins.recordType(type)
      return recordType ? recordType.label[ctx.i18n.locale === 'en' ? 'en' : 'zh-CN'] : type
    }
    return ctx.view.render('pages/admin/rules/index', { rules, labelOf })
  }

  async #find(ctx: HttpContext): Promise<StoredRule> {
    const id = Number(ctx.params.id)
    const rule = Number.isSafeInteger(id) ? await findRule(id) : null
    if (!rule) throw new NotFoundException()
    return rule
  }

  async create(ctx: HttpContext) {
    const input = ctx.request.qs()
    return this.#render(ctx, null, { record_type: input.record_type, event: input.event }, {}, 200)
  }

  async edit(ctx: HttpContext) {
    const rule = await this.#find(ctx)
    if (wantsJson(ctx)) return rule
    return this.#render(ctx, rule, null, {}, 200)
  }

  /** The form's body again for another record type or event (htmx, as the admin chooses). */
  async formBody(ctx: HttpContext) {
    const state = await ruleFormState(ctx, ctx.request.qs(), null)
    return ctx.view.render('pages/admin/rules/_form_body', { ...state, errors: {} })
  }

  async store(ctx: HttpContext) {
    return this.#save(ctx, null)
  }

  async update(ctx: HttpContext) {
    return this.#save(ctx, await this.#find(ctx))
  }

  async #save(ctx: HttpContext, existing: StoredRule | null) {
    const input = ctx.request.all()
    const { rule, errors } = await validateRule(input, ctx.i18n)
    if (!rule) {
      if (wantsJson(ctx)) return ctx.response.status(422).send({ errors })
      return this.#render(ctx, existing, input, errors, 422)
    }
    const id = await saveRule(rule, ctx.auth.user!.id, existing?.id)
    if (wantsJson(ctx)) return ctx.response.status(existing ? 200 : 201).send({ id })
    ctx.session.flash('success', ctx.i18n.t('rules.saved', { name: rule.name }))
    return redirectAfterSave(ctx, router.makeUrl('admin.rules.index'))
  }

  async toggle(ctx: HttpContext) {
    const rule = await this.#find(ctx)
    const active = ctx.request.input('active') === undefined ? !rule.isActive : ['1', 'true', 'on', true].includes(ctx.request.input('active'))
    await setRuleActive(rule.id, active, ctx.auth.user!.id)
    if (wantsJson(ctx)) return { id: rule.id, isActive: active }
    const message = ctx.i18n.t(active ? 'rules.activated' : 'rules.deactivated', { name: rule.name })
    if (ctx.request.header('hx-request')) {
      const [entry] = (await listRules()).filter((r) => r.id === rule.id)
      return ctx.view.render('pages/admin/rules/_active', { rule: entry })
    }
    ctx.session.flash('success', message)
    return ctx.response.redirect().toRoute('admin.rules.index')
  }

  async destroy(ctx: HttpContext) {
    const rule = await this.#find(ctx)
    await deleteRule(rule.id)
    if (wantsJson(ctx)) return ctx.response.noContent()
    ctx.session.flash('success', ctx.i18n.t('rules.deleted', { name: rule.name }))
    return ctx.response.redirect().toRoute('admin.rules.index')
  }

  async runs(ctx: HttpContext) {
    const rule = await this.#find(ctx)
    const runs = await db.from('rule_runs').where('rule_id', rule.id).orderBy('id', 'desc').limit(200)
    const list = runs.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : [] }))
    if (wantsJson(ctx)) return list
    return ctx.view.render('pages/admin/rules/runs', { rule, runs: list })
  }

  async #render(ctx: HttpContext, rule: StoredRule | null, input: Record<string, any> | null, errors: Record<string, any>, status: number) {
    const state = await ruleFormState(ctx, input, rule)
    ctx.response.status(status)
    return ctx.view.render('pages/admin/rules/form', { ...state, rule, errors })
  }
}
