/*
 * Helpers of the automation rules tests: rules configured through the admin
 * API (never in code), fixrec records, and waiting for the after-commit work.
 */
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#models/user'
import { Money } from '#kernel/numbers/money'
import { settleAfterCommitWork } from '#kernel/records/after_commit'
import FixrecContact from '#tests/fixtures/plugins/fixrec/models/fixrec_contact'
import FixrecDeal from '#tests/fixtures/plugins/fixrec/models/fixrec_deal'

export const settled = settleAfterCommitWork

/** Posts a rule as JSON the way the form would; returns the response. */
export function postRule(client: ApiClient, admin: User, rule: Record<string, unknown>, locale = 'en') {
  return client.post('/admin/rules').json(rule).header('Accept', 'application/json').header('Accept-Language', locale).withCsrfToken().loginAs(admin)
}

/** Posts a rule that must be accepted; returns its id. */
export async function createRule(client: ApiClient, admin: User, rule: Record<string, unknown>): Promise<number> {
  const response = await postRule(client, admin, rule)
  if (response.status() !== 201) throw new Error(`rule refused: ${response.text()}`)
  return response.body().id
}

export async function runsOf(ruleId: number) {
  return db.from('rule_runs').where('rule_id', ruleId).orderBy('id')
}

export async function clearAutomation() {
  await settleAfterCommitWork()
  await db.from('rule_firings').delete()
  await db.from('rule_runs').delete()
  await db.from('automation_rules').delete()
  // fixrec is the engines' fixture: rules in these tests see only the records they made
  await db.from('fixrec_deals').delete()
  await db.from('fixrec_contacts').delete()
}

export async function makeContact(values: Partial<{ name: string; grade: string | null; birthday: string | null; ownerId: number | null; vip: boolean }> = {}) {
  return FixrecContact.create({ name: 'Contact', vip: false, ...values })
}

export async function makeDeal(title: string, amount: string, createdBy: number | null = null) {
  return FixrecDeal.create({ title, amount: Money.of(amount), state: 'draft', createdBy, ownerId: createdBy })
}
