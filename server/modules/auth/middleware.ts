import type { Middleware } from 'koa'
import { isValidObjectId } from 'mongoose'
import type { Config } from '../../config'
import { findByIdTogether } from '../../db/batcher'
import { User } from '../users/model'
import type { AuthUser, Role } from './roles'
import { verifyToken } from './tokens'

/**
 * Resolves the bearer token to the current user. Roles come from the database, not the
 * token, so a role change or a disabled account takes effect at once. A token that is
 * invalid, expired, issued before the account's last password reset, disable or role change
 * (session version), or belongs to a disabled account makes the request anonymous: public
 * routes (sign-in among them) still answer, and routes that need a user answer 401
 * INVALID_TOKEN (see checkAccess).
 */
export function authenticate(config: Config): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization')
    if (header) {
      const user = await resolveUser(config, header)
      if (user) ctx.state.user = user
      else ctx.state.invalidToken = true
    }
    await next()
  }
}

/** The user as authentication needs it; requests arriving together share one query. */
const readUser = findByIdTogether<{ _id: unknown; roles: string[]; departmentId?: unknown; personId?: unknown; disabled?: boolean; sessionVersion?: number }>(User.collection, {
  roles: 1,
  departmentId: 1,
  personId: 1,
  disabled: 1,
  sessionVersion: 1,
})

async function resolveUser(config: Config, header: string): Promise<AuthUser | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  const claims = match ? await verifyToken(config, match[1]) : null
  if (!claims || !isValidObjectId(claims.userId)) return null
  const user = await readUser(claims.userId)
  // A token from before the last password reset, disable or role change is spent.
  if (!user || user.disabled || (user.sessionVersion ?? 0) !== claims.sessionVersion) return null
  return {
    id: String(user._id),
    roles: user.roles as Role[],
    departmentId: user.departmentId ? String(user.departmentId) : null,
    personId: user.personId ? String(user.personId) : null,
  }
}
