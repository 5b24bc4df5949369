import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import sharp from 'sharp'
import { Tip } from '../../server/modules/tips/model'
import { newPhonePage, onBrowserPages, signInAdminInBrowser, useBrowserFixture } from '../helpers/browser'
import { saveReaderScreenshot } from '../helpers/reader-checks'

const fixture = useBrowserFixture()

test("a reader submits an anonymous tip with an image, the officer's phone counts it, it is moved to 核查中, and the reader sees the change", async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tip-')), 'evidence.png')
  await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .png()
    .toFile(photo)
  const reader = await newPhonePage(browser)
  const officerPage = await newPhonePage(browser)
  await reader.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url })
  await onBrowserPages({ 'tips-reader': reader, 'tips-officer': officerPage }, async () => {
    const page = reader.page
    await page.goto(`${t.url}/#/pages/tip/index`)
    await page.locator('.category-chip', { hasText: '套路贷、校园贷' }).click()
    await page.locator('.tip-description textarea').fill('有校外人员在宿舍区推销“零利息”贷款，逾期后上门威胁。')
    const chooser = page.waitForEvent('filechooser')
    await page.locator('.tip-add-image').click()
    await (await chooser).setFiles(photo)
    await page.locator('.tip-thumb img, img.tip-thumb, .tip-thumb >> img').first().waitFor({ timeout: 15_000 })
    assert.ok(await page.getByText('匿名举报：不记录你的身份').isVisible(), 'anonymity is explained')
    await page.locator('.submit-tip').click()

    const code = (await page.locator('.tracking-code').textContent({ timeout: 15_000 }))!.trim()
    const secret = (await page.locator('.tracking-secret').textContent())!.trim()
    assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    await page.locator('.copy-code').click()
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code)

    const stored = await Tip.find().lean()
    assert.equal(stored.length, 1)
    assert.equal(stored[0].anonymous, true)
    assert.equal(stored[0].attachments.length, 1, 'the image was submitted with the tip')

    // The security officer's phone shows one new tip and sends them to the console.
    const op = officerPage.page
    const officerToken = await signInAdminInBrowser(op, t, 'security_officer', 'e2e-officer')
    await op.locator('.admin-new-tips .new-tip-count', { hasText: '1' }).waitFor({ timeout: 10_000 })
    assert.match((await op.locator('.admin-new-tips').textContent())!, /请在电脑端处理/)
    assert.match((await op.locator('.admin-console-url').textContent())!, /\/admin\/$/)
    // The case is handled in the desktop console (its API here): 核查中 with a note for the reporter.
    const inbox = await t.api('get', '/api/security/tips', { token: officerToken })
    const id = inbox.body.tips[0].id
    const moved = await t.api('post', `/api/security/tips/${id}/status`, { token: officerToken, body: { status: 'verifying', publicNote: '已安排专人核查' } })
    assert.equal(moved.status, 200, JSON.stringify(moved.body))
    await op.reload()
    await op.locator('.admin-new-tips .new-tip-count', { hasText: '0' }).waitFor({ timeout: 10_000 })

    // The reader checks with code and secret.
    await page.goto(`${t.url}/#/pages/tip/status`)
    await page.locator('.track-code input').fill(code)
    await page.locator('.track-secret input').fill(secret)
    await page.locator('.track-submit').click()
    await page.locator('.track-status', { hasText: '核查中' }).waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.timeline-item').count(), 2)
    await page.locator('.timeline-item', { hasText: '已安排专人核查' }).waitFor()
  })
})

