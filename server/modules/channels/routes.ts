import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { authorize, coversAllDepartments } from '../../policy'
import { objectId } from '../../../contract/common'
import { channelMetricsOut } from '../../../contract/metrics'
import { campaignOrCurrent } from '../campaigns/service'
import { channelMetrics } from './service'

export function channelRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/metrics/channels',
      summary: '各渠道触达与读完率（首次打开来自哪个渠道：公众号、订阅消息、小程序码、URL Link、转发、朋友圈…），总体与各部门；部门负责人只能看本部门',
      tags: ['metrics'],
      access: 'metrics.readDepartment',
      query: z.object({ campaignId: objectId.optional(), departmentId: objectId.optional() }),
      response: channelMetricsOut,
      handler: async (_ctx, { user, query }) => {
        // A department head sees their own department only.
        const departmentId = query.departmentId ?? (coversAllDepartments(user!, 'metrics.readDepartment') ? undefined : (user!.departmentId ?? ''))
        if (departmentId !== undefined) authorize(user!, 'metrics.readDepartment', departmentId)
        const campaign = await campaignOrCurrent(deps.clock.now(), query.campaignId)
        return channelMetrics(campaign._id, { departmentId })
      },
    }),
  ]
}
