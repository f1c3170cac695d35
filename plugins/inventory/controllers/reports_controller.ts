/*
 * Stock reports (/inventory/reports/…): balance (current or at a date, by
 * item / warehouse / location / lot), ledger with running balance, ageing,
 * turnover, slow-moving and value by warehouse. Each report is one
 * definition (query, list shape, columns, filter controls) used by the page,
 * its htmx fragment and its CSV/XLSX export, so they cannot disagree. Cost
 * and value columns exist only for holders of inventory.valuation.view —
 * on the page and in exports alike.
 */
import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { Money, Quantity } from '#kernel/numbers/index'
import { listQuery, exportQuery, renderList, sendExport, wantsFragment, type ListOptions, type ListState } from '#services/list_query'
import { userCan } from '#services/authorization'
import { endOf, FilterError, readFilters, startOf, today, type ReportFilters } from '../services/reports/filters.js'
import { BALANCE_GROUPS, balanceListShape, balanceQuery, warehouseValueListShape, warehouseValueQuery, type BalanceGroup } from '../services/reports/balance.js'
import { itemCostAt, ledgerListShape, ledgerQuery, ledgerTotals } from '../services/reports/ledger.js'
import { partValue } from '../services/reports/valuation.js'
import { ageingListShape, ageingQuery, parseBuckets } from '../services/reports/ageing.js'
import { periodDays, ratios, turnoverListShape, turnoverQuery, type TurnoverGroup } from '../services/reports/turnover.js'
import { slowMovingListShape, slowMovingQuery } from '../services/reports/slow_moving.js'
import { documentLabel, documentLinker } from '../services/reports/document_links.js'

export const REPORTS = ['balance', 'ledger', 'ageing', 'turnover', 'slow_moving', 'warehouse_value'] as const
export type ReportKey = (typeof REPORTS)[number]

type Kind = 'text' | 'quantity' | 'money' | 'number' | 'date'
interface Column {
  key: string
  label: string
  kind: Kind
  sort?: string
  /** Hidden on phones */
  wide?: boolean
  /** Exact text for exports (decimal strings for numbers) */
  value: (row: any) => string
  /** For people */
  display?: (row: any) => string
  href?: (row: any) => string | null
}
interface Control {
  name: string
  label: string
  type: 'select' | 'date' | 'text' | 'number'
  value: string
  options?: Array<{ value: string; label: string }>
  /** Select without an "all" choice */
  required?: boolean
}
interface Definition {
  query: any
  shape: Partial<ListOptions>
  columns: Column[]
  controls: Control[]
  summary?: Array<{ key: string; label: string; value: string }>
  empty?: string
  /** The page asks for something before it can show rows (the ledger's item) */
  prompt?: string
}

const PARAMS = ['item', 'category', 'warehouse', 'location', 'lot', 'date', 'from', 'to', 'group', 'days', 'buckets', 'basis'] as const
const noop = () => {}
const routeName = (key: ReportKey) => `inventory.reports.${key}`
const url = (key: ReportKey, params: Record<string, unknown>) => {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') qs.set(k, String(v))
  const path = router.builder().make(routeName(key))
  return qs.toString() ? `${path}?${qs}` : path
}

const asDateTime = (value: unknown): DateTime | null => {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) return DateTime.fromJSDate(value)
  const text = String(value)
  const parsed = DateTime.fromSQL(text)
  return parsed.isValid ? parsed : DateTime.fromISO(text)
}
const dayOf = (value: unknown) => asDateTime(value)?.toFormat('yyyy-MM-dd') ?? ''
const monthStart = (day: string) => DateTime.fromFormat(day, 'yyyy-MM-dd').startOf('month').toFormat('yyyy-MM-dd')

export default class ReportsController {
  balance = (ctx: HttpContext) => this.show(ctx, 'balance')
  balanceExport = (ctx: HttpContext) => this.export(ctx, 'balance')
  ledger = (ctx: HttpContext) => this.show(ctx, 'ledger')
  ledgerExport = (ctx: HttpContext) => this.export(ctx, 'ledger')
  ageing = (ctx: HttpContext) => this.show(ctx, 'ageing')
  ageingExport = (ctx: HttpContext) => this.export(ctx, 'ageing')
  turnover = (ctx: HttpContext) => this.show(ctx, 'turnover')
  turnoverExport = (ctx: HttpContext) => this.export(ctx, 'turnover')
  slowMoving = (ctx: HttpContext) => this.show(ctx, 'slow_moving')
  slowMovingExport = (ctx: HttpContext) => this.export(ctx, 'slow_moving')
  warehouseValue = (ctx: HttpContext) => this.show(ctx, 'warehouse_value')
  warehouseValueExport = (ctx: HttpContext) => this.export(ctx, 'warehouse_value')

