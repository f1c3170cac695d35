/*
 * In a real browser: the bell's badge and dropdown (open one, mark all read),
 * and a task created from /tasks, then ticked done in place without a reload.
 */
import { test } from '@japa/runner'
import Task from '#models/task'
import { notify } from '#kernel/notifications/notify'
import { createUserWith } from '#tests/helpers/ui_users'
import { collectConsoleErrors, PHONE, DESKTOP, screenshotPath, signIn } from './helpers.js'

const PASSWORD = 'browser-pass'
const T = (zh: string, en: string) => ({ 'zh-CN': zh, 'en': en })

test.group('Browser: tasks and notifications', () => {
  test('the bell counts unread, opens the latest, and "mark all read" empties the badge', async ({ browserContext, assert }) => {
    const user = await createUserWith({ locale: 'en', name: 'Bell User', password: PASSWORD })
    await notify({ userIds: [user.id], title: T('第一条', 'First notice'), url: '/tasks' })
    await notify({ userIds: [user.id], title: T('第二条', 'Second notice') })
    const page = await signIn(browserContext, user.username)
    const errors = collectConsoleErrors(page)

    const badge = page.locator('[data-test="notifications-unread"]')
    assert.equal((await badge.innerText()).trim(), '2')
    await page.click('[data-test="notifications"]')
    await page.locator('[data-test="bell-item"]').first().waitFor()
    assert.include(await page.locator('[data-test="bell-list"]').innerText(), 'Second notice')
    await page.screenshot({ path: screenshotPath('notifications-bell') })

    // Opening one marks it read and follows its link.
    await Promise.all([page.waitForURL('**/tasks'), page.locator('[data-test="bell-item"]', { hasText: 'First notice' }).click()])
    await page.waitForLoadState('networkidle')
    assert.equal((await page.locator('[data-test="notifications-unread"]').innerText()).trim(), '1')

    await page.click('[data-test="notifications"]')
    await page.locator('[data-test="bell-read-all"]').click()
    await page.locator('[data-test="notifications-unread"]').waitFor({ state: 'detached' })
    assert.deepEqual(errors, [], errors.join('\n'))
  }).timeout(60_000)

  test('create a task, tick it done in place, and see it under "Done"', async ({ browserContext, assert }) => {
    const user = await createUserWith({ locale: 'zh-CN', name: 'Task User', password: PASSWORD })
    const page = await signIn(browserContext, user.username)
    const errors = collectConsoleErrors(page)
    await page.goto('/tasks')
    await page.waitForLoadState('networkidle')
    await page.locator('[data-test="list-empty"]').waitFor()

    await page.click('[data-test="task-new"]')
    // An empty title is refused in place, in Chinese.
    await page.locator('[data-test="task-create"] [data-test="task-save"]').click()
    await page.locator('[data-test="task-create"] [data-test="error-title"]').waitFor()
    assert.include(await page.locator('[data-test="task-create"] [data-test="error-title"]').innerText(), '标题')

    await page.locator('[data-test="task-create"] input[name="title"]').fill('检查库存')
    await page.locator('[data-test="task-create"] input[name="due_at"]').fill('2030-01-02T10:00')
    await Promise.all([page.waitForLoadState('load'), page.locator('[data-test="task-create"] [data-test="task-save"]').click()])
    await page.waitForLoadState('networkidle')
    const row = page.locator('[data-test="task-row"]', { hasText: '检查库存' })
    await row.waitFor()
    assert.include(await row.innerText(), '2030-01-02 10:00')
    await page.setViewportSize(PHONE)
    await page.waitForTimeout(300) // the side menu slides away when the viewport narrows
    await page.screenshot({ path: screenshotPath('tasks-created-phone'), fullPage: true })
    await page.setViewportSize(DESKTOP)

    const url = page.url()
    await row.locator('[data-test="task-toggle"]').click()
    await page.locator('[data-test="task-row"][data-done="yes"]').waitFor()
    assert.equal(page.url(), url)
    const task = await Task.query().where('assignee_id', user.id).firstOrFail()
    assert.isNotNull(task.doneAt)

    await page.selectOption('[data-test="filter-status"]', 'done')
    await page.locator('[data-test="task-row"][data-done="yes"]', { hasText: '检查库存' }).waitFor()

    // Its page: delete asks first.
    await Promise.all([page.waitForURL(`**/tasks/${task.id}`), page.locator('[data-test="task-title"]', { hasText: '检查库存' }).click()])
    await page.locator('[data-test="task-delete"]').click()
    await page.locator('[data-test="confirm-yes"]').waitFor()
    await page.screenshot({ path: screenshotPath('task-delete-confirm'), fullPage: true })
    await Promise.all([page.waitForURL('**/tasks'), page.locator('[data-test="confirm-yes"]').click()])
    assert.isNull(await Task.find(task.id))
    assert.deepEqual(errors.filter((e) => !e.includes('status of 422')), [], errors.join('\n'))
  }).timeout(60_000)
})
