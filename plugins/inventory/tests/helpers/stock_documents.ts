/*
 * Test helpers of the stock documents: a draft (or posted) receipt, issue,
 * transfer or scrap written through the same service the pages use.
 */
import type { StockDocKind } from '../../services/stock_doc_kinds.js'
import { saveDraft, postDocument, type StockDocInput } from '../../services/stock_documents.js'
import type { StockDocument } from '../../models/stock_document.js'

export async function makeDraft(kind: StockDocKind, input: StockDocInput, user: { id: number; departmentId?: number | null } | null = null): Promise<StockDocument> {
  return saveDraft(kind, null, input, user)
}

export async function makePosted(kind: StockDocKind, input: StockDocInput, user: { id: number } | null = null): Promise<StockDocument> {
  const doc = await saveDraft(kind, null, input, user)
  await postDocument(doc, user)
  return doc
}

/**
 * The ledger invariant for some items: every balance's on-hand equals the sum
 * of the moves into its location minus those out of it (per lot), as
 * `inventory:verify` checks. Returns the differences (empty when consistent).
 */
export async function ledgerDifferences(itemIds: number[]): Promise<string[]> {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const moves = await db.from('inventory_moves').whereIn('item_id', itemIds)
  const expected = new Map<string, bigint>()
  const add = (item: number, location: number, lot: number, q: bigint) => {
    const key = `${item}:${location}:${lot}`
    expected.set(key, (expected.get(key) ?? 0n) + q)
  }
  const kinds = new Map((await db.from('inventory_locations').select('id', 'kind')).map((l: any) => [Number(l.id), l.kind]))
  const stock = ['internal', 'quarantine', 'transit', 'customer_supplied', 'subcontractor']
  for (const m of moves) {
    const q = BigInt(m.quantity)
    const lot = m.lot_id === null ? 0 : Number(m.lot_id)
    if (stock.includes(kinds.get(Number(m.from_location_id)))) add(Number(m.item_id), Number(m.from_location_id), lot, -q)
    if (stock.includes(kinds.get(Number(m.to_location_id)))) add(Number(m.item_id), Number(m.to_location_id), lot, q)
  }
  const problems: string[] = []
  const balances = await db.from('inventory_balances').whereIn('item_id', itemIds)
  for (const b of balances) {
    const key = `${b.item_id}:${b.location_id}:${b.lot_id}`
    const want = expected.get(key) ?? 0n
    if (BigInt(b.on_hand) !== want) problems.push(`${key}: balance ${b.on_hand}, moves ${want}`)
    expected.delete(key)
  }
  for (const [key, want] of expected) if (want !== 0n) problems.push(`${key}: no balance, moves ${want}`)
  return problems
}

/** On hand of an item at a location (all lots), as a decimal string. */
export async function onHand(itemId: number, locationId: number): Promise<string> {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { Quantity } = await import('#kernel/numbers/index')
  const rows = await db.from('inventory_balances').where({ item_id: itemId, location_id: locationId })
  return Quantity.sum(rows.map((r: any) => Quantity.fromMicros(r.on_hand))).toString()
}
