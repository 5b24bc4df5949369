import assert from 'node:assert/strict'
import { test } from 'node:test'
import { onBrowserPages } from '../helpers/browser'
import { assertNoDeveloperText, consoleScreenshot, newConsolePage, openConsolePage, signInConsole, useConsoleFixture, checkConsoleScreen } from '../helpers/console'

const fixture = useConsoleFixture()

test('the console at /admin/ signs an admin in with the password and shows only the sections their role opens', async () => {
  const t = fixture.server()
  const publicity = await newConsolePage(fixture.browser())
  const dept = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-shell-publicity': publicity, 'console-shell-dept': dept }, async () => {
    const p = publicity.page
    // A wrong password: a Chinese sentence, no schema path.
    await t.signInAdmin('publicity_admin', { username: 'shell-publicity' })
    await p.goto(`${t.url}/admin/`)
    await p.waitForURL(/\/admin\/login$/)
    await p.getByLabel('用户名').fill('shell-publicity')
    await p.getByLabel('密码').fill('wrong-password')
    await p.getByRole('button', { name: '登录' }).click()
    await p.locator('.signin-error', { hasText: '用户名或密码错误' }).waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'sign-in with a wrong password', 'signin-error')

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

test('every console screen, empty or failing, shows Chinese only: no schema paths, state ids, raw ids or validator English', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-screens': admin }, async () => {
    const p = admin.page
    await signInConsole(p, t, 'publicity_admin', 'screens-publicity')
    const screens: [string, string, string][] = [
      ['/', 'home', '.console-home'],
      ['/dashboard', 'dashboard-empty', '.kpi'],
      ['/departments', 'departments', '.departments-list'],
      ['/reports', 'reports-empty', '.reports-table'],
      ['/articles', 'articles', '.article-table'],
      ['/articles/new', 'article-new', '.rich-text-body'],
      ['/no-such-page', 'not-found', '.ant-result'],
    ]
    for (const [path, name, ready] of screens) {
      await p.goto(`${t.url}/admin${path}`)
      await p.locator(ready).first().waitFor({ timeout: 15_000 })
      await p.waitForLoadState('networkidle')
      await consoleScreenshot(p, `screen-${name}`)
      await assertNoDeveloperText(p, path)
    }

    // A department that does not exist (or was closed): the page says so, and shows no id.
    await p.goto(`${t.url}/admin/departments/000000000000000000000000`)
    await p.getByText('部门不存在', { exact: true }).waitFor({ timeout: 15_000 })
    await assertNoDeveloperText(p, 'unknown department')

    // The server refuses a tag longer than 20 characters: the message sits under 标签, no field path.
    await p.goto(`${t.url}/admin/articles/new`)
    await p.getByPlaceholder('文章标题').fill('标签过长的文章')
    await p.locator('.ant-select-selection-search-input').first().fill('这是一个超过二十个字的标签用来检查服务器的校验提示')
    await p.keyboard.press('Enter')
    await p.locator('.save-article').click()
    await p.locator('.ant-form-item', { hasText: '标签' }).locator('.ant-form-item-explain-error', { hasText: '每个标签最多 20 个字' }).waitFor({ timeout: 10_000 })
    await consoleScreenshot(p, 'article-server-validation')
    await assertNoDeveloperText(p, 'article form with a server validation error')
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
