/*
 * The plugin contract: what a plugin's `plugin.ts` manifest may declare.
 *
 * A manifest is data (plus the listener/hook/slot functions it names), so the
 * kernel can read menus, permissions, jobs, dependencies and settings without
 * booting the plugin. Everything a plugin adds to Loom goes through here.
 */
import type { HttpContext } from '@adonisjs/core/http'
import type { VineObject } from '@vinejs/vine'

/** A label in both languages Loom ships. */
export type LocalizedText = { 'zh-CN': string; 'en': string }

/** Data scope a permission is granted with (see docs/decisions/003-access.md). */
export type DataScope = 'own' | 'department' | 'subtree' | 'all'

export interface PermissionDeclaration {
  /** `<plugin>.<resource>.<action>`, e.g. `sales.order.confirm` */
  code: string
  label: LocalizedText
  /** Permissions on record types carry a data scope; plain actions do not. */
  scoped?: boolean
}

export interface MenuEntry {
  /** Unique within the plugin, e.g. `items` */
  key: string
  /** i18n key of the label, e.g. `inventory.menu.items` */
  label: string
  /** Route name the entry links to */
  route: string
  /** Shown only to users holding this permission */
  permission?: string
  /** Lower comes first */
  order?: number
  /** Key of a parent entry (same plugin) to nest under */
  parent?: string
  /** Short name of an icon in resources/views/components/icon.edge */
  icon?: string
}

export interface DocumentTypeDeclaration {
  /** `<plugin>.<document>`, e.g. `sales.order` */
  type: string
  label: LocalizedText
  /** Default numbering pattern, e.g. `SO-{YYYY}-{#####}` */
  numberPattern?: string
  /** Resets the counter each year when the pattern contains {YYYY} */
  resetYearly?: boolean
  /** Table that holds the documents, used by generic engines (audit, scopes). */
  table?: string
  /** Permission prefix, e.g. `sales.order` → `sales.order.view` … */
  permissionPrefix?: string
}

export interface JobDeclaration {
  /** Unique within the plugin; the scheduler registers `<plugin>.<name>` */
  name: string
  /** File path relative to the plugin folder, e.g. `jobs/recompute_rfm.ts` */
  file: string
  cron?: string
  interval?: string
  /** i18n key describing the job for the admin page */
  label?: string
}

export type ListenerFn = (payload: any) => unknown | Promise<unknown>

export interface SlotContribution {
  /** Edge view rendered into the slot, e.g. `crm::partials/customer_orders_tab` */
  view: string
  /** Lower comes first */
  order?: number
  /** i18n key of a title (tabs use it as the tab label) */
  title?: string
  permission?: string
  /** Loads the data the view needs; receives the slot's context */
  data?: (context: Record<string, any>, ctx: HttpContext | null) => Record<string, any> | Promise<Record<string, any>>
}

/** Document lifecycle hooks; `before*` hooks may veto with HookVeto. */
export type DocumentHookName =
  | 'beforeSubmit'
  | 'afterSubmit'
  | 'beforeConfirm'
  | 'afterConfirm'
  | 'beforePost'
  | 'afterPost'
  | 'beforeCancel'
  | 'afterCancel'
  | 'beforeComplete'
  | 'afterComplete'

export type DocumentHookFn = (event: DocumentHookEvent) => unknown | Promise<unknown>

export interface DocumentHookEvent {
  type: string
  document: any
  from: string
  to: string
  /** The transaction the transition runs in: write every ledger row through it. */
  trx: any
  userId: number | null
}

export interface ReportSourceDeclaration {
  /** `<plugin>.<source>` */
  id: string
  label: LocalizedText
  /** Module (relative to the plugin folder) exporting the source's query builder */
  file: string
  permission?: string
}

export interface PluginManifest {
  id: string
  version: string
  name: LocalizedText
  description?: LocalizedText
  /** `{ kernel: '^1.0.0', inventory: '^1.0.0' }` — semver ranges */
  depends?: Record<string, string>
  permissions?: PermissionDeclaration[]
  menu?: MenuEntry[]
  documents?: DocumentTypeDeclaration[]
  jobs?: JobDeclaration[]
  /** `{ 'sales:order.confirmed': handler }` */
  listeners?: Record<string, ListenerFn | ListenerFn[]>
  /** `{ 'sales.order': { beforeConfirm: fn } }` */
  hooks?: Record<string, Partial<Record<DocumentHookName, DocumentHookFn>>>
  /** `{ 'workbench.widgets': [{ view, data }] }` */
  slots?: Record<string, SlotContribution[]>
  /** VineJS object schema of the plugin's settings */
  settings?: VineObject<any, any, any, any>
  /** Default values of the settings */
  settingsDefaults?: Record<string, unknown>
  /** `{ 'sales.order': 'sales::print/order' }` */
  printTemplates?: Record<string, string>
  reportSources?: ReportSourceDeclaration[]
  /** Seeder files relative to the plugin folder, run for demo data in order */
  seeders?: string[]
}

/**
 * Declares a plugin. Returns the manifest unchanged; the kernel validates it
 * when it discovers the plugin and reports every problem with the plugin's id.
 */
export function definePlugin<const T extends PluginManifest>(manifest: T): T {
  return manifest
}
