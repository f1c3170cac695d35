/*
 * A tiny SMTP server on 127.0.0.1 for tests: accepts every message and keeps
 * it (envelope recipients, decoded subject and text) so a test can assert
 * what Loom sent. Start it, point SMTP_HOST/SMTP_PORT at it, close it after.
 */
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface CapturedMail {
  from: string
  to: string[]
  subject: string
  text: string
  raw: string
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (_m, _charset, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' '))
    )
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  const clean = text.replace(/=\r?\n/g, '')
  for (let i = 0; i < clean.length; i++) {
    if (clean[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(clean.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(clean.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(clean[i], 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function parse(raw: string, from: string, to: string[]): CapturedMail {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
  let body = raw.slice(split + 4)
  const header = (name: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? ''
  const encoding = header('Content-Transfer-Encoding').toLowerCase()
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  else if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body)
  return { from, to, subject: decodeWords(header('Subject')), text: body.replace(/\r\n/g, '\n'), raw }
}

export class SmtpCapture {
  messages: CapturedMail[] = []
  #server: Server | null = null
  #sockets = new Set<Socket>()
  port = 0

  async start(): Promise<this> {
    this.#server = createServer((socket) => this.#session(socket))
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    this.port = (this.#server.address() as AddressInfo).port
    return this
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
  }

  #session(socket: Socket) {
    this.#sockets.add(socket)
    socket.on('close', () => this.#sockets.delete(socket))
    socket.on('error', () => {})
    let buffer = ''
    let inData = false
    let from = ''
    let to: string[] = []
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 capture ESMTP')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end < 0) return
          const raw = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.')
          buffer = buffer.slice(end + 5)
          inData = false
          this.messages.push(parse(raw, from, to))
          from = ''
          to = []
          reply('250 OK queued')
          continue
        }
        const eol = buffer.indexOf('\r\n')
        if (eol < 0) return
        const line = buffer.slice(0, eol)
        buffer = buffer.slice(eol + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO') reply('250-capture\r\n250 8BITMIME')
        else if (verb === 'HELO') reply('250 capture')
        else if (verb === 'MAIL') {
          from = line.match(/<([^>]*)>/)?.[1] ?? ''
          reply('250 OK')
        } else if (verb === 'RCPT') {
          to.push(line.match(/<([^>]*)>/)?.[1] ?? '')
          reply('250 OK')
        } else if (verb === 'DATA') {
          inData = true
          reply('354 End data with <CR><LF>.<CR><LF>')
        } else if (verb === 'QUIT') {
          reply('221 Bye')
          socket.end()
          return
        } else reply('250 OK')
      }
    })
  }
}

/** Starts a capture server and points Loom's mail settings at it; `stop()` restores them. */
export async function captureMail() {
  const capture = await new SmtpCapture().start()
  const saved = { host: process.env.SMTP_HOST, port: process.env.SMTP_PORT, from: process.env.MAIL_FROM }
  process.env.SMTP_HOST = '127.0.0.1'
  process.env.SMTP_PORT = String(capture.port)
  process.env.MAIL_FROM = 'loom@example.test'
  return {
    capture,
    async stop() {
      for (const [key, value] of [['SMTP_HOST', saved.host], ['SMTP_PORT', saved.port], ['MAIL_FROM', saved.from]] as const) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
      await capture.close()
    },
  }
}
