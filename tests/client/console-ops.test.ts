import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import dayjs from 'dayjs'
import { aliasDetails, blueprintTotals, examBodyOf, examState, newExamValues } from '../../console/src/pages/exams/examForm'
import { examItemHints } from '../../console/src/pages/exams/examStats'
import { questionEditOf, questionListQuery, statsSummary } from '../../console/src/pages/questions/questionBank'
import { importSummary, refusedReport, rosterListQuery } from '../../console/src/pages/roster/rosterList'
import { loadTipImage } from '../../console/src/pages/tips/tipImage'
import { caseTimeline } from '../../console/src/pages/tips/tipTimeline'
import { accountPatchOf } from '../../console/src/pages/users/accounts'
import { ApiError } from '../../console/src/services/api'
import { developerTextIn } from '../../console/src/services/devText'
import { friendlyMessage } from '../../console/src/services/errors'
import { latestOnly } from '../../console/src/services/latestOnly'

describe('console ops: list queries', () => {
  test('roster table state → server query with paging, filters and sort', () => {
    assert.deepEqual(rosterListQuery({ current: 3, pageSize: 50, q: ' 2026 ', bound: 'true', departmentId: 'd1' }, { name: 'descend' }), {
      page: 3,
      pageSize: 50,
      q: '2026',
      departmentId: 'd1',
      bound: 'true',
      sort: 'name',
      order: 'desc',
    })
    assert.deepEqual(rosterListQuery({}, { unknown: 'ascend' }), { page: 1, pageSize: 20 })
  })

  test('question table state → server query; statistics columns sort on the server', () => {
    assert.deepEqual(questionListQuery({ current: 2, pageSize: 20, stem: '套路贷', type: 'single', state: 'retired', flagged: 'true' }, { facility: 'descend' }), {
      page: 2,
      pageSize: 20,
      q: '套路贷',
      type: 'single',
      state: 'retired',
      flagged: 'true',
      sort: 'facility',
      order: 'desc',
    })
    assert.deepEqual(questionListQuery({ type: 'essay' }, {}), { page: 1, pageSize: 20 })
  })
})

describe('console ops: forms', () => {
  const base = { chapterId: 'c', stem: ' 题干 ', options: [' 甲 ', '乙'], explanation: '解析', basis: '依据', difficulty: 2, tags: [' 标签 ', ''] }
  test('a question form becomes the PUT body: trimmed, one answer for single, 正确/错误 for true/false', () => {
    assert.deepEqual(questionEditOf({ ...base, type: 'single', answer: [1, 0] }), { ...base, type: 'single', stem: '题干', options: ['甲', '乙'], answer: [0], tags: ['标签'] })
    assert.deepEqual(questionEditOf({ ...base, type: 'multiple', answer: [1, 0, 1] }).answer, [0, 1])
    assert.deepEqual(questionEditOf({ ...base, type: 'truefalse', answer: [1] }).options, ['正确', '错误'])
  })

  test('an account edit sends only what changed; a department only for department heads', () => {
    const account = { id: 'u', nickname: '张三', roles: ['dept_admin' as const], username: 'zhang', departmentId: 'd1', disabled: false, person: null }
    assert.deepEqual(accountPatchOf(account, { nickname: '张三', roles: ['dept_admin'], departmentId: 'd1' }), {})
    assert.deepEqual(accountPatchOf(account, { nickname: '张三 ', roles: ['publicity_admin'], departmentId: 'd1' }), { roles: ['publicity_admin'], departmentId: null })
  })

  test('the exam form becomes the API body (minutes → seconds, percent → share); server paths map back to form fields', () => {
    const values = newExamValues(new Date('2026-11-27T02:00:00Z'))
    const body = examBodyOf({ ...values, title: ' 竞赛 ', minutes: 25, passPercent: 62.5, closesAt: null })
    assert.equal(body.title, '竞赛')
    assert.equal(body.timeLimitSeconds, 1500)
    assert.equal(body.passMark, 0.625)
    assert.equal(body.closesAt, null)
    assert.deepEqual(blueprintTotals(values.blueprint), { questions: 20, points: 100 })
    assert.deepEqual(
      aliasDetails([
        { in: 'body', field: 'timeLimitSeconds', message: 'x' },
        { path: 'body.blueprint.0.count', message: 'y' },
      ]),
      [
        { in: 'body', field: 'minutes', message: 'x' },
        { path: 'body.blueprint.0.count', message: 'y' },
      ],
    )
    const now = new Date('2026-11-27T02:00:00Z')
    assert.equal(examState({ published: false, opensAt: '2026-11-01T00:00:00Z', closesAt: null }, now).text, '未发布')
    assert.equal(examState({ published: true, opensAt: '2026-11-01T00:00:00Z', closesAt: '2026-11-20T00:00:00Z' }, now).text, '已结束')
    assert.equal(dayjs(values.opensAt).isValid(), true)
  })
})

