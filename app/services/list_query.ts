/*
 * Lists every plugin page shows: active search, filters, whitelisted sorting,
 * pagination and CSV export over one Lucid query, plus the htmx answer (the
 * whole page, or only the `_table` fragment when the request carries HX-Request).
 *
 * With `scope`, the kernel's data scope (app/services/data_scope.ts) narrows
 * the rows to those the signed-in user may see; with `recordType`, exports
 * leave out the fields hidden from the user (app/services/field_permissions.ts),
 * so pages and exports cannot disagree. Only the request parameters named in
 * the options ever reach SQL, and never as identifiers.
 */
import type { HttpContext } from '@adonisjs/core/http'
import { applyDataScope, type DataScopeOptions } from '#services/data_scope'
import { fieldModes, redactMany } from '#services/field_permissions'
import { XLSX_MIME, xlsxStream, type CellKind } from '#kernel/impex/xlsx'

export type SortDirection = 'asc' | 'desc'

/** A filter: equality on a column (optionally whitelisted values), or a function that narrows the query. */
export type ListFilter =
  | { column: string; values?: readonly string[] }
  | ((query: any, value: string) => void)

export interface ListOptions {
  /** DOM id of the list (default `list`); two lists on one page need two ids */
  id?: string
  /** Columns searched (case-insensitive substring) by the `q` parameter */
  searchable?: readonly string[]
  /** Sort keys the user may pick: `['name', 'code']` or `{ amount: 'amount_micros' }` (key → column) */
  sortable?: readonly string[] | Record<string, string>
  /** Sort key used when the request names none (or an unknown one) */
  defaultSort?: string
  defaultDirection?: SortDirection
  /** Named filters; the request parameter of the same name holds the value */
  filters?: Record<string, ListFilter>
  /** Rows per page (default 20); `?perPage=` may pick another one up to maxPerPage */
  perPage?: number
  maxPerPage?: number
  /** Unique column appended to the ordering so pages never overlap (default `id`; false for none) */
  tiebreaker?: string | false
  /** URL of the CSV export route; the list state then offers an export link carrying the current search */
  exportUrl?: string
  /** Most rows one export writes (default 50 000) */
  maxExport?: number
  /** The permission whose data scope narrows the rows (plus owner/department column names when not the defaults) */
  scope?: { permission: string } & DataScopeOptions
  /** Record type of the rows (`sales.order`): exported rows and CSV columns leave out the fields hidden from the user */
  recordType?: string
}

/** Applies the data scope the options name; without a signed-in user, nothing is in scope. */
async function restrict(ctx: HttpContext, query: any, options: ListOptions) {
  if (!options.scope) return
  const user = ctx.auth?.user
  if (!user) query.whereRaw('1 = 0')
  else await applyDataScope(query, user, options.scope.permission, options.scope)
}

export interface ListState {
  id: string
  /** Path the list lives at (without query string) */
  path: string
  q: string
  sort: string | null
  direction: SortDirection
  filters: Record<string, string>
  page: number
  perPage: number
  total: number
  lastPage: number
  /** 1-based index of the first and last row shown (0 when empty) */
  from: number
  to: number
  /** Export link with the current search, filters and sort, when an export route was given (CSV) */
  exportUrl: string | null
  /** The same export as XLSX (`format=xlsx`) */
  exportXlsxUrl: string | null
  /** Whether the request carried any search or filter (for the empty-state wording) */
  narrowed: boolean
  /** The list's URL with some parameters changed (`null` removes one) */
  url(changes?: Record<string, string | number | null>): string
  /** URL that sorts by `key`, flipping the direction when already sorted by it */
  sortUrl(key: string): string
  /** `asc` | `desc` when the list is sorted by `key`, else null */
  sortedBy(key: string): SortDirection | null
}

export interface ListResult<Row> {
  rows: Row[]
  list: ListState
}

const RESERVED = new Set(['q', 'sort', 'direction', 'page', 'perPage'])

function sortColumns(sortable: ListOptions['sortable']): Record<string, string> {
  if (!sortable) return {}
  if (Array.isArray(sortable)) return Object.fromEntries(sortable.map((c) => [c, c]))
  return { ...(sortable as Record<string, string>) }
}

function asString(value: unknown): string {
  if (Array.isArray(value)) value = value[0]
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : ''
}

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(asString(value))
  return Number.isSafeInteger(n) && n > 0 ? n : fallback
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** What the request asked for: the request half of ListState. */
type Parsed = Pick<ListState, 'q' | 'sort' | 'direction' | 'filters' | 'page' | 'perPage'>

