/*
 * Field values for the generic engines. One place turns what a person or a
 * program sent (form text, a CSV cell, a JSON value) into what the column
 * stores, and what a column holds into a value engines can compare exactly.
 *
 *   parseFieldInput(field, '¥1,200.50') → { ok: true, stored: 1200500000n }
 *   readFieldValue(field, row.credit_limit) → Decimal('1200.5')
 *
 * Money and quantities never pass through a binary float (app/numbers).
 */
import { DateTime } from 'luxon'
import type { Decimal as DecimalType } from '#kernel/numbers/fixed_point'
import {
  decimalToMicros,
  microsToDecimal,
  NumberFormatError,
  parseUserNumber,
  toDecimal,
} from '#kernel/numbers/fixed_point'
import type { RecordFieldDeclaration } from '#kernel/plugins/define_plugin'

/** What engines compare: strings, exact decimals, booleans, epoch milliseconds, lists of strings. */
export type FieldValue = string | DecimalType | boolean | number | string[] | null

export type ParsedInput =
  | { ok: true; stored: string | bigint | boolean | Date | null; value: FieldValue }
  /** `error` is a key in resources/lang/<locale>/records.json */
  | { ok: false; error: string; params?: Record<string, unknown> }

const MAX_DECIMALS: Partial<Record<RecordFieldDeclaration['kind'], number>> = { number: 6, money: 6, quantity: 6 }
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'on', '是', '对', '真'])
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'off', '否', '不', '假'])

function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)
}

/**
 * Validates and converts an input value for `field`. Blank input is null
 * (or an error when the field is required).
 */
export function parseFieldInput(field: RecordFieldDeclaration, raw: unknown): ParsedInput {
  if (isBlank(raw)) {
    return field.required ? { ok: false, error: 'records.errors.required' } : { ok: true, stored: null, value: null }
  }
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, error: 'records.errors.text' }
      const text = String(raw).trim()
      const max = field.maxLength ?? (field.kind === 'text' ? 255 : 10000)
      if (text.length > max) return { ok: false, error: 'records.errors.too_long', params: { max } }
      return { ok: true, stored: text, value: text }
    }
    case 'number':
    case 'money':
    case 'quantity': {
      try {
        const value = typeof raw === 'number' && Number.isInteger(raw) ? toDecimal(raw) : parseUserNumber(raw, MAX_DECIMALS[field.kind]!)
        // number, money and quantity columns all hold BIGINT micros: exact, and they sort.
        return { ok: true, stored: decimalToMicros(value), value }
      } catch (error) {
        if (error instanceof NumberFormatError) return { ok: false, error: error.key, params: error.params }
        throw error
      }
    }
    case 'date': {
      const date = parseDate(raw)
      return date ? { ok: true, stored: date, value: date } : { ok: false, error: 'records.errors.date' }
    }
    case 'datetime': {
      const time = parseDateTime(raw)
      return time ? { ok: true, stored: time.toJSDate(), value: time.toMillis() } : { ok: false, error: 'records.errors.datetime' }
    }
    case 'select': {
      const choice = matchOption(field, raw)
      return choice === null
        ? { ok: false, error: 'records.errors.option', params: { options: optionList(field) } }
        : { ok: true, stored: choice, value: choice }
    }
    case 'multiselect': {
      const items = Array.isArray(raw) ? raw : String(raw).split(/[,，;；|]/).map((s) => s.trim()).filter(Boolean)
      const chosen: string[] = []
      for (const item of items) {
        const choice = matchOption(field, item)
        if (choice === null) return { ok: false, error: 'records.errors.option', params: { options: optionList(field) } }
        if (!chosen.includes(choice)) chosen.push(choice)
      }
      return { ok: true, stored: JSON.stringify(chosen), value: chosen }
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, stored: raw, value: raw }
      const word = String(raw).trim().toLowerCase()
      if (TRUE_WORDS.has(word)) return { ok: true, stored: true, value: true }
      if (FALSE_WORDS.has(word)) return { ok: true, stored: false, value: false }
      return { ok: false, error: 'records.errors.boolean' }
    }
    case 'user':
    case 'reference': {
      const text = String(raw).trim()
      if (!/^\d{1,15}$/.test(text)) return { ok: false, error: 'records.errors.reference' }
      return { ok: true, stored: text, value: text }
    }
  }
}

/** A stored column value as an engine value (money/quantity micros → Decimal units). */
export function readFieldValue(field: Pick<RecordFieldDeclaration, 'kind'>, stored: unknown): FieldValue {
  if (stored === null || stored === undefined) return null
  switch (field.kind) {
    case 'number':
    case 'money':
    case 'quantity':
      if (typeof stored === 'object' && stored !== null && 'toMicros' in stored) return microsToDecimal((stored as any).toMicros())
      return microsToDecimal(stored as any)
    case 'boolean':
      return stored === true || stored === 1 || stored === '1' || stored === 'true'
    case 'date':
      return parseDate(stored)
    case 'datetime': {
      const time = parseDateTime(stored)
      return time ? time.toMillis() : null
    }
    case 'multiselect':
      if (Array.isArray(stored)) return stored.map(String)
      try {
        const list = JSON.parse(String(stored))
        return Array.isArray(list) ? list.map(String) : []
      } catch {
        return []
      }
    default:
      return String(stored)
  }
}

/** 'YYYY-MM-DD' from a Date, a DateTime, ISO text, or 2026/3/5-style text; null when it is not a date. */
export function parseDate(raw: unknown): string | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : DateTime.fromJSDate(raw).toISODate()
  if (DateTime.isDateTime(raw)) return raw.isValid ? raw.toISODate() : null
  const text = String(raw).trim().replace(/[年月]/g, '-').replace(/日$/, '').replace(/\//g, '-')
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text)
  if (!match) return null
  const date = DateTime.fromObject({ year: +match[1], month: +match[2], day: +match[3] })
  return date.isValid ? date.toISODate() : null
}

function parseDateTime(raw: unknown): DateTime | null {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : DateTime.fromJSDate(raw)
  if (DateTime.isDateTime(raw)) return raw.isValid ? raw : null
  if (typeof raw === 'number') return DateTime.fromMillis(raw)
  const text = String(raw).trim()
  for (const parse of [() => DateTime.fromISO(text), () => DateTime.fromSQL(text), () => DateTime.fromFormat(text, 'yyyy/M/d H:mm')]) {
    const time = parse()
    if (time.isValid) return time
  }
  return null
}

/** An option's value from its value or either label (imports carry labels). */
function matchOption(field: RecordFieldDeclaration, raw: unknown): string | null {
  const text = String(raw).trim().toLowerCase()
  for (const option of field.options ?? []) {
    if ([option.value, option.label['zh-CN'], option.label.en].some((v) => v.toLowerCase() === text)) return option.value
  }
  return null
}

function optionList(field: RecordFieldDeclaration): string {
  return (field.options ?? []).map((o) => o.value).join(', ')
}
