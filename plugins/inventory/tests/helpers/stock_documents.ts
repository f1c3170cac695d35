/*
 * Test helpers of the stock documents: a draft (or posted) receipt, issue,
 * transfer or scrap written through the same service the pages use.
 */
import type { StockDocKind } from '../../services/stock_doc_kinds.js'
import { saveDraft, postDocument, type StockDocInput } from '../../services/stock_documents.js'
import type { StockDocument } from '../../models/stock_document.js'

export async function makeDraft(kind: StockDocKind, input: StockDocInput, user: { id: number; departmentId?: number | null } | null = null): Promise<StockDocument> {
  return saveDraft(kind, null, input, user)
}

export async function makePosted(kind: StockDocKind, input: StockDocInput, user: { id: number } | null = null): Promise<StockDocument> {
  const doc = await saveDraft(kind, null, input, user)
  await postDocument(doc, user)
  return doc
}
