import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { Person } from '../../server/modules/roster/model'
import { User } from '../../server/modules/users/model'
import { onBrowserPages, screenshotOnFailure, useBrowserFixture } from '../helpers/browser'
import { checkPage } from '../helpers/reader-checks'

// The mini-program keeps a small admin: a department head's own rates, 发而未看 list and
// 一键提醒 (confirmed first), and an officer's new-tip count. Screenshots at 375×812.

const fixture = useBrowserFixture()

/** The mobile admin shows no schema paths, state ids, raw ids or validator English (the console's list). */
async function assertNoDeveloperText(page: Page, screen: string) {
  const found = (await checkPage(page)).filter((o) => o.kind === 'english')
  assert.deepEqual(found, [], `${screen} shows developer text`)
}

async function phone() {
  const context = await fixture.browser().newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  return { context, page: await context.newPage() }
}

async function signIn(page: Page, url: string, username: string) {
  await page.goto(`${url}/#/admin/index/index`)
  await page.locator('.admin-username input').fill(username)
  await page.locator('.admin-password input').fill('admin-password-1')
  await page.locator('.admin-signin').click()
  await page.locator('.admin-welcome').waitFor({ timeout: 10_000 })
}

test('a department head sees their own rates and 发而未看 list; 一键提醒 asks first and sends only when confirmed', async () => {
  const t = fixture.server()
  const C03 = await t.departmentId('C03')
  for (const [number, name] of [
    ['M001', '赵一'],
    ['M002', '钱二'],
  ])
    await Person.create({ number, name, type: 'student', departmentId: C03, className: '建工2601班', active: true })
  // 钱二 is bound and subscribed: a reminder can reach them.
  const signedIn = await t.api('post', '/api/auth/wechat', { body: { code: 'mobileadmin:1' } })
  const reader = { token: signedIn.body.token as string, userId: signedIn.body.user.id as string }
  assert.equal((await t.api('put', '/api/me/binding', { token: reader.token, body: { number: 'M002', name: '钱二' } })).status, 200)
  await User.updateOne({ _id: reader.userId }, { $set: { subscriptions: [t.config.WECHAT_TEMPLATE_ID] } })
  const subscribed = async () => ((await User.findById(reader.userId).lean())!.subscriptions ?? []).includes(t.config.WECHAT_TEMPLATE_ID)
  await t.signInAdmin('dept_admin', { username: 'mobile-head', departmentCode: 'C03' })

  const head = await phone()
  await onBrowserPages({ 'mobile-admin-dept': head }, async () => {
    const { page } = head
    await signIn(page, t.url, 'mobile-head')
    await page.screenshot({ path: 'test-results/mobile-admin-index-dept-head.png', fullPage: true })
    await assertNoDeveloperText(page, 'mobile-admin-index-dept-head')
    assert.equal(await page.locator('.admin-new-tips, .admin-console').count(), 0, 'a department head has nothing on the console to point to')
    await page.locator('.admin-dept-entry').click()
    await page.locator('.dept .dept-figures', { hasText: '知晓率 0.0%（0/2 人）' }).waitFor({ timeout: 20_000 })
    await page.locator('.dept .dept-row', { hasText: '赵一' }).waitFor({ timeout: 10_000 })
    assert.equal(await page.locator('.dept .dept-row').count(), 2)
    await page.screenshot({ path: 'test-results/mobile-admin-dept.png', fullPage: true })
    await assertNoDeveloperText(page, 'mobile-admin-dept')

    // Cancel: nothing is sent.
    await page.locator('.remind-unread').click()
    await page.getByText('确认一键提醒').waitFor({ timeout: 5_000 })
    assert.match((await page.locator('body').textContent())!, /将向本部门 2 名未完成必读内容的人员发送订阅消息提醒/)
    await page.waitForTimeout(400) // the dialog fades in
    await page.screenshot({ path: 'test-results/mobile-admin-remind-confirm.png' })
    await page.getByText('取消', { exact: true }).click()
    await page.getByText('确认一键提醒').waitFor({ state: 'hidden', timeout: 5_000 })
    await page.waitForTimeout(500)
    assert.equal(await subscribed(), true, 'cancelled: no message went out (a message uses up the subscription)')

    // Confirm: the bound, subscribed reader is reminded.
    await page.locator('.remind-unread').click()
    await page.getByText('发送提醒', { exact: true }).click()
    await page.getByText('已提醒 1 人').waitFor({ timeout: 10_000 })
    assert.equal(await subscribed(), false, 'the reminder went out')
  })
})

test("an officer's phone counts new tips and points to the console; nothing else of the tips is on the phone", async () => {
  const t = fixture.server()
  const reader = await t.signInReader('mobile-admin-tipper')
  for (const description of ['宿舍楼下有人发放校园贷传单，要求登记学生证。', '校门口烧烤摊附近有人强行推销并威胁学生。']) {
    assert.equal((await t.api('post', '/api/tips', { token: reader.token, body: { category: 'other', description } })).status, 201)
  }
  await t.signInAdmin('security_officer', { username: 'mobile-officer' })
  const officer = await phone()
  await onBrowserPages({ 'mobile-admin-officer': officer }, async () => {
    const { page } = officer
    await signIn(page, t.url, 'mobile-officer')
    await page.locator('.admin-new-tips .new-tip-count', { hasText: '2' }).waitFor({ timeout: 10_000 })
    const card = (await page.locator('.admin-new-tips').textContent())!
    assert.match(card, /条待受理/)
    assert.match(card, /请在电脑端处理/)
    assert.doesNotMatch((await page.locator('body').textContent())!, /校园贷传单|烧烤摊/, 'no tip content on the phone')
    await page.locator('.admin-console-url', { hasText: `${t.url}/admin/` }).waitFor()
    await page.screenshot({ path: 'test-results/mobile-admin-index-officer.png', fullPage: true })
    await assertNoDeveloperText(page, 'mobile-admin-index-officer')
  }).catch(async (err) => {
    await screenshotOnFailure(officer.page, 'mobile-admin-officer-failed')
    throw err
  })
})
