export const ROLES = ['reader', 'dept_admin', 'publicity_admin', 'security_officer', 'superadmin'] as const
export type Role = (typeof ROLES)[number]

/** The signed-in user as routes see it (loaded from the database on every request). */
export interface AuthUser {
  id: string
  roles: Role[]
  /**
   * The account's own departmentId: the department a dept_admin answers for. Binding does not
   * set it; a reader's department comes from their roster entry (personId).
   */
  departmentId: string | null
  personId: string | null
}
