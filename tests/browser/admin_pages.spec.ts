/*
 * Every admin page opened by an administrator in a real Chromium: it answers,
 * shows its own title in the user's language, logs no browser error (CSP,
 * script), and leaves a desktop and a phone screenshot in
 * tests/browser/screenshots/ for a person to look at.
 */
import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { visitAsAdmin } from './helpers.js'

const PAGES: Array<[url: string, screenshot: string, titleKey: string]> = [
  ['/admin', 'admin-index', 'shell.menu.admin'],
  ['/admin/users', 'admin-users', 'access.users.title'],
  ['/admin/users/create', 'admin-users-create', 'access.users.new'],
  ['/admin/departments', 'admin-departments', 'access.departments.title'],
  ['/admin/roles', 'admin-roles', 'access.roles.title'],
  ['/admin/roles/create', 'admin-roles-create', 'access.roles.new'],
  ['/admin/plugins', 'admin-plugins', 'plugins.title'],
  ['/admin/series', 'admin-series', 'documents.series.title'],
  ['/admin/audit', 'admin-audit', 'documents.audit.title'],
  ['/admin/settings', 'admin-settings', 'settings.title'],
  ['/admin/jobs', 'admin-jobs', 'jobs.title'],
  ['/admin/rules', 'admin-rules', 'rules.title'],
  ['/admin/rules/new', 'admin-rules-new', 'rules.new'],
  ['/admin/custom-fields', 'admin-custom-fields', 'custom_fields.title'],
  ['/admin/webhooks', 'admin-webhooks', 'api.webhooks.title'],
  ['/admin/web-forms', 'admin-web-forms', 'api.web_forms.title'],
  ['/api/docs', 'api-docs', 'api.docs.title'],
  ['/account/tokens', 'account-tokens', 'access.tokens.title'],
  ['/admin/approvals', 'admin-approvals', 'approvals.flows.title'],
  ['/admin/approvals/create?type=fixrec.deal', 'admin-approvals-create', 'approvals.flows.new'],
  ['/approvals', 'approvals-inbox', 'approvals.inbox.title'],
  ['/account/delegation', 'account-delegation', 'approvals.delegation.title'],
  ['/imports', 'imports', 'impex.imports.title'],
  ['/tasks', 'tasks', 'tasks.title'],
  ['/notifications', 'notifications', 'notifications.title'],
]

test.group('Admin pages in the browser', () => {
  for (const [url, screenshot, titleKey] of PAGES) {
    test(`${url} shows its title in Chinese without browser errors`, async ({ browserContext, assert }) => {
      const page = await visitAsAdmin(browserContext, url, screenshot)
      const expected = i18nManager.locale('zh-CN').t(titleKey)
      assert.notEqual(expected, `translation missing: zh-CN, ${titleKey}`)
      assert.equal((await page.textContent('main h1'))?.trim(), expected)
    })
  }

  test('switching to English on an admin page shows it in English', async ({ browserContext, assert }) => {
    const page = await visitAsAdmin(browserContext, '/admin/users', 'admin-users-before-switch')
    await Promise.all([page.waitForLoadState('load'), page.click('[data-test=locale-en]')])
    await page.waitForURL('**/admin/users')
    assert.equal((await page.textContent('main h1'))?.trim(), i18nManager.locale('en').t('access.users.title'))
    await page.click('[data-test=locale-zh]')
    await page.waitForURL('**/admin/users')
    assert.equal((await page.textContent('main h1'))?.trim(), i18nManager.locale('zh-CN').t('access.users.title'))
  })
})
