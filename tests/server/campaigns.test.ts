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
      tipCategories: [
        { code: 'telecom-fraud', name: '电信诈骗' },
        { code: 'card-trading', name: '买卖银行卡' },
      ],
    },
  })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  const current = await t.api('get', '/api/campaigns/current')
  assert.equal(current.body.campaign.title, '防范电信网络诈骗')
  assert.equal(current.body.campaign.settings.passMark, 0.8)
  const reader = await t.signInReader()
  const categories = await t.api('get', '/api/tips/categories', { token: reader.token })
  assert.deepEqual(
    categories.body.categories.map((c: any) => c.name),
    ['电信诈骗', '买卖银行卡', '其他'],
  )

  // A PUT changes only what it names.
  const patched = await t.api('put', `/api/admin/campaigns/${created.body.campaign.id}`, {
    token: admin,
    body: { title: '防范电信网络诈骗（2027）', settings: { dailyQuizSize: 4 } },
  })
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
  assert.equal(
    after.findIndex((d: any) => d.code === 'C03'),
    list.body.departments.findIndex((d: any) => d.code === 'C03'),
    'order kept',
  )
  assert.equal(after.find((d: any) => d.code === 'C03').kind, 'college')
})

test('a database seeded with the old 专项斗争 wording gets the 常态化 wording on the next seed; an admin’s edit is kept', async () => {
  const { Campaign } = await import('../../server/modules/campaigns/model')
  const { runSeed } = await import('../../server/seed')
  const { FORMER_CAMPAIGN_TEXT } = await import('../../server/seed/campaign')
  await Campaign.updateOne(
    { slug: 'saoheichue' },
    { $set: { title: FORMER_CAMPAIGN_TEXT.title![0], description: FORMER_CAMPAIGN_TEXT.description![0], subtitle: '学院自己写的副标题' } },
  )
  await runSeed({ logger: t.deps.logger, superadminPassword: 'unused-password-1' })
  const c = (await Campaign.findOne({ slug: 'saoheichue' }).lean())!
  assert.equal(c.title, '扫黑除恶')
  assert.doesNotMatch(c.description, /专项斗争|严格保密/)
  assert.equal(c.subtitle, '学院自己写的副标题', 'an edited field is left as the admin wrote it')
})
