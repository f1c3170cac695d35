/*
 * E-mail delivery of notifications, when SMTP is configured (SMTP_HOST, and
 * optionally SMTP_PORT, SMTP_USER, SMTP_PASSWORD, MAIL_FROM). Mail is sent
 * after the notification's transaction commits, never inside it, and a
 * failure is logged, never thrown into whoever notified.
 *
 * The settings are read from the environment when a mail is sent (not at
 * boot), so a deployment can add SMTP by restarting with new variables and
 * the tests can point delivery at their capture server.
 */
import logger from '@adonisjs/core/services/logger'
import i18nManager from '@adonisjs/i18n/services/main'
import db from '@adonisjs/lucid/services/db'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'

export interface MailSettings {
  host: string
  port: number
  user: string | null
  password: string | null
  from: string
}

/** The SMTP settings, or null when mail is not configured. */
export function mailSettings(): MailSettings | null {
  const host = (process.env.SMTP_HOST ?? '').trim()
  if (!host) return null
  const port = Number(process.env.SMTP_PORT || 587)
  return {
    host,
    port: Number.isFinite(port) && port > 0 ? port : 587,
    user: process.env.SMTP_USER || null,
    password: process.env.SMTP_PASSWORD || null,
    from: process.env.MAIL_FROM || `loom@${host}`,
  }
}

export function mailConfigured(): boolean {
  return mailSettings() !== null
}

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  /** Files sent along, e.g. a printed document's PDF */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>
  replyTo?: string
}

/** Sends one message through the configured SMTP server (throws on failure). */
export async function sendMail(mail: OutgoingMail, settings: MailSettings): Promise<void> {
  const transport = new SMTPTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.port === 465,
    ignoreTLS: settings.port !== 465 && !settings.user,
    auth: settings.user ? { type: 'login', user: settings.user, pass: settings.password ?? '' } : undefined,
  })
  try {
    await transport.send({
      from: settings.from,
      to: [mail.to],
      subject: mail.subject,
      text: mail.text,
      ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      ...(mail.attachments?.length ? { attachments: mail.attachments } : {}),
    } as any)
  } finally {
    await transport.close()
  }
}

const pending = new Set<Promise<void>>()

/** Resolves when every notification mail queued so far has been sent or has failed (tests, shutdown). */
export async function flushNotificationMail(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending])
}

function absoluteUrl(url: string | null): string | null {
  if (!url) return null
  if (/^https?:\/\//.test(url)) return url
  const base = (process.env.APP_URL ?? '').replace(/\/+$/, '')
  return base ? `${base}${url.startsWith('/') ? '' : '/'}${url}` : url
}

function translate(locale: string, key: string, fallback: string, data?: Record<string, unknown>): string {
  try {
    const text = i18nManager.locale(locale).t(key, data)
    return text && !text.startsWith('translation missing') ? text : fallback
  } catch {
    return fallback
  }
}

async function deliver(notificationIds: number[], settings: MailSettings): Promise<void> {
  const rows = await db
    .from('notifications')
    .join('users', 'users.id', 'notifications.user_id')
    .whereIn('notifications.id', notificationIds)
    .whereNotNull('users.email')
    .where('users.email', '<>', '')
    .where('users.is_active', true)
    .select('notifications.*', 'users.email as user_email', 'users.locale as user_locale')
  for (const row of rows) {
    const locale = row.user_locale === 'en' ? 'en' : 'zh-CN'
    const title = locale === 'en' ? row.title_en : row.title_zh
    const body = locale === 'en' ? row.body_en : row.body_zh
    const link = absoluteUrl(row.url)
    const paragraphs = [
      body,
      link ? translate(locale, 'notifications.mail.open', locale === 'en' ? `Open: ${link}` : `打开：${link}`, { url: link }) : null,
      translate(locale, 'notifications.mail.footer', locale === 'en' ? 'Sent by Loom.' : '由 Loom 发送。'),
    ].filter(Boolean)
    try {
      await sendMail({ to: row.user_email, subject: title, text: `${paragraphs.join('\n\n')}\n` }, settings)
    } catch (error) {
      logger.error({ err: error, notificationId: row.id, to: row.user_email }, 'a notification e-mail could not be sent')
    }
  }
}

/**
 * Queues e-mails for these notifications (to recipients with an address, in
 * their language). Does nothing when mail is not configured. Never throws.
 */
export function queueNotificationMail(notificationIds: number[]): void {
  const settings = mailSettings()
  if (!settings || notificationIds.length === 0) return
  const job: Promise<void> = deliver(notificationIds, settings)
    .catch((error) => logger.error({ err: error }, 'notification e-mails could not be prepared'))
    .finally(() => pending.delete(job))
  pending.add(job)
}
