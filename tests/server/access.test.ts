import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { RouteSpec } from '../../server/http/route'
import { allRoutes } from '../../server/modules'
import { ROLES, type Role } from '../../server/modules/auth/roles'
import { ABILITY_ROLES, abilitiesOf, DEPARTMENT_SCOPED, isAbility, type Ability } from '../../server/policy'
import { Tip } from '../../server/modules/tips/model'
import { useTestServer } from '../helpers/server'

/**
 * Walks the whole route table: every route that is not public answers 401 without a
 * token, and 403 to a signed-in user whose roles lack its ability (server/policy.ts).
 * New routes are covered the moment they are registered.
 */
let routes: RouteSpec[]
const tokens = new Map<Role, string>()
const t = useTestServer({}, async () => {
  routes = allRoutes(t.deps)
  for (const role of ROLES) {
    tokens.set(role, role === 'reader' ? (await t.signInReader()).token : (await t.signInAdmin(role, { departmentCode: 'C01' })).token)
  }
})

const samplePath = (path: string) => path.replace(/:(\w+)/g, '0123456789abcdef01234567')

test('every route declares who may call it', () => {
  assert.ok(routes.length >= 10)
  for (const r of routes) assert.ok(r.access === 'public' || r.access === 'user' || isAbility(r.access), `${r.method} ${r.path}: ${String(r.access)}`)
})

test('routes that need sign-in answer 401 without a token', async () => {
  for (const r of routes.filter((x) => x.access !== 'public')) {
    const res = await t.api(r.method, samplePath(r.path), r.method === 'get' || r.method === 'delete' ? {} : { body: {} })
    assert.equal(res.status, 401, `${r.method.toUpperCase()} ${r.path} → ${res.status}`)
    assert.equal(res.body.error.code, 'UNAUTHORIZED')
  }
})

test('routes needing an ability answer 403 to every role that lacks it', async () => {
  let checked = 0
  for (const r of routes) {
    if (!isAbility(r.access)) continue
    const holders: readonly Role[] = ABILITY_ROLES[r.access as Ability]
    for (const role of ROLES.filter((x) => !holders.includes(x))) {
      const res = await t.api(r.method, samplePath(r.path), { token: tokens.get(role), ...(r.method === 'get' || r.method === 'delete' ? {} : { body: {} }) })
      assert.equal(res.status, 403, `${role} on ${r.method.toUpperCase()} ${r.path} → ${res.status}`)
      checked++
    }
  }
  assert.ok(checked > 0)
})

test('a department-scoped ability refuses a department head on any other department', async () => {
  let checked = 0
  for (const r of routes) {
    if (!isAbility(r.access) || !DEPARTMENT_SCOPED[r.access]?.includes('dept_admin') || !/\/departments\/:id/.test(r.path)) continue
    // samplePath names a department that is not the head's own (C01).
    const res = await t.api(r.method, samplePath(r.path.replace(':month', '2026-01')), { token: tokens.get('dept_admin'), ...(r.method === 'get' ? {} : { body: {} }) })
    assert.equal(res.status, 403, `${r.method.toUpperCase()} ${r.path} → ${res.status}`)
    assert.equal(res.body.error.code, 'OTHER_DEPARTMENT')
    checked++
  }
  assert.ok(checked >= 4, `checked ${checked}`)
  const own = await t.departmentId('C01')
  assert.equal((await t.api('get', `/api/metrics/departments/${own}`, { token: tokens.get('dept_admin') })).status, 200)
})

test('GET /api/me answers with the abilities of each role, as the policy table lists them', async () => {
  const expected: Record<Role, string[]> = {
    reader: [],
    dept_admin: ['metrics.readDepartment'],
    publicity_admin: [
      'article.publish',
      'campaign.manage',
      'handbook.manage',
      'quiz.manage',
      'roster.manage',
      'department.manage',
      'media.upload',
      'metrics.read',
      'report.regenerate',
      'metrics.readDepartment',
      'tip.statistics',
      'users.unbind',
    ],
    security_officer: ['tip.statistics', 'tip.read', 'tip.transition', 'tip.handle', 'roleGrant.confirm', 'accountAudit.read'],
    superadmin: ['users.manage', 'users.unbind', 'roleGrant.confirm', 'accountAudit.read', 'demo.manage'],
  }
  for (const role of ROLES) {
    const res = await t.api('get', '/api/me', { token: tokens.get(role) })
    assert.equal(res.status, 200)
    assert.deepEqual(res.body.abilities, expected[role], role)
    assert.deepEqual(res.body.abilities, abilitiesOf({ roles: [role] }))
  }
  // Several roles: the union, each ability once.
  const both = await t.signInAdmin(['publicity_admin', 'security_officer'])
  const me = await t.api('get', '/api/me', { token: both.token })
  assert.deepEqual(new Set(me.body.abilities), new Set([...expected.publicity_admin, ...expected.security_officer]))
  assert.equal(me.body.abilities.length, new Set(me.body.abilities).size)
})

test('a tip case names the statuses the officer may move it to next', async () => {
  const reader = await t.signInReader()
  const sent = await t.api('post', '/api/tips', {
    token: reader.token,
    body: { category: 'other', description: '有人在食堂门口发放校园贷传单，要求留下学号和电话' },
    headers: { 'x-forwarded-for': '10.77.0.1' },
  })
  assert.equal(sent.status, 201, JSON.stringify(sent.body))
  const id = String((await Tip.findOne({}, { _id: 1 }).sort({ _id: -1 }).lean())!._id)
  const officer = tokens.get('security_officer')
  const path = `/api/security/tips/${id}`

  const opened = await t.api('get', path, { token: officer })
  assert.equal(opened.status, 200)
  assert.equal(opened.body.tip.status, 'received')
  assert.deepEqual(opened.body.tip.nextStatuses, ['verifying'])

  const moved = await t.api('post', `${path}/status`, { token: officer, body: { status: 'verifying' } })
  assert.equal(moved.status, 200, JSON.stringify(moved.body))
  assert.deepEqual(moved.body.tip.nextStatuses, ['transferred', 'closed'])

  // Each status the case names is one the server accepts; a status it does not name is refused.
  assert.equal((await t.api('post', `${path}/status`, { token: officer, body: { status: 'received' } })).status, 409)
  const closed = await t.api('post', `${path}/status`, { token: officer, body: { status: 'closed', outcome: '已核实并移交学工部处理' } })
  assert.equal(closed.status, 200, JSON.stringify(closed.body))
  assert.deepEqual(closed.body.tip.nextStatuses, [])
})
