import { forbidden } from './errors'
import type { AuthUser, Role } from './modules/auth/roles'

/**
 * Who can do what: the one table of abilities and the roles that hold them.
 *
 * Route specs name an ability in `access` (or 'public' / 'user' for anyone / any signed-in
 * user); `checkAccess` in server/http/route.ts refuses roles without it (403), and
 * tests/server/access.test.ts walks the route table against this table. `GET /api/me` answers
 * with the caller's abilities, so the clients show what the server would allow instead of
 * re-deriving it from role names.
 *
 *   ability                   publicity_admin  dept_admin  security_officer  superadmin
 *   article.publish                 ✓
 *   campaign.manage                 ✓
 *   handbook.manage                 ✓
 *   quiz.manage                     ✓
 *   roster.manage                   ✓
 *   department.manage               ✓
 *   media.upload                    ✓
 *   metrics.read                    ✓
 *   report.regenerate               ✓
 *   metrics.readDepartment          ✓            own dept
 *   tip.statistics                  ✓                             ✓
 *   tip.read                                                       ✓
 *   tip.transition                                                 ✓
 *   tip.handle                                                     ✓
 *   users.manage                                                                    ✓
 *   users.unbind                    ✓                                               ✓
 *   roleGrant.confirm                                              ✓               ✓
 *   accountAudit.read                                              ✓               ✓
 *   demo.manage                                                                     ✓
 *
 * Readers hold no ability: what they may do is open to every signed-in user ('user').
 */
export const ABILITY_ROLES = {
  /** Write, publish and withdraw articles; their entry links and pushes. */
  'article.publish': ['publicity_admin'],
  'campaign.manage': ['publicity_admin'],
  /** The study handbook and its question bank import. */
  'handbook.manage': ['publicity_admin'],
  /** Question bank, exams and their statistics. */
  'quiz.manage': ['publicity_admin'],
  /** Roster import and people lists. */
  'roster.manage': ['publicity_admin'],
  'department.manage': ['publicity_admin'],
  'media.upload': ['publicity_admin'],
  /** The college-wide dashboard and monthly reports. */
  'metrics.read': ['publicity_admin'],
  'report.regenerate': ['publicity_admin'],
  /** One department's figures, unread list, reminders and report part: resource-scoped, see DEPARTMENT_SCOPED. */
  'metrics.readDepartment': ['publicity_admin', 'dept_admin'],
  /** Counts only: no tip content, no departments. */
  'tip.statistics': ['publicity_admin', 'security_officer'],
  /** The tip inbox, a case with its images, and the audit log (every read is audited). */
  'tip.read': ['security_officer'],
  /** Move a case along the workflow (received → verifying → transferred → closed). */
  'tip.transition': ['security_officer'],
  /** Internal notes and assigning a case. */
  'tip.handle': ['security_officer'],
  'users.manage': ['superadmin'],
  'users.unbind': ['publicity_admin', 'superadmin'],
  /** Confirm a pending security_officer grant (a second person, never the requester or grantee). */
  'roleGrant.confirm': ['security_officer', 'superadmin'],
  'accountAudit.read': ['security_officer', 'superadmin'],
  /** See and remove the demo data of a development install (GET/DELETE /api/demo). */
  'demo.manage': ['superadmin'],
} as const satisfies Record<string, readonly Role[]>

export type Ability = keyof typeof ABILITY_ROLES
export const ABILITIES = Object.keys(ABILITY_ROLES) as Ability[]

/**
 * Roles whose ability covers only their own department (AuthUser.departmentId); the other
 * roles holding the ability cover every department. Checked with `authorize(user, ability, departmentId)`.
 */
export const DEPARTMENT_SCOPED: Partial<Record<Ability, readonly Role[]>> = {
  'metrics.readDepartment': ['dept_admin'],
}

export function isAbility(value: unknown): value is Ability {
  return typeof value === 'string' && Object.hasOwn(ABILITY_ROLES, value)
}

/** Whether any of the roles holds the ability (for some resource, when it is resource-scoped). */
export function rolesHold(roles: readonly Role[], ability: Ability): boolean {
  return (ABILITY_ROLES[ability] as readonly Role[]).some((r) => roles.includes(r))
}

/** The abilities a user holds, in table order (what GET /api/me answers). */
export function abilitiesOf(user: Pick<AuthUser, 'roles'>): Ability[] {
  return ABILITIES.filter((a) => rolesHold(user.roles, a))
}

/**
 * Whether the user may use the ability; for a department-scoped ability, on that department.
 * A role that holds the ability unscoped wins over a scoped one.
 */
export function can(user: AuthUser, ability: Ability, departmentId?: string): boolean {
  const holding = (ABILITY_ROLES[ability] as readonly Role[]).filter((r) => user.roles.includes(r))
  if (holding.length === 0) return false
  const scoped = DEPARTMENT_SCOPED[ability] ?? []
  if (holding.some((r) => !scoped.includes(r))) return true
  return departmentId !== undefined && user.departmentId !== null && user.departmentId === departmentId
}

/** Throws 403 unless `can(user, ability, departmentId)`. */
export function authorize(user: AuthUser, ability: Ability, departmentId?: string): void {
  if (can(user, ability, departmentId)) return
  if (DEPARTMENT_SCOPED[ability] && rolesHold(user.roles, ability)) throw forbidden('只能查看本部门的数据', 'OTHER_DEPARTMENT')
  throw forbidden()
}

/** Whether the user sees every department under the ability, not only their own. */
export function coversAllDepartments(user: AuthUser, ability: Ability): boolean {
  const scoped = DEPARTMENT_SCOPED[ability] ?? []
  return (ABILITY_ROLES[ability] as readonly Role[]).some((r) => user.roles.includes(r) && !scoped.includes(r))
}
