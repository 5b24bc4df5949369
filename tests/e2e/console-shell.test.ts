import assert from 'node:assert/strict'
import { test } from 'node:test'
import { onPhonePages } from '../helpers/browser'
import { assertNoDeveloperText, consoleScreenshot, newConsolePage, openConsolePage, signInConsole, useConsoleFixture } from '../helpers/console'

const fixture = useConsoleFixture()

test('the console at /admin/ signs an admin in with the password and shows only the sections their role opens', async () => {
  const t = fixture.server()
  const publicity = await newConsolePage(fixture.browser())
  const dept = await newConsolePage(fixture.browser())
  await onPhonePages({ 'console-shell-publicity': publicity, 'console-shell-dept': dept }, async () => {
    const p = publicity.page
    // A wrong password: a Chinese sentence, no schema path.
    await t.signInAdmin('publicity_admin', { username: 'shell-publicity' })
    await p.goto(`${t.url}/admin/`)
    await p.waitForURL(/\/admin\/login$/)
    await p.getByLabel('用户名').fill('shell-publicity')
    await p.getByLabel('密码').fill('wrong-password')
    await p.getByRole('button', { name: '登录' }).click()
    await p.locator('.signin-error', { hasText: '用户名或密码错误' }).waitFor({ timeout: 10_000 })
    await assertNoDeveloperText(p, 'sign-in with a wrong password')
    await consoleScreenshot(p, 'signin-error')

    await p.getByLabel('密码').fill('admin-password-1')
    await p.getByRole('button', { name: '登录' }).click()
    await p.locator('.ant-pro-layout').waitFor({ timeout: 15_000 })
    const menu = p.locator('.ant-pro-sider .ant-menu')
    await menu.getByText('文章管理').waitFor()
    await consoleScreenshot(p, 'home-publicity')
    await assertNoDeveloperText(p, 'home')

    // The breadcrumb and the browser's own back both work on a page reached from the menu.
    await menu.getByText('文章管理').click()
    await p.waitForURL(/\/admin\/articles$/)
    await p.locator('.article-table').waitFor()
    // A deep link survives a reload (the server answers the console's page for client routes).
    await p.reload()
    await p.locator('.article-table').waitFor({ timeout: 15_000 })

    // A department head sees no article section, and the page itself says 没有权限.
    const d = dept.page
    await signInConsole(d, t, 'dept_admin', 'shell-dept', { departmentCode: 'C01' })
    assert.equal(await d.locator('.ant-pro-sider .ant-menu').getByText('文章管理').count(), 0)
    await openConsolePage(d, t, '/articles').catch(() => {})
    await d.getByText('没有权限').waitFor({ timeout: 10_000 })
    await assertNoDeveloperText(d, 'no access page')
  })
})

test('a missing console asset is a 404 and the console page is never cached', async () => {
  const t = fixture.server()
  const missing = await fetch(`${t.url}/admin/assets/nope-123.js`)
  assert.equal(missing.status, 404)
  const page = await fetch(`${t.url}/admin/articles/new`)
  assert.equal(page.status, 200)
  assert.equal(page.headers.get('cache-control'), 'no-cache')
  assert.match(await page.text(), /<div id="root">/)
})
