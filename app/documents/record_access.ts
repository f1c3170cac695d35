/*
 * Who may see a document's comments and attachments: whoever may view the
 * document itself — the type's `<permissionPrefix>.view` permission (403
 * without it) and the record inside that permission's data scope (404
 * outside it, never a leak). The scope rules are the kernel's one
 * implementation, app/services/data_scope.ts.
 */
import type User from '#models/user'
import plugins from '#services/plugins'
import { userCan } from '#services/authorization'
import { findInScopeOrFail } from '#services/data_scope'
import NotFoundException from '#exceptions/not_found_exception'
import ForbiddenException from '#exceptions/forbidden_exception'

export interface DocumentRef {
  type: string
  id: string
  table: string
  permission: string
  /** The record's row (id, number, owner_id, department_id …) */
  row: Record<string, any>
}

/** The document `type`/`id` if `user` may view it; ForbiddenException (403) or NotFoundException (404) otherwise. */
export async function findViewableDocument(user: User, type: string, id: string | number): Promise<DocumentRef> {
  const declared = plugins.documentType(type)
  if (!declared?.table || !/^\d+$/.test(String(id))) throw new NotFoundException()
  const permission = `${declared.permissionPrefix ?? type}.view`
  if (!(await userCan(user, permission))) throw new ForbiddenException(permission)
  const row = await findInScopeOrFail(declared.table, Number(id), user, permission)
  return { type, id: String(row.id), table: declared.table, permission, row }
}
