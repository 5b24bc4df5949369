import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import sharp from 'sharp'
import { Tip } from '../../server/modules/tips/model'
import { newPhonePage, onPhonePages, signInAdminInBrowser, useBrowserFixture } from '../helpers/browser'

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
  await onPhonePages({ 'tips-reader': reader, 'tips-officer': officerPage }, async () => {
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
