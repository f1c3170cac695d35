/*
 * XLSX writing for exports and templates: exceljs's streaming writer, so a
 * 50 000-row export never sits in memory as a workbook.
 *
 * Numbers stay exact: a money/quantity/number cell is given as the decimal
 * string (from micros). When it has at most 15 significant digits it is
 * written as a spreadsheet number (an IEEE double holds every 15-digit
 * decimal exactly as far as spreadsheets read it back) with a number format
 * showing its decimals; longer ones are written as text so no digit is lost.
 */
import { PassThrough, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'

export type CellKind = 'text' | 'number' | 'money' | 'quantity' | 'date' | 'datetime' | 'boolean'

export interface SheetColumn {
  header: string
  kind?: CellKind
  width?: number
}

export interface Sheet {
  name: string
  columns: SheetColumn[]
  rows: Iterable<unknown[]> | AsyncIterable<unknown[]>
}

const MAX_EXACT_DIGITS = 15

/** Significant digits of a plain decimal string ("-0012.3400" → 4). */
export function significantDigits(text: string): number {
  const digits = text.replace(/^[-+]/, '').replace('.', '').replace(/^0+/, '')
  return Math.max(1, digits.length)
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.')
  return dot < 0 ? 0 : text.length - dot - 1
}

/** A cell value and number format for a decimal string, exact or as text. */
export function numericCell(text: string, kind: CellKind): { value: number | string; numFmt?: string } {
  const clean = text.trim()
  if (!/^-?\d+(\.\d+)?$/.test(clean)) return { value: text }
  if (significantDigits(clean) > MAX_EXACT_DIGITS) return { value: clean }
  const decimals = Math.max(decimalsOf(clean), kind === 'money' ? 2 : 0)
  return { value: Number(clean), numFmt: decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0' }
}

function cellOf(raw: unknown, kind: CellKind | undefined): { value: any; numFmt?: string } {
  if (raw === null || raw === undefined || raw === '') return { value: null }
  if (kind === 'number' || kind === 'money' || kind === 'quantity') return numericCell(String(raw), kind)
  // A string is written as a string cell, never a formula, so "=1+1" stays text without a quote.
  return { value: typeof raw === 'bigint' ? raw.toString() : raw }
}

/** Writes the sheets as an XLSX file to `out` (closed when done). */
export async function writeXlsx(out: Writable, sheets: Sheet[]) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31))
    worksheet.columns = sheet.columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? Math.min(40, Math.max(10, c.header.length * 2 + 2)) }))
    const header = worksheet.addRow(sheet.columns.map((c) => c.header))
    header.font = { bold: true }
    header.commit()
    for await (const values of sheet.rows as AsyncIterable<unknown[]>) {
      const cells = sheet.columns.map((c, i) => cellOf(values[i], c.kind))
      const row = worksheet.addRow(cells.map((c) => c.value))
      cells.forEach((c, i) => {
        if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt
      })
      row.commit()
    }
    worksheet.commit()
  }
  await workbook.commit()
}

/** The sheets as an XLSX stream (for a download) — errors end the stream. */
export function xlsxStream(sheets: Sheet[]): PassThrough {
  const out = new PassThrough()
  writeXlsx(out, sheets).catch((error) => out.destroy(error))
  return out
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
