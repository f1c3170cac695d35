/*
 * Reading an uploaded CSV or XLSX file row by row, streamed: csv-parse as a
 * stream, exceljs's streaming WorkbookReader (first worksheet). Neither holds
 * the file in memory, so 50 000 rows cost no more than 500.
 *
 * CSV files are read as UTF-8, or as GB18030 (what Excel on a Chinese
 * Windows saves) when their start is not valid UTF-8.
 *
 * Cells come out as strings, integers, booleans or dates written as text
 * (YYYY-MM-DD, or YYYY-MM-DD HH:mm:ss with a time): what parseFieldInput reads.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Transform } from 'node:stream'
import { parse } from 'csv-parse'
import ExcelJS from 'exceljs'

export type ImportFormat = 'csv' | 'xlsx'
export type Cell = string | number | boolean | null

/** A spreadsheet number without binary-float noise (0.1 + 0.2 → "0.3"); integers stay numbers. */
function numberCell(n: number): Cell {
  if (!Number.isFinite(n)) return null
  if (Number.isInteger(n)) return Number.isSafeInteger(n) ? n : String(n)
  return String(Number(n.toPrecision(15)))
}

function dateCell(d: Date): Cell {
  if (Number.isNaN(d.getTime())) return null
  // exceljs gives spreadsheet dates as UTC instants of the wall-clock value.
  const iso = d.toISOString()
  const time = iso.slice(11, 19)
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`
}

/** An exceljs cell value as a plain cell. */
export function xlsxCell(value: any): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return numberCell(value)
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (value instanceof Date) return dateCell(value)
  if (typeof value === 'object') {
    if (Array.isArray(value.richText)) return value.richText.map((r: any) => r.text).join('')
    if ('result' in value) return xlsxCell(value.result) // formula: its cached result
    if ('text' in value) return String(value.text) // hyperlink
    if ('error' in value) return null
  }
  return String(value)
}

/** The text encoding of a CSV file: utf-8, unless its first 64 KB are not valid UTF-8 (then gb18030). */
export async function csvEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0)
    try {
      // stream: a character cut at the end of the sample is not an error
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true })
      return 'utf-8'
    } catch {
      return 'gb18030'
    }
  } finally {
    await file.close()
  }
}

function decoding(encoding: string) {
  const decoder = new TextDecoder(encoding)
  return new Transform({
    transform(chunk, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }))
    },
    flush(done) {
      done(null, decoder.decode())
    },
  })
}

/** Every row of the file (the header row first), as lists of cells. */
export async function* fileRows(path: string, format: ImportFormat): AsyncGenerator<Cell[]> {
  if (format === 'csv') {
    const encoding = await csvEncoding(path)
    const source = encoding === 'utf-8' ? createReadStream(path) : createReadStream(path).pipe(decoding(encoding))
    const parser = source.pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false })
    )
    for await (const record of parser) yield record as string[]
    return
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // needed to tell dates from numbers
    worksheets: 'emit',
  })
  for await (const worksheet of reader) {
    for await (const row of worksheet as any) {
      const values = (row.values as any[]) ?? []
      const cells: Cell[] = []
      for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]))
      yield cells
    }
    return // the first worksheet only (a template's second sheet explains the fields)
  }
}

/** The header row of the file (trimmed), or [] when the file is empty. */
export async function fileHeaders(path: string, format: ImportFormat): Promise<string[]> {
  for await (const row of fileRows(path, format)) return row.map((c) => (c === null ? '' : String(c).trim()))
  return []
}

export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))
}
