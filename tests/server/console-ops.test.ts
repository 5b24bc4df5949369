import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import ExcelJS from 'exceljs'
import { Types } from 'mongoose'
import { Campaign } from '../../server/modules/campaigns/model'
import { Question } from '../../server/modules/handbook/model'
import { AnswerLog, Exam } from '../../server/modules/quiz/model'
import { Person } from '../../server/modules/roster/model'
import { Tip } from '../../server/modules/tips/model'
import { AdminAudit } from '../../server/modules/users/audit'
import { User } from '../../server/modules/users/model'
import { useTestServer } from '../helpers/server'
import { uploadTipPicture } from '../helpers/tips'

/** The console's operations endpoints: question bank, roster, tips audit in Chinese, accounts. */
let publicity: { token: string; userId: string }
let officer: { token: string; userId: string }
let superadmin: { token: string; userId: string }
const t = useTestServer({}, async () => {
  publicity = await t.signInAdmin('publicity_admin')
  officer = await t.signInAdmin('security_officer', { username: 'officer-wang' })
  superadmin = await t.signInAdmin('superadmin')
})

/** Wire text a user would read must not carry ids or workflow codes. */
const RAW = /[0-9a-f]{24}|received|verifying|transferred|closed|→ \w/

describe('question bank', () => {
  test('lists with server-side paging, search and filters; only the handbook admin may', async () => {
    const page1 = await t.api('get', '/api/admin/questions?pageSize=10', { token: publicity.token })
    assert.equal(page1.status, 200, JSON.stringify(page1.body))
    assert.equal(page1.body.questions.length, 10)
    assert.ok(page1.body.total > 10)
    const page2 = await t.api('get', '/api/admin/questions?pageSize=10&page=2', { token: publicity.token })
    assert.notDeepEqual(
      page2.body.questions.map((q: any) => q.id),
      page1.body.questions.map((q: any) => q.id),
    )
    const first = page1.body.questions[0]
    const word = first.stem.slice(2, 8)
    const found = await t.api('get', `/api/admin/questions?q=${encodeURIComponent(word)}`, { token: publicity.token })
    assert.ok(found.body.questions.some((q: any) => q.id === first.id))
    assert.ok(found.body.questions.every((q: any) => q.stem.includes(word)))
    const chapter = page1.body.chapters[1]
    const byChapter = await t.api('get', `/api/admin/questions?chapterId=${chapter.id}&type=truefalse`, { token: publicity.token })
    assert.ok(byChapter.body.questions.every((q: any) => q.chapterTitle === chapter.title && q.typeName === '判断'))

    for (const token of [officer.token, superadmin.token, (await t.signInReader()).token]) {
      assert.equal((await t.api('get', '/api/admin/questions', { token })).status, 403)
    }
    const bad = await t.api('get', '/api/admin/questions?pageSize=1000', { token: publicity.token })
    assert.equal(bad.status, 400)
  })

  test('item statistics per question from first answers, with a plain-language hint', async () => {
    const q = (await Question.findOne({ active: true }).lean())!
    // 20 readers: 19 right on the first try (one of them wrong afterwards: later answers do not count).
    const at = new Date('2026-03-01T02:00:00Z')
    const rows = Array.from({ length: 20 }, (_, i) => ({ userId: new Types.ObjectId(), campaignId: q.campaignId, questionId: q._id, mode: 'practice', correct: i < 19, at }))
    rows.push({ ...rows[0], correct: false, at: new Date(at.getTime() + 60_000) })
    await AnswerLog.insertMany(rows)
    const res = await t.api('get', `/api/admin/questions/${q._id}`, { token: publicity.token })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.question.stats.responses, 20)
    assert.equal(res.body.question.stats.facility, 0.95)
    assert.equal(res.body.question.stats.hints[0].text, '太容易：95% 答对')
    const flagged = await t.api('get', '/api/admin/questions?flagged=true&sort=facility&order=desc', { token: publicity.token })
    assert.equal(flagged.body.questions[0].id, String(q._id))
  })

  test('an edit with bad fields is refused field by field in Chinese and changes nothing; a good edit is saved', async () => {
    const q = (await Question.findOne({ active: true, type: 'single' }).lean())!
    const before = JSON.stringify(q)
    const edit = {
      chapterId: String(q.chapterId),
      type: 'single',
      stem: '修改后的题干：哪一项属于“套路贷”的典型特征？',
      options: ['以“小额贷款”为名诱骗签订虚高借款合同', '银行正规信用贷款', '同学之间无息借款', '助学贷款'],
      answer: [0],
      explanation: '套路贷以借贷为名，虚增债务。',
      basis: '《关于办理“套路贷”刑事案件若干问题的意见》',
      difficulty: 2,
      tags: ['套路贷'],
    }
    const bad = await t.api('put', `/api/admin/questions/${q._id}`, {
      token: publicity.token,
      body: { ...edit, stem: '', answer: [0, 1], options: [...edit.options.slice(0, 3), '银行正规信用贷款'] },
    })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'VALIDATION_FAILED')
    const messages = JSON.stringify(bad.body.error.details)
    for (const m of ['请填写题干', '选项重复']) assert.ok(messages.includes(m), `${m} in ${messages}`)
    assert.equal(JSON.stringify(await Question.findById(q._id).lean()), before, 'nothing written')

    const other = (await Question.findOne({ _id: { $ne: q._id }, campaignId: q.campaignId }).lean())!
    const dup = await t.api('put', `/api/admin/questions/${q._id}`, { token: publicity.token, body: { ...edit, stem: other.stem } })
    assert.equal(dup.status, 409)
    assert.deepEqual(dup.body.error.details, [{ in: 'body', field: 'stem', message: '题库中已有相同题干的题目' }])
    assert.equal(JSON.stringify(await Question.findById(q._id).lean()), before, 'nothing written')

    const reader = await t.signInReader()
    assert.equal((await t.api('put', `/api/admin/questions/${q._id}`, { token: reader.token, body: edit })).status, 403)

    const ok = await t.api('put', `/api/admin/questions/${q._id}`, { token: publicity.token, body: edit })
    assert.equal(ok.status, 200, JSON.stringify(ok.body))
    assert.equal(ok.body.question.stem, edit.stem)
    const stored = (await Question.findById(q._id).lean())!
    assert.deepEqual(
      stored.options.map((o) => o.text),
      edit.options,
    )
    assert.deepEqual(stored.answer, ['a'])
  })

  test('retire takes a question out of the active list and restore brings it back', async () => {
    const q = (await Question.findOne({ active: true }).lean())!
    const retired = await t.api('post', `/api/admin/questions/${q._id}/retire`, { token: publicity.token })
    assert.equal(retired.status, 200)
    assert.equal(retired.body.question.active, false)
    assert.equal((await t.api('post', `/api/admin/questions/${q._id}/retire`, { token: publicity.token })).status, 409)
    const active = await t.api('get', `/api/admin/questions?pageSize=100&q=${encodeURIComponent(q.stem.slice(0, 10))}`, { token: publicity.token })
    assert.ok(!active.body.questions.some((x: any) => x.id === String(q._id)))
    const list = await t.api('get', `/api/admin/questions?state=retired`, { token: publicity.token })
    assert.ok(list.body.questions.some((x: any) => x.id === String(q._id)))
    assert.equal((await t.api('post', `/api/admin/questions/${q._id}/restore`, { token: publicity.token })).body.question.active, true)
  })
})

