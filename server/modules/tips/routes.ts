import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { badRequest } from '../../errors'
import { binary, route } from '../../http/route'
import { can } from '../../policy'
import type { AuthUser } from '../auth/roles'
import { hourlyLogger } from '../../logger'
import { idParams, objectId } from '../../../contract/common'
import { campaignOrCurrent, getCurrentCampaign } from '../campaigns/service'
import { MAX_IMAGE_BYTES, readMultipart } from '../media/images'
import { monthRange } from '../metrics/service'
import { createTipCipher } from './crypto'
import { TipRateLimiter } from './rate-limit'
import {
  attachmentOut,
  auditQuery,
  followUpInput,
  inboxOut,
  inboxQuery,
  officersOut,
  statsQuery,
  statusChange,
  tipAuditOut,
  tipCaseEnvelope,
  tipCategoriesOut,
  tipInput,
  tipReceiptOut,
  tipStatisticsOut,
  tipTimelineOut,
  trackInput,
} from '../../../contract/tips'
import {
  addFollowUp,
  addNote,
  assignTip,
  auditLog,
  changeStatus,
  listOfficers,
  listTips,
  nextStatuses,
  readAttachment,
  readTip,
  submitTip,
  tipStatistics,
  trackTip,
  uploadTipAttachment,
  type TipContext,
} from './service'

