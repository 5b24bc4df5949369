import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { heartbeatBatch, itemStateOut } from './schema'
import { applyHeartbeats } from './service'

const ack = z.object({ sessionId: z.string(), seq: z.number() })

export function progressRoutes(deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/progress/heartbeats',
      summary: '上报阅读心跳（批量、幂等；只确认已保存的心跳）',
      tags: ['progress'],
      access: 'user',
      body: heartbeatBatch,
      response: z.object({ accepted: z.array(ack), rejected: z.array(ack.extend({ reason: z.string() })), items: z.array(itemStateOut) }),
      handler: (_ctx, { user, body }) => applyHeartbeats(user!.id, body.heartbeats, deps.clock.now(), body.sentAt, { personId: user!.personId }),
    }),
  ]
}
