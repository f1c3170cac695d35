/*
 * All text in zh-CN and en: every language file of the kernel has the same
 * keys in both languages, and every literal `t('area.key')` in a kernel view
 * names a key that exists in both; the same holds for every plugin's own
 * language files, as Loom loads them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import i18nManager from '@adonisjs/i18n/services/main'

const LOCALES = ['zh-CN', 'en'] as const

function flatten(value: unknown, prefix = '', out = new Map<string, string>()) {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else out.set(prefix, String(value))
  return out
}

function messages(locale: string): Map<string, string> {
  const dir = app.makePath('resources/lang', locale)
  const all = new Map<string, string>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const area = file.replace(/\.json$/, '')
    for (const [k, v] of flatten(JSON.parse(readFileSync(join(dir, file), 'utf8')))) all.set(`${area}.${k}`, v)
  }
  return all
}

function edgeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? edgeFiles(path) : path.endsWith('.edge') ? [path] : []
  })
}

test.group('Translations', () => {
  test('every kernel language file has the same keys in zh-CN and en, none empty', ({ assert }) => {
    const [zh, en] = LOCALES.map(messages)
    assert.deepEqual([...zh.keys()].filter((k) => !en.has(k)), [], 'keys missing in en')
    assert.deepEqual([...en.keys()].filter((k) => !zh.has(k)), [], 'keys missing in zh-CN')
    for (const m of [zh, en]) assert.deepEqual([...m].filter(([, v]) => !v.trim()).map(([k]) => k), [], 'empty messages')
  })

  test('every translation key a kernel view names exists in both languages', ({ assert }) => {
    const [zh, en] = LOCALES.map(messages)
    const missing: string[] = []
    for (const file of edgeFiles(app.makePath('resources/views'))) {
      const source = readFileSync(file, 'utf8')
      for (const match of source.matchAll(/\bt\(\s*'([a-z_]+\.[\w.]*\w)'\s*[,)]/g)) {
        const key = match[1]
        if (!zh.has(key) || !en.has(key)) missing.push(`${file.replace(app.makePath(), '')}: ${key}`)
      }
    }
    assert.deepEqual(missing, [])
  })

  test('every message of the kernel and the plugins, as loaded, exists in both languages', async ({ assert }) => {
    await i18nManager.loadTranslations()
    const all = i18nManager.getTranslations()
    const zh = all['zh-CN'] ?? {}
    const en = all['en'] ?? {}
    assert.deepEqual(Object.keys(zh).filter((key) => !(key in en)), [], 'keys missing in en')
    assert.deepEqual(Object.keys(en).filter((key) => !(key in zh)), [], 'keys missing in zh-CN')
  })
})
