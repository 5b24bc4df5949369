import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, test } from 'node:test'
import mongoose from 'mongoose'
import { Department } from '../../server/modules/departments/model'
import { User } from '../../server/modules/users/model'
import { contentSeeders, runSeed } from '../../server/seed'
import { SUPERADMIN_PASSWORD, useTestServer } from '../helpers/server'

const ROOT = path.resolve(__dirname, '..', '..')
let root: string
const t = useTestServer({}, async () => {
  const res = await t.api('post', '/api/auth/password', { body: { username: 'admin', password: SUPERADMIN_PASSWORD } })
  root = res.body.token
})

const createUser = (body: Record<string, unknown>, token = root) =>
  t.api('post', '/api/admin/users', { token, body: { password: 'long-password-1', nickname: '测试账号', ...body } })
const patchUser = (id: string, body: Record<string, unknown>, token = root) => t.api('put', `/api/admin/users/${id}`, { token, body })
const signIn = (username: string, password = 'long-password-1') => t.api('post', '/api/auth/password', { body: { username, password } })

describe('accounts and roles (superadmin)', () => {
  test('lists admin accounts, filters by role and searches by username or name', async () => {
    await createUser({ username: 'baowei-wang', nickname: '王保卫', roles: ['security_officer'] })
    await createUser({ username: 'xuanchuan-li', nickname: '李宣传', roles: ['publicity_admin'] })

    const all = await t.api('get', '/api/admin/users', { token: root })
    assert.equal(all.status, 200)
    const names = all.body.users.map((u: any) => u.username)
    assert.ok(names.includes('admin') && names.includes('baowei-wang') && names.includes('xuanchuan-li'))

    const officers = await t.api('get', '/api/admin/users?role=security_officer', { token: root })
    assert.deepEqual(
      officers.body.users.map((u: any) => u.username),
      ['baowei-wang'],
    )

    const byName = await t.api('get', `/api/admin/users?q=${encodeURIComponent('宣传')}`, { token: root })
    assert.deepEqual(
      byName.body.users.map((u: any) => u.username),
      ['xuanchuan-li'],
    )
    const byUsername = await t.api('get', '/api/admin/users?q=BAOWEI', { token: root })
    assert.deepEqual(
      byUsername.body.users.map((u: any) => u.username),
      ['baowei-wang'],
    )
    // Search text is text, not a pattern.
    const pattern = await t.api('get', `/api/admin/users?q=${encodeURIComponent('.*')}`, { token: root })
    assert.deepEqual(pattern.body.users, [])
  })

  test('a dept_admin needs an existing, active department, on create and on change', async () => {
    const before = await User.countDocuments()
    const missing = await createUser({ username: 'dept-none', roles: ['dept_admin'] })
    assert.equal(missing.status, 400)
    assert.match(missing.body.error.message, /必须指定所属部门/)

    const unknown = await createUser({ username: 'dept-unknown', roles: ['dept_admin'], departmentId: new mongoose.Types.ObjectId().toString() })
    assert.equal(unknown.status, 404)
    assert.equal(unknown.body.error.code, 'DEPARTMENT_NOT_FOUND')

    const closed = await Department.create({ code: 'X99', name: '已撤销的部门', kind: 'office', active: false })
    const inactive = await createUser({ username: 'dept-closed', roles: ['dept_admin'], departmentId: String(closed._id) })
    assert.equal(inactive.status, 404)
    assert.equal(await User.countDocuments(), before, 'nothing written')

    const ok = await createUser({ username: 'dept-jidian', nickname: '机电负责人', roles: ['dept_admin'], departmentId: await t.departmentId('C01') })
    assert.equal(ok.status, 201, JSON.stringify(ok.body))

    // Making a publicity admin a dept_admin without a department, or taking a dept_admin's department away.
    const pub = await createUser({ username: 'pub-to-dept', roles: ['publicity_admin'] })
    const noDepartment = await patchUser(pub.body.user.id, { roles: ['dept_admin'] })
    assert.equal(noDepartment.status, 400)
    // Named as the 部门 field's error, so the console shows it under that field.
    assert.deepEqual(
      noDepartment.body.error.details.map((d: { in: string; field: string }) => [d.in, d.field]),
      [['body', 'departmentId']],
    )
    assert.equal((await patchUser(ok.body.user.id, { departmentId: null })).status, 400)
    assert.equal((await patchUser(ok.body.user.id, { departmentId: String(closed._id) })).status, 404)
    const still = await User.findById(ok.body.user.id).lean()
    assert.equal(String(still!.departmentId), await t.departmentId('C01'))

    const moved = await patchUser(pub.body.user.id, { roles: ['dept_admin'], departmentId: await t.departmentId('C02') })
    assert.equal(moved.status, 200)
    assert.deepEqual(moved.body.user.roles, ['dept_admin'])
    assert.equal(moved.body.user.departmentId, await t.departmentId('C02'))
  })

  test('roles change and accounts are disabled and enabled again', async () => {
    const created = await createUser({ username: 'toggle-me', roles: ['publicity_admin'] })
    const id = created.body.user.id
    const session = await signIn('toggle-me')
    assert.equal(session.status, 200)

    // Another security officer exists (baowei-wang): the new one waits for a second person.
    const changed = await patchUser(id, { roles: ['security_officer'] })
    assert.deepEqual(changed.body.user.roles, ['publicity_admin'])
    assert.ok(changed.body.pendingGrant)
    const officer = (await signIn('baowei-wang')).body.token
    const confirmed = await t.api('post', `/api/admin/role-grants/${changed.body.pendingGrant.id}/confirm`, { token: officer })
    assert.deepEqual(confirmed.body.user.roles, ['publicity_admin', 'security_officer'])
    assert.equal((await patchUser(id, { roles: ['security_officer'] })).body.user.roles.join(), 'security_officer', 'dropping a role needs nobody else')
    // A role change ends the account's sessions: it signs in again and finds its new section.
    assert.equal((await t.api('get', '/api/security/tips', { token: session.body.token })).status, 401)
    const again = await signIn('toggle-me')
    assert.equal((await t.api('get', '/api/security/tips', { token: again.body.token })).status, 200)

    const disabled = await patchUser(id, { disabled: true })
    assert.equal(disabled.body.user.disabled, true)
    assert.equal((await signIn('toggle-me')).status, 401)
    assert.equal((await t.api('get', '/api/me', { token: again.body.token })).status, 401)

    const enabled = await patchUser(id, { disabled: false })
    assert.equal(enabled.body.user.disabled, false)
    assert.equal((await signIn('toggle-me')).status, 200)
  })

  test('the last active superadmin can be neither disabled nor demoted', async () => {
    const admin = await User.findOne({ username: 'admin' }).lean()
    const adminId = String(admin!._id)
    const demote = await patchUser(adminId, { roles: ['publicity_admin'] })
    assert.equal(demote.status, 409)
    assert.equal(demote.body.error.code, 'LAST_SUPERADMIN')
    assert.match(demote.body.error.message, /最后一个系统管理员/)
    const disable = await patchUser(adminId, { disabled: true })
    assert.equal(disable.status, 409)
    const after = await User.findById(adminId).lean()
    assert.deepEqual(after!.roles, ['superadmin'])
    assert.equal(after!.disabled, false)

    // With a second superadmin, either may step down, but not both.
    const second = await createUser({ username: 'second-root', roles: ['superadmin'] })
    assert.equal((await patchUser(adminId, { roles: ['superadmin', 'publicity_admin'] })).status, 200, 'keeping the role is fine')
    // Changing one's own roles ends one's own sessions too.
    assert.equal((await t.api('get', '/api/me', { token: root })).status, 401)
    root = (await signIn('admin', SUPERADMIN_PASSWORD)).body.token
    assert.equal((await patchUser(second.body.user.id, { disabled: true })).status, 200)
    assert.equal((await patchUser(adminId, { disabled: true })).status, 409)
    // A disabled superadmin does not count: enabling it again makes the first one free to go.
    assert.equal((await patchUser(second.body.user.id, { disabled: false })).status, 200)
    assert.equal((await patchUser(adminId, { roles: ['publicity_admin'] })).status, 200)
    assert.equal((await patchUser(adminId, { roles: ['superadmin'] }, (await signIn('second-root')).body.token)).status, 200)
    root = (await signIn('admin', SUPERADMIN_PASSWORD)).body.token
  })
})

