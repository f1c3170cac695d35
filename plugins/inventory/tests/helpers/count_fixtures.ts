/*
 * Test data for stock counts: stock put into a location through the ledger
 * (a move from the 'adjustment' location, as a count or an opening balance
 * would), and a count created and started through the service.
 */
import db from '@adonisjs/lucid/services/db'
import { Money } from '#kernel/numbers/index'
import { postMoves, virtualLocation, stockOf, setExpectation } from '../../api.js'
import { createCount, startCount, type CountInput } from '../../services/count_service.js'

let opening = 900_000_000

/** Puts `quantity` (base units) of an item into a location at `unitCost`, committed through postMoves. */
export async function stockIn(itemId: number, locationId: number, quantity: string, unitCost = '10', options: { lotCode?: string } = {}) {
  await db.transaction(async (trx) => {
    const adjustment = await virtualLocation('adjustment', trx)
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

/** An open purchase quantity expected into a location (on order). */
export async function onOrder(itemId: number, locationId: number, quantity: string, documentId = ++opening) {
  await db.transaction(async (trx) => {
    await setExpectation(trx, { kind: 'on_order', itemId, locationId, quantity, documentType: 'test.order', documentId, documentLineId: documentId })
  })
}
