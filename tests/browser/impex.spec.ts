import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { adminUser, collectConsoleErrors, open, screenshotPath, signIn } from './helpers.js'

/*
 * In a real browser: upload a CSV, see the automatic mapping, the dry run's
 * per-row errors, fix the file, import it and see the result.
 */
function csv(name: string, content: string) {
  const dir = app.makePath('tmp', 'impex-browser')
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

test.group('Browser: imports', () => {
  test('upload → mapping → errors in the page → fixed file → import → done', async ({ browserContext, assert }) => {
    const tag = Date.now().toString(36)
    const { username } = await adminUser()
    const page = await signIn(browserContext, username)
    const errors = collectConsoleErrors(page)

    await open(page, '/imports/new?type=fixrec.contact')
    await page.setInputFiles('input[name=file]', csv('bad.csv', `名称,信用额度,生日\nBR ${tag} 1,12.5,2026-01-01\n,1,2026-13-01\n`))
    await Promise.all([page.waitForURL(/\/imports\/\d+$/), page.click('[data-test=upload]')])
    assert.equal(await page.locator('[data-test=map-0]').inputValue(), 'name')
    assert.equal(await page.locator('[data-test=map-1]').inputValue(), 'credit_limit')
    await page.click('[data-test=check-import]')
    await page.locator('[data-test=row-errors]').waitFor()
    assert.equal(await page.locator('[data-test=row-error][data-row="3"]').count(), 2)
    await page.screenshot({ path: screenshotPath('imports-errors'), fullPage: true })

    await open(page, '/imports/new?type=fixrec.contact')
    await page.setInputFiles('input[name=file]', csv('good.csv', `名称,信用额度,生日\nBR ${tag} 1,12.5,2026-01-01\nBR ${tag} 2,1,2026-12-01\n`))
    await Promise.all([page.waitForURL(/\/imports\/\d+$/), page.click('[data-test=upload]')])
    await page.click('[data-test=check-import]')
    await page.locator('[data-test=run-import]').waitFor()
    await page.click('[data-test=run-import]')
    await page.locator('[data-test=import-done]').waitFor({ timeout: 15_000 })
    await page.screenshot({ path: screenshotPath('imports-done'), fullPage: true })
    const rows = await db.from('fixrec_contacts').where('name', 'like', `BR ${tag}%`).orderBy('name')
    assert.deepEqual(rows.map((r: any) => String(r.credit_limit)), ['12500000', '1000000'])
    assert.deepEqual(errors, [])
  })
})
