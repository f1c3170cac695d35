/*
 * State actions on documents that are record types, for the API:
 *
 *   await transitionRecord('fixrec.deal', 7, 'submit', user)
 *
 * Goes through the documents engine's `transition()` (hooks may veto, the
 * number is given on submit, audit, one transaction) on a model built from
 * the record type's declaration, so no plugin model needs to be imported.
 * The action's permission is `<prefix>.<action>` when the plugin declares
 * it (e.g. fixrec.deal.confirm), else `<prefix>.edit`; the document must be
 * in the user's scope for it.
 */
import { BaseModel } from '@adonisjs/lucid/orm'
import { compose } from '@adonisjs/core/helpers'
import plugins from '#services/plugins'
import type User from '#models/user'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import { withDocument, type DocumentModel } from '#kernel/documents/document_model'
import { transition } from '#kernel/documents/transition_document'
import type { DocumentState } from '#kernel/documents/document_states'
import { userCan } from '#services/authorization'
import { findInScopeOrFail } from '#services/data_scope'
import { recordTypeOrFail } from './fields.js'
import { permissionPrefixOf, readRow, RecordForbiddenError } from './record_writer.js'

/** API action name → target state. */
export const RECORD_ACTIONS: Record<string, DocumentState> = {
  submit: 'submitted',
  confirm: 'confirmed',
  post: 'posted',
  cancel: 'cancelled',
  complete: 'done',
}

const models = new Map<string, DocumentModel>()

function camel(name: string) {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/** A Lucid document model for a record type (built once). Its declared fields are columns, so hooks read them. */
export function documentModelFor(recordType: RegisteredRecordType): DocumentModel {
  const cached = models.get(recordType.type)
  if (cached) return cached
  class GenericDocument extends compose(BaseModel, withDocument) {
    static table = recordType.table
    static documentType = recordType.type
  }
  GenericDocument.boot()
  for (const field of recordType.fields) {
    const property = camel(field.name)
    if (!GenericDocument.$hasColumn(property)) GenericDocument.$addColumn(property, { columnName: field.name })
  }
  models.set(recordType.type, GenericDocument as unknown as DocumentModel)
  return GenericDocument as unknown as DocumentModel
}

/** The permission an action needs. */
export function actionPermission(recordType: RegisteredRecordType, action: string): string {
  const prefix = permissionPrefixOf(recordType)
  const declared = !!plugins.permission(`${prefix}.${action}`)
  return declared ? `${prefix}.${action}` : `${prefix}.edit`
}

/** Runs a state action; returns the stored row afterwards. Errors: the documents engine's (422) or a HookVeto. */
export async function transitionRecord(type: string | RegisteredRecordType, id: number | string, action: string, user: User) {
  const recordType = typeof type === 'string' ? recordTypeOrFail(type) : type
  const to = RECORD_ACTIONS[action]
  if (!recordType.document || !to) throw new UnknownActionError(action)
  const permission = actionPermission(recordType, action)
  if (!(await userCan(user, permission))) throw new RecordForbiddenError(permission)
  const prefix = permissionPrefixOf(recordType)
  await findInScopeOrFail(recordType.table, id, user, permission)
  // Seeing it is not enough when the action is scoped differently; both must hold.
  await findInScopeOrFail(recordType.table, id, user, `${prefix}.view`)

  const Model = documentModelFor(recordType)
  const doc = await Model.findOrFail(id)
  // transition() announces the change (kernel:record.state_changed) once it is committed.
  await transition(doc as any, to, { user })
  return readRow(recordType, id)
}

export class UnknownActionError extends Error {
  constructor(public action: string) {
    super(`Unknown action ${action}`)
  }
}
