/*
 * The server side of the condition editor (resources/views/components/
 * conditions_editor.edge), shared by approval flows and automation rules:
 *
 *   const fields = await fieldsOf('fixrec.deal')
 *   // page: @!conditionsEditor({ name: 'conditions', fields: conditionEditorFields(fields, i18n), value: group, errors })
 *   const { group, errors } = readConditionsForm(ctx.request.input('conditions'), fields, i18n)
 *   if (Object.keys(errors).length) → re-render the form with `errors` (422)
 *
 * The editor posts `conditions[match]` and one `conditions[rows][i][…]` per
 * row (field, op, mode = value | field, value, values[] for a list of
 * options, value_field). `conditionsFromForm` turns that into the JSON
 * `validateConditions` reads; `readConditionsForm` validates it and maps each
 * problem to the input it concerns (`conditions.rows.2.value`), worded in the
 * user's language with the field's label.
 */
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { operatorsFor, validateConditions, type Condition, type ConditionGroup, type ConditionProblem } from './conditions.js'

type Translator = { locale: string; t: (key: string, data?: any) => string }

const NUMERIC = new Set(['number', 'money', 'quantity'])
const LIST_OPS = new Set(['in', 'not_in'])

function labelOf(label: RecordFieldDeclaration['label'] | undefined, locale: string, fallback: string) {
  if (!label) return fallback
  return (locale === 'en' ? label.en : label['zh-CN']) || label.en || fallback
}

/** What the editor needs of one field: label, kind, operators, options and the fields it may be compared with. */
export interface EditorField {
  name: string
  label: string
  kind: RecordFieldDeclaration['kind']
  operators: Array<{ value: string; label: string }>
  options: Array<{ value: string; label: string }> | null
  comparable: string[]
}

/** The fields of a record type for the editor, labelled in the user's language. */
export function conditionEditorFields(fields: RecordFieldDeclaration[], i18n: Translator): EditorField[] {
  const comparable = (a: RecordFieldDeclaration, b: RecordFieldDeclaration) =>
    a.name !== b.name && (a.kind === b.kind || (NUMERIC.has(a.kind) && NUMERIC.has(b.kind)))
  return fields.map((field) => ({
    name: field.name,
    label: labelOf(field.label, i18n.locale, field.name),
    kind: field.kind,
    operators: operatorsFor(field.kind).map((op) => ({ value: op, label: i18n.t(`records.operators.${op}`) })),
    options:
      field.kind === 'boolean'
        ? [
            { value: 'true', label: i18n.t('records.editor.yes') },
            { value: 'false', label: i18n.t('records.editor.no') },
          ]
        : field.options
          ? field.options.map((o) => ({ value: String(o.value), label: labelOf(o.label, i18n.locale, String(o.value)) }))
          : null,
    comparable: !['textarea', 'multiselect', 'boolean'].includes(field.kind)
      ? fields.filter((other) => comparable(field, other)).map((other) => other.name)
      : [],
  }))
}

/** One row as the editor shows it (also what it is re-filled with after a failed save). */
export interface EditorRow {
  field: string
  op: string
  mode: 'value' | 'field'
  value: string
  values: string[]
  value_field: string
}

const asList = (raw: unknown): any[] => (Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? Object.values(raw) : [])
const text = (raw: unknown) => (raw === undefined || raw === null ? '' : String(raw))

/** The rows of a posted editor (blank rows — no field chosen — are dropped). */
export function postedRows(posted: unknown): EditorRow[] {
  const raw = (posted ?? {}) as any
  return asList(raw.rows)
    .map((r: any) => ({
      field: text(r?.field).trim(),
      op: text(r?.op).trim(),
      mode: r?.mode === 'field' ? ('field' as const) : ('value' as const),
      value: text(r?.value),
      values: asList(r?.values).map(text).filter((v) => v !== ''),
      value_field: text(r?.value_field).trim(),
    }))
    .filter((r) => r.field !== '')
}

/** The editor's rows for a stored condition group (to edit it). */
export function editorRows(group: ConditionGroup | null | undefined): EditorRow[] {
  return (group?.conditions ?? []).map((c) => ({
    field: c.field,
    op: c.op,
    mode: c.valueField ? 'field' : 'value',
    value: Array.isArray(c.value) ? c.value.join(', ') : text(c.value),
    values: Array.isArray(c.value) ? c.value.map(String) : [],
    value_field: c.valueField ?? '',
  }))
}

/** The posted editor as the JSON `validateConditions` reads. */
export function conditionsFromForm(posted: unknown): { match: unknown; conditions: Partial<Condition>[] } {
  const raw = (posted ?? {}) as any
  const conditions = postedRows(posted).map((row) => {
    const condition: any = { field: row.field, op: row.op }
    if (row.op === 'empty' || row.op === 'not_empty') return condition
    if (row.mode === 'field') condition.valueField = row.value_field || undefined
    else if (LIST_OPS.has(row.op) && row.values.length > 0) condition.value = row.values
    else condition.value = row.value
    // "compare with a field" but none chosen: let the validator complain about the value
    if (row.mode === 'field' && !row.value_field) condition.value = ''
    return condition
  })
  return { match: raw.match ?? 'all', conditions }
}

/** Which input of a row a problem concerns. */
function inputOf(problem: ConditionProblem, row: EditorRow | undefined): string {
  switch (problem.key) {
    case 'records.conditions.unknown_field':
      return row && row.mode === 'field' && row.value_field && String(problem.params?.field) === row.value_field ? 'value_field' : 'field'
    case 'records.conditions.operator':
      return 'op'
    case 'records.conditions.incomparable':
      return 'value_field'
    default:
      return row?.mode === 'field' ? 'value_field' : 'value'
  }
}

/** A problem in the user's language, naming fields by their labels. */
export function conditionProblemMessage(problem: ConditionProblem, fields: RecordFieldDeclaration[], i18n: Translator): string {
  const label = (name: unknown) => {
    const field = fields.find((f) => f.name === name)
    return field ? labelOf(field.label, i18n.locale, field.name) : String(name ?? '')
  }
  const params: Record<string, unknown> = { ...problem.params }
  if ('field' in params && problem.key !== 'records.conditions.unknown_field') params.field = label(params.field)
  if ('other' in params) params.other = label(params.other)
  if ('op' in params) params.op = i18n.t(`records.operators.${params.op}`)
  let message = i18n.t(problem.key, params)
  const reason = params.reason
  if (typeof reason === 'string' && reason) message += i18n.t('records.editor.because', { reason: i18n.t(reason, params) })
  return message
}

/**
 * Reads a posted condition editor: the validated group, and field errors
 * keyed by input (`<name>.rows.<i>.<field|op|value|value_field>`,
 * `<name>.match`) — empty when the group is usable.
 */
export function readConditionsForm(
  posted: unknown,
  fields: RecordFieldDeclaration[],
  i18n: Translator,
  name = 'conditions'
): { group: ConditionGroup; rows: EditorRow[]; errors: Record<string, string[]> } {
  const rows = postedRows(posted)
  const { group, problems } = validateConditions(conditionsFromForm(posted), fields)
  const errors: Record<string, string[]> = {}
  for (const problem of problems) {
    const key = problem.index < 0 ? `${name}.match` : `${name}.rows.${problem.index}.${inputOf(problem, rows[problem.index])}`
    ;(errors[key] ??= []).push(conditionProblemMessage(problem, fields, i18n))
  }
  return { group, rows, errors }
}
