import type { Role } from '@contract/roles'

/** Roles that open the admin subpackage (the server checks each section's role on every route). */
export const STAFF_ROLES = ['dept_admin', 'publicity_admin', 'security_officer', 'superadmin'] as const satisfies readonly Role[]

/** Whether this user may enter 管理 (the 管理入口 on 我的 is shown only then). */
export function hasStaffRole(user: { roles: readonly string[] } | null | undefined): boolean {
  return !!user && user.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r))
}
