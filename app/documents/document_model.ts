/*
 * The model side of the document base. A plugin's document model:
 *
 *   export default class SalesOrder extends compose(BaseModel, withDocument) {
 *     static documentType = 'sales.order'
 *     static table = 'sales_orders'
 *     @moneyColumn() declare total: Money
 *   }
 *
 * It gets the shared columns, the audit trail, and the lock: once a document
 * leaves draft, saves and deletes are refused (only `transition` changes it).
 * Lines of a document use `withDocumentLine` so they are locked with it.
 */
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { BaseModel, beforeDelete, beforeSave, beforeUpdate, column } from '@adonisjs/lucid/orm'
import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import { withAudit } from './audit.js'
import { isEditable, type DocumentState } from './document_states.js'
import { DocumentLockedError } from './document_errors.js'

/** Set by `transition` on the instance it saves, so the lock lets the state change through. */
export const TRANSITIONING = Symbol.for('loom.documents.transitioning')

export interface DocumentRow extends LucidRow {
  id: number
  number: string | null
  state: DocumentState
  ownerId: number | null
  departmentId: number | null
  createdBy: number | null
  submittedAt: DateTime | null
  confirmedAt: DateTime | null
  cancelledAt: DateTime | null
}

export type DocumentModel = LucidModel & { documentType: string; new (): DocumentRow }

function lockedError(row: LucidRow, action: 'edit' | 'delete') {
  const state = (row as any).$original.state ?? (row as any).state
  return new DocumentLockedError(`documents.errors.locked_${action}`, { number: (row as any).$original.number ?? '', state })
}

export function withDocument<T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) {
  class Document extends withAudit(superclass) {
    /** `<plugin>.<document>`, as declared in the plugin manifest's `documents` */
    static documentType: string
    static auditExclude = ['created_at', 'updated_at', 'submitted_at', 'confirmed_at', 'cancelled_at']

    @column({ isPrimary: true })
    declare id: number

    @column()
    declare number: string | null

    @column()
    declare state: DocumentState

    @column()
    declare ownerId: number | null

    @column()
    declare departmentId: number | null

    @column()
    declare createdBy: number | null

    @column.dateTime()
    declare submittedAt: DateTime | null

    @column.dateTime()
    declare confirmedAt: DateTime | null

    @column.dateTime()
    declare cancelledAt: DateTime | null

    @column.dateTime({ autoCreate: true })
    declare createdAt: DateTime

    @column.dateTime({ autoCreate: true, autoUpdate: true })
    declare updatedAt: DateTime | null

    get isEditable() {
      return isEditable(this.$original.state ?? this.state)
    }

    @beforeSave()
    static defaultState(row: Document) {
      if (!row.$isPersisted && !row.state) row.state = 'draft'
      if (!row.$isPersisted && row.state !== 'draft' && !(row as any)[TRANSITIONING]) {
        // New documents start as drafts; only a transition moves them on.
        throw new DocumentLockedError('documents.errors.must_start_draft', { state: row.state })
      }
    }

    @beforeUpdate()
    static refuseLockedEdit(row: Document) {
      if ((row as any)[TRANSITIONING]) return
      if (!isEditable(row.$original.state)) throw lockedError(row, 'edit')
      if ('state' in row.$dirty || 'number' in row.$dirty) {
        // State and number change only through transition(): hooks, audit, numbering.
        throw new DocumentLockedError('documents.errors.state_via_transition', {})
      }
    }

    @beforeDelete()
    static refuseLockedDelete(row: Document) {
      if (!isEditable(row.$original.state)) throw lockedError(row, 'delete')
    }
  }
  return Document
}

/**
 * Lines (and any child row) of a document: saving or deleting one is refused
 * once its document has left draft. Named by table and column (not by model)
 * so a line model and its document model may refer to each other.
 *
 *   class SalesOrderLine extends compose(BaseModel, withDocumentLine({ table: 'sales_orders', foreignKey: 'orderId' })) {}
 */
export function withDocumentLine(parent: { table: string; foreignKey: string }) {
  return <T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) => {
    class DocumentLine extends withAudit(superclass) {
      static async assertParentEditable(row: LucidRow, action: 'edit' | 'delete') {
        const id = (row as any).$original[parent.foreignKey] ?? (row as any)[parent.foreignKey]
        const client = (row.$trx as any) ?? db.connection()
        const doc = await client.from(parent.table).where('id', id).select('number', 'state').first()
        if (doc && !isEditable(doc.state)) {
          throw new DocumentLockedError(`documents.errors.locked_${action}`, { number: doc.number ?? '', state: doc.state })
        }
      }

      @beforeSave()
      static async refuseLockedLineSave(row: LucidRow) {
        await DocumentLine.assertParentEditable(row, 'edit')
      }

      @beforeDelete()
      static async refuseLockedLineDelete(row: LucidRow) {
        await DocumentLine.assertParentEditable(row, 'delete')
      }
    }
    return DocumentLine
  }
}
