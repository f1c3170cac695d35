/*
 * Reads a rule from untrusted input (the rule form, the API): its record
 * type, event and the event's options, the condition group (validated
 * against fieldsOf), the actions and each action's options. Every problem is
 * named by its field (`event_options.days`, `conditions`, `actions.1.url`)
 * in the user's language. A rule whose own action would trigger it again is
 * refused (see `selfTriggerProblem`).
 */
import vine from '@vinejs/vine'
import type { VineValidator } from '@vinejs/vine'
import type { I18n } from '@adonisjs/i18n'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { evaluateCondition, validateConditions, type ConditionGroup } from '#kernel/records/conditions'
import { parseFieldInput } from '#kernel/records/values'
import { DOCUMENT_STATES } from '#kernel/documents/document_states'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { fieldErrors, formMessages, type FieldErrors } from '#services/forms'
import { automationAction, automationEvents, type RegisteredAction } from './automation_registry.js'
import { UNKNOWN } from './actions/builtin_action.js'

export const MAX_ACTIONS = 10

export interface RuleAction {
  type: string
  options: Record<string, any>
}

export interface RuleDefinition {
  name: string
  recordType: string
  event: string
  eventOptions: Record<string, any>
  conditions: ConditionGroup
  actions: RuleAction[]
  isActive: boolean
}

