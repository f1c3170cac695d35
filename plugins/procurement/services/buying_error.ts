/*
 * The refusal of buying's services: an i18n key (procurement_buying.errors.*)
 * with its data and, when it is about one input, the form field, so pages
 * show it on that field (422). A HookVeto, so inside a transition it rolls
 * back like any veto. Inventory's StockError has the same shape.
 */
import { HookVeto } from '#kernel/plugins/document_hooks'

export class BuyingError extends HookVeto {
  constructor(
    key: string,
    data: Record<string, unknown> = {},
    public field: string | null = null
  ) {
    super(key.includes('.') ? key : `procurement_buying.errors.${key}`, data, 'procurement')
  }
}

/** A refusal that names a form field (ours or inventory's StockError). */
export function fieldOf(error: unknown): string | null {
  return error instanceof HookVeto && typeof (error as any).field === 'string' ? (error as any).field : null
}
