import { healthOut } from '../../../contract/common'
import { pingDatabase } from '../../db/connection'
import { DB_RETRY_AFTER_SECONDS, dbAvailability } from '../../db/availability'
import { route } from '../../http/route'

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    summary: '健康检查（含一次真实的数据库往返）',
    tags: ['health'],
    access: 'public',
    response: healthOut,
    handler: async (ctx) => {
      // Known down (the embedded database died, the disk is full): answer at once, no ping.
      const known = dbAvailability.state
      const db = known !== 'up' ? known : (await pingDatabase()) ? 'ok' : 'down'
      if (db === 'ok') return { status: 'ok' as const, db }
      ctx.status = 503
      ctx.set('Retry-After', String(DB_RETRY_AFTER_SECONDS))
      ctx.body = { status: 'degraded', db }
      return undefined
    },
  }),
]
