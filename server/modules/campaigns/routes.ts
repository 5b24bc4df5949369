import type { AppDeps } from '../../deps'
import { conflict, isDuplicateKeyError, notFound } from '../../errors'
import { route } from '../../http/route'
import { Campaign, type CampaignDoc } from './model'
import { campaignEnvelope, campaignInput, campaignListOut, campaignPatch, clientConfigOut } from '../../../contract/campaigns'
import { idParams } from '../../../contract/common'
import { getCampaign, getCurrentCampaign, toCampaignView, forgetCampaign } from './service'

export function campaignRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/client-config',
      summary: '小程序需要的公开配置（订阅消息模板等）',
      tags: ['campaigns'],
      access: 'public',
      response: clientConfigOut,
      handler: () => ({ subscriptionTemplateIds: [deps.config.WECHAT_TEMPLATE_ID] }),
    }),
    route({
      method: 'get',
      path: '/api/campaigns/current',
      summary: '当前进行中的专项活动',
      tags: ['campaigns'],
      access: 'public',
      response: campaignEnvelope,
      handler: async () => ({ campaign: toCampaignView(await getCurrentCampaign(deps.clock.now())) }),
    }),
    route({
      method: 'get',
      path: '/api/campaigns',
      summary: '全部专项活动',
      tags: ['campaigns'],
      access: 'user',
      response: campaignListOut,
      handler: async () => {
        const rows = await Campaign.find().sort({ startAt: -1 }).lean<CampaignDoc[]>()
        return { campaigns: rows.map(toCampaignView) }
      },
    }),
    route({
      method: 'get',
      path: '/api/campaigns/:id',
      summary: '专项活动详情',
      tags: ['campaigns'],
      access: 'user',
      params: idParams,
      response: campaignEnvelope,
      handler: async (_ctx, { params }) => ({ campaign: toCampaignView(await getCampaign(params.id)) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/campaigns',
      summary: '新建专项活动（下一个专项无需改代码）',
      tags: ['campaigns'],
      access: 'campaign.manage',
      body: campaignInput,
      status: 201,
      response: campaignEnvelope,
      handler: async (_ctx, { body }) => {
        try {
          const created = await Campaign.create(body)
          return { campaign: toCampaignView(created.toObject() as CampaignDoc) }
        } catch (err) {
          if (isDuplicateKeyError(err)) throw conflict('slug 已被使用', 'SLUG_TAKEN')
          throw err
        }
      },
    }),
    route({
      method: 'put',
      path: '/api/admin/campaigns/:id',
      summary: '修改专项活动',
      tags: ['campaigns'],
      access: 'campaign.manage',
      params: idParams,
      body: campaignPatch,
      response: campaignEnvelope,
      handler: async (_ctx, { params, body }) => {
        const { settings, ...rest } = body
        const update: Record<string, unknown> = { ...rest }
        for (const [key, value] of Object.entries(settings ?? {})) update[`settings.${key}`] = value
        let updated: CampaignDoc | null
        try {
          updated = await Campaign.findByIdAndUpdate(params.id, { $set: update }, { returnDocument: 'after', runValidators: true }).lean<CampaignDoc>()
          forgetCampaign(params.id)
        } catch (err) {
          if (isDuplicateKeyError(err)) throw conflict('slug 已被使用', 'SLUG_TAKEN')
          throw err
        }
        if (!updated) throw notFound('专项活动不存在', 'CAMPAIGN_NOT_FOUND')
        return { campaign: toCampaignView(updated) }
      },
    }),
  ]
}
