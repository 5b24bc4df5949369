import type { AppDeps } from '../../deps'
import { binary, route } from '../../http/route'
import { rosterImportOut, rosterPageOut, rosterQuery } from '../../../contract/roster'
import { readMultipart } from '../media/images'
import { importRosterFile, listRoster, rosterTemplate } from './service'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function rosterRoutes(deps: AppDeps) {
  return [
    route({
      method: 'post',
      path: '/api/admin/roster/import',
      summary: '导入花名册（XLSX/CSV：学号/工号、姓名、类型、部门、班级；按学号更新；acceptGoodRows、complete 可作表单字段或查询参数）',
      tags: ['roster'],
      access: 'roster.manage',
      rawBody: true,
      response: rosterImportOut,
      handler: async (ctx) => {
        const { fields, files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: 10 * 1024 * 1024 })
        // The options come as form fields or, from the console's uploader, in the query.
        const flag = (name: string) => fields[name] === 'true' || ctx.query[name] === 'true'
        return { report: await importRosterFile(files, { acceptGoodRows: flag('acceptGoodRows'), complete: flag('complete') }, deps.clock.now()) }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/roster',
      summary: '花名册（含绑定情况；bound=true 只列已绑定的读者）',
      tags: ['roster'],
      access: 'roster.manage',
      query: rosterQuery,
      response: rosterPageOut,
      handler: (_ctx, { query }) => listRoster(query),
    }),
    route({
      method: 'get',
      path: '/api/admin/roster/template.xlsx',
      summary: '花名册导入模板（含部门列表和填写说明）',
      tags: ['roster'],
      access: 'roster.manage',
      response: binary(XLSX),
      handler: async (ctx) => {
        ctx.type = XLSX
        ctx.attachment('花名册导入模板.xlsx')
        ctx.body = await rosterTemplate()
        return undefined
      },
    }),
  ]
}
