import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import type { TestServer } from '../helpers/server'
import { newPhonePage, onPhonePages, signInAdminInBrowser, useBrowserFixture } from '../helpers/browser'

const fixture = useBrowserFixture()

const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`

async function bind(t: TestServer, page: Page, number: string, name: string) {
  await page.goto(`${t.url}/#/pages/mine/index`)
  await page.locator('.binding-form input').first().fill(number)
  await page.locator('.binding-form input').nth(1).fill(name)
  await page.locator('.binding-form .btn-primary').click()
  await page.locator('.binding-info').waitFor({ timeout: 10_000 })
}

test('an admin imports a roster, readers read and take a quiz, and the dashboard shows the rates the API gives', async () => {
  const t = fixture.server()
  const browser = fixture.browser()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-'))
  const file = path.join(dir, '花名册.xlsx')
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  ws.addRow(['学号/工号', '姓名', '类型', '部门', '班级'])
  ws.addRow(['E2E001', '甲同学', '学生', '机电工程学院', '机电2601'])
  ws.addRow(['E2E002', '乙同学', '学生', '机电工程学院', '机电2601'])
  ws.addRow(['E2E003', '丙老师', '教职工', '保卫处', ''])
  await wb.xlsx.writeFile(file)

  const admin = await newPhonePage(browser)
  const readerA = await newPhonePage(browser)
  const readerB = await newPhonePage(browser)
  readerB.page.on('dialog', (d) => void d.accept())
  await onPhonePages({ 'dashboard-admin': admin, 'dashboard-reader-a': readerA, 'dashboard-reader-b': readerB }, async () => {
    // 1. Roster import in the admin pages.
    const ap = admin.page
    const adminToken = await signInAdminInBrowser(ap, t, 'publicity_admin', 'e2e-dashboard')
    const short = await t.api('post', '/api/admin/articles', {
      token: adminToken,
      body: { title: '短讯：认清套路贷', bodyMarkdown: Array.from({ length: 20 }, (_, i) => `第${i + 1}条。`).join('\n\n'), required: true },
    })
    await t.api('post', `/api/admin/articles/${short.body.article.id}/publish`, { token: adminToken })
    await ap.getByText('花名册导入 ›').click()
    await ap.locator('input.roster-file').setInputFiles(file)
    await ap.locator('.import-roster').click()
    await ap.locator('.roster-message', { hasText: '导入完成：新增 3' }).waitFor({ timeout: 15_000 })

    // 2. Reader A binds and reads the short required article to the end.
    await bind(t, readerA.page, 'E2E001', '甲同学')
    const pa = readerA.page
    await pa.goto(`${t.url}/`)
    await pa.locator('.feed-item', { hasText: '短讯：认清套路贷' }).click()
    await pa.locator('.article-end').waitFor()
    await pa.mouse.move(200, 400)
    for (let i = 0; i < 11; i++) {
      await pa.mouse.wheel(0, 500)
      await pa.waitForTimeout(1000)
    }
    await pa.goBack()
    await pa.locator('.feed-item', { hasText: '短讯：认清套路贷' }).locator('.feed-state', { hasText: '已完成' }).waitFor({ timeout: 20_000 })

    // 3. Reader B binds and takes the knowledge contest.
    await bind(t, readerB.page, 'E2E002', '乙同学')
    const pb = readerB.page
    await pb.goto(`${t.url}/#/pages/quiz/index`)
    await pb.locator('.quiz-hub .start-exam').first().click()
    await pb.locator('.exam .exam-question').first().waitFor({ timeout: 15_000 })
    const n = await pb.locator('.exam .exam-question').count()
    for (let i = 0; i < n; i++) await pb.locator('.exam .exam-question').nth(i).locator('.question-option').first().click()
    await pb.waitForTimeout(500)
    await pb.locator('.exam .submit-exam').click()
    await pb.locator('.answer-sheet .confirm-hand-in').click() // 交卷 always asks first
    await pb.locator('.exam-score').waitFor({ timeout: 15_000 })

    // 4. The dashboard shows what the API computes.
    const api = (await t.api('get', '/api/metrics/dashboard?refresh=true', { token: adminToken })).body
    assert.equal(api.overview.roster, 3)
    assert.equal(api.overview.participating, 2, 'A completed an item, B submitted a quiz')
    await ap.goto(`${t.url}/#/admin/index/index`)
    await ap.getByText('数据看板 ›').click()
    await ap.locator('.dashboard .refresh-metrics').click()
    await ap.locator('.dashboard .metric-roster', { hasText: '3' }).waitFor({ timeout: 20_000 })
    for (const key of ['awarenessRate', 'participationRate', 'reachRate', 'readThroughRate'] as const) {
      await ap.locator(`.dashboard .metric-${key} .metric-value`, { hasText: percent(api.overview[key]) }).waitFor({ timeout: 10_000 })
    }
    const jidian = api.departments.find((d: any) => d.name === '机电工程学院')
    const row = ap.locator('.dashboard .dept-row', { hasText: '机电工程学院' })
    assert.match(
      (await row.textContent())!,
      new RegExp(`知晓 ${percent(jidian.awarenessRate).replace('.', '\\.')} · 参与 ${percent(jidian.participationRate).replace('.', '\\.')}`),
    )
    // The cards show the counts behind the rates.
    await ap.locator('.dashboard .metric-awarenessRate .metric-count', { hasText: `${api.overview.aware}/${api.overview.roster} 人` }).waitFor({ timeout: 10_000 })

    // 5. The roster page lists the bound readers, and undoing a binding removes it.
    await ap.goto(`${t.url}/#/admin/roster/index`)
    await ap.locator('.bound-readers .bound-row', { hasText: '甲同学' }).waitFor({ timeout: 10_000 })
    const rowB = ap.locator('.bound-readers .bound-row', { hasText: '乙同学' })
    await rowB.locator('.unbind').click()
    await ap.getByText('确定', { exact: true }).click()
    await rowB.waitFor({ state: 'detached', timeout: 10_000 })
    const b = (await t.api('get', '/api/admin/roster?q=E2E002', { token: adminToken })).body.people[0]
    assert.equal(b.boundUser, null)
  })
})