test('the tip form says in Chinese what is missing, on the field; the receipt saves as a picture; 继续举报 starts an empty form; 我的举报 finds the tip', async () => {
  const t = fixture.server()
  const reader = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'tips-form': reader }, async () => {
    const page = reader.page
    const before = await Tip.countDocuments()
    await page.goto(`${t.url}/#/pages/tip/index`)
    await page.locator('.tip-form .category-chip').first().waitFor({ timeout: 15_000 })
    assert.ok(await page.locator('.tip-form .required-mark', { hasText: '必选' }).isVisible(), 'the category is marked required')

    // Nothing chosen, too short: each field says what to do, in Chinese.
    await page.locator('.tip-description textarea').fill('太短了')
    await page.locator('.submit-tip').click()
    await page.locator('.category-error', { hasText: '请选择类别' }).waitFor({ timeout: 10_000 })
    assert.equal((await page.locator('.description-error').textContent())?.trim(), '请至少用 10 个字描述发生了什么')
    const shown = await page.locator('.tip-form').innerText()
    assert.doesNotMatch(shown, /Too small|expected|body\.|请求参数不正确/)
    assert.equal(await Tip.countDocuments(), before, 'nothing stored')
    await saveReaderScreenshot(page, 'tip-errors')

    // Choosing a category clears its message; real-name needs the contact, said on its fields.
    await page.locator('.category-chip', { hasText: '套路贷、校园贷' }).click()
    assert.equal(await page.locator('.category-error').count(), 0)
    await page.locator('.tip-description textarea').fill('有人在宿舍楼推销“零利息”贷款，逾期后上门威胁。')
    await page.locator('.identity-named').click()
    await page.locator('.submit-tip').click()
    await page.locator('.contact-name-error', { hasText: '请填写联系人' }).waitFor({ timeout: 10_000 })
    assert.equal((await page.locator('.contact-phone-error').textContent())?.trim(), '请填写联系方式')
    await page.locator('.identity-anonymous').click()
    await page.locator('.submit-tip').click()

    const code = (await page.locator('.tracking-code').textContent({ timeout: 15_000 }))!.trim()
    const secret = (await page.locator('.tracking-secret').textContent())!.trim()
    assert.equal(secret.length, 26)
    await saveReaderScreenshot(page, 'tip-receipt')

    // 保存为图片: in H5 a PNG download with the code and secret drawn on it.
    const download = page.waitForEvent('download')
    await page.locator('.save-receipt-image').click()
    const file = await (await download).path()
    const image = sharp(file)
    const meta = await image.metadata()
    assert.equal(meta.format, 'png')
    assert.deepEqual([meta.width, meta.height], [750, 640])
    const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true })
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)]
    assert.deepEqual(pixel(5, 5), [200, 22, 29], 'the brand-red header')
    // The secret's lines are drawn: dark text pixels in its band, not an empty panel.
    let dark = 0
    for (let y = 370; y < 470; y++) for (let x = 64; x < 700; x++) if (pixel(x, y)[0] < 100) dark++
    assert.ok(dark > 2000, `only ${dark} dark pixels where the secret is drawn`)
    fs.mkdirSync(path.join('test-results', 'reader'), { recursive: true })
    fs.copyFileSync(file, path.join('test-results', 'reader', 'tip-receipt-image.png'))
    await page.locator('.receipt-notice', { hasText: '图片已下载' }).waitFor()

    // 继续举报: an empty form, nothing of the last report left.
    await page.locator('.continue-tip').click()
    await page.locator('.tip-form .submit-tip').waitFor()
    assert.equal(await page.locator('.tip-description textarea').inputValue(), '')
    assert.equal(await page.locator('.category-chip-selected').count(), 0)
    assert.equal(await page.locator('.tracking-code').count(), 0)

    // 我的举报: wrong secret, then the right one.
    await page.locator('.tip-track-link').click()
    await page.locator('.tip-status .track-submit').waitFor()
    await page.locator('.track-submit').click()
    await page.locator('.track-code-error', { hasText: '请填写查询码' }).waitFor({ timeout: 10_000 })
    assert.equal((await page.locator('.track-secret-error').textContent())?.trim(), '请填写密钥')
    await page.locator('.track-code input').fill(code)
    await page.locator('.track-secret input').fill('X'.repeat(26))
    await page.locator('.track-submit').click()
    await page.locator('.track-error').waitFor({ timeout: 10_000 })
    assert.match((await page.locator('.track-error').textContent())!, /[\u4e00-\u9fff]/)
    await page.locator('.track-secret input').fill(secret)
    await page.locator('.track-submit').click()
    await page.locator('.track-status', { hasText: '已受理' }).waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.track-error').count(), 0)
    await saveReaderScreenshot(page, 'tip-status-found')
  })
})

test('返回首页 after the receipt: the 举报 tab opens an empty form again', async () => {
  const t = fixture.server()
  const reader = await newPhonePage(fixture.browser())
  await onBrowserPages({ 'tips-back-home': reader }, async () => {
    const page = reader.page
    await page.goto(`${t.url}/#/pages/tip/index`)
    await page.locator('.category-chip', { hasText: '套路贷、校园贷' }).click()
    await page.locator('.tip-description textarea').fill('操场边有人强行向新生推销高价电话卡，不买就威胁。')
    await page.locator('.submit-tip').click()
    await page.locator('.tracking-code').waitFor({ timeout: 15_000 })
    await page.locator('.back-home').click()
    await page.locator('.home .hero').waitFor({ timeout: 10_000 })
    await page.locator('.weui-tabbar__item', { hasText: '举报' }).click()
    await page.locator('.tip-form .submit-tip').waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.tip-receipt').count(), 0, 'the receipt is gone')
    assert.equal(await page.locator('.tip-form .tip-description textarea').inputValue(), '')
  })
})
