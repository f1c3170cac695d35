/*
 * Run by the test setup after the functional and browser suites
 * (tests/helpers/plugin_verifiers.ts): the ledger must verify clean, like
 * `node ace inventory:verify`.
 */
import db from '@adonisjs/lucid/services/db'
import { verifyLedger } from '../services/ledger_verify.js'

export default async function verify(): Promise<string[]> {
  if (!(await db.connection().schema.hasTable('inventory_moves'))) return []
  const differences = await verifyLedger()
  return differences.map(
    (d) => `inventory:verify: item ${d.itemCode}${d.locationCode ? ` at ${d.locationCode}` : ''}${d.lotId ? ` lot ${d.lotId}` : ''} ${d.column}: stored ${d.stored}, recomputed ${d.recomputed}`
  )
}
