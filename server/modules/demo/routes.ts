import { demoRemovalOut, demoStatusOut } from '../../../contract/demo'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { demoStatus, removeDemo } from './service'

/** The demo data of a development install: whether it is there, and removing it (superadmin). */
export function demoRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/demo',
      summary: '演示数据：是否存在及数量',
      tags: ['demo'],
      access: 'demo.manage',
      response: demoStatusOut,
      handler: () => demoStatus(),
    }),
    route({
      method: 'delete',
      path: '/api/demo',
      summary: '删除全部演示数据（只删演示数据，正式数据不受影响）',
      tags: ['demo'],
      access: 'demo.manage',
      response: demoRemovalOut,
      handler: async () => {
        const result = await removeDemo(deps.clock.now())
        if (result.removed) deps.logger.info({ counts: result.counts }, 'demo data removed')
        return result
      },
    }),
  ]
}
