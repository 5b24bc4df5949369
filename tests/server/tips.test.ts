import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import mongoose from 'mongoose'
import sharp from 'sharp'
import { createTipCipher, TipDecryptionError } from '../../server/modules/tips/crypto'
import { Tip, TipAttachmentChunk, TipAudit, TipPendingUpload } from '../../server/modules/tips/model'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

let t: TestServer
let officer: { token: string; userId: string }
const SECRET_TEXT = {
  description: '宿舍楼后面有人以“刷单返利”为名放高利贷，逾期就堵门威胁，暗号青龙七号',
  location: '三号宿舍楼东侧小卖部旁',
  people: '外号“阿彪”的校外人员',
}

before(async () => {
  // Per-IP limits: the tests name the client address in X-Forwarded-For, as a trusted proxy would.
  t = await startTestServer({ env: { TRUST_PROXY: 'true' } })
  officer = await t.signInAdmin('security_officer')
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

let ipCounter = 10
const freshIp = () => `10.0.${++ipCounter}.7`

async function png(color: string, size = 8): Promise<Buffer> {
  // With GPS EXIF metadata, which must not survive.
  return sharp({ create: { width: size, height: size, channels: 3, background: color } })
    .withExif({ IFD0: { Make: 'SecretPhone', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 49/1 0/1' } } as never)
    .jpeg()
    .toBuffer()
}

async function upload(token: string, draftId: string, data: Buffer, filename = 'photo.jpg', ip = '10.9.9.9') {
  const form = new FormData()
  form.append('draftId', draftId)
  form.append('file', new Blob([new Uint8Array(data)], { type: 'image/jpeg' }), filename)
  return t.api('post', '/api/tips/attachments', { token, rawBody: form, headers: { 'x-forwarded-for': ip } })
}

async function submit(token: string, body: Record<string, unknown>, ip = '10.9.9.9') {
  return t.api('post', '/api/tips', { token, body: { category: 'campus-loan', ...body }, headers: { 'x-forwarded-for': ip } })
}

/** Submits a tip and finds it (ids are random, so "the newest" cannot be sorted for). */
async function submitAndFind(token: string, body: Record<string, unknown>, ip = '10.9.9.9') {
  const known = new Set((await Tip.find({}, { _id: 1 }).lean()).map((d) => String(d._id)))
  const res = await submit(token, body, ip)
  const id = (await Tip.find({}, { _id: 1 }).lean()).map((d) => String(d._id)).find((x) => !known.has(x)) ?? ''
  return { res, id }
}

async function rawCollections(): Promise<Record<string, unknown[]>> {
  const db = mongoose.connection.db!
  const out: Record<string, unknown[]> = {}
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).find().toArray()
  return out
}

describe('tips at rest', () => {
  test('no plaintext of any encrypted field or image is stored, and a wrong key fails loudly', async () => {
    const wechat = await t.api('post', '/api/auth/wechat', { body: { code: 'tipster:1' } })
    const reader = { token: wechat.body.token as string, userId: wechat.body.user.id as string }
    const draftId = 'draft-rest-0000000001'
    assert.equal((await upload(reader.token, draftId, await png('#123456'))).status, 201)
    const { res, id } = await submitAndFind(reader.token, { ...SECRET_TEXT, occurredAt: '上周五晚上九点', draftId, anonymous: false, contact: { name: '李同学', phone: '13800001111' } })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    await t.api('post', `/api/security/tips/${id}/notes`, { token: officer.token, body: { text: '内部备注：已联系辅导员核实' } })

    const raw = JSON.stringify(await rawCollections())
    for (const plain of [...Object.values(SECRET_TEXT), '上周五晚上九点', '13800001111', '李同学', '内部备注', '青龙七号']) {
      assert.ok(!raw.includes(plain), `plaintext "${plain}" found in the database`)
    }

    // The decrypted image (as the officer sees it) appears in no stored chunk, and lost its EXIF.
    const image = await fetch(`${t.url}/api/security/tips/${id}/attachments/0`, { headers: { authorization: `Bearer ${officer.token}` } })
    assert.equal(image.status, 200)
    const bytes = Buffer.from(await image.arrayBuffer())
    const meta = await sharp(bytes).metadata()
    assert.equal(meta.exif, undefined, 'EXIF (GPS, device) stripped')
    const probe = bytes.subarray(bytes.length - 64, bytes.length - 32)
    for (const chunk of await TipAttachmentChunk.find().lean()) {
      const data = Buffer.from((chunk.data as unknown as { buffer: Uint8Array }).buffer)
      assert.equal(data.indexOf(probe), -1, 'image bytes stored in the clear')
    }

    const stored = await Tip.findById(id).lean()
    const detail = await t.api('get', `/api/security/tips/${id}`, { token: officer.token })
    assert.equal(detail.body.tip.description, SECRET_TEXT.description)
    assert.deepEqual(detail.body.tip.contact, { name: '李同学', phone: '13800001111' })

    const wrongKey = createTipCipher(`k1:${Buffer.alloc(32, 9).toString('base64')}`)
    assert.throws(() => wrongKey.openText(stored!.description), TipDecryptionError)
    const otherId = createTipCipher(`k2:${Buffer.alloc(32, 9).toString('base64')}`)
    assert.throws(() => otherId.openText(stored!.description), /no key "k1"/)
    // Rotation: a new first key encrypts, the old one still decrypts.
    const rotated = createTipCipher(`k2:${Buffer.alloc(32, 9).toString('base64')},k1:${t.config.TIP_ENCRYPTION_KEY}`)
    assert.equal(rotated.openText(stored!.description), SECRET_TEXT.description)
    assert.equal(rotated.seal('x').k, 'k2')
  })

  test('an anonymous tip cannot be linked to its reporter from anything stored', async () => {
    const wechat = await t.api('post', '/api/auth/wechat', { body: { code: 'anon-reporter:1' } })
    const token = wechat.body.token as string
    const userId = wechat.body.user.id as string
    const openid = t.standin.openidFor('anon-reporter')
    const ip = '172.31.200.77'
    const draftId = 'draft-anon-000000001'
    await upload(token, draftId, await png('#654321'), 'a.jpg', ip)
    const { res, id } = await submitAndFind(token, { description: '有人在操场收“保护费”，每人每月五十元', draftId }, ip)
    assert.equal(res.status, 201)

    const tip = await Tip.findById(id).lean()
    assert.equal(tip!.anonymous, true)
    assert.equal(tip!.reporterUserId, undefined)
    assert.equal(tip!.receivedAt.getTime() % 3600_000, 0, 'time kept to the hour')

    const all = await rawCollections()
    for (const [name, docs] of Object.entries(all)) {
      if (name === 'users') continue // the account itself
      const text = JSON.stringify(docs)
      assert.ok(!text.includes(userId), `user id found in ${name}`)
      assert.ok(!text.includes(openid), `openid found in ${name}`)
      assert.ok(!text.includes(ip), `IP found in ${name}`)
    }
  })
})

describe('ids', () => {
  test('tips, image chunks and audit entries get random ids that tell neither the submit time nor the order', async () => {
    const reader = await t.signInReader()
    const draftId = 'draft-ids-0000000001'
    assert.equal((await upload(reader.token, draftId, await png('#224466'))).status, 201)
    const first = await submitAndFind(reader.token, { description: '第一条：有人在网吧拉学生入伙', draftId })
    const second = await submitAndFind(reader.token, { description: '第二条：有人在校外租房处收取保护费' })
    assert.equal(first.res.status, 201)
    await t.api('get', `/api/security/tips/${first.id}`, { token: officer.token })
    await t.api('get', `/api/security/tips/${second.id}`, { token: officer.token })

    const tip = (await Tip.findById(first.id).lean())!
    const ids = [
      first.id,
      second.id,
      ...(await TipAttachmentChunk.find({ attachmentId: tip.attachments[0].id }, { _id: 1 }).lean()).map((c) => String(c._id)),
      ...(await TipAudit.find({ tipId: { $in: [first.id, second.id] } }, { _id: 1 }).lean()).map((a) => String(a._id)),
    ]
    assert.ok(ids.length >= 5)
    const now = Date.now()
    for (const id of ids) {
      // A default ObjectId starts with its creation second (the UI promises only the hour is kept).
      const embedded = new mongoose.Types.ObjectId(id).getTimestamp().getTime()
      assert.ok(Math.abs(embedded - now) > 3600_000, `id ${id} embeds the time it was created`)
    }
    // Default ObjectIds share a per-process value (bytes 4-8) and count up (bytes 9-11): they can be ordered.
    assert.equal(new Set(ids.map((id) => id.slice(8, 18))).size, ids.length, 'ids share a process value')
  })
})

describe('tip routes: who may do what', () => {
  test('readers, department and publicity admins get 403 on every inbox and case route; no token 401; officers succeed with an audit entry each', async () => {
    const reader = await t.signInReader()
    const { id } = await submitAndFind(reader.token, { description: '有人在校门口强迫学生购买高价物品' })
    const routes: [string, string, unknown?][] = [
      ['get', '/api/security/tips'],
      ['get', `/api/security/tips/${id}`],
      ['get', `/api/security/tips/${id}/attachments/0`],
      ['post', `/api/security/tips/${id}/status`, { status: 'verifying' }],
      ['post', `/api/security/tips/${id}/notes`, { text: '备注' }],
      ['put', `/api/security/tips/${id}/assignee`, { assigneeId: officer.userId }],
      ['get', `/api/security/tips/${id}/audit`],
      ['get', '/api/security/audit'],
    ]
    const others = [reader.token, (await t.signInAdmin('dept_admin', { departmentCode: 'O03' })).token, (await t.signInAdmin('publicity_admin')).token, (await t.signInAdmin('superadmin')).token]
    for (const [method, path, body] of routes) {
      assert.equal((await t.api(method, path, { body })).status, 401, `${method} ${path} without token`)
      for (const token of others) assert.equal((await t.api(method, path, { token, body })).status, 403, `${method} ${path}`)
    }
    for (const [method, path, body] of routes.filter(([, p]) => !p.includes('attachments'))) {
      const before = await TipAudit.countDocuments()
      const res = await t.api(method, path, { token: officer.token, body })
      assert.equal(res.status, 200, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`)
      assert.equal(await TipAudit.countDocuments(), before + 1, `audit entry for ${method} ${path}`)
    }
    const log = await t.api('get', `/api/security/tips/${id}/audit`, { token: officer.token })
    assert.ok(log.body.entries.some((e: any) => e.action === 'read' && e.actorId === officer.userId))
    assert.ok(log.body.entries.some((e: any) => e.action === 'status' && e.detail === 'received → verifying'))
    // The audit log has no route that edits or deletes it.
    const { allRoutes } = await import('../../server/modules')
    assert.ok(!allRoutes(t.deps).some((r) => r.path.includes('audit') && r.method !== 'get'))
  })
})

describe('attachments', () => {
  test('a non-image named .jpg, an oversize file and a 7th image are refused with clear errors, storing nothing', async () => {
    const reader = await t.signInReader()
    const draftId = 'draft-limits-00000001'
    const counts = async () => [await TipAttachmentChunk.countDocuments(), await TipPendingUpload.countDocuments(), await Tip.countDocuments()]

    let before = await counts()
    const fake = await upload(reader.token, draftId, Buffer.from('MZ this is an executable, not a photo'), 'photo.jpg')
    assert.equal(fake.status, 400)
    assert.equal(fake.body.error.code, 'NOT_AN_IMAGE')
    assert.deepEqual(await counts(), before)

    const huge = await upload(reader.token, draftId, Buffer.concat([await png('#000000'), Buffer.alloc(5 * 1024 * 1024 + 10)]), 'big.jpg')
    assert.equal(huge.status, 413)
    assert.equal(huge.body.error.code, 'FILE_TOO_LARGE')
    assert.deepEqual(await counts(), before)

    for (let i = 0; i < 6; i++) assert.equal((await upload(reader.token, draftId, await png(`#0000${10 + i}`))).status, 201)
    before = await counts()
    const seventh = await upload(reader.token, draftId, await png('#ffffff'))
    assert.equal(seventh.status, 400)
    assert.equal(seventh.body.error.code, 'TOO_MANY_ATTACHMENTS')
    assert.deepEqual(await counts(), before)

    const submitted = await submitAndFind(reader.token, { description: '附六张图片的举报，内容足够长', draftId })
    assert.equal(submitted.res.status, 201)
    assert.equal((await Tip.findById(submitted.id).lean())!.attachments.length, 6)
    assert.equal(await TipPendingUpload.countDocuments({ draftId }), 0)
  })

  test('bad tip input is refused and nothing is stored', async () => {
    const reader = await t.signInReader()
    const before = await Tip.countDocuments()
    for (const body of [{ description: '太短' }, { description: '描述足够长的一条举报内容', category: 'no-such' }, { description: '描述足够长的一条举报内容', anonymous: false }, { description: '描述足够长的一条举报内容', $where: '1' }]) {
      const res = await submit(reader.token, body)
      assert.equal(res.status, 400, JSON.stringify(body))
    }
    assert.equal(await Tip.countDocuments(), before)
  })
})

describe('tracking a tip', () => {
  test('code and secret show the timeline without internal notes; unknown code and wrong secret look the same; guessing is throttled', async () => {
    const reader = await t.signInReader()
    const ip = freshIp()
    const { res, id } = await submitAndFind(reader.token, { description: '发现有人在校园内推销高息贷款' }, ip)
    const { trackingCode, secret } = res.body
    assert.match(trackingCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/, '16 base32 characters = 80 bits')

    await t.api('post', `/api/security/tips/${id}/status`, { token: officer.token, body: { status: 'verifying', publicNote: '已安排核查' } })
    await t.api('post', `/api/security/tips/${id}/notes`, { token: officer.token, body: { text: '内部：嫌疑人可能是某某' } })

    const seen = await t.api('post', '/api/tips/track', { token: reader.token, body: { code: trackingCode.toLowerCase(), secret }, headers: { 'x-forwarded-for': ip } })
    assert.equal(seen.status, 200)
    assert.equal(seen.body.status, 'verifying')
    assert.deepEqual(seen.body.timeline.map((e: any) => e.statusName), ['已受理', '核查中'])
    assert.equal(seen.body.timeline[1].note, '已安排核查')
    assert.ok(!JSON.stringify(seen.body).includes('内部'))

    const followUp = await t.api('post', '/api/tips/track/follow-up', { token: reader.token, body: { code: trackingCode, secret, message: '补充：对方开一辆白色面包车' }, headers: { 'x-forwarded-for': ip } })
    assert.equal(followUp.body.followUps, 1)
    const detail = await t.api('get', `/api/security/tips/${id}`, { token: officer.token })
    assert.equal(detail.body.tip.followUps[0].text, '补充：对方开一辆白色面包车')

    const guesser = await t.signInReader()
    const guessIp = freshIp()
    const unknown = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: 'AAAA-BBBB-CCCC-DDDD', secret }, headers: { 'x-forwarded-for': guessIp } })
    const wrong = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: trackingCode, secret: 'WRONGSECRET' }, headers: { 'x-forwarded-for': guessIp } })
    assert.equal(unknown.status, 404)
    assert.deepEqual(wrong.body, unknown.body)
    assert.equal(wrong.status, unknown.status)

    let throttled = 0
    for (let i = 0; i < 12; i++) {
      const r = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: `ZZZZ-ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '0')}`, secret: 'x' }, headers: { 'x-forwarded-for': guessIp } })
      if (r.status === 429) throttled++
    }
    assert.ok(throttled >= 2, 'guessing is throttled')
    // Even the right pair is refused while throttled.
    const blocked = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: trackingCode, secret }, headers: { 'x-forwarded-for': guessIp } })
    assert.equal(blocked.status, 429)
  })

  test('the workflow only moves forward, and closing needs an outcome', async () => {
    const reader = await t.signInReader()
    const { res, id } = await submitAndFind(reader.token, { description: '工地有人强揽工程并威胁施工方' })
    const move = (status: string, extra: Record<string, string> = {}) => t.api('post', `/api/security/tips/${id}/status`, { token: officer.token, body: { status, ...extra } })
    assert.equal((await move('closed', { outcome: 'x' })).status, 409)
    assert.equal((await move('verifying')).status, 200)
    assert.equal((await move('transferred')).status, 200)
    const noOutcome = await move('closed')
    assert.equal(noOutcome.status, 400)
    assert.equal(noOutcome.body.error.code, 'OUTCOME_REQUIRED')
    const closed = await move('closed', { outcome: '已移交派出所立案' })
    assert.equal(closed.body.tip.statusName, '已办结')
    const late = await t.api('post', '/api/tips/track/follow-up', { token: reader.token, body: { code: res.body.trackingCode, secret: res.body.secret, message: '还有新情况' } })
    assert.equal(late.status, 409, JSON.stringify(late.body))
  })
})

