/*
 * The current unit cost of an item, read from the ledger: the value of the
 * item's own valued stock divided by its quantity (the moving average; for
 * FIFO items the average of the open layers). With no stock on hand: the
 * cost of its last move, else its standard cost, else 0. Exported by api.ts.
 */
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import { VALUED_LOCATION_KINDS, type Trx } from '../api.js'

export async function currentUnitCost(itemId: number, trx?: Trx): Promise<Money> {
  const client = trx ?? db.connection()
  const kinds = [...VALUED_LOCATION_KINDS]
  const sumOf = async (side: 'to_location_id' | 'from_location_id') => {
    const row = await client
      .from('inventory_moves as m')
      .join('inventory_locations as l', 'l.id', `m.${side}`)
      .where('m.item_id', itemId)
      .whereIn('l.kind', kinds)
      .select(client.raw('CAST(COALESCE(SUM(m.quantity), 0) AS TEXT) as qty'), client.raw('CAST(COALESCE(SUM(m.value), 0) AS TEXT) as val'))
      .first()
    return { qty: BigInt(row?.qty ?? 0), val: BigInt(row?.val ?? 0) }
  }
  // Moves between two valued locations add and take the same amount: they cancel out.
  const into = await sumOf('to_location_id')
  const out = await sumOf('from_location_id')
  const qty = into.qty - out.qty
  const value = into.val - out.val
  if (qty > 0n) return Money.fromMicros(value).dividedBy(Quantity.fromMicros(qty)).round(6)
  const last = await client.from('inventory_moves').where('item_id', itemId).where('quantity', '>', 0).orderBy('posted_at', 'desc').orderBy('id', 'desc').select('unit_cost').first()
  if (last && BigInt(last.unit_cost) > 0n) return Money.fromMicros(last.unit_cost)
  const item = await client.from('inventory_items').where('id', itemId).select('standard_cost').first()
  return item?.standard_cost === null || item?.standard_cost === undefined ? Money.zero() : Money.fromMicros(item.standard_cost)
}
