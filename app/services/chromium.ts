/*
 * Finding and launching the Chromium that prints Loom's PDFs.
 *
 * Order (docs/decisions/004-printing.md): PUPPETEER_EXECUTABLE_PATH, then a
 * system Chromium/Chrome, then a browser Puppeteer downloaded into its cache.
 * A set-but-wrong PUPPETEER_EXECUTABLE_PATH is an error, never silently skipped.
 */
import { accessSync, constants, existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join } from 'node:path'

/** Flags every Chromium Loom starts gets (printing, the benchmarks, the browser tests). */
export const CHROMIUM_LAUNCH_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** Executable names looked up on PATH, best first. */
export const SYSTEM_CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome']

/** Well-known absolute locations (distribution packages, snap, macOS, Windows). */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
]

export interface ChromiumLocation {
  path: string
  source: 'env' | 'system' | 'puppeteer-cache'
}

export class ChromiumNotFoundError extends Error {
  code = 'E_CHROMIUM_NOT_FOUND'
}

export interface DiscoveryInput {
  env?: Record<string, string | undefined>
  /** Is this file an executable? (injected by tests) */
  isExecutable?: (path: string) => boolean
  /** Executables in Puppeteer's cache, newest first (injected by tests) */
  puppeteerCache?: (cacheDir: string) => Promise<string[]>
  systemPaths?: string[]
}

function defaultIsExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Browsers `npx puppeteer browsers install` put into the cache, newest build first. */
async function defaultPuppeteerCache(cacheDir: string): Promise<string[]> {
  if (!existsSync(cacheDir)) return []
  try {
    const browsers = await import('@puppeteer/browsers')
    const installed = await browsers.getInstalledBrowsers({ cacheDir })
    return installed
      .filter((b) => b.browser === 'chrome' || b.browser === 'chrome-headless-shell' || b.browser === 'chromium')
      .sort((a, b) => b.buildId.localeCompare(a.buildId, 'en', { numeric: true }))
      .map((b) => b.executablePath)
  } catch {
    return []
  }
}

export async function findChromium(input: DiscoveryInput = {}): Promise<ChromiumLocation> {
  const env = input.env ?? process.env
  const isExecutable = input.isExecutable ?? defaultIsExecutable

  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH?.trim()
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { path: fromEnv, source: 'env' }
    throw new ChromiumNotFoundError(
      `PUPPETEER_EXECUTABLE_PATH is set to "${fromEnv}", which is not an executable file. Fix the path or unset the variable.`
    )
  }

  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_CHROMIUM_NAMES.map((name) => join(dir, name)))
  for (const candidate of [...(input.systemPaths ?? SYSTEM_CHROMIUM_PATHS), ...onPath]) {
    if (isExecutable(candidate)) return { path: candidate, source: 'system' }
  }

  const cacheDir = env.PUPPETEER_CACHE_DIR || join(homedir(), '.cache', 'puppeteer')
  for (const candidate of await (input.puppeteerCache ?? defaultPuppeteerCache)(cacheDir)) {
    if (isExecutable(candidate)) return { path: candidate, source: 'puppeteer-cache' }
  }

  throw new ChromiumNotFoundError(
    'No Chromium found for printing. Install one (Debian/Ubuntu: apt-get install --no-install-recommends chromium), ' +
      'or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium executable, ' +
      `or download one into Puppeteer's cache (${cacheDir}) with: npx @puppeteer/browsers install chrome-headless-shell@stable`
  )
}