export function tipRoutes(deps: AppDeps) {
  // Built once at start: a malformed TIP_ENCRYPTION_KEY stops the server here.
  // Everything the tip services log goes to the hourly log: no line dates a tip finer than the hour.
  const tipDeps = { ...deps, logger: hourlyLogger(deps.logger) }
  const tips: TipContext = { deps: tipDeps, cipher: createTipCipher(deps.config.TIP_ENCRYPTION_KEY), limiter: new TipRateLimiter(deps.clock) }
  const who = (ctx: { ip: string }, userId: string) => ({ userId, ip: ctx.ip })
  // A case names the statuses this officer may move it to, so clients do not re-derive the workflow.
  const caseFor = <T extends { status: string }>(user: AuthUser, tip: T) => ({ tip: { ...tip, nextStatuses: can(user, 'tip.transition') ? nextStatuses(tip.status) : [] } })

  return [
    route({
      method: 'get',
      path: '/api/tips/categories',
      summary: '举报类别（来自当前专项活动）',
      tags: ['tips'],
      access: 'user',
      response: tipCategoriesOut,
      handler: async () => {
        const campaign = await getCurrentCampaign(deps.clock.now())
        const categories = (campaign.tipCategories ?? []).map((c) => ({ code: c.code, name: c.name }))
        if (!categories.some((c) => c.code === 'other')) categories.push({ code: 'other', name: '其他' })
        return { categories }
      },
    }),
    route({
      method: 'post',
      path: '/api/tips/attachments',
      summary: '上传举报图片（按内容检查类型、去除元数据、加密保存；每条最多 6 张、每张 ≤ 5 MB）',
      tags: ['tips'],
      access: 'user',
      rawBody: true,
      status: 201,
      response: attachmentOut,
      handler: async (ctx, { user }) => {
        const { fields, files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: MAX_IMAGE_BYTES })
        const draftId = fields.draftId ?? ''
        if (!/^[\w-]{16,64}$/.test(draftId)) throw badRequest('缺少草稿编号 draftId', 'VALIDATION_FAILED')
        if (files.length !== 1) throw badRequest('没有收到图片', 'NO_FILE')
        return uploadTipAttachment(tips, who(ctx, user!.id), draftId, files[0])
      },
    }),
    route({
      method: 'post',
      path: '/api/tips',
      summary: '提交举报（默认匿名）；返回只显示一次的查询码和密钥',
      tags: ['tips'],
      access: 'user',
      body: tipInput,
      status: 201,
      response: tipReceiptOut,
      handler: (ctx, { user, body }) => submitTip(tips, who(ctx, user!.id), body),
    }),
    route({
      method: 'post',
      path: '/api/tips/track',
      summary: '凭查询码和密钥查看处理进度（不含内部备注）',
      tags: ['tips'],
      access: 'user',
      body: trackInput,
      response: tipTimelineOut,
      handler: (ctx, { user, body }) => trackTip(tips, who(ctx, user!.id), body.code, body.secret),
    }),
    route({
      method: 'post',
      path: '/api/tips/track/follow-up',
      summary: '凭查询码和密钥补充线索',
      tags: ['tips'],
      access: 'user',
      body: followUpInput,
      response: tipTimelineOut,
      handler: (ctx, { user, body }) => addFollowUp(tips, who(ctx, user!.id), body.code, body.secret, body.message),
    }),
    route({
      method: 'get',
      path: '/api/tips/statistics',
      summary: '举报统计（按类别、状态、月份；不含内容和部门；区间按整月 from/to=YYYY-MM）',
      tags: ['tips'],
      access: 'tip.statistics',
      query: statsQuery,
      response: tipStatisticsOut,
      handler: async (_ctx, { query }) => {
        const now = deps.clock.now()
        const campaign = await campaignOrCurrent(now, query.campaignId)
        const range = { from: query.from ? monthRange(query.from).from : undefined, to: query.to ? monthRange(query.to).to : undefined }
        return tipStatistics(campaign._id, range, now)
      },
    }),
    route({
      method: 'get',
      path: '/api/security/tips',
      summary: '线索收件箱（保卫处）：按状态、类别、受理日期（北京时间）筛选，分页；记入审计日志',
      tags: ['tips'],
      access: 'tip.read',
      query: inboxQuery,
      response: inboxOut,
      handler: (_ctx, { user, query }) => listTips(tips, user!.id, query),
    }),
    route({
      method: 'get',
      path: '/api/security/officers',
      summary: '可指派的保卫处人员',
      tags: ['tips'],
      response: officersOut,
      access: 'tip.read',
      handler: async () => ({ officers: await listOfficers() }),
    }),
    route({
      method: 'get',
      path: '/api/security/tips/:id',
      summary: '线索详情（解密；记入审计日志）',
      tags: ['tips'],
      access: 'tip.read',
      params: idParams,
      response: tipCaseEnvelope,
      handler: async (_ctx, { user, params }) => caseFor(user!, await readTip(tips, user!.id, params.id)),
    }),
    route({
      method: 'get',
      path: '/api/security/tips/:id/attachments/:index',
      summary: '线索图片（解密；记入审计日志）',
      tags: ['tips'],
      access: 'tip.read',
      params: z.object({ id: objectId, index: z.coerce.number().int().min(0).max(5) }),
      response: binary('image/*'),
      handler: async (ctx, { user, params }) => {
        const file = await readAttachment(tips, user!.id, params.id, params.index)
        ctx.type = file.contentType
        ctx.body = file.data
        return undefined
      },
    }),
    route({
      method: 'post',
      path: '/api/security/tips/:id/status',
      summary: '变更处理状态：已受理 → 核查中 → 已移交公安 → 已办结',
      tags: ['tips'],
      access: 'tip.transition',
      params: idParams,
      body: statusChange,
      response: tipCaseEnvelope,
      handler: async (_ctx, { user, params, body }) => caseFor(user!, await changeStatus(tips, user!.id, params.id, body)),
    }),
    route({
      method: 'post',
      path: '/api/security/tips/:id/notes',
      summary: '添加内部备注（举报人不可见）',
      tags: ['tips'],
      access: 'tip.handle',
      params: idParams,
      body: z.object({ text: z.string().trim().min(1).max(3000) }).strict(),
      response: tipCaseEnvelope,
      handler: async (_ctx, { user, params, body }) => caseFor(user!, await addNote(tips, user!.id, params.id, body.text)),
    }),
    route({
      method: 'put',
      path: '/api/security/tips/:id/assignee',
      summary: '指派承办人',
      tags: ['tips'],
      access: 'tip.handle',
      params: idParams,
      body: z.object({ assigneeId: objectId }).strict(),
      response: tipCaseEnvelope,
      handler: async (_ctx, { user, params, body }) => caseFor(user!, await assignTip(tips, user!.id, params.id, body.assigneeId)),
    }),
    route({
      method: 'get',
      path: '/api/security/tips/:id/audit',
      summary: '该线索的审计日志（只读）',
      tags: ['tips'],
      access: 'tip.read',
      params: idParams,
      query: auditQuery,
      response: tipAuditOut,
      handler: (_ctx, { user, params, query }) => auditLog(tips, user!.id, { tipId: params.id, page: query.page }),
    }),
    route({
      method: 'get',
      path: '/api/security/audit',
      summary: '全部审计日志（只读，分页）',
      tags: ['tips'],
      access: 'tip.read',
      query: auditQuery,
      response: tipAuditOut,
      handler: (_ctx, { user, query }) => auditLog(tips, user!.id, { page: query.page }),
    }),
  ]
}
