/*
 * Posting a count: the adjustment moves (counted − snapshot) to / from the
 * 'adjustment' location at the current cost, balances, moves during the
 * count kept, the approval gate on the variance, cancel reversing a posted
 * count, return for recount.
 */
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { saveFlow } from '#kernel/approvals/flows'
import { decide, pendingInstanceOf } from '#kernel/approvals/engine'
import { userWith } from '#tests/helpers/plugins'
import { makeRole } from '#tests/helpers/approvals'
import { makeUser } from '#tests/helpers/access'
import { virtualLocation } from '../../api.js'
import { makeItem, makeWarehouse, makeLocation } from '../helpers/stock_fixtures.js'
import { stockIn, startedCount, linesOf, onHand } from '../helpers/count_fixtures.js'

const ALL = ['inventory.count.view', 'inventory.count.create', 'inventory.count.count', 'inventory.count.post', 'inventory.count.cancel']

async function setup() {
  const wh = await makeWarehouse()
  const binA = await makeLocation(wh, 'A-01')
  const binB = await makeLocation(wh, 'B-01')
  const bolt = await makeItem({ name: 'M8 bolt' })
  const oil = await makeItem({ name: 'Cutting oil', unit: 'KG' })
  await stockIn(bolt, binA, '120', '0.50')
  await stockIn(oil, binB, '3.5', '20')
  return { wh, binA, binB, bolt, oil }
}

async function countAll(client: any, user: any, id: number, quantities: Record<number, string>) {
  for (const line of await linesOf(id)) {
    const counted = quantities[Number(line.item_id)]
    const response = await client.post(`/inventory/counts/${id}/lines/${line.id}`).loginAs(user).header('HX-Request', 'true').form({ counted }).withCsrfToken()
    response.assertStatus(200)
  }
}