describe('rate limits', () => {
  test('a reader gets 429 from POST /api/tips after five tips a day, and nothing more is stored', async () => {
    const reader = await t.signInReader()
    const ip = freshIp()
    for (let i = 0; i < 5; i++) assert.equal((await submit(reader.token, { description: `第 ${i + 1} 条：宿舍附近有人放高利贷` }, ip)).status, 201)
    const before = await Tip.countDocuments()
    const sixth = await submit(reader.token, { description: '第 6 条：宿舍附近有人放高利贷' }, freshIp())
    assert.equal(sixth.status, 429)
    assert.equal(sixth.body.error.code, 'RATE_LIMITED')
    assert.match(sixth.body.error.message, /明天再试/)
    assert.equal(await Tip.countDocuments(), before)
    // Another reader on the same network is not affected.
    assert.equal((await submit((await t.signInReader()).token, { description: '另一位同学的举报，内容足够长' }, ip)).status, 201)
  })

  test('one IP gets 429 from POST /api/tips after thirty tips a day, whoever signs in', async () => {
    const ip = freshIp()
    let reader = await t.signInReader()
    for (let i = 0; i < 30; i++) {
      if (i % 5 === 0) reader = await t.signInReader()
      assert.equal((await submit(reader.token, { description: `同一网络的第 ${i + 1} 条举报内容` }, ip)).status, 201)
    }
    const fresh = await t.signInReader()
    const over = await submit(fresh.token, { description: '同一网络的第 31 条举报内容' }, ip)
    assert.equal(over.status, 429)
    assert.equal(over.body.error.code, 'RATE_LIMITED')
    assert.equal((await submit(fresh.token, { description: '换一个网络就可以提交了' }, freshIp())).status, 201)
  })

  test('uploads are limited per reader before any image is decoded', async () => {
    const reader = await t.signInReader()
    const junk = Buffer.from('not an image at all')
    for (let i = 0; i < 40; i++) {
      const res = await upload(reader.token, `draft-flood-${String(i).padStart(10, '0')}`, junk, 'x.jpg', freshIp())
      assert.equal(res.status, 400, `upload ${i + 1}`)
    }
    const before = await TipPendingUpload.countDocuments()
    // Over the limit: refused as such, even a non-image (the limit is checked before sharp runs).
    const over = await upload(reader.token, 'draft-flood-over-000001', junk, 'x.jpg', freshIp())
    assert.equal(over.status, 429)
    assert.equal(over.body.error.code, 'RATE_LIMITED')
    assert.equal((await upload(reader.token, 'draft-flood-over-000002', await png('#abcdef'), 'ok.jpg', freshIp())).status, 429)
    assert.equal(await TipPendingUpload.countDocuments(), before)
  })

  test('parallel wrong guesses: no more than the limit are evaluated', async () => {
    const guesser = await t.signInReader()
    const ip = freshIp()
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.api('post', '/api/tips/track', { token: guesser.token, body: { code: `QQQQ-QQQQ-QQQQ-QQ${String(i).padStart(2, '0')}`, secret: 'guess' }, headers: { 'x-forwarded-for': ip } }),
      ),
    )
    const statuses = results.map((r) => r.status)
    assert.equal(statuses.filter((s) => s === 404).length, 10, `evaluated: ${statuses.join(',')}`)
    assert.equal(statuses.filter((s) => s === 429).length, 15)
  })

  test('limit counters live in memory under a per-window salt and are dropped when the window ends', async () => {
    const { TipRateLimiter, TIP_LIMITS } = await import('../../server/modules/tips/rate-limit')
    const { ManualClock } = await import('../../server/clock')
    const clock = new ManualClock('2025-03-10T15:30:00Z') // 23:30 in Beijing
    const limiter = new TipRateLimiter(clock)
    try {
      for (let i = 0; i < 5; i++) limiter.take([[TIP_LIMITS.tipPerReader, 'reader-1']])
      assert.throws(() => limiter.take([[TIP_LIMITS.tipPerReader, 'reader-1']]), /明天再试/)
      assert.deepEqual(
        limiter.held().map((w) => [w.name, w.keys, w.end.toISOString()]),
        [['tip-reader', 1, '2025-03-10T16:00:00.000Z']],
        'one window, ending at midnight Beijing time',
      )
      clock.advance(31 * 60_000) // past midnight in Beijing
      limiter.purge()
      assert.deepEqual(limiter.held(), [], 'salt and counters are gone')
      limiter.take([[TIP_LIMITS.tipPerReader, 'reader-1']]) // a new day
      // Nothing of the limiter is written to the database.
      const names = (await mongoose.connection.db!.listCollections().toArray()).map((c) => c.name)
      assert.ok(!names.some((n) => /rate|limit|bucket/i.test(n)), names.join(','))
    } finally {
      limiter.stop()
    }
  })
})

describe('tip statistics', () => {
  test('counts by category, status and month only, for publicity admins and officers', async () => {
    const admin = await t.signInAdmin('publicity_admin')
    const stats = await t.api('get', '/api/tips/statistics', { token: admin.token })
    assert.equal(stats.status, 200)
    const total = await Tip.countDocuments()
    assert.equal(stats.body.total, total)
    assert.equal(Object.values(stats.body.byCategory as Record<string, number>).reduce((a, b) => a + b, 0), total)
    assert.equal(Object.values(stats.body.byStatus as Record<string, number>).reduce((a, b) => a + b, 0), total)
    assert.deepEqual(Object.keys(stats.body).sort(), ['byCategory', 'byMonth', 'byStatus', 'total'])
    assert.ok(!JSON.stringify(stats.body).includes('保护费'))
    const reader = await t.signInReader()
    assert.equal((await t.api('get', '/api/tips/statistics', { token: reader.token })).status, 403)
  })
})
