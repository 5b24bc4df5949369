import { z } from 'zod'
import { pingDatabase } from '../../db/connection'
import { route } from '../../http/route'

export const healthRoutes = [
  route({
    method: 'get',
    path: '/api/health',
    summary: '健康检查（含一次真实的数据库往返）',
    tags: ['health'],
    access: 'public',
    response: z.object({ status: z.enum(['ok', 'degraded']), db: z.enum(['ok', 'down']) }),
    handler: async (ctx) => {
      const dbOk = await pingDatabase()
      if (!dbOk) ctx.status = 503
      const body = { status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'down' }
      if (!dbOk) {
        ctx.body = body
        return undefined
      }
      return body
    },
  }),
]
