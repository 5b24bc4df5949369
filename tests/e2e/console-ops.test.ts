import assert from 'node:assert/strict'
import { test } from 'node:test'
import ExcelJS from 'exceljs'
import { Types } from 'mongoose'
import { Question } from '../../server/modules/handbook/model'
import { AnswerLog } from '../../server/modules/quiz/model'
import { Person } from '../../server/modules/roster/model'
import { User } from '../../server/modules/users/model'
import { onBrowserPages } from '../helpers/browser'
import {
  assertNoDeveloperText,
  answerDialog,
  shownDialog,
  consoleScreenshot,
  newConsolePage,
  openConsolePage,
  signInConsole,
  useConsoleFixture,
  checkConsoleScreen,
} from '../helpers/console'
import { uploadTipPicture } from '../helpers/tips'

/** The console's operations pages (issue 11): 花名册, 题库, 线索, 账号, 授权确认, 账号变更日志. */
const fixture = useConsoleFixture()

async function rosterFile(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('花名册')
  ws.addRow(['学号/工号', '姓名', '类型', '部门', '班级'])
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('花名册: a roster with a bad row shows the row number and reason and imports nobody; the good file imports', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-roster': admin }, async () => {
    const p = admin.page
    await signInConsole(p, t, 'publicity_admin', 'ops-roster')
    await openConsolePage(p, t, '/roster')
    const bad = await rosterFile([
      ['E2E0001', '甲同学', '学生', 'C01', '一班'],
      ['E2E0002', '乙同学', '访客', 'C01', '一班'],
    ])
    await p
      .locator('.roster-import input[type=file]')
      .setInputFiles({ name: 'roster.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bad })
    const errors = p.locator('.roster-import-errors')
    await errors.getByText('第 3 行').waitFor({ timeout: 15_000 })
    await errors.getByText('类型“访客”无效（学生/教职工）').waitFor()
    assert.equal(await Person.countDocuments({ number: /^E2E/ }), 0, 'nothing imported')
    await checkConsoleScreen(p, 'roster import errors', 'roster-row-error')

    const good = await rosterFile([
      ['E2E0001', '甲同学', '学生', 'C01', '一班'],
      ['E2E0002', '乙同学', '学生', 'C01', '一班'],
    ])
    await p
      .locator('.roster-import input[type=file]')
      .setInputFiles({ name: 'roster.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good })
    await p.getByText(/导入完成：共 2 人，新增 2 人/).waitFor({ timeout: 15_000 })
    assert.equal(await Person.countDocuments({ number: /^E2E/ }), 2)
    await p.locator('.roster-table').getByText('E2E0001').waitFor()

    // A reader binds to 甲同学; the admin releases the binding after a confirmation.
    const reader = await t.signInReader()
    const bound = await t.api('put', '/api/me/binding', { token: reader.token, body: { number: 'E2E0001', name: '甲同学' } })
    assert.equal(bound.status, 200, JSON.stringify(bound.body))
    await p.reload()
    const row = p.locator('.roster-table .ant-table-row', { hasText: 'E2E0001' })
    await row.getByRole('button', { name: '解除绑定' }).waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'roster', 'roster')
    await row.getByRole('button', { name: '解除绑定' }).click()
    await answerDialog(p, '甲同学（E2E0001）的绑定？', '解除绑定')
    await p.locator('.ant-message').getByText('已解除绑定').waitFor({ timeout: 10_000 })
    await row.getByText('未绑定').waitFor({ timeout: 10_000 })
    assert.equal((await User.findById(reader.userId).lean())!.personId ?? null, null)
  })
})

test('题库: edit one question in the form; errors appear under their fields; the change is saved', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-questions': admin }, async () => {
    const p = admin.page
    await signInConsole(p, t, 'publicity_admin', 'ops-questions')
    // First answers of 40 readers to the first three questions: one too easy, one too hard, one fine.
    const firstThree = await Question.find({ active: true }).sort({ order: 1 }).limit(3).lean()
    const readers = Array.from({ length: 40 }, () => new Types.ObjectId())
    const rightFor = [(i: number) => i < 38, (i: number) => i < 8, (i: number) => i < 24]
    await AnswerLog.insertMany(
      firstThree.flatMap((q, k) =>
        readers.map((userId, i) => ({ userId, campaignId: q.campaignId, questionId: q._id, mode: 'practice', correct: rightFor[k](i), at: new Date() })),
      ),
    )
    await openConsolePage(p, t, '/questions')
    await p.locator('.question-table .ant-table-row').first().waitFor({ timeout: 15_000 })
    await p.locator('.question-table').getByText('太容易：95% 答对').waitFor()
    await p.locator('.question-table').getByText('太难：只有 20% 答对').waitFor()
    await checkConsoleScreen(p, 'question list', 'questions')

    const q = (await Question.findOne({ active: true, type: 'single' }).sort({ order: 1 }).lean())!
    const other = (await Question.findOne({ _id: { $ne: q._id }, campaignId: q.campaignId }).lean())!
    await openConsolePage(p, t, `/questions/${q._id}`)
    const stem = p.locator('.question-form textarea').first()
    await stem.waitFor()
    assert.equal(await stem.inputValue(), q.stem)
    // Empty: the form's own rule, under the field.
    await stem.fill('')
    await p.getByRole('button', { name: /保\s*存/ }).click()
    await p.locator('.question-form .ant-form-item-explain-error', { hasText: '请填写题干' }).waitFor()
    // The same stem as another question: the server's answer, under the same field.
    await stem.fill(other.stem)
    await p.getByRole('button', { name: /保\s*存/ }).click()
    await p.locator('.question-form .ant-form-item-explain-error', { hasText: '题库中已有相同题干的题目' }).waitFor({ timeout: 10_000 })
    assert.equal((await Question.findById(q._id).lean())!.stem, q.stem, 'nothing written')
    await checkConsoleScreen(p, 'question edit errors', 'question-edit-error')

    const edited = `${q.stem}（控制台修改）`
    await stem.fill(edited)
    await p.getByRole('button', { name: /保\s*存/ }).click()
    await p.getByText('已保存', { exact: true }).waitFor({ timeout: 10_000 })
    assert.equal((await Question.findById(q._id).lean())!.stem, edited)
    await p.locator('.question-stats').getByText('作答人数').waitFor()
    await consoleScreenshot(p, 'question-edit')
  })
})

