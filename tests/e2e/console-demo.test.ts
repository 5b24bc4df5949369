import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DemoManifest } from '../../server/modules/demo/model'
import { Person } from '../../server/modules/roster/model'
import { seedDemo } from '../../server/seed/demo'
import { onBrowserPages } from '../helpers/browser'
import { answerDialog, assertNoDeveloperText, newConsolePage, openConsolePage, signInConsole, useConsoleFixture, checkConsoleScreen } from '../helpers/console'

// A fresh development install carries demo data; the superadmin sees what it holds on the
// console's 演示数据 page and removes it there, through a confirmation, before real use.

const fixture = useConsoleFixture()

test('the superadmin removes the demo data from the console through a confirmation', { timeout: 180_000 }, async () => {
  const t = fixture.server()
  await seedDemo(t.deps)
  const demoPeople = await Person.countDocuments()
  assert.ok(demoPeople > 1500, `demo roster of ${demoPeople}`)

  const desk = await newConsolePage(fixture.browser())
  const { page } = desk
  await onBrowserPages({ 'console-demo': desk }, async () => {
    await signInConsole(page, t, 'superadmin', 'demo_remover')
    await page.getByRole('menuitem', { name: /演示数据/ }).click()
    await page.getByText('演示数据包含').waitFor()
    const people = page.locator('.ant-descriptions-item-label', { hasText: '花名册人员' }).locator('xpath=following-sibling::*[1]')
    assert.equal(await people.innerText(), demoPeople.toLocaleString('zh-CN'))
    await checkConsoleScreen(page, '演示数据', 'demo')

    // Cancelling removes nothing.
    await page.getByRole('button', { name: '删除演示数据' }).click()
    await answerDialog(page, '删除全部演示数据？', '取消')
    assert.equal(await Person.countDocuments(), demoPeople)

    await page.getByRole('button', { name: '删除演示数据' }).click()
    await answerDialog(page, '删除全部演示数据？', '删除')
    await page.getByText(/演示数据已于 .* 删除/).waitFor({ timeout: 60_000 })
    await assertNoDeveloperText(page, '演示数据（已删除）')
  })
  const manifest = await DemoManifest.findOne().lean()
  assert.ok(manifest?.removedAt, 'the removal is recorded')
  assert.ok((await Person.countDocuments()) < demoPeople / 10, 'the demo roster is gone')

  // Another admin without the ability neither sees the page in the menu nor can call the API.
  const { token } = await t.signInAdmin('publicity_admin', { username: 'demo_outsider' })
  assert.equal((await t.api('get', '/api/demo', { token })).status, 403)
  const other = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-demo-outsider': other }, async () => {
    await signInConsole(other.page, t, 'publicity_admin', 'demo_outsider2')
    await openConsolePage(other.page, t, '/')
    assert.equal(await other.page.getByRole('menuitem', { name: /演示数据/ }).count(), 0)
  })
})
