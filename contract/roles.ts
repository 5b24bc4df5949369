import { z } from 'zod'

/** The account roles: the one definition the server, the mini-program and the admin console use. */
export const role = z.enum(['reader', 'dept_admin', 'publicity_admin', 'security_officer', 'superadmin'])
export const ROLES = role.options
export type Role = z.infer<typeof role>
