import assert from 'node:assert/strict'
import { test } from 'node:test'
import { User } from '../../server/modules/users/model'
import { SUPERADMIN_PASSWORD } from '../helpers/server'
import { newPhonePage, onPhonePages, useBrowserFixture } from '../helpers/browser'

const fixture = useBrowserFixture()

async function signInThroughAdminPage(page: import('playwright-core').Page, url: string, username: string, password: string) {
  await page.goto(`${url}/#/admin/index/index`)
  await page.locator('.admin-username input').fill(username)
  await page.locator('.admin-password input').fill(password)
  await page.locator('.admin-signin').click()
  await page.locator('.admin-welcome').waitFor({ timeout: 10_000 })
}

test('the superadmin creates a security officer account, who signs in and sees the tips section', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const root = await newPhonePage(browser)
  const officer = await newPhonePage(browser)
  await onPhonePages({ 'users-superadmin': root, 'users-officer': officer }, async () => {
    const page = root.page
    await signInThroughAdminPage(page, t.url, 'admin', SUPERADMIN_PASSWORD)
    await page.getByText('账号与角色 ›').click()
    await page.locator('.account-row[data-username="admin"]').waitFor({ timeout: 10_000 })

    await page.locator('.new-username input').fill('baowei-zhang')
    await page.locator('.new-password input').fill('zhang-password-1')
    await page.locator('.new-nickname input').fill('张保卫')
    await page.locator('.account-form .role-security_officer').click()
    await page.locator('.create-account').click()
    await page.locator('.users-message', { hasText: '已创建账号 baowei-zhang' }).waitFor({ timeout: 10_000 })
    const row = page.locator('.account-row[data-username="baowei-zhang"]')
    await row.locator('.account-roles', { hasText: '保卫处' }).waitFor()

    const stored = await User.findOne({ username: 'baowei-zhang' }).lean()
    assert.deepEqual(stored!.roles, ['security_officer'])

    // The new account signs in on another phone and finds its section; nothing of the others.
    const op = officer.page
    await signInThroughAdminPage(op, t.url, 'baowei-zhang', 'zhang-password-1')
    await op.getByText('线索收件箱 ›').waitFor()
    assert.equal(await op.getByText('账号与角色 ›').count(), 0)
    assert.equal(await op.getByText('新闻发布 ›').count(), 0)

    // Disabled by the superadmin, the account can no longer sign in.
    await row.locator('.toggle-account').click()
    await row.getByText('已停用').waitFor({ timeout: 10_000 })
    const again = await t.api('post', '/api/auth/password', { body: { username: 'baowei-zhang', password: 'zhang-password-1' } })
    assert.equal(again.status, 401)
  })
})

test('a 保卫处 grant waits for a second person, who confirms it on the grants page', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const second = await newPhonePage(browser)
  await onPhonePages({ 'users-grants': second }, async () => {
    // Another superadmin exists, so the seeded admin's grant of 保卫处 must wait for them.
    await t.signInAdmin('superadmin', { username: 'root-two' })
    const admin = await t.api('post', '/api/auth/password', { body: { username: 'admin', password: SUPERADMIN_PASSWORD } })
    const created = await t.api('post', '/api/admin/users', {
      token: admin.body.token,
      body: { username: 'baowei-li', password: 'li-password-01', nickname: '李保卫', roles: ['security_officer'], departmentId: null },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    assert.ok(created.body.pendingGrant, 'the grant waits')
    assert.deepEqual((await User.findOne({ username: 'baowei-li' }).lean())!.roles, [])

    const page = second.page
    await signInThroughAdminPage(page, t.url, 'root-two', 'admin-password-1')
    await page.getByText('保卫处授权确认 ›').click()
    const row = page.locator('.grant-row', { hasText: '李保卫' })
    await row.waitFor({ timeout: 10_000 })
    await row.getByText('系统管理员').waitFor() // who asked, by name
    await page.waitForTimeout(800) // the page slides in
    await page.screenshot({ path: 'test-results/grants-page.png' })
    await row.locator('.confirm-grant').click()
    await page.locator('.grants-message', { hasText: '已确认：李保卫' }).waitFor({ timeout: 10_000 })
    await page.getByText('没有待确认的授权。').waitFor()
    assert.deepEqual((await User.findOne({ username: 'baowei-li' }).lean())!.roles, ['security_officer'])
  })
})
