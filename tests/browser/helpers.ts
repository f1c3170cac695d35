/*
 * Browser-suite helpers: sign in through the real login form, open a page
 * as an administrator and keep desktop and phone screenshots of it in
 * tests/browser/screenshots/ (ignored by git) so a person can look.
 *
 *   test('users page', async ({ browserContext }) => {
 *     await visitAsAdmin(browserContext, '/admin/users', 'admin-users')
 *   })
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright'
import { createUserWith } from '#tests/helpers/ui_users'

export const PASSWORD = 'browser-pass'
export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 800 }

let admin: { username: string } | null = null

/** A user with a superuser role, created once per run. */
export async function adminUser(locale = 'zh-CN') {
  if (!admin) {
    const user = await createUserWith({ superuser: true, locale, name: '管理员 Admin', password: PASSWORD })
    admin = { username: user.username }
  }
  return admin
}

export function screenshotPath(name: string) {
  const dir = app.makePath('tests/browser/screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, `${name}.png`)
}

/** Errors the page logs (script errors, CSP violations, failed requests), collected from now on. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    // Vite's dev-server (HMR) socket is test tooling, not the page: it may be unreachable when runs share a machine.
    if (message.type() === 'error' && !isDevServerNoise(message.text())) errors.push(message.text())
  })
  page.on('pageerror', (error) => {
    if (!isDevServerNoise(error.message)) errors.push(error.message)
  })
  return errors
}

/** Messages of Vite's dev-server client about its HMR websocket. */
export function isDevServerNoise(text: string): boolean {
  return (
    text.startsWith('[vite]') ||
    /WebSocket connection to 'ws:/.test(text) ||
    // the HMR client rejects with this when its socket never opens
    text === 'WebSocket closed without opened.'
  )
}

/** Opens a URL and waits until htmx and Alpine are running (the dev server may still be bundling on a first visit). */
export async function open(page: Page, url: string) {
  await page.goto(url)
  await ready(page)
}

export async function ready(page: Page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => Boolean((window as any).htmx && (window as any).Alpine))
}

/** Signs in through the login form and returns the page showing the workbench. */
export async function signIn(context: BrowserContext, username: string, password = PASSWORD): Promise<Page> {
  const page = await context.newPage()
  await open(page, '/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('[data-test=login-submit]')])
  await ready(page)
  return page
}

/**
 * Signs in as the administrator, opens `url`, fails on an error status or a
 * console error, and saves `<name>.png` (1280×800) and `<name>-phone.png` (390×844).
 */
export async function visitAsAdmin(context: BrowserContext, url: string, name: string): Promise<Page> {
  const { username } = await adminUser()
  const page = await signIn(context, username)
  const errors = collectConsoleErrors(page)
  const response = await page.goto(url)
  if (!response || response.status() >= 400) {
    throw new Error(`${url} answered ${response?.status() ?? 'nothing'} for the administrator`)
  }
  await ready(page)
  await page.setViewportSize(DESKTOP)
  await page.screenshot({ path: screenshotPath(name), fullPage: true })
  await page.setViewportSize(PHONE)
  await page.waitForTimeout(300) // the side menu slides away when the viewport narrows
  await page.screenshot({ path: screenshotPath(`${name}-phone`), fullPage: true })
  await page.setViewportSize(DESKTOP)
  if (errors.length) throw new Error(`${url} logged errors in the browser:\n${errors.join('\n')}`)
  return page
}