describe('accounts and roles: races and access', () => {
  test('a demotion undone because another superadmin stepped down meanwhile leaves the account exactly as it was', async () => {
    const racer = await createUser({ username: 'race-root', nickname: '原来的名字', roles: ['superadmin'] })
    assert.equal(racer.status, 201)
    const others = (await User.find({ roles: 'superadmin', disabled: { $ne: true }, username: { $ne: 'race-root' } }, { _id: 1 }).lean()).map((u) => u._id)
    assert.ok(others.length >= 1)
    // Every other superadmin steps down between this request's check and its write.
    const original = User.updateOne.bind(User)
    let raced = false
    ;(User as any).updateOne = (...args: Parameters<typeof User.updateOne>) => {
      if (!raced) {
        raced = true
        return User.collection.updateMany({ _id: { $in: others } }, { $set: { disabled: true } }).then(() => original(...args))
      }
      return original(...args)
    }
    try {
      const res = await patchUser(racer.body.user.id, { disabled: true, nickname: '改过的名字', password: 'another-password-2', departmentId: await t.departmentId('C01') })
      assert.equal(res.status, 409)
      assert.equal(res.body.error.code, 'LAST_SUPERADMIN')
    } finally {
      ;(User as any).updateOne = original
      await User.collection.updateMany({ _id: { $in: others } }, { $set: { disabled: false } })
    }
    assert.ok(raced)
    const after = await User.findById(racer.body.user.id).lean()
    assert.deepEqual(after!.roles, ['superadmin'])
    assert.equal(after!.disabled, false)
    assert.equal(after!.nickname, '原来的名字')
    assert.equal(after!.departmentId, undefined)
    assert.equal((await signIn('race-root')).status, 200, 'the old password still works')
    assert.equal((await signIn('race-root', 'another-password-2')).status, 401)
  })

  test('only a superadmin manages accounts: other admins get 403 and change nothing', async () => {
    await createUser({ username: 'pub-climber', roles: ['publicity_admin'] })
    const pub = (await signIn('pub-climber')).body
    const before = await User.countDocuments()
    assert.equal((await t.api('get', '/api/admin/users', { token: pub.token })).status, 403)
    assert.equal((await createUser({ username: 'pub-made', roles: ['superadmin'] }, pub.token)).status, 403)
    assert.equal((await patchUser(pub.user.id, { roles: ['superadmin'] }, pub.token)).status, 403)
    assert.equal(await User.countDocuments(), before)
    assert.deepEqual((await User.findById(pub.user.id).lean())!.roles, ['publicity_admin'])
  })
})

