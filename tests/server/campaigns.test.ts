import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { useTestServer } from '../helpers/server'

const clock = new ManualClock('2026-11-20T02:00:00Z')
let admin: string
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
})

test('the next campaign is created by an admin, brings its own settings and tip categories, and needs no code change', async () => {
  const created = await t.api('post', '/api/admin/campaigns', {
    token: admin,
    body: {
      slug: 'fanzha-2027',
      title: '防范电信网络诈骗',
      startAt: '2026-11-15T00:00:00+08:00',
      settings: { passMark: 0.8, dailyQuizSize: 3 },
      tipCategories: [{ code: 'telecom-fraud', name: '电信诈骗' }, { code: 'card-trading', name: '买卖银行卡' }],
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const current = await t.api('get', '/api/campaigns/current')
  assert.equal(current.body.campaign.title, '防范电信网络诈骗')
  assert.equal(current.body.campaign.settings.passMark, 0.8)
  const reader = await t.signInReader()
  const categories = await t.api('get', '/api/tips/categories', { token: reader.token })
  assert.deepEqual(categories.body.categories.map((c: any) => c.name), ['电信诈骗', '买卖银行卡', '其他'])

  // A PUT changes only what it names.
  const patched = await t.api('put', `/api/admin/campaigns/${created.body.campaign.id}`, { token: admin, body: { title: '防范电信网络诈骗（2027）', settings: { dailyQuizSize: 4 } } })
  assert.equal(patched.status, 200)
  assert.equal(patched.body.campaign.tipCategories.length, 2)
  assert.deepEqual([patched.body.campaign.settings.passMark, patched.body.campaign.settings.dailyQuizSize], [0.8, 4])
  assert.equal(patched.body.campaign.status, 'active')

  const dup = await t.api('post', '/api/admin/campaigns', { token: admin, body: { slug: 'fanzha-2027', title: 'x', startAt: '2026-11-15T00:00:00+08:00' } })
  assert.equal(dup.status, 409)
  const reader403 = await t.api('post', '/api/admin/campaigns', { token: reader.token, body: {} })
  assert.equal(reader403.status, 403)
})

test('editing a department changes only the named fields', async () => {
  const list = await t.api('get', '/api/admin/departments', { token: admin })
  const dept = list.body.departments.find((d: any) => d.code === 'C03')
  const res = await t.api('put', `/api/admin/departments/${dept.id}`, { token: admin, body: { name: '建筑与测绘学院' } })
  assert.equal(res.status, 200)
  const after = (await t.api('get', '/api/admin/departments', { token: admin })).body.departments
  assert.equal(after.findIndex((d: any) => d.code === 'C03'), list.body.departments.findIndex((d: any) => d.code === 'C03'), 'order kept')
  assert.equal(after.find((d: any) => d.code === 'C03').kind, 'college')
})
