import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { badRequest } from '../../errors'
import { binary, route } from '../../http/route'
import { objectId } from '../../../contract/common'
import { bankExportOut, chapterCardsOut, chapterListOut, importReportOut } from '../../../contract/handbook'
import { getCurrentCampaign } from '../campaigns/service'
import { readMultipart } from '../media/images'
import { exportQuestionsJson, exportQuestionsXlsx, importQuestions } from './import'
import { questionBankRoutes } from './question-routes'
import { chapterCards, listChapters } from './service'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function handbookRoutes(deps: AppDeps) {
  const campaignId = async () => (await getCurrentCampaign(deps.clock.now()))._id
  return [
    route({
      method: 'get',
      path: '/api/handbook/chapters',
      summary: '《知识问答》章节列表（含我的阅读进度）',
      tags: ['handbook'],
      access: 'user',
      response: chapterListOut,
      handler: async (_ctx, { user }) => ({ chapters: await listChapters(user!.id, await campaignId()) }),
    }),
    route({
      method: 'get',
      path: '/api/handbook/chapters/:id',
      summary: '阅读模式：本章问答卡片（学习材料，含答案）',
      tags: ['handbook'],
      access: 'user',
      params: z.object({ id: objectId }),
      response: chapterCardsOut,
      handler: async (_ctx, { params }) => ({ chapter: await chapterCards(params.id) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/handbook/import',
      summary: '导入题库（XLSX 模板或 CSV；逐行校验，有错误时不导入，除非 acceptGoodRows=true）',
      tags: ['handbook'],
      access: 'handbook.manage',
      rawBody: true,
      response: importReportOut,
      handler: async (ctx) => {
        const { fields, files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: 5 * 1024 * 1024 })
        if (files.length !== 1) throw badRequest('没有收到文件', 'NO_FILE')
        return { report: await importQuestions(await campaignId(), files[0], fields.acceptGoodRows === 'true' || ctx.query.acceptGoodRows === 'true') }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/handbook/template.xlsx',
      summary: '题库导入模板',
      tags: ['handbook'],
      access: 'handbook.manage',
      response: binary(XLSX),
      handler: async (ctx) => {
        ctx.type = XLSX
        ctx.attachment('题库导入模板.xlsx')
        ctx.body = await exportQuestionsXlsx(await campaignId(), { template: true })
        return undefined
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/handbook/export.xlsx',
      summary: '导出题库（Excel，导入格式）',
      tags: ['handbook'],
      access: 'handbook.manage',
      response: binary(XLSX),
      handler: async (ctx) => {
        ctx.type = XLSX
        ctx.attachment('题库.xlsx')
        ctx.body = await exportQuestionsXlsx(await campaignId())
        return undefined
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/handbook/export.json',
      summary: '导出题库（JSON）',
      tags: ['handbook'],
      access: 'handbook.manage',
      response: bankExportOut,
      handler: async () => exportQuestionsJson(await campaignId()),
    }),
    ...questionBankRoutes(deps),
  ]
}
