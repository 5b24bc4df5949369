import type { Seeder } from '../../seed'
import { Campaign } from '../campaigns/model'
import { saoheichueHandbook } from '../handbook/content/saoheichue'
import { seedHandbook } from '../handbook/service'
import { Exam } from './model'

/** The 扫黑除恶 handbook and a standing knowledge contest, for the first campaign only. */
export const handbookSeeder: Seeder = {
  name: 'handbook',
  async run({ campaignId, logger }) {
    const campaign = await Campaign.findById(campaignId).lean()
    if (campaign?.slug !== saoheichueHandbook.campaignSlug) return
    const created = await seedHandbook(campaignId, saoheichueHandbook)
    if (created.questions) logger.info(created, 'handbook seeded')
    if (!(await Exam.exists({ campaignId, title: '扫黑除恶知识竞赛' }))) {
      await Exam.create({
        campaignId,
        title: '扫黑除恶知识竞赛',
        description: '从《专项斗争知识问答》中随机抽题，每人 3 次机会，60 分及格。',
        blueprint: [
          { type: 'single', count: 12, points: 5 },
          { type: 'multiple', count: 4, points: 5 },
          { type: 'truefalse', count: 4, points: 5 },
        ],
        timeLimitSeconds: 20 * 60,
        maxAttempts: 3,
        opensAt: campaign.startAt,
        passMark: campaign.settings?.passMark ?? 0.6,
        published: true,
      })
    }
  },
}
