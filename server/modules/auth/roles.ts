export const ROLES = ['reader', 'dept_admin', 'publicity_admin', 'security_officer', 'superadmin'] as const
export type Role = (typeof ROLES)[number]

/** The signed-in user as routes see it (loaded from the database on every request). */
export interface AuthUser {
  id: string
  roles: Role[]
  /** Department a dept_admin answers for, or the reader's own department once bound. */
  departmentId: string | null
  personId: string | null
}

export const ADMIN_ROLES: readonly Role[] = ['dept_admin', 'publicity_admin', 'security_officer', 'superadmin']
