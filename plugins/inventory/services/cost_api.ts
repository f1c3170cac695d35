/*
 * The current unit cost of an item (exported by api.ts): the ledger's
 * running figures in inventory_item_costs (decision 014) — its valued stock's
 * value ÷ quantity (the moving average; for FIFO items the average of the
 * open layers). With nothing on hand: the last average cost, else the
 * standard cost, else 0. Used to value count variances (and by anyone who
 * needs "what is one unit worth now").
 */
import db from '@adonisjs/lucid/services/db'
import { Money, Quantity } from '#kernel/numbers/index'
import type { Trx } from '../api.js'

export async function currentUnitCost(itemId: number, trx?: Trx): Promise<Money> {
  const client = trx ?? db.connection()
  const figures = await client.from('inventory_item_costs').where('item_id', itemId).first()
  if (figures) {
    const quantity = BigInt(figures.quantity)
    if (quantity > 0n) return Money.fromMicros(String(figures.value)).dividedBy(Quantity.fromMicros(quantity)).round(6)
    if (BigInt(figures.avg_cost) > 0n) return Money.fromMicros(String(figures.avg_cost))
  }
  const item = await client.from('inventory_items').where('id', itemId).select('standard_cost').first()
  return item?.standard_cost === null || item?.standard_cost === undefined ? Money.zero() : Money.fromMicros(String(item.standard_cost))
}
