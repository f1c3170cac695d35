/*
 * Document type → URL of the document's page, for drill-down from the stock
 * ledger. A document type declared in a manifest with a `detailRoute` links
 * there (so documents of other plugins — purchase orders, deliveries — link
 * without inventory importing them); a type without one, or whose plugin is
 * not enabled, has no link.
 */
import router from '@adonisjs/core/services/router'
import plugins from '#services/plugins'

export function documentLinker(): (type: string, id: number | string) => string | null {
  const routes = new Map<string, string | null>()
  const routeOf = (type: string) => {
    if (!routes.has(type)) {
      const declared = plugins.documentType(type) ?? plugins.recordType(type)
      routes.set(type, declared?.detailRoute ?? null)
    }
    return routes.get(type)!
  }
  return (type, id) => {
    const route = routeOf(type)
    if (!route) return null
    try {
      return router.builder().params({ id }).make(route)
    } catch {
      return null
    }
  }
}

/** The document type's label in the locale, or the type itself. */
export function documentLabel(type: string, locale: string): string {
  const declared = plugins.documentType(type)
  if (!declared) return type
  return (declared.label as Record<string, string>)[locale] ?? declared.label.en ?? type
}