function parse(ctx: HttpContext, options: ListOptions): Parsed {
  // Query string first; a bulk action posts the list's search form in its body.
  const input = { ...ctx.request.all(), ...ctx.request.qs() }
  const columns = sortColumns(options.sortable)
  const requestedSort = asString(input.sort)
  const sort = requestedSort in columns ? requestedSort : options.defaultSort && options.defaultSort in columns ? options.defaultSort : null
  const requestedDir = asString(input.direction)
  const direction: SortDirection =
    requestedSort in columns && (requestedDir === 'asc' || requestedDir === 'desc') ? requestedDir : options.defaultDirection ?? 'asc'

  const filters: Record<string, string> = {}
  for (const [name, filter] of Object.entries(options.filters ?? {})) {
    if (RESERVED.has(name)) throw new Error(`List filter "${name}" collides with a list parameter`)
    const value = asString(input[name])
    if (!value) continue
    if (typeof filter !== 'function' && filter.values && !filter.values.includes(value)) continue
    filters[name] = value
  }

  const maxPerPage = options.maxPerPage ?? 100
  const perPage = Math.min(positiveInt(input.perPage, options.perPage ?? 20), maxPerPage)
  return { q: asString(input.q).slice(0, 200), sort, direction, filters, page: positiveInt(input.page, 1), perPage }
}

function narrow(query: any, parsed: Parsed, options: ListOptions) {
  const searchable = options.searchable ?? []
  if (parsed.q && searchable.length) {
    const pattern = likePattern(parsed.q)
    query.where((sub: any) => {
      for (const column of searchable) sub.orWhereRaw(`LOWER(??) LIKE ? ESCAPE '\\'`, [column, pattern])
    })
  }
  for (const [name, value] of Object.entries(parsed.filters)) {
    const filter = options.filters![name]
    if (typeof filter === 'function') filter(query, value)
    else query.where(filter.column, value)
  }
  const columns = sortColumns(options.sortable)
  if (parsed.sort) query.orderBy(columns[parsed.sort], parsed.direction)
  const tiebreaker = options.tiebreaker === undefined ? 'id' : options.tiebreaker
  if (tiebreaker) query.orderBy(tiebreaker, parsed.direction)
  return query
}

function buildUrl(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue
    search.set(key, String(value))
  }
  const qs = search.toString()
  return qs ? `${path}?${qs}` : path
}

function stateOf(ctx: HttpContext, parsed: Parsed, options: ListOptions, total: number, page: number): ListState {
  const path = ctx.request.url(false)
  const lastPage = Math.max(1, Math.ceil(total / parsed.perPage))
  const defaults = { sort: options.defaultSort ?? null, direction: options.defaultDirection ?? 'asc' }
  const current: Record<string, string | number | null> = {
    q: parsed.q || null,
    ...parsed.filters,
    sort: parsed.sort && (parsed.sort !== defaults.sort || parsed.direction !== defaults.direction) ? parsed.sort : null,
    direction: parsed.sort && (parsed.sort !== defaults.sort || parsed.direction !== defaults.direction) ? parsed.direction : null,
    perPage: parsed.perPage !== (options.perPage ?? 20) ? parsed.perPage : null,
    page: page > 1 ? page : null,
  }
  const state: ListState = {
    id: options.id ?? 'list',
    path,
    q: parsed.q,
    sort: parsed.sort,
    direction: parsed.direction,
    filters: parsed.filters,
    page,
    perPage: parsed.perPage,
    total,
    lastPage,
    from: total === 0 ? 0 : (page - 1) * parsed.perPage + 1,
    to: Math.min(total, page * parsed.perPage),
    narrowed: Boolean(parsed.q) || Object.keys(parsed.filters).length > 0,
    exportUrl: options.exportUrl ? buildUrl(options.exportUrl, { ...current, page: null, perPage: null }) : null,
    exportXlsxUrl: options.exportUrl ? buildUrl(options.exportUrl, { ...current, page: null, perPage: null, format: 'xlsx' }) : null,
    url(changes = {}) {
      return buildUrl(path, { ...current, ...changes })
    },
    sortUrl(key: string) {
      const direction = parsed.sort === key && parsed.direction === 'asc' ? 'desc' : 'asc'
      return buildUrl(path, { ...current, sort: key, direction, page: null })
    },
    sortedBy(key: string) {
      return parsed.sort === key ? parsed.direction : null
    },
  }
  return state
}

/**
 * Narrows, sorts and pages `query` from the request's `q`, filter, `sort`,
 * `direction`, `page` and `perPage` parameters. A page past the end shows the last page.
 */
export async function listQuery<Row = any>(ctx: HttpContext, query: any, options: ListOptions = {}): Promise<ListResult<Row>> {
  const parsed = parse(ctx, options)
  await restrict(ctx, query, options)
  narrow(query, parsed, options)
  let page = parsed.page
  let paginator = await query.clone().paginate(page, parsed.perPage)
  const lastPage = Math.max(1, Math.ceil(paginator.total / parsed.perPage))
  if (page > lastPage) {
    page = lastPage
    paginator = await query.clone().paginate(page, parsed.perPage)
  }
  return { rows: paginator.all() as Row[], list: stateOf(ctx, parsed, options, paginator.total, page) }
}

