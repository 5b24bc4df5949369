import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import type { RouteSpec } from '../../server/http/route'
import { allRoutes } from '../../server/modules'
import { ROLES, type Role } from '../../server/modules/auth/roles'
import { closeTestDb, startTestServer, type TestServer } from '../helpers/server'

/**
 * Walks the whole route table: every route that is not public answers 401 without a
 * token, and 403 to a signed-in user holding none of its roles. New routes are covered
 * the moment they are registered.
 */
let t: TestServer
let routes: RouteSpec[]
const tokens = new Map<Role, string>()

before(async () => {
  t = await startTestServer()
  routes = allRoutes(t.deps)
  for (const role of ROLES) {
    tokens.set(role, role === 'reader' ? (await t.signInReader()).token : (await t.signInAdmin(role, { departmentCode: 'C01' })).token)
  }
})
after(async () => {
  await t.stop()
  await closeTestDb()
})

const samplePath = (path: string) => path.replace(/:(\w+)/g, '0123456789abcdef01234567')

test('every route declares who may call it', () => {
  assert.ok(routes.length >= 10)
  for (const r of routes) assert.ok(r.access === 'public' || r.access === 'user' || (Array.isArray(r.access) && r.access.length > 0), `${r.method} ${r.path}`)
})

test('routes that need sign-in answer 401 without a token', async () => {
  for (const r of routes.filter((x) => x.access !== 'public')) {
    const res = await t.api(r.method, samplePath(r.path), r.method === 'get' || r.method === 'delete' ? {} : { body: {} })
    assert.equal(res.status, 401, `${r.method.toUpperCase()} ${r.path} → ${res.status}`)
    assert.equal(res.body.error.code, 'UNAUTHORIZED')
  }
})

test('role-restricted routes answer 403 to every role they do not name', async () => {
  let checked = 0
  for (const r of routes) {
    if (!Array.isArray(r.access)) continue
    for (const role of ROLES.filter((x) => !(r.access as Role[]).includes(x))) {
      const res = await t.api(r.method, samplePath(r.path), { token: tokens.get(role), ...(r.method === 'get' || r.method === 'delete' ? {} : { body: {} }) })
      assert.equal(res.status, 403, `${role} on ${r.method.toUpperCase()} ${r.path} → ${res.status}`)
      checked++
    }
  }
  assert.ok(checked > 0)
})
