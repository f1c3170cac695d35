/*
 * What automation rules can react to and do: the kernel's record events and
 * actions, plus the events and actions enabled plugins declare in their
 * manifests (`automation: { events, actions }`).
 */
import plugins from '#services/plugins'
import type { AutomationActionDeclaration, LocalizedText, RecordFieldDeclaration } from '#kernel/plugins/define_plugin'
import type { RegisteredRecordType } from '#kernel/plugins/plugin_registry'
import type { BuiltinAction } from './actions/builtin_action.js'
import { setFieldAction } from './actions/set_field_action.js'
import { assignOwnerAction } from './actions/assign_owner_action.js'
import { webhookAction } from './actions/webhook_action.js'

export interface AutomationEvent {
  id: string
  /** i18n key (kernel events) or the plugin's label */
  label: string | LocalizedText
  /** Checked by the timer job rather than raised by a change */
  timed?: boolean
  plugin?: string
}

/** The record events of the kernel; which apply depends on the record type. */
export function kernelEvents(recordType: RegisteredRecordType, fields: RecordFieldDeclaration[]): AutomationEvent[] {
  const events: AutomationEvent[] = [
    { id: 'record.created', label: 'rules.events.record.created' },
    { id: 'record.updated', label: 'rules.events.record.updated' },
  ]
  if (recordType.document) events.push({ id: 'record.state_changed', label: 'rules.events.record.state_changed' })
  events.push({ id: 'record.deleted', label: 'rules.events.record.deleted' })
  if (fields.some((f) => f.kind === 'date')) events.push({ id: 'record.date_ahead', label: 'rules.events.record.date_ahead', timed: true })
  events.push({ id: 'record.no_activity', label: 'rules.events.record.no_activity', timed: true })
  return events
}

/** Every event a rule on `recordType` may use: the kernel's and those plugins raise about it. */
export function automationEvents(recordType: RegisteredRecordType, fields: RecordFieldDeclaration[]): AutomationEvent[] {
  const fromPlugins = plugins
    .enabled()
    .flatMap((p) => (p.manifest?.automation?.events ?? []).filter((e) => e.recordType === recordType.type).map((e) => ({ id: e.id, label: e.label, plugin: p.id })))
  return [...kernelEvents(recordType, fields), ...fromPlugins]
}

const builtinActions: BuiltinAction[] = [setFieldAction, assignOwnerAction, webhookAction]

/** Adds a kernel action (the notifications area registers notify and create task). */
export function registerBuiltinAction(action: BuiltinAction) {
  if (!builtinActions.some((a) => a.id === action.id)) builtinActions.push(action)
}

export type RegisteredAction = (BuiltinAction | AutomationActionDeclaration) & { plugin?: string }

/** The kernel's actions, then those of enabled plugins. */
export function automationActions(): RegisteredAction[] {
  const fromPlugins = plugins.enabled().flatMap((p) => (p.manifest?.automation?.actions ?? []).map((a) => ({ ...a, plugin: p.id })))
  return [...builtinActions, ...fromPlugins]
}

export function automationAction(id: string): RegisteredAction | undefined {
  return automationActions().find((a) => a.id === id)
}
