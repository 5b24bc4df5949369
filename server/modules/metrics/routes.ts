import { z } from 'zod'
import { shanghaiMonth } from '../../clock'
import type { AppDeps } from '../../deps'
import { badRequest } from '../../errors'
import { binary, route } from '../../http/route'
import { authorize } from '../../policy'
import { idParams, objectId } from '../../../contract/common'
import { dashboardOut, departmentMetricsOut, month, remindOut, reportEnvelope, reportListOut, unreadOut } from '../../../contract/metrics'
import { campaignOrCurrent } from '../campaigns/service'
import { remindUnread } from './reminders'
import { createMonthlyReport, listReports, reportWorkbook, unreadWorkbook } from './report'
import { dashboardMetrics, departmentUnread } from './service'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export function metricsRoutes(deps: AppDeps) {
  const campaignOf = (id?: string) => campaignOrCurrent(deps.clock.now(), id)
  const deptParams = idParams
  const periodQuery = z.object({ campaignId: objectId.optional(), month: month.optional(), refresh: z.enum(['true', 'false']).optional() })

  return [
    route({
      method: 'get',
      path: '/api/metrics/dashboard',
      summary: '看板：总览、部门排名、内容完成与流失、每日趋势（读预先计算的快照；refresh=true 时如有变化则重算）',
      tags: ['metrics'],
      access: 'metrics.read',
      query: periodQuery,
      response: dashboardOut,
      handler: async (_ctx, { query }) => {
        const campaign = await campaignOf(query.campaignId)
        return dashboardMetrics(deps, campaign._id, query.month ?? shanghaiMonth(deps.clock.now()), { refresh: query.refresh === 'true' })
      },
    }),
    route({
      method: 'get',
      path: '/api/metrics/departments/:id',
      summary: '本部门的知晓率、参与率、排名和各班级（部门负责人只能看本部门）',
      tags: ['metrics'],
      access: 'metrics.readDepartment',
      params: deptParams,
      query: periodQuery,
      response: departmentMetricsOut,
      handler: async (_ctx, { user, params, query }) => {
        authorize(user!, 'metrics.readDepartment', params.id)
        const campaign = await campaignOf(query.campaignId)
        const m = await dashboardMetrics(deps, campaign._id, query.month ?? shanghaiMonth(deps.clock.now()), { refresh: query.refresh === 'true' })
        const row = m.departments.find((d) => d.departmentId === params.id)
        return {
          month: m.month,
          computedAt: m.computedAt,
          department: row ?? null,
          departmentsRanked: m.departments.filter((d) => d.rank !== null).length,
          classes: m.classes.filter((c) => c.departmentId === params.id),
        }
      },
    }),
    route({
      method: 'get',
      path: '/api/metrics/departments/:id/unread',
      summary: '发而未看名单（尚未完成必读内容的人员；与看板同一快照，refresh=true 时如有变化则重算）',
      tags: ['metrics'],
      access: 'metrics.readDepartment',
      params: deptParams,
      query: z.object({ campaignId: objectId.optional(), format: z.enum(['json', 'xlsx']).default('json'), refresh: z.enum(['true', 'false']).optional() }),
      response: binary(XLSX, unreadOut),
      handler: async (ctx, { user, params, query }) => {
        authorize(user!, 'metrics.readDepartment', params.id)
        const campaign = await campaignOf(query.campaignId)
        const unread = await departmentUnread(deps, campaign._id, params.id, { refresh: query.refresh === 'true' })
        if (query.format === 'json') return unread
        ctx.type = XLSX
        ctx.attachment('发而未看名单.xlsx')
        ctx.body = await unreadWorkbook(unread.people)
        return undefined
      },
    }),
    route({
      method: 'post',
      path: '/api/metrics/departments/:id/remind',
      summary: '提醒发而未看人员（订阅消息，每人每天最多一次）',
      tags: ['metrics'],
      access: 'metrics.readDepartment',
      params: deptParams,
      // The same campaign as the unread list the admin is looking at.
      query: z.object({ campaignId: objectId.optional() }),
      response: remindOut,
      handler: async (_ctx, { user, params, query }) => {
        authorize(user!, 'metrics.readDepartment', params.id)
        const campaign = await campaignOf(query.campaignId)
        return remindUnread(deps, String(campaign._id), params.id)
      },
    }),
    route({
      method: 'get',
      path: '/api/reports',
      summary: '月报表列表（各月各版本）',
      tags: ['reports'],
      access: 'metrics.readDepartment',
      query: z.object({ campaignId: objectId.optional() }),
      response: reportListOut,
      handler: async (_ctx, { query }) => ({ reports: await listReports((await campaignOf(query.campaignId))._id) }),
    }),
    route({
      method: 'post',
      path: '/api/reports/:month/regenerate',
      summary: '重新生成某月报表（新增一个版本，旧版本保留）',
      tags: ['reports'],
      access: 'report.regenerate',
      params: z.object({ month }),
      query: z.object({ campaignId: objectId.optional() }),
      status: 201,
      response: reportEnvelope,
      handler: async (_ctx, { params, query }) => {
        if (params.month > shanghaiMonth(deps.clock.now())) throw badRequest('不能生成未来月份的报表', 'FUTURE_MONTH')
        return { report: await createMonthlyReport((await campaignOf(query.campaignId))._id, params.month, 'manual', deps.clock.now()) }
      },
    }),
    route({
      method: 'get',
      path: '/api/reports/:month/download',
      summary: '下载月报表（Excel；默认最新版本）',
      tags: ['reports'],
      access: 'metrics.read',
      params: z.object({ month }),
      query: z.object({ version: z.coerce.number().int().min(1).optional(), campaignId: objectId.optional() }),
      response: binary(XLSX),
      handler: async (ctx, { params, query }) => {
        const body = await reportWorkbook((await campaignOf(query.campaignId))._id, params.month, query.version)
        ctx.type = XLSX
        ctx.attachment(`月报表-${params.month}.xlsx`)
        ctx.body = body
        return undefined
      },
    }),
    route({
      method: 'get',
      path: '/api/reports/:month/departments/:id/download',
      summary: '下载本部门的月报表部分',
      tags: ['reports'],
      access: 'metrics.readDepartment',
      params: z.object({ month, id: objectId }),
      query: z.object({ version: z.coerce.number().int().min(1).optional(), campaignId: objectId.optional() }),
      response: binary(XLSX),
      handler: async (ctx, { user, params, query }) => {
        authorize(user!, 'metrics.readDepartment', params.id)
        const body = await reportWorkbook((await campaignOf(query.campaignId))._id, params.month, query.version, params.id)
        ctx.type = XLSX
        ctx.attachment(`月报表-${params.month}-本部门.xlsx`)
        ctx.body = body
        return undefined
      },
    }),
  ]
}