/** Every row the list would show for the request's search, filters and sort (no paging), for exports. */
export async function exportQuery<Row = any>(ctx: HttpContext, query: any, options: ListOptions = {}): Promise<Row[]> {
  const parsed = parse(ctx, options)
  await restrict(ctx, query, options)
  narrow(query, parsed, options)
  const rows = (await query.limit(options.maxExport ?? 50_000)) as Row[]
  const user = ctx.auth?.user
  if (!options.recordType || !user) return rows
  return (await redactMany(user, rows as any[], options.recordType)) as Row[]
}

/** True when htmx asks for a fragment (not a boosted navigation or a history restore, which need the page). */
export function wantsFragment(ctx: HttpContext): boolean {
  const header = (name: string) => ctx.request.header(name) === 'true'
  return header('HX-Request') && !header('HX-Boosted') && !header('HX-History-Restore-Request')
}

/**
 * Answers a list request: the full page, or with HX-Request only the table
 * fragment (both get `Vary: HX-Request` so caches keep them apart).
 */
export async function renderList(ctx: HttpContext, views: { page: string; table: string }, data: Record<string, any>) {
  ctx.response.header('Vary', 'HX-Request')
  return ctx.view.render(wantsFragment(ctx) ? views.table : views.page, data)
}

export interface CsvColumn<Row> {
  /** Header cell (already translated) */
  label: string
  /** The record field the column shows (snake_case); with a record type, a column hidden from the user is left out */
  field?: string
  value: (row: Row) => string | number | boolean | null | undefined
  /** Cell type in XLSX exports (default text); number/money/quantity values are decimal strings, written exactly */
  kind?: CellKind
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // Spreadsheet formula injection: a cell starting with = + @ (or - not starting a number) would run as a formula.
  if (/^[=+@\t\r]/.test(text) || /^-(?![\d.])/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Renders rows as CSV (UTF-8 with a BOM so spreadsheet programs read Chinese correctly). */
export function toCsv<Row>(rows: Row[], columns: CsvColumn<Row>[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')]
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/**
 * Sends rows as a CSV download named `<filename>.csv`. With `recordType`, the
 * columns whose `field` is hidden from the signed-in user are left out.
 */
export async function sendCsv<Row>(ctx: HttpContext, filename: string, rows: Row[], columns: CsvColumn<Row>[], recordType?: string) {
  columns = await visibleColumns(ctx, columns, recordType)
  const safe = filename.replace(/[^\w.-]+/g, '_')
  ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
  ctx.response.header('Content-Disposition', `attachment; filename="${safe}.csv"`)
  return ctx.response.send(toCsv(rows, columns))
}

/** The columns whose `field` is not hidden from the signed-in user (with a record type). */
async function visibleColumns<Row>(ctx: HttpContext, columns: CsvColumn<Row>[], recordType?: string) {
  const user = ctx.auth?.user
  if (!recordType || !user) return columns
  const modes = await fieldModes(user, recordType)
  return columns.filter((c) => !c.field || modes[c.field] !== 'hidden')
}

/** Sends rows as an XLSX download `<filename>.xlsx` (streamed; typed cells, exact numbers: app/impex/xlsx.ts). */
export async function sendXlsx<Row>(ctx: HttpContext, filename: string, rows: Row[], columns: CsvColumn<Row>[], recordType?: string) {
  columns = await visibleColumns(ctx, columns, recordType)
  const safe = filename.replace(/[^\w.-]+/g, '_')
  const sheet = {
    name: filename,
    columns: columns.map((c) => ({ header: c.label, kind: c.kind })),
    rows: (function* () {
      for (const row of rows) yield columns.map((c) => c.value(row))
    })(),
  }
  ctx.response.header('Content-Type', XLSX_MIME)
  ctx.response.header('Content-Disposition', `attachment; filename="${safe}.xlsx"`)
  return ctx.response.stream(xlsxStream([sheet]))
}

/** The request's export format: `?format=xlsx`, else CSV. */
export function exportFormat(ctx: HttpContext): 'csv' | 'xlsx' {
  return ctx.request.input('format') === 'xlsx' ? 'xlsx' : 'csv'
}

/** Sends rows as CSV or XLSX, as the request's `format` asks (the list's two export links). */
export async function sendExport<Row>(ctx: HttpContext, filename: string, rows: Row[], columns: CsvColumn<Row>[], recordType?: string) {
  return exportFormat(ctx) === 'xlsx'
    ? sendXlsx(ctx, filename, rows, columns, recordType)
    : sendCsv(ctx, filename, rows, columns, recordType)
}
