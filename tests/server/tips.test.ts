import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import sharp from 'sharp'
import { ManualClock, shanghaiMonth } from '../../server/clock'
import { computeMetrics, monthRange } from '../../server/modules/metrics/service'
import { createTipCipher, fieldAad, TipDecryptionError } from '../../server/modules/tips/crypto'
import { Tip, TipAttachmentChunk, TipAudit, TipPendingUpload } from '../../server/modules/tips/model'
import { purgeAbandonedUploads, tipStatistics } from '../../server/modules/tips/service'
import { useTestServer, type TestServer } from '../helpers/server'

let officer: { token: string; userId: string }
// Per-IP limits: the tests name the client address in X-Forwarded-For, as a trusted proxy would.
const t = useTestServer({ env: { TRUST_PROXY: 'true' } }, async () => {
  officer = await t.signInAdmin('security_officer')
})
const SECRET_TEXT = {
  description: '宿舍楼后面有人以“刷单返利”为名放高利贷，逾期就堵门威胁，暗号青龙七号',
  location: '三号宿舍楼东侧小卖部旁',
  people: '外号“阿彪”的校外人员',
}

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

/** Uploads an image and returns its attachment id (asserting success). */
async function uploaded(token: string, draftId: string, color: string, ip = '10.9.9.9'): Promise<string> {
  const res = await upload(token, draftId, await png(color), 'photo.jpg', ip)
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.attachmentId
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

const clock = () => t.clock as ManualClock
/** Runs `fn` with the server clock at `at`, then puts it back. */
async function at<T>(when: string | Date, fn: () => Promise<T>): Promise<T> {
  const saved = clock().now()
  clock().set(when)
  try {
    return await fn()
  } finally {
    clock().set(saved)
  }
}

async function rawCollections(): Promise<Record<string, unknown[]>> {
  const db = mongoose.connection.db!
  const out: Record<string, unknown[]> = {}
  for (const c of await db.listCollections().toArray()) out[c.name] = await db.collection(c.name).find().toArray()
  return out
}

describe('tips at rest', () => {
  test('no plaintext of any encrypted field, follow-up, note, outcome, public note or image is stored, and a wrong key fails loudly', async () => {
    const wechat = await t.api('post', '/api/auth/wechat', { body: { code: 'tipster:1' } })
    const reader = { token: wechat.body.token as string, userId: wechat.body.user.id as string }
    const attachmentId = await uploaded(reader.token, 'draft-rest-0000000001', '#123456')
    const { res, id } = await submitAndFind(reader.token, {
      ...SECRET_TEXT,
      occurredAt: '上周五晚上九点',
      attachmentIds: [attachmentId],
      anonymous: false,
      contact: { name: '李同学', phone: '13800001111' },
    })
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const { trackingCode: code, secret } = res.body
    await t.api('post', `/api/security/tips/${id}/notes`, { token: officer.token, body: { text: '内部备注：已联系辅导员核实' } })
    await t.api('post', `/api/security/tips/${id}/status`, { token: officer.token, body: { status: 'verifying', publicNote: '公开说明：已约谈知情人朱雀' } })
    const followUp = await t.api('post', '/api/tips/track/follow-up', {
      token: reader.token,
      body: { code, secret, message: '补充：放贷人还用白虎账号收款' },
      headers: { 'x-forwarded-for': '10.9.9.9' },
    })
    assert.equal(followUp.status, 200, JSON.stringify(followUp.body))
    const closed = await t.api('post', `/api/security/tips/${id}/status`, {
      token: officer.token,
      body: { status: 'closed', outcome: '处理结果：玄武团伙已被治安处罚', publicNote: '已办结，谢谢你的举报' },
    })
    assert.equal(closed.status, 200, JSON.stringify(closed.body))

    const raw = JSON.stringify(await rawCollections())
    const secrets = [...Object.values(SECRET_TEXT), '上周五晚上九点', '13800001111', '李同学', '内部备注', '青龙七号', '朱雀', '白虎', '玄武', '谢谢你的举报']
    for (const plain of secrets) assert.ok(!raw.includes(plain), `plaintext "${plain}" found in the database`)

    // Everything is there for the officer, and the public note for the reporter.
    const detail = await t.api('get', `/api/security/tips/${id}`, { token: officer.token })
    assert.equal(detail.body.tip.description, SECRET_TEXT.description)
    assert.deepEqual(detail.body.tip.contact, { name: '李同学', phone: '13800001111' })
    assert.equal(detail.body.tip.outcome, '处理结果：玄武团伙已被治安处罚')
    assert.equal(detail.body.tip.followUps[0].text, '补充：放贷人还用白虎账号收款')
    assert.deepEqual(
      detail.body.tip.timeline.map((e: any) => e.note),
      [null, '公开说明：已约谈知情人朱雀', '已办结，谢谢你的举报'],
    )
    assert.deepEqual(detail.body.tip.unreadable, [])
    const seen = await t.api('post', '/api/tips/track', { token: reader.token, body: { code, secret }, headers: { 'x-forwarded-for': '10.9.9.9' } })
    assert.deepEqual(
      seen.body.timeline.map((e: any) => e.note),
      [null, '公开说明：已约谈知情人朱雀', '已办结，谢谢你的举报'],
    )

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

    const stored = (await Tip.findById(id).lean())!
    const aad = fieldAad(id, 'description')
    const wrongKey = createTipCipher(`k1:${Buffer.alloc(32, 9).toString('base64')}`)
    assert.throws(() => wrongKey.openText(stored.description, aad), TipDecryptionError)
    const otherId = createTipCipher(`k2:${Buffer.alloc(32, 9).toString('base64')}`)
    assert.throws(() => otherId.openText(stored.description, aad), /no key "k1"/)
    // The configured key is not the encryption key itself (HKDF subkeys).
    const { createDecipheriv } = await import('node:crypto')
    const direct = createDecipheriv('aes-256-gcm', Buffer.from(t.config.TIP_ENCRYPTION_KEY, 'base64'), Buffer.from(stored.description!.n!, 'base64'))
    direct.setAAD(Buffer.from(aad))
    direct.setAuthTag(Buffer.from(stored.description!.t!, 'base64'))
    direct.update(Buffer.from(stored.description!.c!, 'base64'))
    assert.throws(() => direct.final(), 'the raw TIP_ENCRYPTION_KEY opens nothing')
    // Rotation: a new first key encrypts, the old one still decrypts.
    const rotated = createTipCipher(`k2:${Buffer.alloc(32, 9).toString('base64')},k1:${t.config.TIP_ENCRYPTION_KEY}`)
    assert.equal(rotated.openText(stored.description, aad), SECRET_TEXT.description)
    assert.equal(rotated.seal('x', aad).k, 'k2')
  })

  test('a key id given twice is refused at start (it would seal with one key and open with the other)', () => {
    const a = Buffer.alloc(32, 1).toString('base64')
    const b = Buffer.alloc(32, 2).toString('base64')
    assert.throws(() => createTipCipher(`k1:${a},k1:${b}`), /"k1" is given twice/)
    const ok = createTipCipher(`k2:${b},k1:${a}`)
    assert.equal(ok.openText(ok.seal('x', 'aad'), 'aad'), 'x')
  })

  test('a value moved to another tip or field fails to decrypt loudly; the inbox still opens and flags that tip', async () => {
    const reader = await t.signInReader()
    const imageId = await uploaded(reader.token, 'draft-swap-000000001', '#102030')
    const a = await submitAndFind(reader.token, { description: '甲线索：体育馆后门有人收保护费', location: '体育馆后门', attachmentIds: [imageId] })
    const b = await submitAndFind(reader.token, { description: '乙线索：食堂门口有人推销高息贷款', people: '穿红衣服的人' })
    const stored = (await Tip.findById(a.id).lean())!
    const cipher = createTipCipher(t.config.TIP_ENCRYPTION_KEY)
    assert.equal(cipher.openText(stored.description, fieldAad(a.id, 'description')), '甲线索：体育馆后门有人收保护费')
    assert.throws(() => cipher.openText(stored.description, fieldAad(b.id, 'description')), TipDecryptionError)
    assert.throws(() => cipher.openText(stored.location, fieldAad(a.id, 'people')), TipDecryptionError)

    // Someone with write access to the database moves tip A's content and image into tip B.
    const tips = mongoose.connection.db!.collection('tips')
    await tips.updateOne({ _id: new mongoose.Types.ObjectId(b.id) }, { $set: { description: stored.description, people: stored.location, attachments: stored.attachments } })

    const detail = await t.api('get', `/api/security/tips/${b.id}`, { token: officer.token })
    assert.equal(detail.status, 200)
    assert.deepEqual([...detail.body.tip.unreadable].sort(), ['description', 'people'])
    assert.equal(detail.body.tip.description, '', "A's text is not shown as B's")
    assert.ok(!JSON.stringify(detail.body).includes('体育馆'))
    const image = await t.api('get', `/api/security/tips/${b.id}/attachments/0`, { token: officer.token })
    assert.equal(image.status, 500)
    assert.equal(image.body.error.code, 'TIP_UNREADABLE')
    assert.equal((await t.api('get', `/api/security/tips/${a.id}/attachments/0`, { token: officer.token })).status, 200, 'A itself is intact')

    // One undecryptable tip does not take the inbox down: it is listed, flagged.
    const inbox = await t.api('get', '/api/security/tips', { token: officer.token })
    assert.equal(inbox.status, 200)
    const rowB = inbox.body.tips.find((r: any) => r.id === b.id)
    const rowA = inbox.body.tips.find((r: any) => r.id === a.id)
    assert.equal(rowB.unreadable, true)
    assert.equal(rowB.excerpt, '')
    assert.equal(rowA.unreadable, false)
    assert.match(rowA.excerpt, /^甲线索/)
  })

  test('an anonymous tip cannot be linked to its reporter from anything stored', async () => {
    const wechat = await t.api('post', '/api/auth/wechat', { body: { code: 'anon-reporter:1' } })
    const token = wechat.body.token as string
    const userId = wechat.body.user.id as string
    const openid = t.standin.openidFor('anon-reporter')
    const ip = '172.31.200.77'
    const imageId = await uploaded(token, 'draft-anon-000000001', '#654321', ip)
    const { res, id } = await submitAndFind(token, { description: '有人在操场收“保护费”，每人每月五十元', attachmentIds: [imageId] }, ip)
    assert.equal(res.status, 201)
    const more = await t.api('post', '/api/tips/track/follow-up', {
      token,
      body: { code: res.body.trackingCode, secret: res.body.secret, message: '补充：他们周三下午来' },
      headers: { 'x-forwarded-for': ip },
    })
    assert.equal(more.status, 200)

    const tip = await Tip.findById(id).lean()
    assert.equal(tip!.anonymous, true)
    assert.equal(tip!.reporterUserId, undefined)
    assert.equal(tip!.receivedAt.getTime() % 3600_000, 0, 'time kept to the hour')
    assert.equal(tip!.followUps[0].at!.getTime() % 3600_000, 0, 'follow-up time kept to the hour')
    // The follow-up is in the audit log, without the reporter.
    const entry = (await TipAudit.findOne({ tipId: id, action: 'follow-up' }).lean())!
    assert.equal(entry.actor, 'reporter')
    assert.equal(entry.actorId, undefined)
    assert.equal(entry.at.getTime() % 3600_000, 0)

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
    const imageId = await uploaded(reader.token, 'draft-ids-0000000001', '#224466')
    const first = await submitAndFind(reader.token, { description: '第一条：有人在网吧拉学生入伙', attachmentIds: [imageId] })
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
      ['get', '/api/security/officers'],
      ['get', `/api/security/tips/${id}`],
      ['get', `/api/security/tips/${id}/attachments/0`],
      ['post', `/api/security/tips/${id}/status`, { status: 'verifying' }],
      ['post', `/api/security/tips/${id}/notes`, { text: '备注' }],
      ['put', `/api/security/tips/${id}/assignee`, { assigneeId: officer.userId }],
      ['get', `/api/security/tips/${id}/audit`],
      ['get', '/api/security/audit'],
    ]
    const others = [
      reader.token,
      (await t.signInAdmin('dept_admin', { departmentCode: 'O03' })).token,
      (await t.signInAdmin('publicity_admin')).token,
      (await t.signInAdmin('superadmin')).token,
    ]
    for (const [method, path, body] of routes) {
      assert.equal((await t.api(method, path, { body })).status, 401, `${method} ${path} without token`)
      for (const token of others) assert.equal((await t.api(method, path, { token, body })).status, 403, `${method} ${path}`)
    }
    for (const [method, path, body] of routes.filter(([, p]) => !p.includes('attachments') && !p.includes('officers'))) {
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

  test('reader tip routes answer 401 without a token; statistics are refused to department admins and readers', async () => {
    const reader = await t.signInReader()
    const { res } = await submitAndFind(reader.token, { description: '有人在图书馆门口发放“无抵押贷款”传单' })
    const form = new FormData()
    form.append('draftId', 'draft-401-0000000001')
    form.append('file', new Blob([new Uint8Array(await png('#333333'))], { type: 'image/jpeg' }), 'a.jpg')
    const calls: [string, string, Parameters<TestServer['api']>[2]][] = [
      ['get', '/api/tips/categories', {}],
      ['post', '/api/tips/attachments', { rawBody: form }],
      ['post', '/api/tips', { body: { category: 'campus-loan', description: '没有登录也想提交一条举报' } }],
      ['post', '/api/tips/track', { body: { code: res.body.trackingCode, secret: res.body.secret } }],
      ['post', '/api/tips/track/follow-up', { body: { code: res.body.trackingCode, secret: res.body.secret, message: '没有登录的补充' } }],
    ]
    const before = [await Tip.countDocuments(), await TipPendingUpload.countDocuments()]
    for (const [method, path, opts] of calls) {
      const r = await t.api(method, path, opts)
      assert.equal(r.status, 401, `${method} ${path}`)
      assert.equal(r.body.error.code, 'UNAUTHORIZED')
    }
    assert.deepEqual([await Tip.countDocuments(), await TipPendingUpload.countDocuments()], before)

    const dept = await t.signInAdmin('dept_admin', { departmentCode: 'O03' })
    const denied = await t.api('get', '/api/tips/statistics', { token: dept.token })
    assert.equal(denied.status, 403)
    assert.equal(denied.body.error.code, 'FORBIDDEN')
    assert.equal((await t.api('get', '/api/tips/statistics', { token: reader.token })).status, 403)
  })

  test('reading an image is written to the audit log', async () => {
    const reader = await t.signInReader()
    const imageId = await uploaded(reader.token, 'draft-audit-img-00001', '#445566')
    const { id } = await submitAndFind(reader.token, { description: '附图：有人在宿舍楼道张贴贷款广告', attachmentIds: [imageId] })
    const before = await TipAudit.countDocuments({ tipId: id, action: 'attachment' })
    const image = await t.api('get', `/api/security/tips/${id}/attachments/0`, { token: officer.token })
    assert.equal(image.status, 200)
    const entries = await TipAudit.find({ tipId: id, action: 'attachment' }).lean()
    assert.equal(entries.length, before + 1)
    assert.equal(String(entries[0].actorId), officer.userId)
    assert.equal(entries[0].detail, '#0')
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

    const ids: string[] = []
    for (let i = 0; i < 6; i++) ids.push(await uploaded(reader.token, draftId, `#0000${10 + i}`))
    before = await counts()
    const seventh = await upload(reader.token, draftId, await png('#ffffff'))
    assert.equal(seventh.status, 400)
    assert.equal(seventh.body.error.code, 'TOO_MANY_ATTACHMENTS')
    assert.deepEqual(await counts(), before)

    const submitted = await submitAndFind(reader.token, { description: '附六张图片的举报，内容足够长', attachmentIds: ids })
    assert.equal(submitted.res.status, 201)
    assert.deepEqual(
      (await Tip.findById(submitted.id).lean())!.attachments.map((a) => a.id),
      ids,
    )
    assert.equal(await TipPendingUpload.countDocuments({ draftId }), 0)
  })

  test('the form names its images; a missing or expired one refuses the whole tip with 409, and images wait 24 hours', async () => {
    const reader = await t.signInReader()
    const start = clock().now()
    const kept = await uploaded(reader.token, 'draft-expiry-0000001', '#a1a1a1')
    const purged = await uploaded(reader.token, 'draft-expiry-0000002', '#b2b2b2')
    const counts = async () => [await Tip.countDocuments(), await TipPendingUpload.countDocuments(), await TipAttachmentChunk.countDocuments()]

    // 23 hours later both are still waiting: one is submitted.
    const later = await at(new Date(start.getTime() + 23 * 3600_000), () => submitAndFind(reader.token, { description: '隔了大半天才提交的举报，附一张图', attachmentIds: [kept] }))
    assert.equal(later.res.status, 201, JSON.stringify(later.res.body))
    assert.equal((await Tip.findById(later.id).lean())!.attachments.length, 1)

    // 25 hours later the other has expired: refused clearly, whether or not the purge ran yet.
    await at(new Date(start.getTime() + 25 * 3600_000), async () => {
      let before = await counts()
      const expired = await submit(reader.token, { description: '图片已经过期的举报内容', attachmentIds: [purged] })
      assert.equal(expired.status, 409)
      assert.equal(expired.body.error.code, 'ATTACHMENTS_MISSING')
      assert.match(expired.body.error.message, /过期或不存在.*尚未提交/)
      assert.deepEqual(expired.body.error.details.missing, [purged])
      assert.deepEqual(await counts(), before, 'nothing stored')

      assert.ok((await purgeAbandonedUploads(clock().now())) >= 1)
      assert.equal(await TipPendingUpload.countDocuments({ _id: purged }), 0)
      assert.equal(await TipAttachmentChunk.countDocuments({ attachmentId: purged }), 0)
      before = await counts()
      const gone = await submit(reader.token, { description: '图片已经被清理的举报内容', attachmentIds: [purged] })
      assert.equal(gone.status, 409)
      assert.equal(gone.body.error.code, 'ATTACHMENTS_MISSING')
      // An id that was never uploaded, next to a good one: still all or nothing.
      const fresh = await uploaded(reader.token, 'draft-expiry-0000003', '#c3c3c3')
      const mixed = await submit(reader.token, { description: '一张真图一张假图的举报', attachmentIds: [fresh, 'f'.repeat(32)] })
      assert.equal(mixed.status, 409)
      assert.equal(await TipPendingUpload.countDocuments({ _id: fresh }), 1, 'the good image is still waiting')
      assert.equal(await Tip.countDocuments(), before[0])
      // Refused tips do not count against the reader's daily limit (5): these still go through.
      for (let i = 0; i < 2; i++) assert.equal((await submit(reader.token, { description: `重新提交的举报，第 ${i + 1} 条` })).status, 201)
    })
  })

  test('a failed clean-up after submitting still answers with the code, the purge keeps images a tip holds, and a failed upload leaves no chunks', async () => {
    const reader = await t.signInReader()
    const imageId = await uploaded(reader.token, 'draft-cleanup-000001', '#5a5a5a')
    const deleteMany = TipPendingUpload.deleteMany
    TipPendingUpload.deleteMany = (() => Promise.reject(new Error('database went away'))) as never
    let submitted: Awaited<ReturnType<typeof submitAndFind>>
    try {
      submitted = await submitAndFind(reader.token, { description: '提交后清理待认领图片失败的举报', attachmentIds: [imageId] })
    } finally {
      TipPendingUpload.deleteMany = deleteMany
    }
    assert.equal(submitted.res.status, 201, JSON.stringify(submitted.res.body))
    assert.ok(submitted.res.body.trackingCode, 'the reporter gets the code of the stored tip')
    assert.equal(await TipPendingUpload.countDocuments({ _id: imageId }), 1, 'the pending record was left behind')

    // A day later the purge drops the leftover record but not the image the tip holds.
    await at(new Date(clock().now().getTime() + 25 * 3600_000), () => purgeAbandonedUploads(clock().now()))
    assert.equal(await TipPendingUpload.countDocuments({ _id: imageId }), 0)
    assert.ok((await TipAttachmentChunk.countDocuments({ attachmentId: imageId })) > 0, 'the tip keeps its image')
    assert.equal((await t.api('get', `/api/security/tips/${submitted.id}/attachments/0`, { token: officer.token })).status, 200)

    // Chunks written for an upload whose record then fails are removed again.
    const chunksBefore = await TipAttachmentChunk.countDocuments()
    const create = TipPendingUpload.create
    TipPendingUpload.create = (() => Promise.reject(new Error('database went away'))) as never
    try {
      assert.equal((await upload(reader.token, 'draft-cleanup-000002', await png('#6b6b6b'))).status, 500)
    } finally {
      TipPendingUpload.create = create
    }
    assert.equal(await TipAttachmentChunk.countDocuments(), chunksBefore, 'no orphaned chunks')
  })

  test('bad tip input is refused and nothing is stored', async () => {
    const reader = await t.signInReader()
    const before = await Tip.countDocuments()
    const bodies = [
      { description: '太短' },
      { description: '描述足够长的一条举报内容', category: 'no-such' },
      { description: '描述足够长的一条举报内容', anonymous: false },
      { description: '描述足够长的一条举报内容', $where: '1' },
      { description: '描述足够长的一条举报内容', attachmentIds: ['../../etc/passwd'] },
      { description: '描述足够长的一条举报内容', attachmentIds: ['a'.repeat(32), 'a'.repeat(32)] },
      { description: '描述足够长的一条举报内容', draftId: 'draft-only-0000000001' },
    ]
    for (const body of bodies) {
      const res = await submit(reader.token, body)
      assert.equal(res.status, 400, JSON.stringify(body))
      assert.ok(res.body.error.message)
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
    assert.deepEqual(
      seen.body.timeline.map((e: any) => e.statusName),
      ['已受理', '核查中'],
    )
    assert.equal(seen.body.timeline[1].note, '已安排核查')
    assert.ok(!JSON.stringify(seen.body).includes('内部'))

    // The secret is typed back as people do: lower case, grouped with dashes and spaces.
    const typed = (secret as string)
      .toLowerCase()
      .match(/.{1,4}/g)!
      .join(' - ')
    const typedBack = await t.api('post', '/api/tips/track', {
      token: reader.token,
      body: { code: ` ${trackingCode.replace(/-/g, ' ')} `, secret: typed },
      headers: { 'x-forwarded-for': ip },
    })
    assert.equal(typedBack.status, 200, JSON.stringify(typedBack.body))

    const followUp = await t.api('post', '/api/tips/track/follow-up', {
      token: reader.token,
      body: { code: trackingCode, secret, message: '补充：对方开一辆白色面包车' },
      headers: { 'x-forwarded-for': ip },
    })
    assert.equal(followUp.body.followUps, 1)
    const detail = await t.api('get', `/api/security/tips/${id}`, { token: officer.token })
    assert.equal(detail.body.tip.followUps[0].text, '补充：对方开一辆白色面包车')
    const log = await t.api('get', `/api/security/tips/${id}/audit`, { token: officer.token })
    const reporterEntry = log.body.entries.find((e: any) => e.action === 'follow-up')
    assert.deepEqual([reporterEntry.actor, reporterEntry.actorId, reporterEntry.actorName], ['reporter', null, '举报人'])

    const guesser = await t.signInReader()
    const guessIp = freshIp()
    const unknown = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: 'AAAA-BBBB-CCCC-DDDD', secret }, headers: { 'x-forwarded-for': guessIp } })
    const wrong = await t.api('post', '/api/tips/track', { token: guesser.token, body: { code: trackingCode, secret: 'WRONGSECRET' }, headers: { 'x-forwarded-for': guessIp } })
    assert.equal(unknown.status, 404)
    assert.deepEqual(wrong.body, unknown.body)
    assert.equal(wrong.status, unknown.status)

    let throttled = 0
    for (let i = 0; i < 12; i++) {
      const r = await t.api('post', '/api/tips/track', {
        token: guesser.token,
        body: { code: `ZZZZ-ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '0')}`, secret: 'x' },
        headers: { 'x-forwarded-for': guessIp },
      })
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
        t.api('post', '/api/tips/track', {
          token: guesser.token,
          body: { code: `QQQQ-QQQQ-QQQQ-QQ${String(i).padStart(2, '0')}`, secret: 'guess' },
          headers: { 'x-forwarded-for': ip },
        }),
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

describe('security office inbox', () => {
  test('filters by category and Beijing-time days, pages, and the list audit entry names every tip shown', async () => {
    // Received 2026-10-10 10:00 and 2026-10-12 01:00 Beijing time (the second is still 10-11 in UTC).
    const early = await at('2026-10-10T02:00:00Z', async () =>
      submitAndFind((await t.signInReader()).token, { category: 'other', description: '十月十日：有人在车站附近拉学生做“兼职”' }),
    )
    const late = await at('2026-10-11T17:00:00Z', async () =>
      submitAndFind((await t.signInReader()).token, { category: 'other', description: '十月十二日：有人冒充老师收取资料费' }),
    )
    const loan = await at('2026-10-11T17:00:00Z', async () => submitAndFind((await t.signInReader()).token, { description: '十月十二日：有人在宿舍推销校园贷' }))
    const list = (query: string) => t.api('get', `/api/security/tips?${query}`, { token: officer.token })

    const day = await list('from=2026-10-12&to=2026-10-12')
    assert.equal(day.status, 200)
    assert.deepEqual(day.body.tips.map((r: any) => r.id).sort(), [late.id, loan.id].sort())
    const other = await list('category=other&from=2026-10-01&to=2026-10-31')
    assert.deepEqual(other.body.tips.map((r: any) => r.id).sort(), [early.id, late.id].sort())
    assert.equal(other.body.total, 2)
    const first = await list('from=2026-10-10&to=2026-10-10&category=other')
    assert.deepEqual(
      first.body.tips.map((r: any) => r.id),
      [early.id],
    )
    assert.equal((await list('from=2026-10-12&to=2026-10-10')).status, 400)
    assert.equal((await list('from=2026-10-1')).status, 400)

    // Pages of 20, no tip twice, total is the whole match.
    const page1 = await list('page=1')
    const page2 = await list('page=2')
    assert.equal(page1.body.total, await Tip.countDocuments())
    assert.ok(page1.body.total > 20, `only ${page1.body.total} tips`)
    assert.equal(page1.body.tips.length, 20)
    assert.equal(page2.body.tips.length, Math.min(20, page1.body.total - 20))
    const ids1 = page1.body.tips.map((r: any) => r.id)
    assert.ok(!page2.body.tips.some((r: any) => ids1.includes(r.id)))

    // The list decrypts excerpts: its audit entry records exactly which tips were shown.
    const entry = (await TipAudit.find({ action: 'list', actorId: officer.userId }).sort({ at: -1 }).lean()).find((e) => JSON.parse(e.detail).page === 2)!
    assert.deepEqual(
      JSON.parse(entry.detail).ids,
      page2.body.tips.map((r: any) => r.id),
    )
    const dayEntry = (await TipAudit.find({ action: 'list' }).lean()).find((e) => JSON.parse(e.detail).from === '2026-10-12')!
    assert.deepEqual(JSON.parse(dayEntry.detail).ids.sort(), [late.id, loan.id].sort())
  })

  test('the audit log is paged, newest first, and officers can be listed for assignment', async () => {
    const someTip = String((await Tip.findOne().lean())!._id)
    for (let i = 0; i < 30; i++) await t.api('get', `/api/security/tips/${someTip}`, { token: officer.token })
    const page1 = await t.api('get', '/api/security/audit', { token: officer.token })
    const page2 = await t.api('get', '/api/security/audit?page=2', { token: officer.token })
    assert.equal(page1.status, 200)
    assert.equal(page1.body.pageSize, 50)
    assert.ok(page1.body.total > 50, `only ${page1.body.total} entries`)
    assert.equal(page1.body.entries.length, 50)
    const times = [...page1.body.entries, ...page2.body.entries].map((e: any) => e.at)
    assert.deepEqual(times, [...times].sort().reverse())
    assert.equal((await t.api('get', '/api/security/audit?page=0', { token: officer.token })).status, 400)

    const officers = await t.api('get', '/api/security/officers', { token: officer.token })
    assert.ok(officers.body.officers.some((o: any) => o.id === officer.userId))
    const reader = await t.signInReader()
    const { id } = await submitAndFind(reader.token, { description: '需要指派承办人的一条举报' })
    const assigned = await t.api('put', `/api/security/tips/${id}/assignee`, { token: officer.token, body: { assigneeId: officer.userId } })
    assert.equal(assigned.body.tip.assigneeId, officer.userId)
    assert.ok(assigned.body.tip.assigneeName)
    const notOfficer = await t.api('put', `/api/security/tips/${id}/assignee`, { token: officer.token, body: { assigneeId: reader.userId } })
    assert.equal(notOfficer.status, 400)
    assert.equal(notOfficer.body.error.code, 'BAD_ASSIGNEE')
  })
})

describe('tip statistics', () => {
  test('counts by category, status and month only, for publicity admins and officers', async () => {
    const admin = await t.signInAdmin('publicity_admin')
    // Two days on, every tip of this run is counted (a tip counts from the hour after it came in;
    // some tests submit up to 25 hours ahead).
    const stats = await at(new Date(clock().now().getTime() + 48 * 3600_000), () => t.api('get', '/api/tips/statistics', { token: admin.token }))
    assert.equal(stats.status, 200)
    const total = await Tip.countDocuments()
    assert.equal(stats.body.total, total)
    assert.equal(
      Object.values(stats.body.byCategory as Record<string, number>).reduce((a, b) => a + b, 0),
      total,
    )
    assert.equal(
      Object.values(stats.body.byStatus as Record<string, number>).reduce((a, b) => a + b, 0),
      total,
    )
    assert.deepEqual(Object.keys(stats.body).sort(), ['byCategory', 'byMonth', 'byStatus', 'total'])
    assert.ok(!JSON.stringify(stats.body).includes('保护费'))
    const reader = await t.signInReader()
    assert.equal((await t.api('get', '/api/tips/statistics', { token: reader.token })).status, 403)
  })

  test('a new tip is counted only from the next full hour, so polling the figures dates no tip finer than the hour kept', async () => {
    const admin = await t.signInAdmin('publicity_admin')
    const reader = await t.signInReader()
    const total = async () => (await t.api('get', '/api/tips/statistics', { token: admin.token })).body.total as number
    const hour = Math.floor(clock().now().getTime() / 3600_000) * 3600_000 + 2 * 3600_000
    const before = await at(new Date(hour + 10 * 60_000), total)
    const named = await at(new Date(hour + 10 * 60_000), async () => {
      assert.equal((await submit(reader.token, { description: '统计轮询：匿名的一条举报内容' })).status, 201)
      const res = await submit(reader.token, { description: '统计轮询：实名的一条举报内容', anonymous: false, contact: { name: '王同学', phone: '13900002222' } })
      assert.equal(res.status, 201)
      return total()
    })
    assert.equal(named, before, 'not counted in the hour received')
    assert.equal(await at(new Date(hour + 3600_000 - 1), total), before)
    assert.equal(await at(new Date(hour + 3600_000), total), before + 2)
  })

  test('the dashboard and monthly figures count tips the same way: not within the hour received', async () => {
    const reader = await t.signInReader()
    const campaignId = (await t.api('get', '/api/campaigns/current')).body.campaign.id as string
    const hour = Math.floor(clock().now().getTime() / 3600_000) * 3600_000 + 5 * 3600_000
    const month = shanghaiMonth(new Date(hour + 5 * 60_000))
    const figures = (ms: number) => computeMetrics(campaignId, month, new Date(ms)).then((m) => m.tips.total)
    const before = await figures(hour + 5 * 60_000)
    await at(new Date(hour + 5 * 60_000), async () => {
      assert.equal((await submit(reader.token, { description: '看板统计：本小时内提交的举报' })).status, 201)
    })
    assert.equal(await figures(hour + 59 * 60_000), before, 'the dashboard does not date the tip within its hour')
    assert.equal(await figures(hour + 3600_000), before + 1)
  })

  test('ranges are whole months only (Beijing time), and the monthly report still gets its month', async () => {
    const admin = await t.signInAdmin('publicity_admin')
    const get = (query: string) => t.api('get', `/api/tips/statistics?${query}`, { token: admin.token })
    // The three tips of October 2026 (security office inbox test), one received 2026-10-12 01:00 Beijing time.
    const october = await get('from=2026-10&to=2026-10')
    assert.equal(october.status, 200, JSON.stringify(october.body))
    assert.equal(october.body.total, 3)
    assert.deepEqual(october.body.byMonth, { '2026-10': 3 })
    assert.deepEqual(october.body.byCategory, { other: 2, 'campus-loan': 1 })
    for (const query of ['from=2026-10-11T16:00:00Z', 'to=2026-10-12', 'from=2026-10&to=2026-10-12T01:00:00%2B08:00', 'from=2026-11&to=2026-10']) {
      const refused = await get(query)
      assert.equal(refused.status, 400, query)
      assert.ok(refused.body.error.message, query)
    }
    // The service refuses hour-sized ranges even when called directly.
    const campaignId = (await Tip.findOne().lean())!.campaignId
    await assert.rejects(() => tipStatistics(campaignId, { from: new Date('2026-10-12T00:00:00+08:00'), to: new Date('2026-10-12T02:00:00+08:00') }), /整月/)
    // The monthly report calls it with month bounds.
    const report = await tipStatistics(campaignId, monthRange('2026-10'))
    assert.equal(report.total, 3)
  })
})
