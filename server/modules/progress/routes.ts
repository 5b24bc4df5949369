import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { heartbeatBatch, heartbeatResultOut } from '../../../contract/progress'
import { applyHeartbeats } from './service'

export function progressRoutes(deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/progress/heartbeats',
      summary: '上报阅读心跳（批量、幂等；只确认已保存的心跳）',
      tags: ['progress'],
      access: 'user',
      body: heartbeatBatch,
      response: heartbeatResultOut,
      handler: (_ctx, { user, body }) => applyHeartbeats(user!.id, body.heartbeats, deps.clock.now(), body.sentAt, { personId: user!.personId }),
    }),
  ]
}
