/*
 * The plugin contract: what a plugin's `plugin.ts` manifest may declare.
 *
 * A manifest is data (plus the listener/hook/slot functions it names), so the
 * kernel can read menus, permissions, jobs, dependencies and settings without
 * booting the plugin. Everything a plugin adds to Loom goes through here.
 */
import type { HttpContext } from '@adonisjs/core/http'
import type { VineObject } from '@vinejs/vine'
import type { LoomEvents } from '#services/events'

/** A label in both languages Loom ships. */
export type LocalizedText = { 'zh-CN': string; 'en': string }

/** Data scope a permission is granted with (see docs/decisions/002-access.md). */
export type DataScope = 'own' | 'department' | 'subtree' | 'all'

export interface PermissionDeclaration {
  /** `<plugin>.<resource>.<action>`, e.g. `sales.order.confirm` */
  code: string
  label: LocalizedText
  /** Permissions on record types carry a data scope; plain actions do not. */
  scoped?: boolean
}

/** A field that roles may hide or make read-only (see app/services/field_permissions.ts). */
export interface FieldPermissionDeclaration {
  /** `<record type>.<field>` with the snake_case column name, e.g. `sales.order.cost_total` */
  field: string
  label: LocalizedText
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

/**
 * Kinds of field the generic engines (custom fields, import/export, API,
 * approval conditions, automation rules, reports) understand.
 * Storage: text/textarea/select → string; number, money and quantity →
 * BIGINT micros (app/numbers), exact and sortable; date → 'YYYY-MM-DD';
 * datetime → timestamp; multiselect → JSON array of option values;
 * boolean; user → users.id; reference → id of a record of `reference`.
 */
export const FIELD_KINDS = [
  'text',
  'textarea',
  'number',
  'money',
  'quantity',
  'date',
  'datetime',
  'select',
  'multiselect',
  'boolean',
  'user',
  'reference',
] as const
export type FieldKind = (typeof FIELD_KINDS)[number]

export interface FieldOption {
  value: string
  label: LocalizedText
}

/** A field of a registered record type, as engines see it. */
export interface RecordFieldDeclaration {
  /** snake_case column name, e.g. `credit_limit` */
  name: string
  kind: FieldKind
  label: LocalizedText
  required?: boolean
  /** For select / multiselect */
  options?: FieldOption[]
  /** For reference: the record type pointed at, e.g. `crm.customer` */
  reference?: string
  /** Maximum length for text */
  maxLength?: number
  /** Set by the system (number, state, totals): shown and exported, never imported or written through the API */
  readonly?: boolean
}

/**
 * A record type engines work on generically: a master record (customer, item)
 * or, through `documents[].fields`, a document. See docs/decisions/007-record-types.md.
 */
export interface RecordTypeDeclaration {
  /** `<plugin>.<record>`, e.g. `crm.customer` */
  type: string
  label: LocalizedText
  /** Table holding the records; primary key `id` */
  table: string
  /** Permission prefix: `<prefix>.view`, `<prefix>.create`, `<prefix>.edit`, `<prefix>.delete` */
  permissionPrefix?: string
  fields: RecordFieldDeclaration[]
  /** Field shown as the record's name in links, pickers and notifications (default: first text field) */
  titleField?: string
  /** Route name of the record's page, taking `{ id }` */
  detailRoute?: string
  /**
   * The record type's own create/update (the ones its pages use). The generic
   * record writer (API, web forms) validates the input, then calls these
   * instead of writing the row itself. See docs/plugins.md, "REST API".
   */
  actions?: RecordActions
  /** Opt in to public web forms (web-to-record): the fields a form may fill */
  webForm?: { fields: string[] }
}

/** What a record type's own create/update receive: validated values, column → stored value. */
export interface RecordActionContext {
  /** The acting user (a User model) */
  user: any
  /** The request's language, for messages */
  locale: string
}

export interface RecordActions {
  /** Creates the record from validated values (column → stored value); returns its id */
  create?: (values: Record<string, unknown>, context: RecordActionContext) => Promise<number | string>
  /** Changes the record; `values` holds only the fields sent */
  update?: (id: number | string, values: Record<string, unknown>, context: RecordActionContext) => Promise<void>
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
  /**
   * A ledger document (stock entry, invoice, payment) goes submitted → posted;
   * any other (order, quotation) goes submitted → confirmed. See app/documents.
   */
  posts?: boolean
  /** Its fields for the generic engines; a document with fields is also a record type */
  fields?: RecordFieldDeclaration[]
  titleField?: string
  detailRoute?: string
  /** As on RecordTypeDeclaration */
  actions?: RecordActions
  webForm?: { fields: string[] }
  /** Whether admins may define approval flows for it (documents with `fields`; default true) */
  approvable?: boolean
  /**
   * Loads the document's Lucid model (a `withDocument` model), so kernel engines
   * (approvals) can move a document of this type through `transition()`:
   * `model: () => import('./models/sales_order.js')`
   */
  model?: () => Promise<{ default: unknown } | unknown>
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

/**
 * Listeners keyed by event name. Events declared in LoomEvents (see
 * app/services/events.ts) get a typed payload; other names are accepted with
 * an untyped one.
 */
export type ListenerMap = {
  [K in keyof LoomEvents]?: ((payload: LoomEvents[K]) => unknown) | Array<(payload: LoomEvents[K]) => unknown>
} & Record<string, ListenerFn | ListenerFn[]>

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

/** Paper a print template is laid out for. */
export type PrintPaper = 'A4' | 'A5'

/**
 * A print template: `/print/<document type>/<id>.pdf` (and `.html`).
 * See docs/decisions/004-printing.md.
 */
export interface PrintTemplateDeclaration {
  /** Edge view on the plugin's disk, e.g. `sales::print/order`; it uses the `print/layout` component */
  view: string
  /**
   * Loads what the view needs for record `id`, applying the caller's access
   * (data scope, field permissions): return null (or throw NotFoundException)
   * when the record does not exist or is outside the user's scope → 404;
   * throw ForbiddenException for a missing permission → 403.
   */
  load: (id: string, ctx: HttpContext) => Record<string, any> | null | Promise<Record<string, any> | null>
  /** Permission the user needs before the loader runs (403 without it); omit when the loader decides */
  permission?: string
  /** Default A4 */
  paper?: PrintPaper
  landscape?: boolean
  /** Title in the PDF header and the download's file name; receives the loaded data */
  title?: (data: Record<string, any>, ctx: HttpContext) => string
}

/**
 * An event a plugin raises for automation rules, about one record of
 * `recordType` (e.g. "a customer visit was logged"). The plugin raises it with
 * `triggerAutomationEvent(id, { recordId, userId })` (app/rules/trigger_automation_event.ts).
 */
export interface AutomationEventDeclaration {
  /** `<plugin>:<entity>.<verb>`, e.g. `crm:customer.visited` */
  id: string
  label: LocalizedText
  /** The registered record type the event is about */
  recordType: string
}

/** What an automation action receives when a rule runs it. */
export interface AutomationActionContext<Options = any> {
  rule: { id: number; name: string }
  recordType: string
  recordId: string
  /** The record's columns now (null when it was deleted) */
  record: Record<string, unknown> | null
  /** Columns before the change, for updates */
  before: Record<string, unknown> | null
  /** The rule's event, e.g. `record.updated` */
  event: string
  /** The action's options, as validated by its schema */
  options: Options
  /** Who made the change the rule reacts to (null for the system) */
  userId: number | null
  /** How deep in a chain of automated changes this run is */
  depth: number
}

/** What an action tells the run log: a short note, or that it had nothing to do. */
export type AutomationActionResult = void | string | { skipped?: boolean; note?: string }

/** An action automation rules can run; see docs/automation.md. */
export interface AutomationActionDeclaration {
  /** `<plugin>.<action>`, e.g. `crm.send_sms` */
  id: string
  label: LocalizedText
  /** VineJS object schema of the action's options (what the admin fills in) */
  options?: VineObject<any, any, any, any>
  /** It writes the record it runs for: the loop check treats it like "set field" */
  writesRecord?: boolean
  /** Runs after the change was committed; a throw is logged as the run's error, never shown to the user */
  run: (context: AutomationActionContext) => AutomationActionResult | Promise<AutomationActionResult>
}

/**
 * A dataset importer: `node ace import:dataset <dataset> <dir>` (and
 * `import:adventureworks <dir>`) runs the importers of every enabled plugin
 * that declares one for the dataset, in dependency order, each in its own
 * transaction. See docs/plugins.md, "Dataset importers".
 */
export interface DatasetImporterDeclaration {
  /** The dataset's id, e.g. `adventureworks` (lowercase letters, digits, _ or -) */
  dataset: string
  /** Module relative to the plugin folder whose default export is a DatasetImporter (app/impex/datasets.ts) */
  file: string
  /** What it imports, shown in the command's output */
  label?: LocalizedText
  /**
   * Source tables it reads (file names without `.csv.gz` / `.csv`, e.g. `Purchasing.Vendor`):
   * the command refuses the folder before anything is written when one is missing.
   */
  tables?: string[]
}

export interface PluginManifest {
  id: string
  version: string
  name: LocalizedText
  description?: LocalizedText
  /** `{ kernel: '^1.0.0', inventory: '^1.0.0' }` — semver ranges */
  depends?: Record<string, string>
  permissions?: PermissionDeclaration[]
  /** Fields roles may hide or make read-only, honoured in pages, exports, PDFs and the API */
  fieldPermissions?: FieldPermissionDeclaration[]
  menu?: MenuEntry[]
  documents?: DocumentTypeDeclaration[]
  /** Master records (customers, items …) the generic engines work on */
  records?: RecordTypeDeclaration[]
  jobs?: JobDeclaration[]
  /** `{ 'sales:order.confirmed': handler }` */
  listeners?: ListenerMap
  /** `{ 'sales.order': { beforeConfirm: fn } }` */
  hooks?: Record<string, Partial<Record<DocumentHookName, DocumentHookFn>>>
  /** `{ 'workbench.widgets': [{ view, data }] }` */
  slots?: Record<string, SlotContribution[]>
  /** VineJS object schema of the plugin's settings */
  settings?: VineObject<any, any, any, any>
  /** Default values of the settings */
  settingsDefaults?: Record<string, unknown>
  /**
   * `{ 'sales.order': { view: 'sales::print/order', load, permission: 'sales.order.view', paper: 'A4' } }`.
   * The older form `{ 'sales.order': 'sales::print/order' }` (a view only) is still read, but a
   * template without a loader cannot be printed (the print routes answer 404).
   */
  printTemplates?: Record<string, string | PrintTemplateDeclaration>
  reportSources?: ReportSourceDeclaration[]
  /** Events and actions the plugin adds to automation rules */
  automation?: { events?: AutomationEventDeclaration[]; actions?: AutomationActionDeclaration[] }
  /** Seeder files relative to the plugin folder, run for demo data in order */
  seeders?: string[]
  /** Importers of real sample datasets (`node ace import:dataset`) */
  datasetImporters?: DatasetImporterDeclaration[]
}

/**
 * Declares a plugin. Returns the manifest unchanged; the kernel validates it
 * when it discovers the plugin and reports every problem with the plugin's id.
 */
export function definePlugin<const T extends PluginManifest>(manifest: T): T {
  return manifest
}
