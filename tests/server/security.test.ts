/**
 * The findings of the outside security review (issue 13), one describe each, plus the API
 * robustness findings of its fuzz run (the fuzz run itself is tests/process/fuzz.test.ts).
 */
import assert from 'node:assert/strict'
import http from 'node:http'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import sharp from 'sharp'
import { ManualClock } from '../../server/clock'
import { ConfigError, DEFAULT_JWT_SECRET, DEFAULT_TIP_KEY, loadConfig } from '../../server/config'
import { isDuplicateKeyError } from '../../server/errors'
import { flushHourlyLog } from '../../server/logger'
import { Person } from '../../server/modules/roster/model'
import { TipAudit } from '../../server/modules/tips/model'
import { AdminAudit } from '../../server/modules/users/audit'
import { User } from '../../server/modules/users/model'
import { SUPERADMIN_PASSWORD, useTestServer } from '../helpers/server'
import { PRODUCTION_ENV } from '../helpers/config'

const HOUR = 3600_000
const MINUTE = 60_000
const DAY = 24 * HOUR
/** Midnight UTC the day after tomorrow: inside the seeded campaign, and a fixed hour grid. */
const BASE = Math.floor(Date.now() / DAY) * DAY + 2 * DAY
const at = (hhmmss: string) => new Date(BASE + Date.parse(`1970-01-01T${hhmmss}Z`))
const t = useTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (line: string) => void logLines.push(line) } })
const logLines: string[] = []
const clock = () => t.clock as ManualClock
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let ipCounter = 0
const freshIp = () => `10.77.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

const passwordSignIn = (username: string, password: string, ip: string) => t.api('post', '/api/auth/password', { body: { username, password }, headers: { 'x-forwarded-for': ip } })

/** The seeded superadmin's token (signed in again each time: role changes end sessions). */
async function root(): Promise<string> {
  const res = await passwordSignIn('admin', SUPERADMIN_PASSWORD, freshIp())
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.token
}

async function jpeg(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer()
}

async function upload(token: string, draftId: string, ip: string) {
  const form = new FormData()
  form.append('draftId', draftId)
  form.append('file', new Blob([new Uint8Array(await jpeg())], { type: 'image/jpeg' }), 'photo.jpg')
  return t.api('post', '/api/tips/attachments', { token, rawBody: form, headers: { 'x-forwarded-for': ip } })
}

async function submitTip(token: string, ip: string, extra: Record<string, unknown> = {}) {
  const res = await t.api('post', '/api/tips', {
    token,
    body: { category: 'campus-loan', description: '操场边有人放校园贷，利息很高，还威胁人', ...extra },
    headers: { 'x-forwarded-for': ip },
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body as { trackingCode: string; secret: string }
}

describe('1. an anonymous tip cannot be dated finer than the hour', () => {
  test('after an anonymous tip with a picture and a follow-up, no collection and no log line holds a time of it finer than the hour', async () => {
    const reader = await t.signInReader()
    // ObjectIds carry the wall-clock second: let the sign-in's second pass first.
    await sleep(1100)
    logLines.length = 0
    const realStart = Date.now()
    clock().set(at('02:23:45.678'))
    const clockStart = clock().now().getTime()
    const ip = freshIp()

    // Times near the tip, on the server's clock or the wall clock, must sit on an hour.
    const clockEnd = clockStart + 11 * MINUTE
    let realEnd = Date.now()
    const near = (ms: number) => (ms >= clockStart - HOUR && ms <= clockEnd + 49 * HOUR) || (ms >= realStart - 1000 && ms <= realEnd + 1000)
    const found: string[] = []
    const inspect = (value: unknown, where: string): void => {
      if (value instanceof Date) {
        if (near(value.getTime()) && value.getTime() % HOUR !== 0) found.push(`${where} = ${value.toISOString()}`)
      } else if (value instanceof mongoose.Types.ObjectId) {
        const at = value.getTimestamp().getTime()
        if (at >= Math.floor(realStart / 1000) * 1000 && at <= realEnd + 1000) found.push(`${where}: ObjectId ${value} made at ${new Date(at).toISOString()}`)
      } else if (typeof value === 'string') {
        const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/.exec(value)
        if (iso && near(Date.parse(iso[0])) && Date.parse(iso[0]) % HOUR !== 0) found.push(`${where} (text) = ${iso[0]}`)
      } else if (typeof value === 'number') {
        if (value > 1e12 && near(value) && value % HOUR !== 0) found.push(`${where} (number) = ${value}`)
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => inspect(v, `${where}[${i}]`))
      } else if (value && typeof value === 'object' && !(value instanceof mongoose.mongo.Binary) && !Buffer.isBuffer(value)) {
        for (const [k, v] of Object.entries(value)) inspect(v, `${where}.${k}`)
      }
    }
    /** Every document of every collection. */
    const scan = async (when: string) => {
      const db = mongoose.connection.db!
      const collections = (await db.listCollections().toArray()).map((c) => c.name)
      for (const name of collections) {
        for (const doc of await db.collection(name).find().toArray()) inspect(doc, `${when}: ${name}/${String(doc._id)}`)
      }
      return collections
    }

    const up = await upload(reader.token, 'draft-timing-000000001', ip)
    assert.equal(up.status, 201, JSON.stringify(up.body))
    // The pending upload is deleted when the tip claims it, but a copy may outlive the delete
    // (a backup, a page of the database file): it must not date the upload either.
    realEnd = Date.now()
    assert.ok((await scan('after the upload')).includes('tip_pending_uploads'))
    clock().advance(7 * MINUTE + 123)
    const { trackingCode, secret } = await submitTip(reader.token, ip, { attachmentIds: [up.body.attachmentId] })
    clock().advance(3 * MINUTE + 456)
    const follow = await t.api('post', '/api/tips/track/follow-up', {
      token: reader.token,
      body: { code: trackingCode, secret, message: '补充：周五晚上也在' },
      headers: { 'x-forwarded-for': ip },
    })
    assert.equal(follow.status, 200, JSON.stringify(follow.body))
    realEnd = Date.now()

    const collections = await scan('after the tip and a follow-up')
    assert.ok(collections.includes('tips') && collections.includes('tip_attachment_chunks') && collections.includes('tip_audit'), collections.join())
    assert.deepEqual(found, [], 'times of the tip finer than the hour are stored')

    // The log: tip requests are logged, but only after their hour, stamped with the hour.
    const heldBack = logLines.filter((l) => l.includes('/api/tips'))
    assert.deepEqual(heldBack, [], 'tip requests are not written while their hour is running')
    flushHourlyLog(t.deps.logger)
    const lines = logLines.map((l) => JSON.parse(l) as { time: number; url?: string; msg: string })
    const tipLines = lines.filter((l) => l.url?.startsWith('/api/tips'))
    assert.equal(tipLines.length, 3, 'upload, submit and follow-up are each logged once')
    const fine = lines.filter((l) => near(l.time) && l.time % HOUR !== 0)
    assert.deepEqual(fine, [], 'log lines written around the tip carry times finer than the hour')
  })

  test('sign-in times are kept to the hour', async () => {
    clock().set(at('05:17:09.321'))
    const reader = await t.signInReader()
    const admin = await t.signInAdmin('publicity_admin')
    for (const id of [reader.userId, admin.userId]) {
      const user = await User.findById(id).lean()
      assert.equal(user!.lastLoginAt!.toISOString(), at('05:00:00').toISOString())
    }
  })
})

describe('2. admin password sign-in is throttled', () => {
  test('per account: the 5th wrong password locks the account with a doubling wait (429, Retry-After); failures are logged without the password', async () => {
    await t.signInAdmin('publicity_admin', { username: 'throttled-admin' })
    logLines.length = 0
    for (let i = 0; i < 5; i++) {
      const res = await passwordSignIn('throttled-admin', `wrong-guess-${i}`, freshIp())
      assert.equal(res.status, 401, `attempt ${i + 1}`)
    }
    const locked = await passwordSignIn('throttled-admin', 'admin-password-1', freshIp())
    assert.equal(locked.status, 429, 'even the right password waits while locked')
    assert.equal(locked.body.error.code, 'SIGN_IN_THROTTLED')
    assert.match(locked.body.error.message, /稍后再试/)
    assert.equal(locked.headers.get('retry-after'), '60')

    clock().advance(61_000)
    assert.equal((await passwordSignIn('throttled-admin', 'admin-password-1', freshIp())).status, 200, 'the lock ends')

    for (let i = 0; i < 5; i++) await passwordSignIn('throttled-admin', `again-wrong-${i}`, freshIp())
    clock().advance(61_000)
    assert.equal((await passwordSignIn('throttled-admin', 'still-wrong', freshIp())).status, 401)
    const longer = await passwordSignIn('throttled-admin', 'admin-password-1', freshIp())
    assert.equal(longer.status, 429)
    assert.equal(longer.headers.get('retry-after'), '120', 'the next lock is twice as long')
    clock().advance(121_000)

    const failures = logLines.map((l) => JSON.parse(l)).filter((l) => l.event === 'sign-in-failed' && l.username === 'throttled-admin')
    assert.equal(failures.length, 11)
    assert.ok(failures.every((l) => typeof l.ip === 'string' && l.ip.startsWith('10.77.')))
    assert.ok(!logLines.some((l) => l.includes('wrong-guess') || l.includes('admin-password-1')), 'no password in the log')
  })

  test('per address: 20 failures from one address lock it for every account; other addresses are unaffected', async () => {
    const ip = freshIp()
    for (let i = 0; i < 20; i++) assert.equal((await passwordSignIn(`nobody-${i}`, 'x', ip)).status, 401)
    const { userId } = await t.signInAdmin('publicity_admin', { username: 'innocent-admin' })
    assert.ok(userId)
    const blocked = await passwordSignIn('innocent-admin', 'admin-password-1', ip)
    assert.equal(blocked.status, 429)
    assert.ok(Number(blocked.headers.get('retry-after')) > 0)
    assert.equal((await passwordSignIn('innocent-admin', 'admin-password-1', freshIp())).status, 200)
  })
})

describe('3. production refuses published development secrets in any form', () => {
  const prod = PRODUCTION_ENV
  test('the development tip key as "k1:<key>", or anywhere in a rotation list, stops the start', () => {
    assert.doesNotThrow(() => loadConfig(prod))
    const good = Buffer.alloc(32, 9).toString('base64')
    for (const key of [`k1:${DEFAULT_TIP_KEY}`, `k2:${good},k1:${DEFAULT_TIP_KEY}`, `k1:${DEFAULT_TIP_KEY},k2:${good}`]) {
      assert.throws(
        () => loadConfig({ ...prod, TIP_ENCRYPTION_KEY: key }),
        (err: Error) => err instanceof ConfigError && /TIP_ENCRYPTION_KEY/.test(err.message),
        key,
      )
    }
  })
  test('a JWT secret built from the development default stops the start', () => {
    for (const secret of [DEFAULT_JWT_SECRET, `${DEFAULT_JWT_SECRET}-prod`, `x${DEFAULT_JWT_SECRET}`]) {
      assert.throws(() => loadConfig({ ...prod, JWT_SECRET: secret }), /JWT_SECRET/)
    }
  })
})

describe('4. role changes are logged and a security officer needs a second person', () => {
  test('a superadmin granting itself security_officer waits for another officer; every step is in the append-only admin log; the tip audit keeps the name as it was', async () => {
    const officer = await t.signInAdmin('security_officer', { username: 'officer-zhou' })
    let token = await root()
    const admin = (await User.findOne({ username: 'admin' }).lean())!
    const adminId = String(admin._id)

    const asked = await t.api('put', `/api/admin/users/${adminId}`, { token, body: { roles: ['superadmin', 'security_officer'] } })
    assert.equal(asked.status, 200, JSON.stringify(asked.body))
    assert.deepEqual(asked.body.user.roles, ['superadmin'], 'not granted yet')
    assert.match(asked.body.pendingGrant.message, /另一位保卫处人员或系统管理员确认/)
    assert.equal((await t.api('get', '/api/security/tips', { token })).status, 403)

    const self = await t.api('post', `/api/admin/role-grants/${asked.body.pendingGrant.id}/confirm`, { token })
    assert.equal(self.status, 403)
    assert.equal(self.body.error.code, 'SECOND_PERSON_REQUIRED')

    const pending = await t.api('get', '/api/admin/role-grants', { token: officer.token })
    assert.equal(pending.status, 200)
    assert.deepEqual(
      pending.body.grants.map((g: any) => [g.targetId, g.requestedBy]),
      [[adminId, adminId]],
    )
    const confirmed = await t.api('post', `/api/admin/role-grants/${asked.body.pendingGrant.id}/confirm`, { token: officer.token })
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body))
    assert.deepEqual(confirmed.body.user.roles, ['superadmin', 'security_officer'])
    assert.equal((await t.api('post', `/api/admin/role-grants/${asked.body.pendingGrant.id}/confirm`, { token: officer.token })).status, 404, 'once only')

    // The role change ended the old session; signed in again, the superadmin reads the inbox…
    assert.equal((await t.api('get', '/api/me', { token })).status, 401)
    token = await root()
    assert.equal((await t.api('get', '/api/security/tips', { token })).status, 200)
    // …then drops the role and renames itself.
    assert.equal((await t.api('put', `/api/admin/users/${adminId}`, { token, body: { roles: ['superadmin'] } })).status, 200)
    token = await root()
    assert.equal((await t.api('put', `/api/admin/users/${adminId}`, { token, body: { nickname: '路人甲' } })).status, 200)

    const log = await t.api('get', '/api/admin/audit', { token: officer.token })
    assert.equal(log.status, 200)
    const steps = log.body.entries
      .filter((e: any) => e.targetId === adminId)
      .reverse()
      .map((e: any) => [e.action, e.actorName, e.changes.roles?.to ?? e.changes.nickname?.to ?? e.changes.role])
    assert.deepEqual(steps, [
      ['grant-requested', '系统管理员 (admin)', 'security_officer'],
      ['grant-confirmed', 'officer-zhou (officer-zhou)', 'security_officer'],
      ['account-update', '系统管理员 (admin)', ['superadmin']],
      ['account-update', '系统管理员 (admin)', '路人甲'],
    ])
    assert.ok(log.body.entries.every((e: any) => !Number.isNaN(Date.parse(e.at))))

    // The tip audit names the reader as they were named then, not as they are named now.
    const tipLog = await t.api('get', '/api/security/audit', { token: officer.token })
    const list = tipLog.body.entries.find((e: any) => e.actorId === adminId && e.action === 'list')
    assert.equal(list.actorName, '系统管理员 (admin)')

    // Likewise an internal note keeps its author's name when the officer renames itself.
    const reader = await t.signInReader()
    await submitTip(reader.token, freshIp())
    const tipId = (await t.api('get', '/api/security/tips', { token: officer.token })).body.tips[0].id
    assert.equal((await t.api('post', `/api/security/tips/${tipId}/notes`, { token: officer.token, body: { text: '已核实' } })).status, 200)
    await User.updateOne({ _id: officer.userId }, { $set: { nickname: '改名的保卫' } })
    const detail = await t.api('get', `/api/security/tips/${tipId}`, { token: officer.token })
    assert.equal(detail.body.tip.notes.at(-1).authorName, 'officer-zhou (officer-zhou)')

    // Append-only: no route changes it, and the model refuses to.
    assert.equal((await t.api('delete', '/api/admin/audit', { token })).status, 405)
    await assert.rejects(AdminAudit.deleteMany({}), /append-only/)
    await assert.rejects(AdminAudit.updateOne({}, { $set: { actorName: 'x' } }), /append-only/)
    assert.ok((await AdminAudit.countDocuments()) >= 4)
    assert.ok((await TipAudit.countDocuments({ actorName: '系统管理员 (admin)' })) >= 1)
  })
})

describe('5. password reset, disable and role change end existing sessions', () => {
  test('tokens issued before are refused with 401; a rename keeps them', async () => {
    const token = await root()
    const created = await t.api('post', '/api/admin/users', {
      token,
      body: { username: 'session-user', password: 'first-password-1', nickname: '会话', roles: ['publicity_admin'] },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const id = created.body.user.id
    const signIn = async (password: string) => {
      const res = await passwordSignIn('session-user', password, freshIp())
      assert.equal(res.status, 200, JSON.stringify(res.body))
      return res.body.token as string
    }
    const me = (tok: string) => t.api('get', '/api/me', { token: tok }).then((r) => r.status)
    const update = (body: Record<string, unknown>) => t.api('put', `/api/admin/users/${id}`, { token, body })

    let session = await signIn('first-password-1')
    assert.equal(await me(session), 200)
    await update({ nickname: '改个名' })
    assert.equal(await me(session), 200, 'a rename keeps sessions')

    await update({ password: 'second-password-2' })
    assert.equal(await me(session), 401, 'password reset')
    session = await signIn('second-password-2')
    assert.equal(await me(session), 200)

    await update({ roles: ['publicity_admin', 'dept_admin'], departmentId: await t.departmentId('C01') })
    assert.equal(await me(session), 401, 'role change')
    session = await signIn('second-password-2')

    await update({ disabled: true })
    assert.equal(await me(session), 401, 'disabled')
    await update({ disabled: false })
    assert.equal(await me(session), 401, 'enabling again does not revive old sessions')
    assert.equal(await me(await signIn('second-password-2')), 200)
  })
})

describe('6. roster binding is throttled and points the student to an admin', () => {
  const bind = (token: string, number: string, name: string) => t.api('put', '/api/me/binding', { token, body: { number, name } })

  test('wrong names lock the reader and the student number; the student is told to ask an admin, who can release a binding', async () => {
    await Person.create({ number: 'S2026100', name: '赵六', type: 'student', departmentId: await t.departmentId('C01'), className: '机电2601' })
    const attacker = await t.signInReader()
    for (const name of ['赵一', '赵二', '赵三', '赵四', '赵五']) assert.equal((await bind(attacker.token, 'S2026100', name)).status, 400)
    const locked = await bind(attacker.token, 'S2026100', '赵六')
    assert.equal(locked.status, 429, 'the right name waits too')
    assert.equal(locked.body.error.code, 'BINDING_THROTTLED')
    assert.match(locked.body.error.message, /管理员/)
    assert.equal(locked.headers.get('retry-after'), '900')

    // The number itself is locked, for every reader: the real student waits as well…
    const student = await t.signInReader()
    const waits = await bind(student.token, 'S2026100', '赵六')
    assert.equal(waits.status, 429)
    assert.match(waits.body.error.message, /解除绑定/)
    clock().advance(16 * MINUTE)
    assert.equal((await bind(student.token, 'S2026100', '赵六')).status, 200)

    // …and when someone else got there first, the message says how to get it back.
    const second = await t.signInReader()
    const taken = await bind(second.token, 'S2026100', '赵六')
    assert.equal(taken.status, 409)
    assert.match(taken.body.error.message, /联系辅导员或宣传部管理员.*解除绑定/)
    const admin = await t.signInAdmin('publicity_admin')
    assert.equal((await t.api('delete', `/api/admin/users/${student.userId}/binding`, { token: admin.token })).status, 200)
    assert.equal((await bind(second.token, 'S2026100', '赵六')).status, 200)
  })

  test('one reader trying many numbers is locked too', async () => {
    const prober = await t.signInReader()
    for (let i = 0; i < 5; i++) assert.equal((await bind(prober.token, `X${i}`, '钱七')).status, 400)
    assert.equal((await bind(prober.token, 'X99', '钱七')).status, 429)
  })
})

describe('7. tip follow-ups are limited', () => {
  test('3 per tip per Beijing day (429 until tomorrow) and 30 in all (409)', async () => {
    clock().set(at('02:10:00')) // 10:10 in Beijing
    const reader = await t.signInReader()
    const ip = freshIp()
    const { trackingCode: code, secret } = await submitTip(reader.token, ip)
    const follow = (message: string) => t.api('post', '/api/tips/track/follow-up', { token: reader.token, body: { code, secret, message }, headers: { 'x-forwarded-for': ip } })

    for (let i = 1; i <= 3; i++) assert.equal((await follow(`补充 ${i}`)).status, 200)
    const fourth = await follow('补充 4')
    assert.equal(fourth.status, 429)
    assert.equal(fourth.body.error.code, 'FOLLOW_UP_DAILY_LIMIT')
    assert.match(fourth.body.error.message, /明天/)
    assert.equal(fourth.headers.get('retry-after'), String(13 * 3600 + 50 * 60), 'until midnight in Beijing (10:10 → 24:00)')

    let sent = 3
    while (sent < 30) {
      clock().advance(24 * HOUR)
      for (let i = 0; i < 3 && sent < 30; i++, sent++) assert.equal((await follow(`补充 ${sent + 1}`)).status, 200, `follow-up ${sent + 1}`)
    }
    clock().advance(24 * HOUR)
    const over = await follow('第 31 次')
    assert.equal(over.status, 409)
    assert.equal(over.body.error.code, 'FOLLOW_UP_LIMIT')
    const track = await t.api('post', '/api/tips/track', { token: reader.token, body: { code, secret }, headers: { 'x-forwarded-for': ip } })
    assert.equal(track.body.followUps, 30)
  })
})

/** fetch() refuses TRACE: a plain node:http request. */
function rawRequest(method: string, path: string, token?: string): Promise<{ status: number; headers: Headers; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(t.url + path, { method, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = ''
      res.on('data', (d) => (text += d))
      res.on('end', () => {
        const headers = new Headers()
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v)
        resolve({ status: res.statusCode!, headers, body: text ? JSON.parse(text) : null })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('API robustness (fuzzing findings)', () => {
  test('a duplicate value in an update is 409, not 500: department rename, campaign slug', async () => {
    const token = (await t.signInAdmin('publicity_admin')).token
    const depts = (await t.api('get', '/api/admin/departments', { token })).body.departments
    const [a, b] = depts
    const rename = await t.api('put', `/api/admin/departments/${b.id}`, { token, body: { name: a.name } })
    assert.equal(rename.status, 409, JSON.stringify(rename.body) + logLines.filter((l) => l.includes('unhandled')).join('\n'))
    assert.equal(rename.body.error.code, 'DEPARTMENT_EXISTS')

    const created = await t.api('post', '/api/admin/campaigns', {
      token,
      body: { slug: 'second-campaign', title: '第二个专项', startAt: '2026-09-01T00:00:00.000Z', status: 'draft' },
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const reuse = await t.api('put', `/api/admin/campaigns/${created.body.campaign.id}`, { token, body: { slug: 'saoheichue' } })
    assert.equal(reuse.status, 409, JSON.stringify(reuse.body))
    assert.equal(reuse.body.error.code, 'SLUG_TAKEN')
  })

  test('duplicate-key errors are recognised by code or by message, as different engines report them', () => {
    assert.ok(isDuplicateKeyError({ code: 11000 }))
    assert.ok(isDuplicateKeyError({ code: 11001 }))
    assert.ok(isDuplicateKeyError({ code: 1, message: 'E11000 duplicate key error collection: db.departments index: name_1' }))
    assert.ok(isDuplicateKeyError({ code: 2, errmsg: 'Duplicate key violation on the requested collection' }))
    assert.ok(isDuplicateKeyError({ code: 1, errorResponse: { errmsg: "constraint failed: UNIQUE constraint failed: index 'departments_name_1' (2067)" } }))
    assert.ok(isDuplicateKeyError({ writeErrors: [{ code: 11000 }] }))
    assert.ok(isDuplicateKeyError(new Error('wrapped', { cause: { code: 11000 } })))
    assert.ok(!isDuplicateKeyError({ code: 1, message: 'some other failure' }))
    assert.ok(!isDuplicateKeyError(null))
  })

  test('tip statistics take any four-digit year (0999-05, 9999-12) without a 500', async () => {
    const token = (await t.signInAdmin('publicity_admin')).token
    for (const q of ['to=0999-05', 'from=0999-05', 'from=0001-01&to=9999-12', 'to=9999-12']) {
      const res = await t.api('get', `/api/tips/statistics?${q}`, { token })
      assert.ok(res.status === 200 || res.status === 400, `${q}: ${res.status} ${JSON.stringify(res.body)}`)
    }
    const old = await t.api('get', '/api/tips/statistics?to=0999-05', { token })
    assert.equal(old.status, 200)
    assert.equal(old.body.total, 0)
  })

  test('an unsupported method on a known path is 405 with Allow, not 501', async () => {
    const token = (await t.signInAdmin('publicity_admin')).token
    for (const [method, path, allowed] of [
      ['TRACE', '/api/me', 'GET'],
      ['TRACE', '/api/tips', 'POST'],
      ['PUT', '/api/openapi.json', 'GET'],
      ['DELETE', '/api/admin/users', 'GET'],
      ['TRACE', '/api/admin/departments/0123456789abcdef01234567', 'PUT'],
    ]) {
      const res = await rawRequest(method, path, token)
      assert.equal(res.status, 405, `${method} ${path}`)
      assert.ok(res.headers.get('allow')?.split(', ').includes(allowed), `${method} ${path}: Allow ${res.headers.get('allow')}`)
      assert.equal(res.body.error.code, 'METHOD_NOT_ALLOWED')
    }
    const options = await rawRequest('OPTIONS', '/api/me')
    assert.equal(options.status, 204)
    assert.match(options.headers.get('allow') ?? '', /GET/)
  })

  test('the OpenAPI document describes dates as date-time strings and says which keys are refused', async () => {
    const doc = (await t.api('get', '/api/openapi.json')).body
    const campaign = doc.paths['/api/admin/campaigns'].post.requestBody.content['application/json'].schema.properties
    assert.deepEqual([campaign.startAt.type, campaign.startAt.format], ['string', 'date-time'])
    assert.deepEqual([campaign.endAt.type, campaign.endAt.format, campaign.endAt.nullable], ['string', 'date-time', true])
    const empty: string[] = []
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return
      if (!Array.isArray(node) && Object.keys(node).length === 0 && /\/properties\/\w+$/.test(path) && !path.endsWith('/details')) empty.push(path)
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`)
    }
    walk(doc.paths, '')
    assert.deepEqual(empty, [], 'fields published as "anything"')
    assert.match(doc.info.description, /"\$"[\s\S]*"\."[\s\S]*400/)
  })
})
