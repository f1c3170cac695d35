/*
 * Approval flows: per approvable document type, a name, a priority (lower is
 * tried first), active or not, conditions on the document's fields and the
 * chain of steps. Every save bumps the version; instances keep the snapshot
 * they took at submit, so an edit never changes a document in flight.
 */
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import plugins from '#services/plugins'
import { fieldsOf } from '#kernel/records/fields'
import { evaluateConditions, validateConditions, type ConditionGroup } from '#kernel/records/conditions'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { parseSteps, type ApprovalStep } from './steps.js'

export interface ApprovalFlow {
  id: number
  documentType: string
  name: string
  priority: number
  isActive: boolean
  conditions: ConditionGroup
  steps: ApprovalStep[]
  version: number
  updatedAt: Date | string | null
}

/** Document types admins may define flows for: documents that declare fields, unless `approvable: false`. */
export function approvableTypes(): RegisteredRecordType[] {
  return plugins.recordTypes().filter((t) => t.document && plugins.documentType(t.type)?.approvable !== false)
}

export function isApprovable(type: string) {
  return approvableTypes().some((t) => t.type === type)
}

function parseGroup(json: string | null): ConditionGroup {
  try {
    const raw = JSON.parse(json ?? '{}')
    return { match: raw.match === 'any' ? 'any' : 'all', conditions: Array.isArray(raw.conditions) ? raw.conditions : [] }
  } catch {
    return { match: 'all', conditions: [] }
  }
}

export function flowFromRow(row: any): ApprovalFlow {
  return {
    id: row.id,
    documentType: row.document_type,
    name: row.name,
    priority: Number(row.priority),
    isActive: row.is_active === true || row.is_active === 1 || row.is_active === '1',
    conditions: parseGroup(row.conditions),
    steps: parseSteps(row.steps),
    version: Number(row.version),
    updatedAt: row.updated_at ?? row.created_at,
  }
}

export async function listFlows(client: QueryClientContract = db.connection()): Promise<ApprovalFlow[]> {
  const rows = await client.from('approval_flows').orderBy('document_type').orderBy('priority').orderBy('id')
  return rows.map(flowFromRow)
}

export async function findFlow(id: number, client: QueryClientContract = db.connection()): Promise<ApprovalFlow | null> {
  const row = await client.from('approval_flows').where('id', id).first()
  return row ? flowFromRow(row) : null
}

export interface FlowInput {
  documentType: string
  name: string
  priority: number
  isActive: boolean
  conditions: ConditionGroup
  steps: ApprovalStep[]
}

/** Creates a flow, or updates one (bumping its version). Inputs are already validated. */
export async function saveFlow(input: FlowInput, userId: number | null, id?: number): Promise<number> {
  const values = {
    document_type: input.documentType,
    name: input.name,
    priority: input.priority,
    is_active: input.isActive,
    conditions: JSON.stringify(input.conditions),
    steps: JSON.stringify(input.steps),
    updated_by: userId,
    updated_at: new Date(),
  }
  return db.transaction(async (trx) => {
    if (id) {
      await trx.from('approval_flows').where('id', id).update(values)
      await trx.from('approval_flows').where('id', id).increment('version', 1)
      return id
    }
    const [row] = await trx.insertQuery().table('approval_flows').insert({ ...values, version: 1, created_at: new Date() }).returning('id')
    return Number(typeof row === 'object' ? row.id : row)
  })
}

export async function deleteFlow(id: number) {
  // Instances keep their snapshot; their flow_id becomes null.
  await db.from('approval_flows').where('id', id).delete()
}

/** The first active flow of `type` (lowest priority number) whose conditions the document row meets. */
export async function matchingFlow(type: string, row: Record<string, unknown>, client: QueryClientContract): Promise<ApprovalFlow | null> {
  if (!isApprovable(type)) return null
  const rows = await client.from('approval_flows').where('document_type', type).where('is_active', true).orderBy('priority').orderBy('id')
  if (!rows.length) return null
  const fields = await fieldsOf(type, client)
  for (const flowRow of rows) {
    const flow = flowFromRow(flowRow)
    // Re-validate against today's fields: a field that disappeared makes the condition unusable, not silently true.
    const { group, problems } = validateConditions(flow.conditions, fields)
    if (problems.length) continue
    if (flow.steps.length && evaluateConditions(group, fields, row)) return flow
  }
  return null
}
