/*
 * Document hooks: plugins declare `hooks: { '<document type>': { beforeConfirm: fn } }`
 * in their manifest. The documents engine runs them inside the transition's
 * transaction; a `before*` hook vetoes by throwing HookVeto with a message the
 * user reads (an i18n key plus data, or plain text in both languages).
 */
import plugins from '#services/plugins'
import type { DocumentHookEvent, DocumentHookName, LocalizedText } from './define_plugin.js'

export class HookVeto extends Error {
  /**
   * @param message i18n key (e.g. `sales.errors.credit_limit`) or text in both languages
   * @param data    values interpolated into the translated message
   */
  constructor(
    public userMessage: string | LocalizedText,
    public data: Record<string, unknown> = {},
    public plugin: string | null = null
  ) {
    super(typeof userMessage === 'string' ? userMessage : userMessage.en)
  }

  /** The message in the user's language. */
  translate(i18n: { locale: string; t: (key: string, data?: any) => string }): string {
    if (typeof this.userMessage !== 'string') {
      return i18n.locale === 'en' ? this.userMessage.en : this.userMessage['zh-CN']
    }
    return i18n.t(this.userMessage, this.data as any)
  }
}

/**
 * Runs the hooks every enabled plugin (and the kernel) declares for a document
 * type and hook name, in load order. Errors (a HookVeto or any other) propagate
 * to the caller, who rolls back the transaction.
 */
export async function runDocumentHooks(name: DocumentHookName, event: DocumentHookEvent): Promise<void> {
  for (const { plugin, fn } of plugins.hooks(event.type, name)) {
    try {
      await fn(event)
    } catch (error) {
      if (error instanceof HookVeto) error.plugin ??= plugin
      throw error
    }
  }
}
