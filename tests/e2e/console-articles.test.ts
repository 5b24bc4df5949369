import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import sharp from 'sharp'
import { onBrowserPages } from '../helpers/browser'
import { answerDialog, assertNoDeveloperText, consoleScreenshot, newConsolePage, openConsolePage, signInConsole, useConsoleFixture } from '../helpers/console'

const fixture = useConsoleFixture()

/** A picture as an admin would paste or pick it. */
const picture = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer()

test('a publicity admin writes an article with a pasted image and a cropped cover, sees it at phone width, publishes it, gets its entry links and withdraws it', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-articles': admin }, async () => {
    const p = admin.page
    const token = await signInConsole(p, t, 'publicity_admin', 'console-writer')
    await openConsolePage(p, t, '/articles')
    await p.getByRole('button', { name: /新建文章/ }).click()
    await p.waitForURL(/\/admin\/articles\/new$/)

    // Saving without a title: the field says so, in Chinese, under the field.
    await p.locator('.save-article').click()
    await p.locator('.ant-form-item-explain-error', { hasText: '请填写标题' }).waitFor()

    await p.getByPlaceholder('文章标题').fill('警惕校园贷：三个识别方法')
    const body = p.locator('.rich-text-body')
    await body.click()
    await p.keyboard.type('第一，看利率。')
    await p.keyboard.press('Enter')
    // Paste an image the way a screenshot tool puts one on the clipboard.
    const pasted = (await picture(600, 300, '#2a7ae2')).toString('base64')
    await body.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], '截图.png', { type: 'image/png' }))
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, pasted)
    await body.locator('img[src^="/api/media/"]').waitFor({ timeout: 15_000 })
    await body.click()
    await p.keyboard.press('End')
    await p.keyboard.press('Control+End')
    await p.keyboard.press('Enter')
    await p.keyboard.type('第二，看合同。')

    // The preview at phone width shows the image and the text as the server renders them.
    const preview = p.locator('.phone-preview')
    assert.equal(Math.round((await preview.boundingBox())!.width), 375)
    await preview.locator('img[src^="/api/media/"]').waitFor({ timeout: 10_000 })
    await preview.getByText('第二，看合同。').waitFor({ timeout: 10_000 })

    // Cover: pick, crop (2.35 : 1), use.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cover-'))
    const coverFile = path.join(dir, '封面.png')
    fs.writeFileSync(coverFile, await picture(1200, 800, '#c8161d'))
    await p.locator('.cover-field input[type=file]').setInputFiles(coverFile)
    await p.locator('.reactEasyCrop_Container').waitFor()
    await p.getByRole('button', { name: '使用此封面' }).click()
    await p.locator('.cover-field img.cover-image').waitFor({ timeout: 15_000 })
    await p.getByRole('switch').click() // 必读

    await p.locator('.save-article').click()
    await p.waitForURL(/\/admin\/articles\/[0-9a-f]{24}$/, { timeout: 15_000 })
    await p.getByText('已保存').waitFor()
    await consoleScreenshot(p, 'article-editor')
    await assertNoDeveloperText(p, 'article editor')

    await p.locator('.publish-article').click()
    await answerDialog(p, '发布后读者马上能看到', '发布')
    await p.locator('.ant-page-header .ant-tag', { hasText: '已发布' }).waitFor({ timeout: 15_000 })
    const id = /articles\/([0-9a-f]{24})$/.exec(p.url())![1]!

    // What readers get: the text and the image, sanitized by the server as before.
    const saved = await t.api('get', `/api/admin/articles/${id}`, { token })
    assert.equal(saved.body.article.status, 'published')
    assert.equal(saved.body.article.required, true)
    assert.match(saved.body.article.coverImageId, /^[0-9a-f]{24}$/)
    assert.match(saved.body.article.bodyHtml, /<p>第一，看利率。<\/p>/)
    assert.match(saved.body.article.bodyHtml, /<img src="\/api\/media\/[0-9a-f]{24}"/)
    assert.match(saved.body.article.bodyHtml, /<p>第二，看合同。<\/p>/)
    const cover = await sharp(Buffer.from(await (await fetch(`${t.url}/api/media/${saved.body.article.coverImageId}`)).arrayBuffer())).metadata()
    assert.ok(Math.abs(cover.width! / cover.height! - 900 / 383) < 0.02, `cover ${cover.width}×${cover.height} is 2.35 : 1`)

    // Entry links once published: path, 小程序码, URL Link.
    const entry = p.locator('.entry-panel')
    await entry.locator('.entry-path', { hasText: `pages/article/index?id=${id}&ch=mp` }).waitFor({ timeout: 10_000 })
    await entry.locator('img.entry-code').waitFor({ timeout: 10_000 })
    assert.ok(await entry.locator('img.entry-code').evaluate((img: HTMLImageElement) => img.naturalWidth > 0))
    await entry.locator('.make-link').click()
    await entry.locator('.entry-link').waitFor({ timeout: 10_000 })
    await consoleScreenshot(p, 'article-published')
    await assertNoDeveloperText(p, 'published article')

    // 撤回 asks first; cancelling keeps it published.
    await p.locator('.unpublish-article').click()
    await answerDialog(p, '撤回后文章回到草稿', '取消')
    assert.equal((await t.api('get', `/api/admin/articles/${id}`, { token })).body.article.status, 'published')
    await p.locator('.unpublish-article').click()
    await answerDialog(p, '撤回后文章回到草稿', '撤回')
    await p.locator('.ant-page-header .ant-tag', { hasText: '草稿' }).waitFor({ timeout: 10_000 })
    assert.equal((await t.api('get', `/api/admin/articles/${id}`, { token })).body.article.status, 'draft')

    // The list finds it by title, with its status in words.
    await openConsolePage(p, t, '/articles')
    await p.locator('.article-table').getByText('警惕校园贷：三个识别方法').waitFor()
    await consoleScreenshot(p, 'article-list')
    await assertNoDeveloperText(p, 'article list')
  })
})
