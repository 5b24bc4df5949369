import assert from 'node:assert/strict'
import { test } from 'node:test'
import { newPhonePage, onBrowserPages, useBrowserFixture } from '../helpers/browser'

const fixture = useBrowserFixture()

test('the H5 app served by the server signs in and shows the campaign title from the API', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const { page, context } = await newPhonePage(browser)
  await onBrowserPages({ foundation: { page, context } }, async () => {
    const html = await fetch(`${t.url}/`).then((r) => r.text())
    assert.match(html, /<div id="app"|<html/i)

    const campaign = (await t.api('get', '/api/campaigns/current')).body.campaign
    // The title shown must come from the API: change it in the database first.
    const { Campaign } = await import('../../server/modules/campaigns/model')
    await Campaign.updateOne({ _id: campaign.id }, { $set: { title: '扫黑除恶专项斗争（浏览器测试）' } })

    const signIn = page.waitForResponse((r) => r.url().endsWith('/api/auth/dev') && r.status() === 200)
    await page.goto(`${t.url}/`)
    await signIn
    await page.locator('.campaign-title').filter({ hasText: '扫黑除恶专项斗争（浏览器测试）' }).first().waitFor({ timeout: 20_000 })
    for (const tab of ['首页', '学习', '答题', '举报', '我的']) {
      assert.ok(await page.getByText(tab, { exact: true }).first().isVisible(), `tab ${tab} visible`)
    }
  })
})
