/*
 * Test data for stock counts: stock put into a location through the ledger
 * (a move from the 'adjustment' location, as a count or an opening balance
 * would), and a count created and started through the service.
 */
import db from '@adonisjs/lucid/services/db'
import { Money } from '#kernel/numbers/index'
import { postMoves, virtualLocation, stockOf } from '../../api.js'
import { createCount, startCount, type CountInput } from '../../services/count_service.js'

let opening = 900_000_000

/** Puts `quantity` (base units) of an item into a location at `unitCost`, committed through postMoves. */
export async function stockIn(itemId: number, locationId: number, quantity: string, unitCost = '10', options: { lotCode?: string } = {}) {
  await db.transaction(async (trx) => {
    const adjustment = await virtualLocation('adjustment', trx)
    if (!(await ledgerBuilt())) return rawStockIn(trx, adjustment, itemId, locationId, quantity, unitCost)
    await postMoves(trx, [
      {
        itemId,
        lotCode: options.lotCode ?? null,
        fromLocationId: adjustment,
        toLocationId: locationId,
        quantity,
        unitCost: Money.of(unitCost),
        documentType: 'test.opening',
        documentId: ++opening,
      },
    ])
  })
}

export async function onHand(itemId: number, locationId: number) {
  return (await stockOf(itemId, { locationId })).onHand.toString()
}

export async function startedCount(input: Partial<CountInput> & { warehouseId: number }, userId: number | null = null) {
  const id = await createCount({ mode: 'open', countDate: '2026-11-23', ...input }, userId)
  await startCount(id, userId)
  return id
}

export async function linesOf(countId: number) {
  return db.from('inventory_count_lines').where('count_id', countId).orderBy('id')
}

let built: boolean | null = null
/** Whether the ledger (slice 1) is on this branch yet; until then stockIn writes the same rows itself. */
async function ledgerBuilt() {
  if (built === null) {
    try {
      await stockOf(0)
      built = true
    } catch (error) {
      built = !String((error as Error).message).includes('not built yet')
    }
  }
  return built
}

/** TEMPORARY until postMoves lands: one move and its balance, consistent for inventory:verify. */
async function rawStockIn(trx: any, adjustment: number, itemId: number, locationId: number, quantity: string, unitCost: string) {
  const { dbTimestamp } = await import('#kernel/records/record_writer')
  const { Quantity } = await import('#kernel/numbers/index')
  const qty = Quantity.of(quantity)
  const cost = Money.of(unitCost)
  const now = dbTimestamp(new Date(), trx)
  await trx.insertQuery().table('inventory_moves').insert({
    item_id: itemId, lot_id: null, from_location_id: adjustment, to_location_id: locationId,
    quantity: qty.toMicros().toString(), unit_cost: cost.toMicros().toString(), value: cost.times(qty).round(6).toMicros().toString(),
    posted_at: now, document_type: 'test.opening', document_id: ++opening, created_at: now,
  })
  const location = await trx.from('inventory_locations').where('id', locationId).first()
  const balance = await trx.from('inventory_balances').where({ item_id: itemId, location_id: locationId, lot_id: 0 }).first()
  if (balance) {
    await trx.from('inventory_balances').where('id', balance.id).update({ on_hand: (BigInt(balance.on_hand) + qty.toMicros()).toString() })
  } else {
    await trx.insertQuery().table('inventory_balances').insert({ item_id: itemId, location_id: locationId, warehouse_id: location.warehouse_id, lot_id: 0, on_hand: qty.toMicros().toString(), updated_at: now })
  }
}

/** An open purchase quantity expected into a location (on order), through setExpectation once the ledger is built. */
export async function onOrder(itemId: number, locationId: number, quantity: string, documentId = ++opening) {
  await db.transaction(async (trx) => {
    const { setExpectation } = await import('../../api.js')
    if (await ledgerBuilt()) {
      await setExpectation(trx, { kind: 'on_order', itemId, locationId, quantity, documentType: 'test.order', documentId, documentLineId: documentId })
      return
    }
    const { dbTimestamp } = await import('#kernel/records/record_writer')
    const { Quantity } = await import('#kernel/numbers/index')
    const micros = Quantity.of(quantity).toMicros().toString()
    const now = dbTimestamp(new Date(), trx)
    await trx.insertQuery().table('inventory_expectations').insert({
      item_id: itemId, location_id: locationId, kind: 'on_order', quantity: micros, document_type: 'test.order',
      document_id: documentId, document_line_id: documentId, created_at: now,
    })
    const location = await trx.from('inventory_locations').where('id', locationId).first()
    const balance = await trx.from('inventory_balances').where({ item_id: itemId, location_id: locationId, lot_id: 0 }).first()
    if (balance) await trx.from('inventory_balances').where('id', balance.id).update({ on_order: (BigInt(balance.on_order) + BigInt(micros)).toString() })
    else await trx.insertQuery().table('inventory_balances').insert({ item_id: itemId, location_id: locationId, warehouse_id: location.warehouse_id, lot_id: 0, on_order: micros, updated_at: now })
  })
}