describe('superadmin password', () => {
  test('a generated password is handed over before the content seeders run', async () => {
    await User.deleteOne({ username: 'admin' })
    const events: string[] = []
    const probe = { name: 'probe', run: async () => void events.push('content seeder') }
    contentSeeders.unshift(probe)
    try {
      const result = await runSeed({ logger: t.deps.logger, onSuperadminPassword: () => events.push('password') })
      assert.deepEqual(events, ['password', 'content seeder'])
      assert.ok(result.superadminPassword)
      assert.equal((await signIn('admin', result.superadminPassword!)).status, 200)
    } finally {
      contentSeeders.splice(contentSeeders.indexOf(probe), 1)
    }
  })

  test('npm run seed -- --reset-admin gives admin a new password, enables it and restores the role', async () => {
    await User.updateOne({ username: 'admin' }, { $set: { disabled: true, roles: ['reader'] } })
    const conn = mongoose.connection
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/seed/cli.ts', '--reset-admin'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: `mongodb://${conn.host}:${conn.port}/`, DB_NAME: conn.name, SUPERADMIN_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    assert.equal(code, 0, out)
    const password = /密码:\s+(\S+)/.exec(out)?.[1]
    assert.ok(password, `the new password is printed:\n${out}`)
    const res = await signIn('admin', password)
    assert.equal(res.status, 200)
    assert.ok(res.body.user.roles.includes('superadmin'))
    assert.equal((await t.api('get', '/api/admin/users', { token: res.body.token })).status, 200)
  })
})
