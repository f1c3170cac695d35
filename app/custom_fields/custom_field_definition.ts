/*
 * What an admin submits to define a custom field, checked beyond the form
 * validator: the options list (one "value | 中文 | English" per line), the
 * referenced record type, and the rules that make a definition valid.
 * Problems are i18n keys per form field (resources/lang/<locale>/custom_fields.json).
 */
import type { FieldOption } from '#kernel/plugins/define_plugin'
import plugins from '#services/plugins'
import type { CustomFieldKind } from './custom_fields.js'

export interface CustomFieldDefinition {
  recordType: string
  name: string
  kind: CustomFieldKind
  labelZh: string
  labelEn: string
  helpZh?: string | null
  helpEn?: string | null
  required?: boolean
  position?: number
  /** One option per line: `value | 中文 | English` (labels default to the value) */
  options?: string | null
  reference?: string | null
}

/** A definition that cannot be saved: form field → { key, params } of the message. */
export class CustomFieldInvalid extends Error {
  constructor(public fields: Record<string, { key: string; params?: Record<string, unknown> }>) {
    super(`Invalid custom field: ${Object.entries(fields).map(([f, e]) => `${f}: ${e.key}`).join(', ')}`)
  }
}

export const KINDS_WITH_OPTIONS: readonly CustomFieldKind[] = ['select', 'multiselect']

/** Parses the options editor's lines; throws CustomFieldInvalid naming `options`. */
export function parseOptionLines(text: string | null | undefined): FieldOption[] {
  const options: FieldOption[] = []
  const lines = String(text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  lines.forEach((line, index) => {
    const [value, zh, en] = line.split('|').map((p) => p.trim())
    const fail = (key: string) => {
      throw new CustomFieldInvalid({ options: { key, params: { line: index + 1, value } } })
    }
    // Multi-select values travel as "a,b" in imports: no separators inside a value.
    if (!value || value.length > 100 || /[,，;；|"]/.test(value)) fail('custom_fields.errors.option_value')
    if (options.some((o) => o.value.toLowerCase() === value.toLowerCase())) fail('custom_fields.errors.option_duplicate')
    if ((zh ?? '').length > 100 || (en ?? '').length > 100) fail('custom_fields.errors.option_label')
    options.push({ value, label: { 'zh-CN': zh || en || value, 'en': en || zh || value } })
  })
  if (options.length > 200) throw new CustomFieldInvalid({ options: { key: 'custom_fields.errors.too_many_options', params: { max: 200 } } })
  return options
}

/** The options editor's text for existing options. */
export function optionLines(options: FieldOption[]): string {
  return options.map((o) => `${o.value} | ${o.label['zh-CN']} | ${o.label.en}`).join('\n')
}

/** Options and reference for `kind`, checked; throws CustomFieldInvalid. */
export function checkKindSettings(kind: CustomFieldKind, input: Pick<CustomFieldDefinition, 'options' | 'reference'>) {
  const options = KINDS_WITH_OPTIONS.includes(kind) ? parseOptionLines(input.options) : []
  if (KINDS_WITH_OPTIONS.includes(kind) && options.length === 0) {
    throw new CustomFieldInvalid({ options: { key: 'custom_fields.errors.options_required' } })
  }
  let reference: string | null = null
  if (kind === 'reference') {
    reference = String(input.reference ?? '').trim()
    if (!reference || !plugins.recordType(reference)) throw new CustomFieldInvalid({ reference: { key: 'custom_fields.errors.reference_type' } })
  }
  return { options, reference }
}