describe('console ops: what admins read', () => {
  test('a refused roster import carries its bad rows; a finished one reads as one sentence', () => {
    const report = { total: 3, valid: 2, errors: [{ row: 3, reasons: ['部门“X”不存在'] }], created: 2, updated: 0, deactivated: 1 }
    assert.deepEqual(refusedReport(report), report)
    assert.equal(refusedReport([{ in: 'body', field: 'x', message: 'y' }]), null)
    assert.equal(importSummary(report), '导入完成：共 3 人，新增 2 人，更新 0 人，1 人不在名单中，已标记为离开，跳过有错误的 1 行')
  })

  test('the case timeline merges status changes, follow-ups and notes in time order, with names', () => {
    const items = caseTimeline({
      timeline: [
        { status: 'received', statusName: '已受理', at: '2026-11-01T01:00:00.000Z', note: null },
        { status: 'verifying', statusName: '核查中', at: '2026-11-03T01:00:00.000Z', note: '已约谈' },
      ],
      followUps: [{ at: '2026-11-02T01:00:00.000Z', text: '补充照片' }],
      notes: [{ at: '2026-11-04T01:00:00.000Z', authorId: 'a'.repeat(24), authorName: '王保卫 (wang)', text: '待复核' }],
    })
    assert.deepEqual(
      items.map((i) => i.title),
      ['已受理', '举报人补充', '核查中', '内部备注 · 王保卫 (wang)'],
    )
    assert.equal(items[2].text, '告知举报人：已约谈')
    for (const i of items) assert.deepEqual(developerTextIn(`${i.title} ${i.text ?? ''}`), [])
  })

  test('item hints for exams read the figures out and keep the server flags', () => {
    assert.deepEqual(examItemHints({ responses: 40, facility: 0.95, discrimination: 0.1, flags: [] }), ['太容易：95% 答对', '区分度低'])
    assert.deepEqual(examItemHints({ responses: 0, facility: 0, discrimination: 0, flags: [] }), ['还没有人作答'])
    assert.equal(statsSummary({ responses: 12, facility: 0.5, discrimination: 0.42, hints: [] }), '12 人作答，答对率 50%，区分度 0.42')
  })

  test('a tip picture loads with the session token as an object URL; an empty or non-image answer is an error, not a broken picture', async () => {
    const storage = new Map<string, string>([['console.token', 'tok']])
    Object.assign(globalThis, { localStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: () => {}, removeItem: () => {} } })
    let sentAuth: string | null = null
    const png = new Uint8Array([137, 80, 78, 71])
    const ok = await loadTipImage('t1', 0, async (_url, init) => {
      sentAuth = new Headers(init?.headers).get('authorization')
      return new Response(png, { headers: { 'content-type': 'image/png' } })
    })
    assert.equal(sentAuth, 'Bearer tok')
    assert.match(ok, /^blob:/)
    URL.revokeObjectURL(ok)
    await assert.rejects(
      loadTipImage('t1', 1, async () => new Response(new Uint8Array(0), { headers: { 'content-type': 'image/png' } })),
      (err: unknown) => err instanceof ApiError && friendlyMessage(err) === '第 2 张图片内容为空或不是图片',
    )
    await assert.rejects(
      loadTipImage(
        't1',
        0,
        async () => new Response(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: '请先登录' } }), { status: 401, headers: { 'content-type': 'application/json' } }),
      ),
      (err: unknown) => err instanceof ApiError && err.status === 401,
    )
  })
})

describe('console tables: a reload is not overwritten by an older load', () => {
  /** A load that settles when the test says so. */
  function pending<T>() {
    let settle!: { resolve(v: T): void; reject(e: unknown): void }
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }))
    return { load: () => promise, ...settle }
  }

  test("the rows from before 解除绑定, arriving after the reload, are dropped; the reload's rows count", async () => {
    const latest = latestOnly()
    const before = pending<string>()
    const reload = pending<string>()
    const first = latest(before.load)
    const second = latest(reload.load)
    reload.resolve('未绑定')
    before.resolve('已绑定')
    assert.deepEqual(await second, { current: true, value: '未绑定' })
    assert.deepEqual(await first, { current: false })
  })

  test('loads one after another all count; a failure is reported unless a newer load overtook it', async () => {
    const latest = latestOnly()
    assert.deepEqual(await latest(async () => 1), { current: true, value: 1 })
    assert.deepEqual(await latest(async () => 2), { current: true, value: 2 })
    await assert.rejects(
      latest(async () => Promise.reject(new Error('网络错误'))),
      /网络错误/,
    )
    const old = pending<number>()
    const first = latest(old.load)
    const second = latest(async () => 3)
    old.reject(new Error('旧的请求失败'))
    assert.deepEqual(await first, { current: false })
    assert.deepEqual(await second, { current: true, value: 3 })
  })
})