test('线索: the officer opens a tip and sees its picture, assigns it by name, moves it with a confirmation, and reads the log in Chinese', async () => {
  const t = fixture.server()
  const reader = await t.signInReader()
  const uploaded = await uploadTipPicture(t, reader.token, 'console-ops-draft-0123456789', { format: 'png', width: 160, height: 120 })
  assert.equal(uploaded.status, 201, JSON.stringify(uploaded.body))
  const sent = await t.api('post', '/api/tips', {
    token: reader.token,
    body: { category: 'gang', description: '体育馆后门有人向学生收取“保护费”，附照片。', anonymous: true, attachmentIds: [uploaded.body.attachmentId] },
  })
  assert.equal(sent.status, 201, JSON.stringify(sent.body))

  const officer = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-tips': officer }, async () => {
    const p = officer.page
    await signInConsole(p, t, 'security_officer', 'ops-officer')
    await User.updateOne({ username: 'ops-officer' }, { $set: { nickname: '王保卫' } })
    await openConsolePage(p, t, '/tips')
    const row = p.locator('.tip-table .ant-table-row', { hasText: '保护费' })
    await row.waitFor({ timeout: 15_000 })
    await checkConsoleScreen(p, 'tip inbox', 'tips-inbox')

    await row.getByRole('link', { name: '处理' }).click()
    await p.getByText('体育馆后门有人向学生收取').waitFor({ timeout: 10_000 })
    await p.getByRole('button', { name: '查看图片' }).click()
    const img = p.locator('.tip-pictures img.tip-picture, .tip-pictures .tip-picture img').first()
    await img.waitFor({ timeout: 15_000 })
    await p.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: 15_000 })
    const size = await img.evaluate((el) => ({ w: (el as HTMLImageElement).naturalWidth, h: (el as HTMLImageElement).naturalHeight }))
    assert.deepEqual(size, { w: 160, h: 120 }, 'the reporter’s picture, decoded')

    // Assign by name.
    await p.locator('.ant-card', { hasText: '承办人' }).locator('.ant-select').click()
    await p.locator('.ant-select-item-option', { hasText: '王保卫' }).click()
    await p.getByRole('button', { name: /指\s*派/ }).click()
    await p.getByText('当前承办人：王保卫').waitFor({ timeout: 10_000 })

    // A transition asks first.
    await p.getByRole('button', { name: '转为“核查中”' }).click()
    await answerDialog(p, '确认将线索转为“核查中”？', '确认变更')
    await p.locator('.ant-page-header, .ant-pro-page-container').getByText('核查中').first().waitFor({ timeout: 10_000 })

    const log = p.locator('.tip-audit')
    await log.getByText('查看了第 1 张图片').waitFor({ timeout: 10_000 })
    await log.getByText('状态由“已受理”变更为“核查中”').waitFor()
    await log.getByText(/指派给 王保卫/).waitFor()
    await checkConsoleScreen(p, 'tip case', 'tip-case')

    await openConsolePage(p, t, '/tip-audit')
    await p.locator('.tip-audit-log').getByText('查看了第 1 张图片').waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'tip audit log', 'tips-audit')
  })
})