  async show(ctx: HttpContext, key: ReportKey) {
    const t = (k: string, data?: Record<string, unknown>) => ctx.i18n.t(`inventory_reports.${k}`, data as any)
    const input = { ...ctx.request.qs() }
    let filters: ReportFilters
    let def: Definition
    const errors: Record<string, string> = {}
    try {
      filters = readFilters(input)
      def = await this.#define(ctx, key, filters, input)
    } catch (error) {
      if (!(error instanceof FilterError)) throw error
      errors[error.field] = t(`errors.${error.key}`)
      filters = readFilters({})
      def = await this.#define(ctx, key, filters, {})
      def.query = def.query.whereRaw('1 = 0')
      ctx.response.status(422)
    }
    const options = this.#options(key, def)
    const { rows, list } = await listQuery(ctx, def.query, options)
    const data = this.#viewData(ctx, key, def, rows, list, errors)
    if (Object.keys(errors).length) {
      ctx.response.header('Vary', 'HX-Request')
      return ctx.view.render(wantsFragment(ctx) ? 'inventory::reports/_table' : 'inventory::reports/page', data)
    }
    return renderList(ctx, { page: 'inventory::reports/page', table: 'inventory::reports/_table' }, data)
  }

  async export(ctx: HttpContext, key: ReportKey) {
    let filters: ReportFilters
    try {
      filters = readFilters(ctx.request.qs())
    } catch (error) {
      if (!(error instanceof FilterError)) throw error
      return ctx.response.status(422).send(ctx.i18n.t(`inventory_reports.errors.${error.key}`))
    }
    let def: Definition
    try {
      def = await this.#define(ctx, key, filters, ctx.request.qs())
    } catch (error) {
      if (!(error instanceof FilterError)) throw error
      return ctx.response.status(422).send(ctx.i18n.t(`inventory_reports.errors.${error.key}`))
    }
    const rows = await exportQuery(ctx, def.query, this.#options(key, def))
    return sendExport(
      ctx,
      `stock-${key.replace('_', '-')}`,
      rows,
      def.columns.map((c) => ({
        label: c.label,
        field: c.key,
        kind: c.kind === 'quantity' ? ('quantity' as const) : c.kind === 'money' ? ('money' as const) : c.kind === 'number' ? ('number' as const) : undefined,
        value: c.value,
      }))
    )
  }

  #options(key: ReportKey, def: Definition): ListOptions {
    return {
      perPage: 50,
      maxPerPage: 200,
      ...def.shape,
      filters: Object.fromEntries(PARAMS.map((p) => [p, noop])),
      exportUrl: router.builder().make(`${routeName(key)}_export`),
    }
  }