describe('roster', () => {
  test('the template downloads as an XLSX with the import header and the departments to choose from', async () => {
    const res = await fetch(`${t.url}/api/admin/roster/template.xlsx`, { headers: { authorization: `Bearer ${publicity.token}` } })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /spreadsheetml/)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await res.arrayBuffer())
    assert.deepEqual((wb.worksheets[0].getRow(1).values as unknown[]).slice(1), ['学号/工号', '姓名', '类型', '部门', '班级'])
    assert.ok(wb.getWorksheet('部门列表')!.rowCount > 1)
    assert.equal((await t.api('get', '/api/admin/roster/template.xlsx', { token: officer.token })).status, 403)
  })

  test('an upload with a bad row answers the row number and reason and writes nobody', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('花名册')
    ws.addRow(['学号/工号', '姓名', '类型', '部门', '班级'])
    ws.addRow(['OPS0001', '甲同学', '学生', 'C01', '一班'])
    ws.addRow(['OPS0002', '乙同学', '学生', '没有这个学院', '一班'])
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), 'roster.xlsx')
    const res = await t.api('post', '/api/admin/roster/import', { token: publicity.token, rawBody: form })
    assert.equal(res.status, 422)
    assert.deepEqual(res.body.error.details.errors, [{ row: 3, reasons: ['部门“没有这个学院”不存在'] }])
    assert.equal(await Person.countDocuments({ number: /^OPS/ }), 0)
  })

  test('the people list pages on the server with a total, sorts, and names departments', async () => {
    const dept = await t.departmentId('C01')
    await Person.insertMany(
      Array.from({ length: 25 }, (_, i) => ({ number: `PG${String(i).padStart(3, '0')}`, name: `分页${i}`, type: 'student', departmentId: dept, className: `班${i % 3}` })),
    )
    const res = await t.api('get', '/api/admin/roster?q=PG&pageSize=10&page=3', { token: publicity.token })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.total, 25)
    assert.equal(res.body.people.length, 5)
    assert.equal(res.body.hasMore, false)
    assert.ok(res.body.people[0].departmentName && !RAW.test(res.body.people[0].departmentName))
    const desc = await t.api('get', '/api/admin/roster?q=PG&pageSize=1&sort=number&order=desc', { token: publicity.token })
    assert.equal(desc.body.people[0].number, 'PG024')
    assert.equal((await t.api('get', '/api/admin/roster?pageSize=0', { token: publicity.token })).status, 400)
  })
})

