import type { AdminUserPatch, UserView } from '@contract/users'
import { ROLE_NAMES } from '@contract/labels'

/** Roles an admin account may hold (readers are not made here). */
export const ADMIN_ROLES = ['publicity_admin', 'dept_admin', 'security_officer', 'superadmin'] as const
export const ROLE_CHOICES = ADMIN_ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))

export interface AccountFormValues {
  nickname: string
  roles: (typeof ADMIN_ROLES)[number][]
  departmentId?: string | null
}

/** The edit form's values as a PUT body: only what changed; a department only for department heads. */
export function accountPatchOf(account: UserView, v: AccountFormValues): AdminUserPatch {
  const patch: AdminUserPatch = {}
  const departmentId = v.roles.includes('dept_admin') ? (v.departmentId ?? null) : null
  if (v.nickname.trim() !== account.nickname) patch.nickname = v.nickname.trim()
  if ([...v.roles].sort().join() !== [...account.roles].sort().join()) patch.roles = v.roles
  if (departmentId !== account.departmentId) patch.departmentId = departmentId
  return patch
}

export const rolesText = (roles: readonly string[]) => roles.map((r) => ROLE_NAMES[r as keyof typeof ROLE_NAMES] ?? '未知角色').join('、')
