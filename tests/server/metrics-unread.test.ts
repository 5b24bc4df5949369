import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Article } from '../../server/modules/articles/model'
import { MetricsSnapshot } from '../../server/modules/metrics/model'
import { markAllMetricsDirty } from '../../server/modules/metrics/service'
import { Person } from '../../server/modules/roster/model'
import { useTestServer } from '../helpers/server'

// The 发而未看 list is kept with the dashboard snapshot (one stored list per department), so
// a department head's page reads one document instead of scanning every summary. It must
// say when it was computed, say when it is behind, and catch up.

const clock = new ManualClock('2026-11-20T02:00:00Z')
let head: string
let admin: string
let C01: string
let required: string
const BODY = '扫黑除恶，人人有责。'.repeat(10)
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  await Article.updateMany({}, { $set: { status: 'archived' } })
  C01 = await t.departmentId('C01')
  head = (await t.signInAdmin('dept_admin', { departmentCode: 'C01' })).token
  for (const number of ['Q1', 'Q2']) await Person.create({ number, name: `人${number}`, type: 'student', departmentId: C01, className: 'A', active: true })
  const created = await t.api('post', '/api/admin/articles', { token: admin, body: { title: '必读', bodyMarkdown: BODY, required: true } })
  required = created.body.article.id
  await t.api('post', `/api/admin/articles/${required}/publish`, { token: admin })
})

const unread = (query = '') => t.api('get', `/api/metrics/departments/${C01}/unread${query}`, { token: head })
const numbers = (body: any) => body.people.map((p: any) => p.number)

test('the unread list comes from the snapshot: stale after a change, exact with refresh, and caught up in the background', async () => {
  const first = await unread()
  assert.equal(first.status, 200)
  assert.deepEqual(numbers(first.body), ['Q1', 'Q2'])
  assert.equal(first.body.stale, false)
  assert.ok(!Number.isNaN(Date.parse(first.body.computedAt)))

  // Q1 binds and reads the required article to the end.
  const reader = await t.api('post', '/api/auth/wechat', { body: { code: 'q1:1' } })
  const token = reader.body.token as string
  assert.equal((await t.api('put', '/api/me/binding', { token, body: { number: 'Q1', name: '人Q1' } })).status, 200)
  const beat = (seq: number, engagedSeconds: number) =>
    t.api('post', '/api/progress/heartbeats', { token, body: { heartbeats: [{ sessionId: 'unread-s1', seq, item: { kind: 'article', id: required }, depth: 1, engagedSeconds }] } })
  await beat(0, 0)
  clock.advance(20_000)
  assert.equal((await beat(1, 20)).body.items[0].completed, true)

  const behind = await unread()
  assert.equal(behind.body.stale, true, 'the stored list predates the completion')
  assert.deepEqual(numbers(behind.body), ['Q1', 'Q2'])

  const exact = await unread('?refresh=true')
  assert.equal(exact.body.stale, false)
  assert.deepEqual(numbers(exact.body), ['Q2'])

  // Without refresh, a stale read starts a recompute; the next reads catch up.
  await t.api('put', '/api/me/binding', { token: (await t.signInReader()).token, body: { number: 'Q2', name: '人Q2' } })
  assert.equal((await unread()).body.stale, true)
  let caughtUp = false
  for (let i = 0; i < 50 && !caughtUp; i++) {
    await new Promise((r) => setTimeout(r, 100))
    caughtUp = (await unread()).body.stale === false
  }
  assert.ok(caughtUp, 'the background refresh brought the list up to date')
})

test('a department left out of the table (inactive, nobody on the roster) does not keep its old list', async () => {
  const created = await t.api('post', '/api/admin/departments', { token: admin, body: { code: 'C99', name: '撤并学院', kind: 'college' } })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const C99 = created.body.department.id as string
  await Person.create({ number: 'Z1', name: '人Z1', type: 'student', departmentId: C99, className: 'Z', active: true })
  await markAllMetricsDirty()
  const list = (query = '') => t.api('get', `/api/metrics/departments/${C99}/unread${query}`, { token: admin })
  assert.deepEqual(numbers((await list('?refresh=true')).body), ['Z1'])

  // The department is merged into C01 and deactivated: nobody of it is on the roster any more.
  await Person.updateOne({ number: 'Z1' }, { $set: { departmentId: C01 } })
  assert.equal((await t.api('put', `/api/admin/departments/${C99}`, { token: admin, body: { active: false } })).status, 200)
  const after = await list('?refresh=true')
  assert.equal(after.body.stale, false)
  assert.deepEqual(numbers(after.body), [], 'Z1 is in C01 now')
  assert.ok(numbers((await unread('?refresh=true')).body).includes('Z1'))
})

test('refreshes that arrive together compute the figures once', async () => {
  await markAllMetricsDirty()
  const original = MetricsSnapshot.updateOne.bind(MetricsSnapshot)
  let writes = 0
  MetricsSnapshot.updateOne = ((...args: Parameters<typeof original>) => {
    writes++
    return original(...args)
  }) as typeof MetricsSnapshot.updateOne
  try {
    const dashboard = () => t.api('get', '/api/metrics/dashboard?refresh=true', { token: admin })
    const results = await Promise.all([dashboard(), unread('?refresh=true'), dashboard(), unread('?refresh=true'), dashboard()])
    assert.deepEqual(
      results.map((r) => [r.status, r.body.stale]),
      Array(5).fill([200, false]),
    )
    assert.equal(new Set(results.map((r) => r.body.computedAt)).size, 1, 'one computation answered all five')
    assert.equal(writes, 1)
  } finally {
    MetricsSnapshot.updateOne = original
  }
})