/** JSON text (a form's hidden input) or an already parsed value. */
function parseJson(value: unknown, fallback: unknown): { ok: boolean; value: any } {
  if (value === undefined || value === null || value === '') return { ok: true, value: fallback }
  if (typeof value !== 'string') return { ok: true, value }
  try {
    return { ok: true, value: JSON.parse(value) }
  } catch {
    return { ok: false, value: fallback }
  }
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1' || v === 1

function wholeNumber(value: unknown, min: number, max: number): number | null {
  const text = String(value ?? '').trim()
  if (!/^\d{1,5}$/.test(text)) return null
  const n = Number(text)
  return n >= min && n <= max ? n : null
}

const validators = new WeakMap<object, VineValidator<any, any>>()
function optionsValidator(action: RegisteredAction) {
  if (!action.options) return null
  let compiled = validators.get(action.options)
  if (!compiled) validators.set(action.options, (compiled = vine.compile(action.options)))
  return compiled
}

/** Event options, checked for the event. */
function readEventOptions(event: string, raw: any, fields: RecordFieldDeclaration[], errors: FieldErrors, i18n: I18n): Record<string, any> {
  const options = raw && typeof raw === 'object' ? raw : {}
  switch (event) {
    case 'record.updated':
      return { only_when_becomes_true: truthy(options.only_when_becomes_true) }
    case 'record.state_changed': {
      const to = options.to ? String(options.to) : ''
      if (to && !(DOCUMENT_STATES as readonly string[]).includes(to)) errors['event_options.to'] = i18n.t('rules.errors.state', { state: to })
      return to ? { to } : {}
    }
    case 'record.date_ahead': {
      const field = fields.find((f) => f.name === options.field && f.kind === 'date')
      if (!field) errors['event_options.field'] = i18n.t('rules.errors.date_field', { field: String(options.field ?? '') })
      const days = wholeNumber(options.days, 0, 3650)
      if (days === null) errors['event_options.days'] = i18n.t('rules.errors.days', { min: 0, max: 3650 })
      return { field: field?.name, days, yearly: truthy(options.yearly) }
    }
    case 'record.no_activity': {
      const days = wholeNumber(options.days, 1, 3650)
      if (days === null) errors['event_options.days'] = i18n.t('rules.errors.days', { min: 1, max: 3650 })
      return { days }
    }
    default:
      return {}
  }
}

/**
 * Why a rule on "updated" would trigger itself, or null. Its actions that
 * write the record (set field, assign owner, a plugin's writing action) make
 * an update of the same record, which raises "updated" again. That is safe
 * only when the event is limited to "the conditions become true" (they were
 * already true before the write), or when the write certainly makes the
 * conditions false (e.g. "when grade is C, set grade to B"). Anything else is
 * refused; chains through several rules are stopped at run time instead.
 */
export function selfTriggerProblem(rule: Pick<RuleDefinition, 'event' | 'eventOptions' | 'conditions' | 'actions'>, fields: RecordFieldDeclaration[]): number | null {
  if (rule.event !== 'record.updated' || rule.eventOptions.only_when_becomes_true) return null
  for (const [index, action] of rule.actions.entries()) {
    const declared = automationAction(action.type)
    if (!declared) continue
    const writes = 'writes' in declared && declared.writes ? declared.writes(action.options) : declared.writesRecord ? [{ field: '*', value: UNKNOWN }] : []
    if (!writes.length) continue
    const certainlyFalse = rule.conditions.conditions.map((condition) => {
      const write = writes.find((w) => w.field === condition.field)
      if (!write || write.value === UNKNOWN || condition.valueField) return false
      const field = fields.find((f) => f.name === condition.field)
      const parsed = field ? parseFieldInput({ ...field, required: false }, write.value) : null
      if (!field || !parsed?.ok) return false
      return !evaluateCondition(condition, fields, { [field.name]: parsed.stored })
    })
    const safe =
      certainlyFalse.length > 0 && (rule.conditions.match === 'all' ? certainlyFalse.some(Boolean) : certainlyFalse.every(Boolean))
    if (!safe) return index
  }
  return null
}

const actionLabel = (action: RegisteredAction, i18n: I18n) => (i18n.locale === 'en' ? action.label.en : action.label['zh-CN'])

/** Validates a rule; `rule` is null when there is any problem. */
export async function validateRule(input: Record<string, any>, i18n: I18n): Promise<{ rule: RuleDefinition | null; errors: FieldErrors }> {
  const errors: FieldErrors = {}
  const name = String(input.name ?? '').trim()
  if (!name) errors.name = i18n.t('rules.errors.name_required')
  else if (name.length > 120) errors.name = i18n.t('rules.errors.name_too_long', { max: 120 })

  const recordType = plugins.recordType(String(input.record_type ?? ''))
  if (!recordType) {
    errors.record_type = i18n.t('rules.errors.record_type')
    return { rule: null, errors }
  }
  const fields = await fieldsOf(recordType)

  const event = String(input.event ?? '')
  if (!automationEvents(recordType, fields).some((e) => e.id === event)) errors.event = i18n.t('rules.errors.event')
  const eventOptionsInput = parseJson(input.event_options, {})
  const eventOptions = readEventOptions(event, eventOptionsInput.value, fields, errors, i18n)

  const conditionsInput = parseJson(input.conditions, { match: 'all', conditions: [] })
  let conditions: ConditionGroup = { match: 'all', conditions: [] }
  if (!conditionsInput.ok) errors.conditions = i18n.t('rules.errors.json')
  else {
    const { group, problems } = validateConditions(conditionsInput.value, fields)
    conditions = group
    if (problems.length) {
      errors.conditions = problems.map((p) => {
        const params: Record<string, unknown> = { ...(p.params ?? {}) }
        if (typeof params.reason === 'string') params.reason = i18n.t(params.reason)
        const message = i18n.t(p.key, params)
        return p.index >= 0 ? i18n.t('rules.errors.condition_at', { n: p.index + 1, message }) : message
      })
    }
  }

  const actionsInput = parseJson(input.actions, [])
  const actions: RuleAction[] = []
  if (!actionsInput.ok || !Array.isArray(actionsInput.value)) errors.actions = i18n.t('rules.errors.json')
  else if (actionsInput.value.length === 0) errors.actions = i18n.t('rules.errors.no_actions')
  else if (actionsInput.value.length > MAX_ACTIONS) errors.actions = i18n.t('rules.errors.too_many_actions', { max: MAX_ACTIONS })
  else {
    for (const [index, raw] of actionsInput.value.entries()) {
      const action = automationAction(String(raw?.type ?? ''))
      if (!action) {
        errors[`actions.${index}.type`] = i18n.t('rules.errors.action_type', { type: String(raw?.type ?? '') })
        continue
      }
      let options: Record<string, any> = raw?.options && typeof raw.options === 'object' ? raw.options : {}
      const validator = optionsValidator(action)
      if (validator) {
        const [error, output] = await (validator as any).tryValidate(options, formMessages({ i18n }, { fields: 'rules.options' }))
        if (error) {
          for (const [field, message] of Object.entries(fieldErrors(error))) errors[`actions.${index}.${field}`] = message
          continue
        }
        options = output
      }
      if ('check' in action && action.check) {
        for (const problem of action.check(options, fields)) {
          const params: Record<string, unknown> = { ...(problem.params ?? {}) }
          errors[`actions.${index}.${problem.option}`] = i18n.t(problem.key, params)
        }
      }
      actions.push({ type: action.id, options })
    }
  }

  if (Object.keys(errors).length) return { rule: null, errors }
  const rule: RuleDefinition = { name, recordType: recordType.type, event, eventOptions, conditions, actions, isActive: input.is_active === undefined ? true : truthy(input.is_active) }
  const looping = selfTriggerProblem(rule, fields)
  if (looping !== null) {
    errors[`actions.${looping}`] = i18n.t('rules.errors.loop', { action: actionLabel(automationAction(actions[looping].type)!, i18n) })
    return { rule: null, errors }
  }
  return { rule, errors }
}
