import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { objectId } from '../../../contract/common'
import { rosterImportOut, rosterPageOut } from '../../../contract/roster'
import { readMultipart } from '../media/images'
import { importRosterFile, listRoster } from './service'

export function rosterRoutes(deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/admin/roster/import',
      summary: '导入花名册（XLSX/CSV：学号/工号、姓名、类型、部门、班级；按学号更新）',
      tags: ['roster'],
      access: 'roster.manage',
      rawBody: true,
      response: rosterImportOut,
      handler: async (ctx) => {
        const { fields, files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: 10 * 1024 * 1024 })
        return { report: await importRosterFile(files, { acceptGoodRows: fields.acceptGoodRows === 'true', complete: fields.complete === 'true' }, deps.clock.now()) }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/roster',
      summary: '花名册（含绑定情况；bound=true 只列已绑定的读者）',
      tags: ['roster'],
      access: 'roster.manage',
      query: z.object({
        departmentId: objectId.optional(),
        q: z.string().max(32).optional(),
        includeInactive: z.enum(['true', 'false']).optional(),
        bound: z.enum(['true', 'false']).optional(),
        page: z.coerce.number().int().min(1).default(1),
      }),
      response: rosterPageOut,
      handler: (_ctx, { query }) => listRoster(query),
    }),
  ]
}