test.group('Stock counts: variance and posting', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('submitting a count without a flow posts the adjustment moves and balances; the freeze is released', async ({ client, assert }) => {
    const { wh, binA, binB, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    await countAll(client, user, id, { [bolt]: '118', [oil]: '4' })

    const submitted = await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    submitted.assertStatus(302)
    const count = await db.from('inventory_counts').where('id', id).first()
    assert.equal(count.state, 'posted')
    assert.match(count.number, /^PD-\d{4}-\d{5}$/)

    const adjustment = await virtualLocation('adjustment')
    const moves = await db.from('inventory_moves').where({ document_type: 'inventory.count', document_id: id }).orderBy('id')
    assert.lengthOf(moves, 2)
    const loss = moves.find((m: any) => Number(m.item_id) === bolt)
    assert.equal(Number(loss.from_location_id), binA)
    assert.equal(Number(loss.to_location_id), adjustment)
    assert.equal(String(loss.quantity), '2000000')
    assert.equal(String(loss.value), '1000000') // 2 × 0.50
    const gain = moves.find((m: any) => Number(m.item_id) === oil)
    assert.equal(Number(gain.from_location_id), adjustment)
    assert.equal(Number(gain.to_location_id), binB)
    assert.equal(String(gain.quantity), '500000')
    assert.equal(String(gain.value), '10000000') // 0.5 × 20

    assert.equal(await onHand(bolt, binA), '118')
    assert.equal(await onHand(oil, binB), '4')
    assert.equal(String(count.variance_value), '9000000') // −1.00 + 10.00
    assert.equal(String(count.variance_abs_value), '11000000')
    assert.lengthOf(await db.from('inventory_count_freezes').where('count_id', id), 0)

    const page = await client.get(`/inventory/counts/${id}`).loginAs(user)
    assert.include(page.text(), 'data-test="variance-summary"')
  })

  test('moves of a frozen item during the count stay in the book: the adjustment is counted − snapshot', async ({ client, assert }) => {
    const { wh, binA, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id, mode: 'blind' }, user.id)
    await stockIn(bolt, binA, '10', '0.50') // received while counting
    await countAll(client, user, id, { [bolt]: '118', [oil]: '3.5' })
    const submitted = await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    submitted.assertStatus(302)
    assert.equal(await onHand(bolt, binA), '128')
    const moves = await db.from('inventory_moves').where({ document_type: 'inventory.count', document_id: id })
    assert.lengthOf(moves, 1)
    assert.equal(String(moves[0].quantity), '2000000')

    // Once submitted, the blind count shows book and variance.
    const page = await client.get(`/inventory/counts/${id}`).loginAs(user)
    assert.include(page.text(), 'data-test="book"')
    assert.include(page.text(), 'data-test="variance"')
  })

  test('approval gate: a variance over the flow limit waits for approval, then posts as the approver', async ({ client, assert }) => {
    const { wh, binA, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const manager = await makeUser()
    const role = await makeRole([manager], 'Warehouse managers')
    await saveFlow(
      {
        documentType: 'inventory.count',
        name: 'Big variance',
        priority: 10,
        isActive: true,
        conditions: { match: 'all', conditions: [{ field: 'variance_abs_value', op: 'gt', value: '5' }] },
        steps: [{ approver: 'role', roleId: role.id, mode: 'any' }],
      },
      null
    )
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    await countAll(client, user, id, { [bolt]: '100', [oil]: '3.5' }) // −20 × 0.50 = −10.00

    const submitted = await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    submitted.assertStatus(302)
    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'submitted')
    assert.lengthOf(await db.from('inventory_moves').where({ document_type: 'inventory.count', document_id: id }), 0)
    assert.equal(await onHand(bolt, binA), '120')

    const early = await client.post(`/inventory/counts/${id}/post`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    early.assertStatus(422)
    assert.include(early.text(), 'awaiting approval')
    const locked = await client.post(`/inventory/counts/${id}/lines/${(await linesOf(id))[0].id}`).loginAs(user).header('HX-Request', 'true').form({ counted: '1' }).withCsrfToken()
    locked.assertStatus(422)

    const instance = await pendingInstanceOf('inventory.count', id)
    assert.isOk(instance)
    await decide(instance!.id, manager, 'approve', null)
    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'posted')
    assert.equal(await onHand(bolt, binA), '100')
    assert.lengthOf(await db.from('inventory_count_freezes').where('count_id', id), 0)
  })

  test('returned by the approver, the count goes back to counting: recount, submit again', async ({ client, assert }) => {
    const { wh, binA, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const manager = await makeUser()
    const role = await makeRole([manager], 'Warehouse managers')
    await saveFlow(
      { documentType: 'inventory.count', name: 'Any variance', priority: 10, isActive: true, conditions: { match: 'all', conditions: [{ field: 'variance_lines', op: 'gt', value: '0' }] }, steps: [{ approver: 'role', roleId: role.id, mode: 'any' }] },
      null
    )
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    await countAll(client, user, id, { [bolt]: '12', [oil]: '3.5' }) // a typo: 12 for 120
    await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    const instance = await pendingInstanceOf('inventory.count', id)
    await decide(instance!.id, manager, 'return', 'Recount the bolts')
    const count = await db.from('inventory_counts').where('id', id).first()
    assert.equal(count.state, 'draft')
    assert.equal(count.phase, 'counting')
    const boltLine = (await linesOf(id)).find((l: any) => Number(l.item_id) === bolt)
    const recount = await client.post(`/inventory/counts/${id}/lines/${boltLine.id}/recount`).loginAs(user).header('HX-Request', 'true').withCsrfToken()
    recount.assertStatus(200)
    await countAll(client, user, id, { [bolt]: '120', [oil]: '3.5' })
    await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'posted')
    assert.equal(await onHand(bolt, binA), '120')
  })

  test('cancelling a posted count reverses its adjustment', async ({ client, assert }) => {
    const { wh, binA, bolt, oil } = await setup()
    const user = await userWith(ALL)
    const id = await startedCount({ warehouseId: wh.id }, user.id)
    await countAll(client, user, id, { [bolt]: '118', [oil]: '3.5' })
    await client.post(`/inventory/counts/${id}/submit`).loginAs(user).withCsrfToken().redirects(0)
    assert.equal(await onHand(bolt, binA), '118')
    const cancelled = await client.post(`/inventory/counts/${id}/cancel`).loginAs(user).withCsrfToken().redirects(0)
    cancelled.assertStatus(302)
    assert.equal((await db.from('inventory_counts').where('id', id).first()).state, 'cancelled')
    assert.equal(await onHand(bolt, binA), '120')
  })
})
