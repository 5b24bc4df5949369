import { TtlCache } from '../../memo'
import type { Types } from 'mongoose'
import { notFound } from '../../errors'
import { Campaign, type CampaignDoc } from './model'

export function toCampaignView(c: CampaignDoc) {
  return {
    id: String(c._id),
    slug: c.slug,
    title: c.title,
    subtitle: c.subtitle ?? '',
    description: c.description ?? '',
    status: c.status,
    startAt: c.startAt.toISOString(),
    endAt: c.endAt ? c.endAt.toISOString() : null,
    settings: {
      passMark: c.settings?.passMark ?? 0.6,
      completionDepth: c.settings?.completionDepth ?? 0.9,
      minEngagedSeconds: c.settings?.minEngagedSeconds ?? 30,
      engagedShareOfReadingTime: c.settings?.engagedShareOfReadingTime ?? 0.3,
      charsPerMinute: c.settings?.charsPerMinute ?? 400,
      dailyQuizSize: c.settings?.dailyQuizSize ?? 5,
    },
    tipCategories: (c.tipCategories ?? []).map((t) => ({ code: t.code, name: t.name })),
  }
}
export type CampaignView = ReturnType<typeof toCampaignView>

/** The campaign readers land on: the active one that started most recently. */
export async function getCurrentCampaign(now: Date): Promise<CampaignDoc> {
  const campaign = await Campaign.findOne({ status: 'active', startAt: { $lte: now } })
    .sort({ startAt: -1 })
    .lean<CampaignDoc>()
  if (!campaign) throw notFound('当前没有进行中的专项活动', 'NO_ACTIVE_CAMPAIGN')
  return campaign
}

/** Campaigns as hot paths read them (heartbeats): cached briefly, forgotten when this process changes one. */
const campaignCache = new TtlCache<CampaignDoc>(10_000)

export function getCampaignCached(id: string | Types.ObjectId): Promise<CampaignDoc> {
  return campaignCache.get(String(id), () => getCampaign(id))
}

export function forgetCampaign(id: string | Types.ObjectId): void {
  campaignCache.forget(String(id))
}

export async function getCampaign(id: string | Types.ObjectId): Promise<CampaignDoc> {
  const campaign = await Campaign.findById(id).lean<CampaignDoc>()
  if (!campaign) throw notFound('专项活动不存在', 'CAMPAIGN_NOT_FOUND')
  return campaign
}

/** The named campaign, or the current one when none is named (admin screens default to it). */
export async function campaignOrCurrent(now: Date, campaignId?: string): Promise<CampaignDoc> {
  return campaignId ? getCampaign(campaignId) : getCurrentCampaign(now)
}
