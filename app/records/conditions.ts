/*
 * Conditions on a record's fields, shared by approval flows, automation rules
 * and anything else an admin configures in the browser:
 *
 *   { match: 'all', conditions: [
 *       { field: 'amount', op: 'gt', value: '500000' },
 *       { field: 'discount', op: 'gt', valueField: 'max_discount' },
 *       { field: 'grade', op: 'in', value: ['C', 'D'] } ] }
 *
 * Conditions are stored as JSON. `validateConditions` checks one against the
 * record type's fields (unknown field, operator that does not fit the kind,
 * value that does not parse) and names every problem; `evaluateConditions`
 * answers for a row, comparing money and quantities exactly.
 */
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import { parseFieldInput, readFieldValue, type FieldValue } from './values.js'

export const OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'contains', 'empty', 'not_empty'] as const
export type Operator = (typeof OPERATORS)[number]

export interface Condition {
  field: string
  op: Operator
  /** A literal, as a person would type it ('500,000', '2026-01-31', 'C'); a list for in / not_in */
  value?: string | number | boolean | string[]
  /** Compare with another field of the same record instead of a literal */
  valueField?: string
}

export interface ConditionGroup {
  match: 'all' | 'any'
  conditions: Condition[]
}

/** A problem with a condition; `key` is in resources/lang/<locale>/records.json. */
export interface ConditionProblem {
  /** Index of the condition in the group */
  index: number
  key: string
  params?: Record<string, unknown>
}

const NUMERIC = new Set(['number', 'money', 'quantity'])
const OPERATORS_BY_KIND: Record<RecordFieldDeclaration['kind'], Operator[]> = {
  text: ['eq', 'ne', 'in', 'not_in', 'contains', 'empty', 'not_empty'],
  textarea: ['contains', 'empty', 'not_empty'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  money: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  quantity: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  datetime: ['gt', 'gte', 'lt', 'lte', 'empty', 'not_empty'],
  select: ['eq', 'ne', 'in', 'not_in', 'empty', 'not_empty'],
  multiselect: ['contains', 'empty', 'not_empty'],
  boolean: ['eq', 'ne'],
  user: ['eq', 'ne', 'in', 'not_in', 'empty', 'not_empty'],
  reference: ['eq', 'ne', 'in', 'not_in', 'empty', 'not_empty'],
}

/** Operators that make sense for a field kind (for the condition editor's drop-down). */
export function operatorsFor(kind: RecordFieldDeclaration['kind']): Operator[] {
  return OPERATORS_BY_KIND[kind]
}

/**
 * Reads a condition group from untrusted JSON (a form, the API). Returns the
 * group and every problem found; an empty list of problems means it is usable.
 */
export function validateConditions(input: unknown, fields: RecordFieldDeclaration[]): { group: ConditionGroup; problems: ConditionProblem[] } {
  const problems: ConditionProblem[] = []
  const raw = (input ?? {}) as any
  const match = raw.match === 'any' ? 'any' : 'all'
  if (raw.match !== undefined && raw.match !== 'all' && raw.match !== 'any') problems.push({ index: -1, key: 'records.conditions.match' })
  const list: any[] = Array.isArray(raw.conditions) ? raw.conditions : []
  if (raw.conditions !== undefined && !Array.isArray(raw.conditions)) problems.push({ index: -1, key: 'records.conditions.list' })
  const conditions: Condition[] = []
  for (const [index, c] of list.entries()) {
    const field = fields.find((f) => f.name === c?.field)
    if (!field) {
      problems.push({ index, key: 'records.conditions.unknown_field', params: { field: String(c?.field ?? '') } })
      continue
    }
    if (!OPERATORS_BY_KIND[field.kind].includes(c.op)) {
      problems.push({ index, key: 'records.conditions.operator', params: { field: field.name, op: String(c.op ?? '') } })
      continue
    }
    const condition: Condition = { field: field.name, op: c.op }
    if (c.op !== 'empty' && c.op !== 'not_empty') {
      if (c.valueField !== undefined && c.valueField !== null && c.valueField !== '') {
        const other = fields.find((f) => f.name === c.valueField)
        if (!other) {
          problems.push({ index, key: 'records.conditions.unknown_field', params: { field: String(c.valueField) } })
          continue
        }
        if (other.kind !== field.kind && !(NUMERIC.has(other.kind) && NUMERIC.has(field.kind))) {
          problems.push({ index, key: 'records.conditions.incomparable', params: { field: field.name, other: other.name } })
          continue
        }
        condition.valueField = other.name
      } else {
        const values = c.op === 'in' || c.op === 'not_in' ? (Array.isArray(c.value) ? c.value : String(c.value ?? '').split(/[,，]/)) : [c.value]
        const literal = { ...field, required: true, kind: field.kind === 'multiselect' ? 'select' : field.kind } as RecordFieldDeclaration
        // contains on text matches a piece of text, which needs no parsing
        const parsed = c.op === 'contains' && field.kind !== 'multiselect' ? values.map((v: unknown) => ({ ok: String(v ?? '').trim() !== '' })) : values.map((v: unknown) => parseFieldInput(literal, typeof v === 'string' ? v.trim() : v))
        const bad = parsed.find((p: any) => !p.ok) as any
        if (bad || values.length === 0) {
          problems.push({ index, key: 'records.conditions.value', params: { ...bad?.params, field: field.name, reason: bad?.error ?? 'records.errors.required' } })
          continue
        }
        condition.value = c.op === 'in' || c.op === 'not_in' ? values.map((v: unknown) => String(v).trim()) : typeof c.value === 'boolean' ? c.value : String(c.value).trim()
      }
    }
    conditions.push(condition)
  }
  return { group: { match, conditions }, problems }
}

function literalValue(field: RecordFieldDeclaration, value: unknown): FieldValue {
  const literal = { ...field, required: false, kind: field.kind === 'multiselect' ? 'select' : field.kind } as RecordFieldDeclaration
  const parsed = parseFieldInput(literal, value)
  return parsed.ok ? parsed.value : null
}

/** -1, 0, 1, or null when the two cannot be compared (one is empty). */
function compare(a: FieldValue, b: FieldValue): number | null {
  if (a === null || b === null) return null
  if (typeof a === 'object' && !Array.isArray(a) && typeof b === 'object' && !Array.isArray(b)) return (a as any).comparedTo(b)
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b)
  const [x, y] = [String(a), String(b)]
  return x === y ? 0 : x < y ? -1 : 1
}