test('账号: the superadmin disables an account through a confirmation; grants and the account log read in Chinese', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-users': admin }, async () => {
    const p = admin.page
    const token = await signInConsole(p, t, 'superadmin', 'ops-super')
    const made = await t.api('post', '/api/admin/users', {
      token,
      body: { username: 'ops-leaver', password: 'password-123', nickname: '将离职的管理员', roles: ['publicity_admin'] },
    })
    assert.equal(made.status, 201, JSON.stringify(made.body))
    await t.api('post', '/api/admin/users', { token, body: { username: 'ops-guard', password: 'password-123', nickname: '新保卫处人员', roles: ['security_officer'] } })
    await openConsolePage(p, t, '/users')
    const row = p.locator('.account-table .ant-table-row', { hasText: '将离职的管理员' })
    await row.waitFor({ timeout: 15_000 })
    await p.locator('.account-table .ant-table-row', { hasText: '新保卫处人员' }).getByText('保卫处（待确认）').waitFor()
    await checkConsoleScreen(p, 'accounts', 'users')

    await row.getByRole('button', { name: /停\s*用/ }).click()
    await shownDialog(p, '停用账号“将离职的管理员”？')
    assert.equal((await User.findOne({ username: 'ops-leaver' }).lean())!.disabled ?? false, false, 'nothing happens before confirming')
    await consoleScreenshot(p, 'users-disable-confirm')
    await answerDialog(p, '停用账号“将离职的管理员”？', /停\s*用/)
    await row.getByText('已停用').waitFor({ timeout: 10_000 })
    assert.equal((await User.findOne({ username: 'ops-leaver' }).lean())!.disabled, true)

    await openConsolePage(p, t, '/grants')
    await p
      .locator('.grant-list')
      .getByText(/新保卫处人员.*申请“保卫处”角色/)
      .waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'grants', 'grants')

    await openConsolePage(p, t, '/account-log')
    await p.locator('.account-log').getByText('停用账号').first().waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'account log', 'account-log')
  })
})

test('考试: a new timed quiz is made in the editor and its item analysis opens', async () => {
  const t = fixture.server()
  const admin = await newConsolePage(fixture.browser())
  await onBrowserPages({ 'console-exams': admin }, async () => {
    const p = admin.page
    await signInConsole(p, t, 'publicity_admin', 'ops-exams')
    await openConsolePage(p, t, '/exams')
    await p.getByRole('button', { name: /新建竞赛/ }).click()
    await p.locator('.exam-form').waitFor()
    await p.getByRole('button', { name: /保\s*存/ }).click()
    await p.locator('.exam-form .ant-form-item-explain-error', { hasText: '请填写竞赛名称' }).waitFor()
    await p.getByLabel('名称').fill('控制台知识竞赛')
    await checkConsoleScreen(p, 'exam editor', 'exam-edit')
    await p.getByRole('button', { name: /保\s*存/ }).click()
    await p.getByText('已保存', { exact: true }).waitFor({ timeout: 10_000 })
    await p.waitForURL(/\/admin\/exams\/[0-9a-f]{24}$/)
    await openConsolePage(p, t, '/exams')
    await p.locator('.exam-table').getByText('控制台知识竞赛').waitFor()
    await consoleScreenshot(p, 'exams')
    await p.locator('.exam-table .ant-table-row', { hasText: '控制台知识竞赛' }).getByRole('link', { name: '试题分析' }).click()
    await p.getByText('首次作答人数').waitFor({ timeout: 10_000 })
    await checkConsoleScreen(p, 'exam statistics', 'exam-statistics')
  })
})

test('every operations screen, empty or failing, shows Chinese only: no schema paths, state ids, raw ids or validator English', async () => {
  const t = fixture.server()
  const missing = '0123456789abcdef01234567'
  const roles: [Parameters<typeof signInConsole>[2], string, [string, string, string][]][] = [
    [
      'publicity_admin',
      'screens-ops-publicity',
      [
        ['/roster', 'roster', '.roster-table'],
        ['/questions', 'questions', '.question-table'],
        [`/questions/${missing}`, 'question-missing', '.ant-result'],
        ['/exams', 'exams', '.exam-table'],
        ['/exams/new', 'exam-new', '.exam-form'],
        [`/exams/${missing}`, 'exam-missing', '.ant-result'],
        [`/exams/${missing}/statistics`, 'exam-statistics-missing', '.ant-result'],
      ],
    ],
    [
      'security_officer',
      'screens-ops-officer',
      [
        ['/tips', 'tips', '.tip-table'],
        [`/tips/${missing}`, 'tip-missing', '.ant-result'],
        ['/tip-audit', 'tip-audit', '.tip-audit-log'],
        ['/grants', 'grants-officer', '.grant-list'],
        ['/account-log', 'account-log-officer', '.account-log'],
      ],
    ],
    [
      'superadmin',
      'screens-ops-super',
      [
        ['/users', 'users', '.account-table'],
        ['/grants', 'grants', '.grant-list'],
      ],
    ],
  ]
  for (const [role, username, screens] of roles) {
    const admin = await newConsolePage(fixture.browser())
    await onBrowserPages({ [`console-ops-screens-${role}`]: admin }, async () => {
      const p = admin.page
      await signInConsole(p, t, role, username)
      for (const [path, name, ready] of screens) {
        await p.goto(`${t.url}/admin${path}`)
        await p.locator(ready).first().waitFor({ timeout: 15_000 })
        await p.waitForLoadState('networkidle')
        await consoleScreenshot(p, `screen-${name}`)
        await assertNoDeveloperText(p, path)
      }
    })
  }
})
