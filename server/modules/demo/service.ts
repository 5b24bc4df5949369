import type { DemoCountsOut } from '../../../contract/demo'
import mongoose, { Types } from 'mongoose'
import { Article, ArticleDelivery } from '../articles/model'
import { Campaign } from '../campaigns/model'
import { forgetCampaign } from '../campaigns/service'
import { Chapter } from '../handbook/model'
import { markAllMetricsDirty } from '../metrics/service'
import { MetricsDirty, UnreadSnapshot } from '../metrics/model'
import { EngagementClock, ItemProgress, ReadingSession } from '../progress/model'
import { ExamSeat, PointsDay, QuizAttempt } from '../quiz/model'
import { Person } from '../roster/model'
import { forgetIdentities, onBindingChanged } from '../summary/service'
import { Tip, TipAttachmentChunk, TipAudit } from '../tips/model'
import { User } from '../users/model'
import { DEMO_MANIFEST_ID, DemoManifest } from './model'

const ZERO: DemoCountsOut = { people: 0, readers: 0, accounts: 0, articles: 0, progress: 0, quizAttempts: 0, tips: 0 }

async function liveManifest() {
  const manifest = await DemoManifest.findById(DEMO_MANIFEST_ID).lean()
  return manifest && !manifest.removedAt ? manifest : null
}

async function countsOf(m: NonNullable<Awaited<ReturnType<typeof liveManifest>>>): Promise<DemoCountsOut> {
  const campaignId = m.campaignId
  const [people, users, accounts, articles, progress, quizAttempts, tips] = await Promise.all([
    Person.countDocuments({ _id: { $in: m.personIds } }),
    User.countDocuments({ _id: { $in: m.userIds } }),
    User.countDocuments({ _id: { $in: m.accountIds } }),
    Article.countDocuments({ campaignId }),
    ItemProgress.countDocuments({ campaignId }),
    QuizAttempt.countDocuments({ campaignId }),
    Tip.countDocuments({ campaignId }),
  ])
  return { people, readers: users - accounts, accounts, articles, progress, quizAttempts, tips }
}

/** GET /api/demo. */
export async function demoStatus() {
  const manifest = await DemoManifest.findById(DEMO_MANIFEST_ID).lean()
  const live = manifest && !manifest.removedAt ? manifest : null
  const campaign = live ? await Campaign.findById(live.campaignId, { title: 1 }).lean() : null
  return {
    present: !!live,
    campaign: campaign ? { id: String(campaign._id), title: campaign.title } : null,
    createdAt: manifest?.createdAt?.toISOString() ?? null,
    removedAt: manifest?.removedAt?.toISOString() ?? null,
    counts: live ? await countsOf(live) : ZERO,
  }
}

/**
 * Removes exactly what the demo seed created and everything hanging off it: every row of the
 * demo campaign (in any collection that has a campaignId), the demo roster, readers and
 * accounts with their own rows, and the demo campaign's snapshots. Real readers who bound to a
 * demo person are unbound (their own rows stay). Safe to run again after a crash half-way.
 */
export async function removeDemo(now: Date): Promise<{ removed: boolean; counts: DemoCountsOut }> {
  const manifest = await liveManifest()
  if (!manifest) return { removed: false, counts: ZERO }
  const counts = await countsOf(manifest)
  const campaignId = manifest.campaignId
  const userIds = manifest.userIds
  const personIds = manifest.personIds

  // Keys of the demo campaign's items, for rows keyed by item rather than by campaign.
  const [articles, chapters, tips] = await Promise.all([
    Article.find({ campaignId }, { _id: 1 }).lean(),
    Chapter.find({ campaignId }, { _id: 1 }).lean(),
    Tip.find({ campaignId }, { _id: 1, 'attachments.id': 1 }).lean<{ _id: Types.ObjectId; attachments?: { id?: string | null }[] }[]>(),
  ])
  const articleIds = articles.map((a) => a._id)
  const itemKeys = [...articleIds.map((id) => `article:${id}`), ...chapters.map((c) => `chapter:${c._id}`)]
  const tipIds = tips.map((t) => t._id)
  const attachmentIds = tips.flatMap((t) => (t.attachments ?? []).map((a) => a.id).filter((id): id is string => !!id))
  const examIds = (await mongoose.model('Exam').find({ campaignId }, { _id: 1 }).lean()).map((e) => e._id)

  // Rows of other people that point at demo items or demo people.
  const boundReal = await User.find({ personId: { $in: personIds }, _id: { $nin: userIds } }, { _id: 1 }).lean()
  for (const u of boundReal) {
    await User.updateOne({ _id: u._id }, { $unset: { personId: 1 } })
    await onBindingChanged(u._id, null)
  }
  await Promise.all([
    ReadingSession.deleteMany({ $or: [{ userId: { $in: userIds } }, { itemKey: { $in: itemKeys } }] }),
    EngagementClock.deleteMany({ _id: { $in: userIds } }),
    PointsDay.deleteMany({ userId: { $in: userIds } }),
    ExamSeat.deleteMany({ $or: [{ userId: { $in: userIds } }, { examId: { $in: examIds } }] }),
    ArticleDelivery.deleteMany({ $or: [{ userId: { $in: userIds } }, { articleId: { $in: articleIds } }] }),
    // The demo cases' log, and what the demo officer did (e.g. listing the inbox).
    TipAudit.deleteMany({ $or: [{ tipId: { $in: tipIds } }, { actorId: { $in: manifest.accountIds } }] }),
    TipAttachmentChunk.deleteMany({ attachmentId: { $in: attachmentIds } }),
    UnreadSnapshot.deleteMany({ _id: { $regex: `^${campaignId}:` } }),
    MetricsDirty.deleteOne({ _id: String(campaignId) }),
    // 小程序码 and URL Link cache: `code:<article id>:<ch>`, `link:<article id>:<ch>`.
    articleIds.length ? mongoose.connection.collection('wechat_entries').deleteMany({ _id: { $regex: `^(code|link):(${articleIds.join('|')}):` } } as never) : null,
  ])
  // Every collection with a campaignId: a feature added later is covered without a change here.
  for (const model of Object.values(mongoose.models)) {
    if (['DemoManifest', 'Campaign'].includes(model.modelName) || !model.schema.path('campaignId')) continue
    await model.deleteMany({ campaignId: new Types.ObjectId(String(campaignId)) })
  }
  // The demo readers' own rows in other campaigns (they cannot sign in, but stay exact).
  for (const model of Object.values(mongoose.models)) {
    if (model.modelName === 'User' || !model.schema.path('userId')) continue
    await model.deleteMany({ userId: { $in: userIds } })
  }
  await Person.deleteMany({ _id: { $in: personIds } })
  await User.deleteMany({ _id: { $in: userIds } })
  await Campaign.deleteOne({ _id: campaignId, demo: true })
  await DemoManifest.updateOne({ _id: DEMO_MANIFEST_ID }, { $set: { removedAt: now, personIds: [], userIds: [], accountIds: [] } })

  forgetCampaign(campaignId)
  forgetIdentities()
  await markAllMetricsDirty()
  return { removed: true, counts }
}
