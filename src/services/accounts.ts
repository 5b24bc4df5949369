import { ROLE_NAMES } from '@contract/labels'
import type { Role } from '@contract/roles'
import type { DepartmentListOut, DepartmentOut } from '@contract/roster'
import type { AccountResultOut, UserListOut, UserView } from '@contract/users'
import type { ApiClient } from './request'

/** Accounts and roles as the superadmin manages them (GET/POST/PUT /api/admin/users). */
export type Account = UserView & {
  /** Set after a change that asked for the 保卫处 role: it waits for a second person to confirm. */
  pendingGrantMessage?: string
}

const withGrant = (r: AccountResultOut): Account => (r.pendingGrant ? { ...r.user, pendingGrantMessage: r.pendingGrant.message } : r.user)

export type Department = DepartmentOut

export { ROLE_NAMES }

/** Roles an admin account can be given, in the order they are offered. */
export const ADMIN_ROLES = ['publicity_admin', 'security_officer', 'dept_admin', 'superadmin'] as const satisfies readonly Role[]

export interface AccountDraft {
  username: string
  password: string
  nickname: string
  roles: Role[]
  departmentId: string | null
}

export const emptyDraft = (): AccountDraft => ({ username: '', password: '', nickname: '', roles: [], departmentId: null })

export function toggleRole(roles: Role[], role: Role): Role[] {
  return roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role]
}

/** What the form must say before sending (the server checks the same and more). */
export function draftProblem(d: AccountDraft): string | null {
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(d.username)) return '用户名为 3–32 位字母、数字或 _.-'
  if (d.password.length < 8) return '密码至少 8 位'
  if (!d.nickname.trim()) return '请填写姓名'
  if (!d.roles.length) return '至少选择一个角色'
  if (d.roles.includes('dept_admin') && !d.departmentId) return '部门负责人必须选择所属部门'
  return null
}

export const rolesText = (roles: readonly Role[]) => roles.map((r) => ROLE_NAMES[r]).join('、')

export function accountsApi(api: ApiClient) {
  return {
    list: (query: { q?: string; role?: string }) => api.get<UserListOut>('/admin/users', { query }).then((r) => r.users),
    create: (d: AccountDraft) => api.post<AccountResultOut>('/admin/users', { ...d, nickname: d.nickname.trim() }).then(withGrant),
    update: (id: string, patch: Partial<Pick<Account, 'roles' | 'departmentId' | 'disabled'>> & { password?: string }) =>
      api.put<AccountResultOut>(`/admin/users/${id}`, patch).then(withGrant),
    departments: () => api.get<DepartmentListOut>('/departments').then((r) => r.departments),
  }
}
