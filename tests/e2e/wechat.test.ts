/**
 * What changed for WeChat, seen in the H5 build: article images fit the phone and open a
 * preview, and 管理入口 only for staff, opening the small mobile admin.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { test } from 'node:test'
import sharp from 'sharp'
import { newPhonePage, onBrowserPages, signInAdminInBrowser, useBrowserFixture } from '../helpers/browser'

const fixture = useBrowserFixture()
const SHOTS = process.env.E2E_SCREENSHOTS // a directory: save screenshots of the pages to look at

async function shot(page: import('playwright-core').Page, name: string) {
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

test('article images fit the phone and open a preview; links are tappable; the channel is recorded', async () => {
  const t = fixture.server()
  const admin = await t.signInAdmin('publicity_admin', { username: 'e2e-wide-image' })
  const wide = await sharp({ create: { width: 1600, height: 400, channels: 3, background: '#c8161d' } })
    .png()
    .toBuffer()
  const media = new FormData()
  media.append('file', new Blob([new Uint8Array(wide)], { type: 'image/png' }), 'banner.png')
  const up = await t.api('post', '/api/admin/media', { token: admin.token, rawBody: media })
  assert.equal(up.status, 201, JSON.stringify(up.body))
  const created = await t.api('post', '/api/admin/articles', {
    token: admin.token,
    body: { title: '宽图文章', bodyMarkdown: `开头一段，含[政策原文](https://www.gov.cn/)。\n\n![横幅](${up.body.url})\n\n- 要点一\n- 要点二\n\n结尾。` },
  })
  const id = created.body.article.id
  await t.api('post', `/api/admin/articles/${id}/publish`, { token: admin.token })

  const { context, page } = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'wechat-article-image': { page, context } }, async () => {
    await page.goto(`${t.url}/#/pages/article/index?id=${id}&ch=mp`)
    const img = page.locator('.article-body .md-img img').first()
    await img.waitFor({ timeout: 15_000 })
    await page.waitForFunction((el) => (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: 15_000 })
    const box = await img.boundingBox()
    assert.ok(box && box.width > 200 && box.x >= 0 && box.x + box.width <= 390, `image box ${JSON.stringify(box)} within the 390 px screen`)
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing overflows sideways')
    assert.equal(await page.locator('.article-body .md-a', { hasText: '政策原文' }).count(), 1)
    assert.deepEqual(await page.locator('.article-body .md-li').allTextContents(), ['• 要点一', '• 要点二'])
    await shot(page, 'article-wide-image')
    // Tapping the image opens the preview (Taro H5's previewImage overlay).
    await img.click()
    await page.locator('.preview-image').waitFor({ timeout: 5_000 })
    // The first open came through the 公众号 link (ch=mp).
    const { ItemArrival } = await import('../../server/modules/channels/model')
    const arrival = await ItemArrival.findOne({ itemKey: `article:${id}` }).lean()
    assert.equal(arrival?.channel, 'mp')
  })
})

test('管理入口 on 我的 is there for staff only; a publicity admin is pointed to the desktop console', async () => {
  const t = fixture.server()
  const reader = await newPhonePage(fixture.browser())
  const staff = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'wechat-mine-reader': reader, 'wechat-mine-staff': staff }, async () => {
    await reader.page.goto(`${t.url}/#/pages/mine/index`)
    await reader.page.locator('.user-nickname').waitFor({ timeout: 15_000 })
    assert.equal(await reader.page.locator('.admin-entry').count(), 0, 'a reader has no 管理入口')
    await shot(reader.page, 'mine-reader')

    await signInAdminInBrowser(staff.page, t, 'publicity_admin', 'e2e-entry-admin')
    await staff.page.goto(`${t.url}/#/pages/mine/index`)
    await staff.page.locator('.admin-entry').click({ timeout: 15_000 })
    await staff.page.locator('.admin-welcome').last().waitFor({ timeout: 10_000 })
    // Taro's H5 keeps the sign-in's admin page in its stack too: look at the page on top.
    await staff.page
      .locator('.admin-console-url', { hasText: `${t.url}/admin/` })
      .last()
      .waitFor({ timeout: 10_000 })
    // No stretched desktop pages on the phone: a publicity admin has no 本部门 and no tips here.
    assert.equal(await staff.page.locator('.admin-dept-entry, .admin-new-tips').count(), 0)
    await shot(staff.page, 'mine-admin')
  })
})
