/*
 * The one error stock refuses with: a message in both languages (an i18n key
 * of inventory's language files plus its data) and, when it is about one
 * input, the form field it belongs to, so a page can show it on that field.
 * It is a HookVeto, so a refusal inside a document transition rolls it back
 * and reaches the user like any veto.
 */
import { HookVeto } from '#kernel/plugins/document_hooks'

export class StockError extends HookVeto {
  constructor(
    key: string,
    data: Record<string, unknown> = {},
    /** The form field the message belongs to, e.g. `lines.0.quantity`. */
    public field: string | null = null
  ) {
    super(key, data, 'inventory')
  }

  /** The i18n key of the message, e.g. 'inventory.errors.insufficient_stock'. */
  get key(): string {
    return this.userMessage as string
  }
}
