/*
 * Forms that fail validation: with htmx the form fragment is re-rendered in
 * place with status 422 and a message under each field; without JavaScript
 * the same form redirects back with the messages and the input flashed.
 * Either way the field component (components/field.edge) finds the messages.
 */
import type { HttpContext } from '@adonisjs/core/http'
import type { VineValidator } from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'
import type { I18n } from '@adonisjs/i18n'
import { wantsFragment } from '#services/list_query'

/**
 * Field name (dot path for nested fields, e.g. `lines.0.qty`) → message in the
 * user's language. A business rule may give a field several messages (a grid
 * of checks lists them all); the field component shows the first.
 */
export type FieldErrors = Record<string, string | string[]>

export type FormResult<T> = { data: T; errors: null } | { data: null; errors: Record<string, string> }

/** First message per field of a VineJS validation error. */
export function fieldErrors(error: { messages?: Array<{ field: string; message: string }> }): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of error.messages ?? []) if (!(m.field in out)) out[m.field] = m.message
  return out
}

/**
 * Where a form's wording lives, beyond the kernel's validator.json:
 * `fields` — i18n prefixes of field labels, tried in order
 * (`['access.form_fields.role', 'access.fields']` → `access.fields.code`);
 * `messages` — i18n prefixes of messages, `<prefix>.<field>.<rule>` before
 * `<prefix>.<rule>` (`documents.validator.messages.date`).
 */
export type FormWording = { fields?: string | string[]; messages?: string | string[] }

const list = (value?: string | string[]) => (value === undefined ? [] : Array.isArray(value) ? value : [value])

/**
 * Messages in the user's language: the form's own labels and messages first,
 * then resources/lang/<locale>/validator.json (`validator.shared.*`). A rule
 * may report an i18n key as its message (`documents.series.errors.no_counter`):
 * it is translated here.
 */
export class FormMessagesProvider implements MessagesProviderContact {
  #shared: MessagesProviderContact
  #fields: string[]
  #messages: string[]
  constructor(
    private i18n: I18n,
    wording: FormWording = {}
  ) {
    this.#shared = i18n.createMessagesProvider()
    this.#fields = list(wording.fields)
    this.#messages = list(wording.messages)
  }

  #find(keys: string[]) {
    for (const key of keys) {
      const found = this.i18n.resolveIdentifier(key)
      if (found) return found.message
    }
    return null
  }

  getMessage(defaultMessage: string, rule: string, field: FieldContext, meta?: Record<string, any>) {
    const label = this.#find(this.#fields.map((prefix) => `${prefix}.${field.name}`))
    if (label) field = { ...field, name: this.i18n.formatRawMessage(label) } as FieldContext
    const data = { field: String(field.name), ...(meta ?? {}) }
    if (/^[\w-]+(\.[\w-]+)+$/.test(defaultMessage) && this.i18n.resolveIdentifier(defaultMessage)) return this.i18n.t(defaultMessage, data)
    const own = this.#find(this.#messages.flatMap((prefix) => [`${prefix}.${field.wildCardPath}.${rule}`, `${prefix}.${rule}`]))
    if (own) return this.i18n.formatRawMessage(own, data)
    return this.#shared.getMessage(defaultMessage, rule, field, meta)
  }
}

/** Options for `validator.validate(data, formMessages(ctx, wording))` outside a request body. */
export function formMessages(ctx: { i18n: I18n }, wording: FormWording = {}) {
  return { messagesProvider: new FormMessagesProvider(ctx.i18n, wording) }
}

/**
 * Validates the request body (and files) with messages in the user's
 * language; never throws for bad input. `fields`/`messages` name where the
 * form's wording lives (see FormWording); `data` replaces the request body.
 */
export async function validateForm<T>(
  ctx: HttpContext,
  validator: VineValidator<any, any>,
  options: { meta?: Record<string, any>; data?: Record<string, any> } & FormWording = {}
): Promise<FormResult<T>> {
  const data = options.data ?? { ...ctx.request.all(), ...ctx.request.allFiles() }
  const [error, output] = await (validator as any).tryValidate(data, {
    ...formMessages(ctx, options),
    meta: options.meta,
  })
  if (error) return { data: null, errors: fieldErrors(error) }
  return { data: output as T, errors: null }
}

/**
 * Thrown by a save that validates, then checks business rules, inside one
 * try: the catch re-renders the form with `fields` and 422.
 */
export class FormInvalid extends Error {
  constructor(public fields: FieldErrors) {
    super('The form has errors')
  }
}

/** validateForm for that style: the validated data, or FormInvalid. */
export async function validateFormOrThrow<T>(
  ctx: HttpContext,
  validator: VineValidator<any, any>,
  options: { meta?: Record<string, any>; data?: Record<string, any> } & FormWording = {}
): Promise<T> {
  const result = await validateForm<T>(ctx, validator, options)
  if (result.errors) throw new FormInvalid(result.errors)
  return result.data
}

/**
 * A form that is a whole page (the access admin pages): rendered with its
 * `errors` and, after a failed save (422), the submitted `input` to re-fill
 * it; htmx swaps the 422 and without JavaScript the browser shows it as is.
 */
export async function renderFormPage(ctx: HttpContext, view: string, data: Record<string, any>, errors: FieldErrors = {}, status = 200) {
  const html = await ctx.view.render(view, { ...data, input: status === 422 ? ctx.request.all() : null, errors })
  return ctx.response.status(status).send(html)
}

/** A unique constraint violated by a concurrent write (both databases). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as any
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/**
 * Answers a form that failed validation (or a business rule phrased as field
 * messages): 422 with the re-rendered form fragment for htmx, else a redirect
 * back with the messages and input flashed.
 */
export async function renderInvalid(ctx: HttpContext, view: string, data: Record<string, any>, errors: FieldErrors) {
  if (wantsFragment(ctx)) {
    ctx.view.share({ errors, formInput: ctx.request.all() })
    ctx.response.status(422)
    return ctx.view.render(view, data)
  }
  ctx.session.flashExcept(['_csrf', 'password', 'password_confirmation'])
  ctx.session.flash('errors', errors)
  return ctx.response.redirect().back()
}

/**
 * Leaves a form that saved: htmx follows `HX-Redirect` (a full page load, so
 * the flash message shows), a plain request gets a 302.
 */
export function redirectAfterSave(ctx: HttpContext, url: string) {
  if (wantsFragment(ctx)) {
    ctx.response.header('HX-Redirect', url)
    return ctx.response.noContent()
  }
  return ctx.response.redirect(url)
}
