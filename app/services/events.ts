/*
 * Typed events between the kernel and plugins, delivered through the
 * AdonisJS emitter. Event names follow `<plugin>:<entity>.<verb>`.
 *
 * A plugin declares the payload of each event it emits by augmenting
 * LoomEvents (declaration merging), usually in its api.ts:
 *
 *   declare module '#services/events' {
 *     interface LoomEvents {
 *       'sales:order.confirmed': { orderId: number; customerId: number }
 *     }
 *   }
 *
 * then emits it with `await emitEvent('sales:order.confirmed', { orderId, customerId })`.
 * Listeners are declared in manifests (`listeners: { 'sales:order.confirmed': fn }`);
 * the Loom provider wires them, and a disabled plugin's listeners do nothing.
 */
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'

// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface LoomEvents {}

export type LoomEventName = keyof LoomEvents & string

/** A listener for one typed event. */
export type LoomListener<K extends LoomEventName> = (payload: LoomEvents[K]) => unknown | Promise<unknown>

const EVENT_NAME = /^[a-z][a-z0-9_]*:[a-z0-9_]+(\.[a-z0-9_]+)+$/

/**
 * Emits a typed event and waits until every listener has run. A listener
 * that throws makes the emit reject, so the caller's transaction (if any)
 * rolls back: do slow or unreliable work in a job instead.
 */
export async function emitEvent<K extends LoomEventName>(name: K, payload: LoomEvents[K]): Promise<void> {
  if (!EVENT_NAME.test(name)) {
    throw new Error(`event name "${name}" must look like "<plugin>:<entity>.<verb>", e.g. "sales:order.confirmed"`)
  }
  await emitter.emit(name as any, payload as any)
}

/**
 * Emits an event about something already saved (after commit): a listener
 * that throws is logged with `context`, never thrown back into the save.
 */
export async function emitEventAfterSave<K extends LoomEventName>(name: K, payload: LoomEvents[K], context: Record<string, unknown> = {}): Promise<void> {
  try {
    await emitEvent(name, payload)
  } catch (error) {
    logger.error({ err: error, ...context }, `a listener of ${name} failed`)
  }
}

/** Subscribes kernel code to a typed event; returns a function that unsubscribes. */
export function onEvent<K extends LoomEventName>(name: K, listener: LoomListener<K>): () => void {
  const handler = (payload: any) => listener(payload)
  emitter.on(name as any, handler)
  return () => emitter.off(name as any, handler)
}
