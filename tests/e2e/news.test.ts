import assert from 'node:assert/strict'
import { test } from 'node:test'
import sharp from 'sharp'
import { Article } from '../../server/modules/articles/model'
import { ItemProgress } from '../../server/modules/progress/model'
import { newPhonePage, onBrowserPages, readerSession, useBrowserFixture } from '../helpers/browser'
import type { TestServer } from '../helpers/server'

const fixture = useBrowserFixture()

// 120 characters in 24 short paragraphs: the page scrolls, and the estimated reading time is
// 120 / 400 min = 18 s, so completion needs depth ≥ 0.9 and min(30 s, 30% × 18 s) = 5.4 s engaged.
const BODY = Array.from({ length: 24 }, (_, i) => `第${String(i + 1).padStart(2, '0')}段。`).join('\n\n')

/** The campaign office publishes with a cover and tags (in the desktop console; here through its API). */
async function adminPublishes(t: TestServer, title: string) {
  const { token } = await t.signInAdmin('publicity_admin', { username: 'e2e-publisher' })
  const cover = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#c8161d' } })
    .png()
    .toBuffer()
  const media = new FormData()
  media.append('file', new Blob([new Uint8Array(cover)], { type: 'image/png' }), 'cover.png')
  const up = await t.api('post', '/api/admin/media', { token, rawBody: media })
  assert.equal(up.status, 201, JSON.stringify(up.body))
  const created = await t.api('post', '/api/admin/articles', { token, body: { title, bodyMarkdown: BODY, tags: ['软暴力', '校园安全'], coverImageId: up.body.id } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  assert.equal((await t.api('post', `/api/admin/articles/${created.body.article.id}/publish`, { token })).status, 200)
}

test('an article is published; a reader sees it as 未读, reads it to the end, and the feed shows 已完成', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const reader = await newPhonePage(browser)
  const title = '浏览器测试：认清软暴力'
  await onBrowserPages({ 'news-reader': reader }, async () => {
    await adminPublishes(t, title)
    const article = await Article.findOne({ title }).lean()
    assert.equal(article?.status, 'published')
    assert.deepEqual(article?.tags, ['软暴力', '校园安全'])
    assert.ok(article?.coverImageId, 'the cover is saved')

    const page = reader.page
    await page.goto(`${t.url}/`)
    const card = page.locator('.feed-item', { hasText: title })
    await card.waitFor({ timeout: 20_000 })
    assert.equal((await card.locator('.feed-state').textContent())?.trim(), '未读')
    // The card shows the cover and the tags.
    // The cover loads lazily: its src is set once the image is in view.
    await card.locator('.feed-cover img[src*="/api/media/"]').waitFor({ timeout: 10_000 })
    assert.match((await card.locator('.feed-cover img').getAttribute('src')) ?? '', new RegExp(`/api/media/${article!.coverImageId}$`))
    assert.equal(await card.locator('.feed-tag').count(), 2)

    await card.click()
    await page.locator('.article-end').waitFor({ timeout: 15_000 })
    // Scroll to the end, then stay and keep touching for a while (engaged reading).
    await page.mouse.move(200, 400)
    for (let i = 0; i < 12; i++) {
      await page.mouse.wheel(0, 600)
      await page.waitForTimeout(1000)
    }
    await page.locator('.article-end').scrollIntoViewIfNeeded()
    await page.waitForTimeout(1500)

    await page.goBack()
    const doneCard = page.locator('.feed-item', { hasText: title })
    await doneCard.locator('.feed-state', { hasText: '已完成' }).waitFor({ timeout: 20_000 })

    const { userId: readerUser } = await readerSession(page)
    const record = await ItemProgress.findOne({ userId: readerUser, itemKey: `article:${article!._id}` }).lean()
    assert.equal(record?.completed, true)
    assert.ok(record!.maxDepth >= 0.9, `depth ${record!.maxDepth}`)
    assert.ok(record!.engagedSeconds >= 5.4, `engaged ${record!.engagedSeconds}`)
  })
})