describe('tips for the console', () => {
  test('the audit log reads in Chinese with names as they were, and the assignee by name', async () => {
    const reader = await t.signInReader()
    const up = await uploadTipPicture(t, reader.token, 'draft-console-ops-0001')
    assert.equal(up.status, 201)
    const campaign = (await Campaign.findOne({}).lean())!
    const category = campaign.tipCategories![0]
    const sent = await t.api('post', '/api/tips', {
      token: reader.token,
      body: { category: category.code, description: '操场边有人向学生放高利贷并威胁', attachmentIds: [up.body.attachmentId] },
    })
    assert.equal(sent.status, 201, JSON.stringify(sent.body))
    const inbox = await t.api('get', '/api/security/tips', { token: officer.token })
    const row = inbox.body.tips[0]
    assert.equal(row.categoryName, category.name)
    const id = row.id
    assert.equal((await t.api('get', `/api/security/tips/${id}/attachments/0`, { token: officer.token })).status, 200)
    await t.api('post', `/api/security/tips/${id}/status`, { token: officer.token, body: { status: 'verifying' } })
    const assigned = await t.api('put', `/api/security/tips/${id}/assignee`, { token: officer.token, body: { assigneeId: officer.userId } })
    assert.equal(assigned.status, 200)
    const officerName = assigned.body.tip.assigneeName
    assert.ok(officerName)
    // A later rename does not rewrite the log.
    await User.updateOne({ _id: officer.userId }, { $set: { nickname: '改名以后' } })
    const log = await t.api('get', `/api/security/tips/${id}/audit`, { token: officer.token })
    const summaries = log.body.entries.map((e: any) => `${e.actorName} ${e.actionName} ${e.summary}`)
    for (const s of summaries) assert.ok(!RAW.test(s), `raw text in "${s}"`)
    const text = summaries.join('\n')
    assert.match(text, /查看图片 查看了第 1 张图片/)
    assert.match(text, /状态由“已受理”变更为“核查中”/)
    assert.ok(text.includes(`指派给 ${officerName}`), text)
    assert.ok(!text.includes('改名以后'), 'names as recorded at the time')
    assert.ok(await Tip.exists({ _id: id }))
  })
})

describe('accounts', () => {
  test('the account list pages on the server; the change log reads in Chinese', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.api('post', '/api/admin/users', {
        token: superadmin.token,
        body: { username: `ops-page-${i}`, password: 'password-123', nickname: `分页账号${i}`, roles: ['publicity_admin'] },
      })
      assert.equal(res.status, 201, JSON.stringify(res.body))
    }
    const page = await t.api('get', '/api/admin/users?q=ops-page&pageSize=2&page=2', { token: superadmin.token })
    assert.equal(page.status, 200)
    assert.equal(page.body.total, 3)
    assert.equal(page.body.users.length, 1)
    const target = page.body.users[0]
    const disabled = await t.api('put', `/api/admin/users/${target.id}`, {
      token: superadmin.token,
      body: { disabled: true, roles: ['dept_admin'], departmentId: await t.departmentId('C01') },
    })
    assert.equal(disabled.status, 200, JSON.stringify(disabled.body))
    const log = await t.api('get', '/api/admin/audit', { token: superadmin.token })
    const entry = log.body.entries[0]
    assert.equal(entry.actionName, '修改账号')
    assert.match(entry.summary, /角色由“宣传管理员”改为“部门负责人”；停用账号；部门由“无”改为“.+”/)
    assert.ok(!RAW.test(entry.summary), entry.summary)
    assert.ok(await AdminAudit.countDocuments({}))
    assert.equal((await t.api('get', '/api/admin/users', { token: publicity.token })).status, 403)
  })
})

describe('exams', () => {
  test('a bad exam is refused with Chinese messages and nothing is written; only quiz admins may', async () => {
    const before = await Exam.countDocuments({})
    const body = { title: ' ', blueprint: [{ count: 0, points: 5 }], timeLimitSeconds: 10, maxAttempts: 3, opensAt: '2026-12-01T00:00:00Z', passMark: 1.5 }
    const bad = await t.api('post', '/api/admin/exams', { token: publicity.token, body })
    assert.equal(bad.status, 400)
    const messages = JSON.stringify(bad.body.error.details)
    for (const m of ['请填写竞赛名称', '题数为 1–100', '答题时间至少 30 秒', '及格线为 0–100%']) assert.ok(messages.includes(m), `${m} in ${messages}`)
    assert.equal(await Exam.countDocuments({}), before, 'nothing written')
    assert.equal((await t.api('post', '/api/admin/exams', { token: officer.token, body })).status, 403)
    assert.equal((await t.api('get', '/api/admin/exams', { token: (await t.signInReader()).token })).status, 403)
  })
})