  #viewData(ctx: HttpContext, key: ReportKey, def: Definition, rows: any[], list: ListState, errors: Record<string, string>) {
    const table = rows.map((row) => ({
      cells: def.columns.map((c) => ({ text: c.display ? c.display(row) : c.value(row), href: c.href ? c.href(row) : null, kind: c.kind, wide: c.wide ?? false })),
    }))
    return {
      report: key,
      title: ctx.i18n.t(`inventory_reports.${key}.title`),
      hint: ctx.i18n.t(`inventory_reports.${key}.hint`),
      reports: REPORTS.map((r) => ({ key: r, label: ctx.i18n.t(`inventory_reports.${r}.title`), href: router.builder().make(routeName(r)), active: r === key })),
      columns: def.columns.map((c) => ({ key: c.key, label: c.label, sort: c.sort ?? null, kind: c.kind, wide: c.wide ?? false })),
      controls: def.controls,
      summary: def.summary ?? [],
      empty: def.prompt ?? def.empty ?? null,
      rows: table,
      list,
      errors,
    }
  }

  /** The report's query, list shape, columns and controls for the request. */
  async #define(ctx: HttpContext, key: ReportKey, f: ReportFilters, input: Record<string, any>): Promise<Definition> {
    const t = (k: string, data?: Record<string, unknown>) => ctx.i18n.t(`inventory_reports.${k}`, data as any)
    const locale = ctx.i18n.locale
    const client = db.connection()
    const withValue = await userCan(ctx.auth.user!, 'inventory.valuation.view')
    const pick = (name: string, values: readonly string[], fallback: string) => {
      const raw = typeof input[name] === 'string' ? input[name].trim() : ''
      if (!raw) return fallback
      if (!values.includes(raw)) throw new FilterError(name, 'invalid_choice')
      return raw
    }

    // Shared columns and formatting.
    const qty = (field: string) => (r: any) => Quantity.fromMicros(r[field] ?? '0').toFixed()
    const qtyShown = (field: string) => (r: any) => Quantity.fromMicros(r[field] ?? '0').format(locale, Number(r.unit_precision ?? 0))
    const money = (field: string) => (r: any) => Money.fromMicros(r[field] ?? '0').toFixed()
    const moneyShown = (field: string) => (r: any) => Money.fromMicros(r[field] ?? '0').format(locale, { symbol: false })
    const qtyCol = (k: string, field: string, sort?: string): Column => ({ key: k, label: t(`columns.${k}`), kind: 'quantity', sort, value: qty(field), display: qtyShown(field) })
    const moneyCol = (k: string, field: string, sort?: string): Column => ({ key: k, label: t(`columns.${k}`), kind: 'money', sort, value: money(field), display: moneyShown(field) })
    const itemCols = (href?: (r: any) => string | null): Column[] => [
      { key: 'item_code', label: t('columns.item_code'), kind: 'text', sort: 'item', value: (r) => r.item_code, href },
      { key: 'item_name', label: t('columns.item_name'), kind: 'text', sort: 'name', value: (r) => r.item_name },
      { key: 'item_spec', label: t('columns.item_spec'), kind: 'text', wide: true, value: (r) => r.item_spec ?? '' },
      { key: 'unit', label: t('columns.unit'), kind: 'text', value: (r) => r.unit_code },
    ]

    // Filter controls.
    const warehouses = await db.from('inventory_warehouses').select('id', 'code', 'name').orderBy('code')
    const categories = await db.from('inventory_categories').select('id', 'code', 'name', 'path').orderBy('path').orderBy('code')
    const categoryControl: Control = {
      name: 'category', label: t('filters.category'), type: 'select', value: f.category ? String(f.category) : '',
      options: categories.map((c: any) => ({ value: String(c.id), label: `${'— '.repeat(Math.max(0, String(c.path).split('/').filter(Boolean).length - 1))}${c.code} ${c.name}` })),
    }
    const warehouseControl: Control = {
      name: 'warehouse', label: t('filters.warehouse'), type: 'select', value: f.warehouse ? String(f.warehouse) : '',
      options: warehouses.map((w: any) => ({ value: String(w.id), label: `${w.code} ${w.name}` })),
    }
    const locationControls = async (): Promise<Control[]> => {
      if (!f.warehouse) return []
      const locations = await db.from('inventory_locations').where('warehouse_id', f.warehouse).whereNot('kind', 'view').select('id', 'full_code').orderBy('full_code')
      return [{ name: 'location', label: t('filters.location'), type: 'select', value: f.location ? String(f.location) : '', options: locations.map((l: any) => ({ value: String(l.id), label: l.full_code })) }]
    }
    const itemControl: Control = { name: 'item', label: t('filters.item'), type: 'text', value: f.item }
    const lotControl: Control = { name: 'lot', label: t('filters.lot'), type: 'text', value: f.lot }
    const dateControl = (name: 'date' | 'from' | 'to', value: string): Control => ({ name, label: t(`filters.${name}`), type: 'date', value })
    const groupControl = (values: readonly string[], value: string): Control => ({
      name: 'group', label: t('filters.group'), type: 'select', value, required: true, options: values.map((v) => ({ value: v, label: t(`groups.${v}`) })),
    })

    if (key === 'balance') {
      const group = pick('group', BALANCE_GROUPS, 'item') as BalanceGroup
      const date = f.date || null
      const ledgerTo = date ?? today()
      const drill = (r: any) =>
        url('ledger', { item: r.item_code, warehouse: r.warehouse_id ?? f.warehouse, location: r.location_id ?? f.location, lot: r.lot_code ?? f.lot, from: monthStart(ledgerTo), to: ledgerTo })
      const columns: Column[] = [...itemCols(drill)]
      if (group === 'warehouse' || group === 'location' || group === 'lot') {
        columns.push({ key: 'warehouse', label: t('columns.warehouse'), kind: 'text', sort: 'warehouse', value: (r) => r.warehouse_code ?? t('in_transit') })
      }
      if (group === 'location' || group === 'lot') columns.push({ key: 'location', label: t('columns.location'), kind: 'text', sort: 'location', value: (r) => r.location_code })
      if (group === 'lot') columns.push({ key: 'lot', label: t('columns.lot'), kind: 'text', sort: 'lot', value: (r) => r.lot_code ?? '' })
      columns.push(qtyCol('on_hand', 'on_hand', 'on_hand'))
      if (!date) columns.push(qtyCol('reserved', 'reserved'), qtyCol('available', 'available'), qtyCol('on_order', 'on_order'))
      if (withValue) columns.push(moneyCol('value', 'value', 'value'))
      return {
        query: balanceQuery(client, f, { group, date, withValue }),
        shape: balanceListShape,
        columns,
        controls: [itemControl, categoryControl, warehouseControl, ...(await locationControls()), lotControl, dateControl('date', f.date), groupControl(BALANCE_GROUPS, group)],
        summary: [{ key: 'as_of', label: t('summary.as_of'), value: date ?? t('summary.now') }],
      }
    }

    if (key === 'warehouse_value') {
      const date = f.date || today()
      const columns: Column[] = [
        { key: 'warehouse', label: t('columns.warehouse'), kind: 'text', sort: 'warehouse', value: (r) => r.warehouse_code || t('in_transit'),
          href: (r) => url('balance', { warehouse: r.warehouse_id, date, group: 'item', category: f.category, item: f.item }) },
        { key: 'warehouse_name', label: t('columns.warehouse_name'), kind: 'text', value: (r) => r.warehouse_name ?? '' },
        { key: 'item_count', label: t('columns.item_count'), kind: 'number', sort: 'items', value: (r) => String(r.item_count) },
      ]
      if (withValue) columns.push(moneyCol('value', 'value', 'value'))
      return {
        query: warehouseValueQuery(client, { ...f, q: '' }, date, withValue),
        shape: warehouseValueListShape,
        columns,
        controls: [itemControl, categoryControl, dateControl('date', date)],
        summary: [{ key: 'as_of', label: t('summary.as_of'), value: date }],
      }
    }

    if (key === 'ledger') {
      const to = f.to || today()
      const from = f.from || monthStart(to)
      if (from > to) throw new FilterError('from', 'range_reversed')
      const controls = [itemControl, warehouseControl, ...(await locationControls()), lotControl, dateControl('from', from), dateControl('to', to)]
      let itemId = 0
      let precision = 0
      if (f.item) {
        const item = await db.from('inventory_items as i').join('inventory_units as u', 'u.id', 'i.base_unit_id').where('i.code', f.item).select('i.id', 'u.precision').first()
        if (!item) throw new FilterError('item', 'item_unknown')
        itemId = Number(item.id)
        precision = Number(item.precision)
      }
      const link = documentLinker()
      const withOpening = (field: string, opening: string) => (r: any) => (BigInt(r[field] ?? '0') + BigInt(opening)).toString()
      const totals = itemId ? await ledgerTotals(client, f, itemId, from, to) : null
      const opening = totals ?? { openingQ: '0', openingVq: '0', closingVq: '0', openingV: '0', inQ: '0', outQ: '0', inV: '0', outV: '0' }
      const q = (micros: string) => Quantity.fromMicros(micros).format(locale, precision)
      const m = (micros: string) => Money.fromMicros(micros).format(locale, { symbol: false })
      const qc = (k: string, field: (r: any) => string): Column => ({ key: k, label: t(`columns.${k}`), kind: 'quantity', value: (r) => Quantity.fromMicros(field(r)).toFixed(), display: (r) => q(field(r)) })
      const mc = (k: string, field: (r: any) => string): Column => ({ key: k, label: t(`columns.${k}`), kind: 'money', value: (r) => Money.fromMicros(field(r)).toFixed(), display: (r) => m(field(r)) })
      // Balance value after a move: the valued quantity in the filtered locations at the item's cost after that move.
      const balanceValue = (r: any) =>
        partValue(BigInt(opening.openingVq) + BigInt(r.run_vq ?? '0'), BigInt(r.avg_cost ?? '0'), BigInt(r.running_qty ?? '0'), BigInt(r.running_value ?? '0')).toString()
      const columns: Column[] = [
        { key: 'posted_at', label: t('columns.posted_at'), kind: 'date', sort: 'posted', value: (r) => asDateTime(r.posted_at)?.toFormat('yyyy-MM-dd HH:mm') ?? '' },
        { key: 'document_type', label: t('columns.document_type'), kind: 'text', wide: true, value: (r) => documentLabel(r.document_type, locale) },
        { key: 'document', label: t('columns.document'), kind: 'text', value: (r) => r.document_number ?? `#${r.document_id}`, href: (r) => link(r.document_type, r.document_id) },
        { key: 'from', label: t('columns.from_location'), kind: 'text', wide: true, value: (r) => r.from_code },
        { key: 'to', label: t('columns.to_location'), kind: 'text', wide: true, value: (r) => r.to_code },
        { key: 'lot', label: t('columns.lot'), kind: 'text', wide: true, value: (r) => r.lot_code ?? '' },
        qc('in_q', (r) => r.in_q), qc('out_q', (r) => r.out_q), qc('balance_q', withOpening('run_q', opening.openingQ)),
      ]
      if (withValue) columns.push(mc('in_v', (r) => r.in_v), mc('out_v', (r) => r.out_v), mc('balance_v', balanceValue))
      const closingQ = (BigInt(opening.openingQ) + BigInt(opening.inQ) - BigInt(opening.outQ)).toString()
      let openingValue = '0'
      let closingValue = '0'
      if (itemId && withValue) {
        const atStart = await itemCostAt(client, itemId, startOf(from, client))
        const atEnd = await itemCostAt(client, itemId, endOf(to, client))
        openingValue = partValue(BigInt(opening.openingVq), atStart.avg, atStart.rq, atStart.rv).toString()
        closingValue = partValue(BigInt(opening.closingVq), atEnd.avg, atEnd.rq, atEnd.rv).toString()
      }
      const summary = itemId
        ? [
            { key: 'opening_q', label: t('summary.opening_q'), value: q(opening.openingQ) },
            { key: 'in_q', label: t('summary.in_q'), value: q(opening.inQ) },
            { key: 'out_q', label: t('summary.out_q'), value: q(opening.outQ) },
            { key: 'closing_q', label: t('summary.closing_q'), value: q(closingQ) },
            ...(withValue
              ? [
                  { key: 'opening_v', label: t('summary.opening_v'), value: m(openingValue) },
                  { key: 'closing_v', label: t('summary.closing_v'), value: m(closingValue) },
                ]
              : []),
          ]
        : []
      return {
        query: ledgerQuery(client, f, itemId, from, to),
        shape: ledgerListShape,
        columns,
        controls,
        summary,
        prompt: itemId ? undefined : t('ledger.pick_item'),
        empty: t('ledger.empty'),
      }
    }

    if (key === 'ageing') {
      const date = f.date || today()
      const rawBuckets = typeof input.buckets === 'string' ? input.buckets : ''
      const buckets = parseBuckets(rawBuckets)
      if (!buckets) throw new FilterError('buckets', 'buckets_invalid')
      const group = pick('group', ['item', 'warehouse'], 'item') as 'item' | 'warehouse'
      const labels = buckets.map((d, i) => (i === 0 ? `0–${d}` : `${buckets[i - 1] + 1}–${d}`)).concat([`>${buckets[buckets.length - 1]}`])
      const columns: Column[] = [...itemCols((r) => url('ledger', { item: r.item_code, warehouse: group === 'warehouse' ? r.warehouse_id : f.warehouse, to: date, from: monthStart(date) }))]
      if (group === 'warehouse') columns.push({ key: 'warehouse', label: t('columns.warehouse'), kind: 'text', sort: 'warehouse', value: (r) => r.warehouse_code ?? t('in_transit') })
      columns.push(qtyCol('on_hand', 'on_hand', 'on_hand'))
      labels.forEach((label, i) => columns.push({ ...qtyCol(`b${i}`, `b${i}`), label: t('columns.bucket', { days: label }) }))
      return {
        query: ageingQuery(client, f, { date, buckets, group }),
        shape: ageingListShape,
        columns,
        controls: [itemControl, categoryControl, warehouseControl, ...(await locationControls()), dateControl('date', date),
          { name: 'buckets', label: t('filters.buckets'), type: 'text', value: rawBuckets || buckets.join(',') }, groupControl(['item', 'warehouse'], group)],
        summary: [{ key: 'as_of', label: t('summary.as_of'), value: date }],
      }
    }

    if (key === 'turnover') {
      const to = f.to || today()
      const from = f.from || monthStart(to)
      if (from > to) throw new FilterError('from', 'range_reversed')
      const basis = pick('basis', withValue ? ['quantity', 'value'] : ['quantity'], 'quantity') as 'quantity' | 'value'
      const groups = withValue ? ['item', 'category'] : ['item']
      let group = pick('group', groups, 'item') as TurnoverGroup
      if (group === 'category' && basis === 'quantity') group = 'item'
      const days = periodDays(from, to)
      const suffix = basis === 'value' ? 'v' : 'q'
      const ratio = (r: any) => ratios(r[`opening_${suffix}`], r[`closing_${suffix}`], r[`issues_${suffix}`], days)
      const fixed = (v: Quantity | null, places: number) => (v === null ? '' : v.toFixed(places))
      const shown = (v: Quantity | null, places: number) => (v === null ? '—' : v.format(locale, places))
      const columns: Column[] =
        group === 'category'
          ? [
              { key: 'category', label: t('columns.category'), kind: 'text', sort: 'category', value: (r) => r.category_code || t('uncategorised'),
                href: (r) => (r.category_id ? url('turnover', { group: 'item', basis, category: r.category_id, from, to, warehouse: f.warehouse }) : null) },
              { key: 'category_name', label: t('columns.category_name'), kind: 'text', value: (r) => r.category_name ?? '' },
            ]
          : itemCols((r) => url('ledger', { item: r.item_code, warehouse: f.warehouse, from, to }))
      if (group === 'item') columns.push(qtyCol('opening_q', 'opening_q'), qtyCol('closing_q', 'closing_q'), qtyCol('issues_q', 'issues_q', 'issues'))
      if (withValue) columns.push(moneyCol('opening_v', 'opening_v'), moneyCol('closing_v', 'closing_v'), moneyCol('issues_v', 'issues_v', 'issues_value'))
      columns.push(
        { key: 'turnover', label: t('columns.turnover'), kind: 'number', value: (r) => fixed(ratio(r).turnover, 4), display: (r) => shown(ratio(r).turnover, 2) },
        { key: 'turnover_days', label: t('columns.turnover_days'), kind: 'number', value: (r) => fixed(ratio(r).turnoverDays, 2), display: (r) => shown(ratio(r).turnoverDays, 1) }
      )
      const controls: Control[] = [itemControl, categoryControl, warehouseControl, ...(await locationControls()), dateControl('from', from), dateControl('to', to), groupControl(groups, group)]
      if (withValue) controls.push({ name: 'basis', label: t('filters.basis'), type: 'select', value: basis, required: true, options: ['quantity', 'value'].map((b) => ({ value: b, label: t(`basis.${b}`) })) })
      return {
        query: turnoverQuery(client, f, { from, to, group, withValue }),
        shape: turnoverListShape(group),
        columns,
        controls,
        summary: [
          { key: 'period', label: t('summary.period'), value: `${from} – ${to}` },
          { key: 'days', label: t('summary.days'), value: String(days) },
          { key: 'basis', label: t('filters.basis'), value: t(`basis.${basis}`) },
        ],
      }
    }

    // slow_moving
    const rawDays = typeof input.days === 'string' ? input.days.trim() : ''
    const days = rawDays ? Number(rawDays) : 90
    if (!/^\d{1,5}$/.test(rawDays || '90') || days < 1) throw new FilterError('days', 'days_invalid')
    const columns: Column[] = [
      ...itemCols((r) => url('ledger', { item: r.item_code, warehouse: f.warehouse, from: dayOf(r.idle_since) || monthStart(today()), to: today() })),
      qtyCol('on_hand', 'on_hand', 'on_hand'),
      { key: 'last_issue', label: t('columns.last_issue'), kind: 'date', value: (r) => dayOf(r.last_issue_at), display: (r) => dayOf(r.last_issue_at) || t('never') },
      { key: 'last_receipt', label: t('columns.last_receipt'), kind: 'date', wide: true, value: (r) => dayOf(r.last_receipt_at) },
      { key: 'idle_days', label: t('columns.idle_days'), kind: 'number', sort: 'idle_since',
        value: (r) => { const since = asDateTime(r.idle_since); return since ? String(Math.floor(DateTime.local().startOf('day').diff(since.startOf('day'), 'days').days)) : '' } },
    ]
    if (withValue) columns.push(moneyCol('value', 'value'))
    return {
      query: slowMovingQuery(client, f, { days, withValue }),
      shape: slowMovingListShape,
      columns,
      controls: [itemControl, categoryControl, warehouseControl, ...(await locationControls()), { name: 'days', label: t('filters.days'), type: 'number', value: String(days) }],
      summary: [{ key: 'days', label: t('summary.no_issue_days'), value: String(days) }],
    }
  }
}
