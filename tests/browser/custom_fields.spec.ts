/*
 * Custom fields in a real Chromium: an admin adds a select field (the options
 * editor shows for select kinds only), a user fills it on fixrec's contact
 * form and filters the list by it, and the admin deletes it after confirming.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright'
import { createUserWith } from '#tests/helpers/ui_users'
import { collectConsoleErrors, PHONE } from './helpers.js'
import { findCustomField } from '#kernel/custom_fields/custom_fields'
import { deleteCustomField } from '#kernel/custom_fields/delete_custom_field'

async function cleanUp() {
  for (const row of await db.from('custom_fields').select('id')) await deleteCustomField((await findCustomField(row.id))!)
  await db.from('fixrec_contacts').delete()
}

async function login(page: Page, username: string) {
  await page.goto('/login')
  await page.locator('input[name=username]').fill(username)
  await page.locator('input[name=password]').fill('secret-pass')
  await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.locator('form button[type=submit]:not([name])').last().click()])
}

test.group('Custom fields in a browser', (group) => {
  group.setup(cleanUp)
  group.teardown(cleanUp)

  test('an admin adds a select field, it appears on the contact form and list, and is deleted after confirming', async ({ browserContext, assert }) => {
    const admin = await createUserWith({ permissions: ['admin.custom_fields.manage', 'fixrec.contact.view', 'fixrec.contact.create'], locale: 'en' })
    const page = await browserContext.newPage()
    const errors = collectConsoleErrors(page)
    await login(page, admin.username)

    await page.goto('/admin/custom-fields?type=fixrec.contact')
    await page.locator('[data-test=custom-fields-empty]').waitFor()
    await page.locator('[data-test=new-custom-field]').click()
    await page.locator('[data-test=custom-field-form]').waitFor()
    // The options editor only shows for select kinds.
    assert.isFalse(await page.locator('[data-test=options-editor]').isVisible())
    await page.locator('#field-kind').selectOption('select')
    // Alpine shows it on the next tick: wait for it rather than sampling at once.
    await page.locator('[data-test=options-editor]').waitFor({ state: 'visible', timeout: 5000 })
    await page.locator('#field-name').fill('region')
    await page.locator('#field-label_zh').fill('区域')
    await page.locator('#field-label_en').fill('Region')
    await page.locator('#field-options').fill('north | 华北 | North\nsouth | 华南 | South')
    await page.screenshot({ path: app.makePath('tests/browser/screenshots/custom-field-form.png'), fullPage: true })
    await Promise.all([page.waitForURL('**/admin/custom-fields?type=fixrec.contact'), page.locator('[data-test=save-custom-field]').click()])
    await page.locator('[data-test=custom-field-row][data-column=cf_region]').waitFor()

    await page.goto('/fixrec/contacts/create')
    await page.locator('#field-name').fill('Browser contact')
    await page.locator('#field-cf_region').selectOption('south')
    await Promise.all([page.waitForURL(/\/fixrec\/contacts\/\d+$/), page.locator('[data-test=save]').click()])
    assert.equal((await page.locator('[data-custom-field=cf_region] dd').innerText()).trim(), 'South')

    await page.goto('/fixrec/contacts')
    await page.locator('[data-test=filter-cf_region]').selectOption('north')
    await page.locator('[data-test=list-empty]').waitFor()
    await page.locator('[data-test=filter-cf_region]').selectOption('south')
    await page.locator('[data-row]').first().waitFor()
    await page.screenshot({ path: app.makePath('tests/browser/screenshots/custom-fields-contacts.png'), fullPage: true })
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(500) // the sidebar slides away on a narrow screen
    await page.screenshot({ path: app.makePath('tests/browser/screenshots/custom-fields-contacts-phone.png'), fullPage: true })

    await page.goto('/admin/custom-fields?type=fixrec.contact')
    await page.locator('[data-test=delete-custom-field]').click()
    await Promise.all([page.waitForURL('**/admin/custom-fields?type=fixrec.contact'), page.locator('[data-test=confirm-yes]').click()])
    await page.locator('[data-test=custom-fields-empty]').waitFor()
    assert.lengthOf(await db.from('custom_fields'), 0)
    assert.deepEqual(errors, [])
  })
})
