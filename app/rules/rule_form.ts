/*
 * What the rule form shows: the record types, the chosen type's events and
 * fields (with the operators each kind allows, for the condition editor),
 * the actions with a description of each option's input, and the values to
 * fill in (a saved rule, or what the admin just submitted).
 */
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { operatorsFor } from '#kernel/records/conditions'
import { DOCUMENT_STATES } from '#kernel/documents/document_states'
import type { LocalizedText, RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { automationActions, automationEvents } from './automation_registry.js'
import type { StoredRule } from './rule_store.js'

export interface OptionInput {
  name: string
  label: string
  input: 'text' | 'textarea' | 'number' | 'checkbox' | 'select' | 'multiselect'
  choices?: Array<{ value: string; label: string }>
  /** Shown only when another option has this value, e.g. { to: 'user' } */
  when?: Record<string, string>
}

function parse(value: unknown, fallback: any) {
  if (typeof value !== 'string') return value ?? fallback
  try {
    return JSON.parse(value)
  } catch {
    return fallback
  }
}

export async function ruleFormState(ctx: HttpContext, input: Record<string, any> | null, rule: StoredRule | null) {
  const locale = ctx.i18n.locale === 'en' ? 'en' : 'zh-CN'
  const text = (label: string | LocalizedText) => (typeof label === 'string' ? ctx.i18n.t(label) : label[locale])
  const recordTypes = plugins.recordTypes().map((r) => ({ value: r.type, label: `${r.label[locale]} (${r.type})` }))

  const values = {
    name: input?.name ?? rule?.name ?? '',
    record_type: input?.record_type ?? rule?.recordType ?? '',
    event: input?.event ?? rule?.event ?? '',
    event_options: parse(input?.event_options, null) ?? rule?.eventOptions ?? {},
    conditions: parse(input?.conditions, null) ?? rule?.conditions ?? { match: 'all', conditions: [] },
    actions: parse(input?.actions, null) ?? rule?.actions ?? [],
    is_active: input ? ['1', 'true', 'on'].includes(String(input.is_active)) || input.is_active === true || !('name' in input) : (rule?.isActive ?? true),
  }

  const recordType = plugins.recordType(values.record_type)
  const fields: RecordFieldDeclaration[] = recordType ? await fieldsOf(recordType) : []
  const events = recordType ? automationEvents(recordType, fields).map((e) => ({ value: e.id, label: text(e.label) })) : []
  const fieldChoices = (filter: (f: RecordFieldDeclaration) => boolean) => fields.filter(filter).map((f) => ({ value: f.name, label: f.label[locale] }))

  const users = (await db.from('users').where('is_active', true).orderBy('name').limit(500).select('id', 'name', 'username')).map((u) => ({
    value: String(u.id),
    label: `${u.name} (${u.username})`,
  }))
  const roles = (await db.from('roles').orderBy('name').select('code', 'name')).map((r) => ({ value: r.code, label: r.name }))
  const o = (name: string, input: OptionInput['input'], extra: Partial<OptionInput> = {}): OptionInput => ({ name, label: ctx.i18n.t(`rules.options.${name}`), input, ...extra })
  const who = (withOwner: boolean) => (withOwner ? ['owner', 'user', 'field'] : ['user', 'field']).map((w) => ({ value: w, label: ctx.i18n.t(`rules.who.${w}`) }))
  const userFields = fieldChoices((f) => f.kind === 'user')

  const builtinInputs: Record<string, OptionInput[]> = {
    notify: [
      o('role_codes', 'multiselect', { choices: roles }),
      o('user_ids', 'multiselect', { choices: users }),
      o('to_owner', 'checkbox'),
      o('title', 'text'),
      o('body', 'textarea'),
    ],
    create_task: [
      o('title', 'text'),
      o('description', 'textarea'),
      o('to', 'select', { label: ctx.i18n.t('rules.options.assignee'), choices: who(true) }),
      o('user_id', 'select', { choices: users, when: { to: 'user' } }),
      o('field', 'select', { choices: userFields, when: { to: 'field' } }),
      o('due_amount', 'number'),
      o('due_unit', 'select', { choices: ['minutes', 'hours', 'days'].map((u) => ({ value: u, label: ctx.i18n.t(`rules.units.${u}`) })) }),
    ],
    assign_owner: [
      o('to', 'select', { choices: who(false) }),
      o('user_id', 'select', { choices: users, when: { to: 'user' } }),
      o('field', 'select', { choices: userFields.filter((f) => f.value !== 'owner_id'), when: { to: 'field' } }),
    ],
    set_field: [o('field', 'select', { choices: fieldChoices((f) => !f.readonly) }), o('value', 'text')],
    webhook: [o('url', 'text'), o('secret', 'text'), o('timeout_ms', 'number')],
  }
  const actions = automationActions().map((action) => ({
    value: action.id,
    label: text(action.label),
    options:
      builtinInputs[action.id] ??
      Object.keys((action.options as any)?.getProperties?.() ?? {}).map((name) => ({ name, label: name, input: 'text' as const })),
  }))

  const conditionFields = fields.map((f) => ({
    name: f.name,
    label: f.label[locale],
    kind: f.kind,
    operators: operatorsFor(f.kind).map((op) => ({ value: op, label: ctx.i18n.t(`records.operators.${op}`) })),
    options: (f.options ?? []).map((c) => ({ value: c.value, label: c.label[locale] })),
  }))

  /** The Alpine editor's starting state: conditions and actions, with the messages of a failed save. */
  const editorState = (errors: Record<string, unknown> = {}) => ({
    match: values.conditions?.match === 'any' ? 'any' : 'all',
    conditions: (Array.isArray(values.conditions?.conditions) ? values.conditions.conditions : []).map((c: any) => ({
      field: c?.field ?? '',
      op: c?.op ?? '',
      value: Array.isArray(c?.value) ? c.value.join(', ') : c?.value === undefined || c?.value === null ? '' : String(c.value),
    })),
    actions: (Array.isArray(values.actions) ? values.actions : []).map((a: any) => ({ type: a?.type, options: a?.options ?? {} })),
    fields: conditionFields,
    actionTypes: actions,
    errors: Object.fromEntries(Object.entries(errors ?? {}).filter((e) => e[0].startsWith('actions.')).map((e) => [e[0], Array.isArray(e[1]) ? e[1][0] : e[1]])),
  })

  return {
    values,
    editorState,
    recordTypes,
    recordType,
    events,
    states: DOCUMENT_STATES.map((s) => ({ value: s, label: ctx.i18n.t(`documents.states.${s}`) })),
    dateFields: fieldChoices((f) => f.kind === 'date'),
  }
}
