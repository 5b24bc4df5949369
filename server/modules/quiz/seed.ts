import type { Seeder } from '../../seed'
import { Campaign } from '../campaigns/model'
import { saoheichueHandbook } from '../handbook/content/saoheichue'
import { SAOHEICHUE_V1_STEMS } from '../handbook/content/saoheichue-v1'
import { seedHandbook } from '../handbook/service'
import { Exam } from './model'

/** The standing knowledge contest shipped with the first campaign (its blueprint is what the content test measures). */
export const STANDARD_EXAM = {
  title: '扫黑除恶知识竞赛',
  description: '从《扫黑除恶常态化知识问答》中随机抽题，每人 3 次机会，60 分及格。',
  blueprint: [
    { type: 'single' as const, count: 12, points: 5 },
    { type: 'multiple' as const, count: 4, points: 5 },
    { type: 'truefalse' as const, count: 4, points: 5 },
  ],
  timeLimitSeconds: 20 * 60,
  maxAttempts: 3,
  partialCredit: false,
}

/** Descriptions the contest was shipped with before; replaced by the current one unless an admin changed it. */
const FORMER_EXAM_DESCRIPTIONS = ['从《专项斗争知识问答》中随机抽题，每人 3 次机会，60 分及格。']

/** The 扫黑除恶 handbook and a standing knowledge contest, for the first campaign only. */
export const handbookSeeder: Seeder = {
  name: 'handbook',
  async run({ campaignId, logger }) {
    const campaign = await Campaign.findById(campaignId).lean()
    if (campaign?.slug !== saoheichueHandbook.campaignSlug) return
    const report = await seedHandbook(campaignId, saoheichueHandbook, { formerStems: SAOHEICHUE_V1_STEMS })
    if (report.questions || report.updated || report.retired) logger.info(report, 'handbook seeded')
    await Exam.updateOne({ campaignId, title: STANDARD_EXAM.title, description: { $in: FORMER_EXAM_DESCRIPTIONS } }, { $set: { description: STANDARD_EXAM.description } })
    if (!(await Exam.exists({ campaignId, title: STANDARD_EXAM.title }))) {
      await Exam.create({
        campaignId,
        ...STANDARD_EXAM,
        opensAt: campaign.startAt,
        passMark: campaign.settings?.passMark ?? 0.6,
        published: true,
      })
    }
  },
}
