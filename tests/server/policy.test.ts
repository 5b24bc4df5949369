import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { ROLES } from '../../server/modules/auth/roles'
import { ABILITIES, ABILITY_ROLES, DEPARTMENT_SCOPED, can, type Ability } from '../../server/policy'

test('the who-can-do-what table at the top of server/policy.ts says what ABILITY_ROLES says', () => {
  const lines = fs.readFileSync(path.resolve(__dirname, '../../server/policy.ts'), 'utf8').split('\n')
  const header = lines.find((l) => /^ \* +ability +publicity_admin/.test(l))!
  const columns = ROLES.filter((r) => r !== 'reader').map((role) => ({ role, from: header.indexOf(role), to: header.indexOf(role) + role.length }))
  const rows = new Map<string, Map<string, string>>()
  for (const line of lines) {
    const m = /^ \* {3}([a-zA-Z]+\.[a-zA-Z]+) /.exec(line)
    if (m) rows.set(m[1]!, new Map(columns.map((c) => [c.role, line.slice(c.from, c.to).trim()])))
  }
  assert.deepEqual([...rows.keys()], ABILITIES, 'every ability, in table order')
  for (const ability of ABILITIES) {
    for (const { role } of columns) {
      const cell = rows.get(ability)!.get(role)!
      const holds = (ABILITY_ROLES[ability] as readonly string[]).includes(role)
      const scoped = (DEPARTMENT_SCOPED[ability] ?? []).includes(role)
      assert.equal(cell, holds ? (scoped ? 'own dept' : '✓') : '', `${ability} / ${role}`)
    }
  }
})

test('a department-scoped ability covers the own department only; another role holding it unscoped covers all', () => {
  const head = { id: 'u1', roles: ['dept_admin' as const], departmentId: 'd1', personId: null }
  const ability: Ability = 'metrics.readDepartment'
  assert.equal(can(head, ability, 'd1'), true)
  assert.equal(can(head, ability, 'd2'), false)
  assert.equal(can(head, ability), false, 'no department named: not all of them')
  assert.equal(can({ ...head, departmentId: null }, ability, 'd1'), false)
  assert.equal(can({ ...head, roles: ['dept_admin', 'publicity_admin'] }, ability, 'd2'), true)
  assert.equal(can({ ...head, roles: ['security_officer'] }, ability, 'd1'), false)
})
