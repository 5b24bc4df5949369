import type { Role } from '../../../contract/roles'

// Role names are defined once, in the contract shared with the clients.
export { ROLES, type Role } from '../../../contract/roles'

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
