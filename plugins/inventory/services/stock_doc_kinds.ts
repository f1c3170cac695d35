/*
 * What distinguishes the four stock documents: type, tables, models, the
 * purposes (counterparts) a document may have and the location kinds its
 * lines may use. Everything else is shared (services/stock_documents.ts).
 */
import type { LocationKind } from '../api.js'
import { Issue, IssueLine, Receipt, ReceiptLine, Scrap, ScrapLine, Transfer, TransferLine } from '../models/stock_document.js'

export const STOCK_DOC_KINDS = ['receipt', 'issue', 'transfer', 'scrap'] as const
export type StockDocKind = (typeof STOCK_DOC_KINDS)[number]

type Counterpart = 'supplier' | 'customer' | 'production' | 'adjustment' | 'scrap'

export interface StockDocKindInfo {
  kind: StockDocKind
  type: string
  table: string
  lineTable: string
  /** URL segment under /inventory and route name stem */
  path: string
  model: typeof Receipt | typeof Issue | typeof Transfer | typeof Scrap
  lineModel: typeof ReceiptLine | typeof IssueLine | typeof TransferLine | typeof ScrapLine
  /** purpose → the virtual counterpart location (receipt: from, issue/scrap: to); none for transfers */
  purposes: Record<string, Counterpart>
  defaultPurpose: string | null
  /** Location kinds a line's location may have (receipt: target; others: source) */
  locationKinds: (purpose: string | null) => LocationKind[]
}

const STOCK: LocationKind[] = ['internal', 'quarantine', 'customer_supplied']

export const KINDS: Record<StockDocKind, StockDocKindInfo> = {
  receipt: {
    kind: 'receipt', type: 'inventory.receipt', table: 'inventory_receipts', lineTable: 'inventory_receipt_lines', path: 'receipts',
    model: Receipt, lineModel: ReceiptLine,
    purposes: { misc: 'adjustment', opening: 'adjustment', supplier: 'supplier', production: 'production', customer_supplied: 'customer' },
    defaultPurpose: 'misc',
    // 客供料 goes only into customer-supplied locations, own stock never does.
    locationKinds: (purpose) => (purpose === 'customer_supplied' ? ['customer_supplied'] : ['internal', 'quarantine']),
  },
  issue: {
    kind: 'issue', type: 'inventory.issue', table: 'inventory_issues', lineTable: 'inventory_issue_lines', path: 'issues',
    model: Issue, lineModel: IssueLine,
    purposes: { production: 'production', customer: 'customer', misc: 'adjustment' },
    defaultPurpose: 'production',
    locationKinds: () => STOCK,
  },
  transfer: {
    kind: 'transfer', type: 'inventory.transfer', table: 'inventory_transfers', lineTable: 'inventory_transfer_lines', path: 'transfers',
    model: Transfer, lineModel: TransferLine,
    purposes: {},
    defaultPurpose: null,
    locationKinds: () => STOCK,
  },
  scrap: {
    kind: 'scrap', type: 'inventory.scrap', table: 'inventory_scraps', lineTable: 'inventory_scrap_lines', path: 'scraps',
    model: Scrap, lineModel: ScrapLine,
    purposes: { damaged: 'scrap', expired: 'scrap', quality: 'scrap', other: 'scrap' },
    defaultPurpose: 'damaged',
    locationKinds: () => STOCK,
  },
}

export function kindOfType(type: string): StockDocKindInfo {
  const found = Object.values(KINDS).find((k) => k.type === type)
  if (!found) throw new Error(`inventory: ${type} is not a stock document`)
  return found
}