function isEmpty(v: FieldValue) {
  return v === null || v === '' || (Array.isArray(v) && v.length === 0)
}

/** Whether `row` (column → stored value) meets one condition. */
export function evaluateCondition(condition: Condition, fields: RecordFieldDeclaration[], row: Record<string, unknown>): boolean {
  const field = fields.find((f) => f.name === condition.field)
  if (!field) return false
  const actual = readFieldValue(field, row[field.name])
  if (condition.op === 'empty') return isEmpty(actual)
  if (condition.op === 'not_empty') return !isEmpty(actual)

  if (condition.op === 'in' || condition.op === 'not_in') {
    const list = (Array.isArray(condition.value) ? condition.value : [condition.value]).map((v) => literalValue(field, v))
    const found = list.some((v) => compare(actual, v) === 0)
    return condition.op === 'in' ? found : !found && actual !== null
  }
  if (condition.op === 'contains') {
    if (Array.isArray(actual)) return actual.includes(String(literalValue(field, condition.value)))
    return actual !== null && String(actual).toLowerCase().includes(String(condition.value ?? '').toLowerCase())
  }

  let expected: FieldValue
  if (condition.valueField) {
    const other = fields.find((f) => f.name === condition.valueField)
    expected = other ? readFieldValue(other, row[other.name]) : null
  } else {
    expected = literalValue(field, condition.value)
  }
  const order = compare(actual, expected)
  if (order === null) return condition.op === 'ne' ? !(isEmpty(actual) && isEmpty(expected)) : false
  switch (condition.op) {
    case 'eq':
      return order === 0
    case 'ne':
      return order !== 0
    case 'gt':
      return order > 0
    case 'gte':
      return order >= 0
    case 'lt':
      return order < 0
    case 'lte':
      return order <= 0
  }
  return false
}

/** Whether `row` meets the group: all conditions, or any. An empty group always matches. */
export function evaluateConditions(group: ConditionGroup, fields: RecordFieldDeclaration[], row: Record<string, unknown>): boolean {
  if (group.conditions.length === 0) return true
  const results = group.conditions.map((c) => evaluateCondition(c, fields, row))
  return group.match === 'any' ? results.some(Boolean) : results.every(Boolean)
}
