import type { Middleware } from 'koa'
import { isValidObjectId } from 'mongoose'
import type { Config } from '../../config'
import { unauthorized } from '../../errors'
import { User } from '../users/model'
import type { AuthUser, Role } from './roles'
import { verifyToken } from './tokens'

/**
 * Resolves the bearer token to the current user. Roles come from the database, not the
 * token, so a role change or a disabled account takes effect at once.
 */
export function authenticate(config: Config): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('authorization')
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const userId = match ? await verifyToken(config, match[1]) : null
      if (!userId || !isValidObjectId(userId)) throw unauthorized('登录已失效，请重新登录', 'INVALID_TOKEN')
      const user = await User.findById(userId, { roles: 1, departmentId: 1, personId: 1, disabled: 1 }).lean()
      if (!user || user.disabled) throw unauthorized('登录已失效，请重新登录', 'INVALID_TOKEN')
      const authUser: AuthUser = {
        id: String(user._id),
        roles: user.roles as Role[],
        departmentId: user.departmentId ? String(user.departmentId) : null,
        personId: user.personId ? String(user.personId) : null,
      }
      ctx.state.user = authUser
    }
    await next()
  }
}
