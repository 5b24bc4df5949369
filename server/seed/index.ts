import { randomBytes } from 'node:crypto'
import type { Logger } from '../logger'
import { articleSeeder } from '../modules/articles/seed'
import { handbookSeeder } from '../modules/quiz/seed'
import { hashPassword } from '../modules/auth/service'
import { Campaign } from '../modules/campaigns/model'
import { Department } from '../modules/departments/model'
import { User } from '../modules/users/model'
import { FIRST_CAMPAIGN } from './campaign'
import { DEPARTMENTS } from './departments'

export interface SeedResult {
  departmentsCreated: number
  campaignCreated: boolean
  superadminPassword: string | null
}

export interface Seeder {
  name: string
  run(ctx: { logger: Logger; campaignId: string }): Promise<void>
}

/** Feature content (articles, the handbook, …) registers here; each seeder must be idempotent. */
export const contentSeeders: Seeder[] = [articleSeeder, handbookSeeder]

/**
 * Idempotent: creates what is missing and never overwrites admin edits. Returns the
 * generated superadmin password the one time it is created without SUPERADMIN_PASSWORD.
 */
export async function runSeed(opts: { logger: Logger; superadminPassword?: string }): Promise<SeedResult> {
  let departmentsCreated = 0
  for (const [order, d] of DEPARTMENTS.entries()) {
    const res = await Department.updateOne({ code: d.code }, { $setOnInsert: { ...d, order } }, { upsert: true })
    departmentsCreated += res.upsertedCount
  }

  const campaignRes = await Campaign.updateOne({ slug: FIRST_CAMPAIGN.slug }, { $setOnInsert: FIRST_CAMPAIGN }, { upsert: true })
  const campaign = await Campaign.findOne({ slug: FIRST_CAMPAIGN.slug }, { _id: 1 }).lean()

  let superadminPassword: string | null = null
  const existing = await User.findOne({ username: 'admin' }, { _id: 1 }).lean()
  if (!existing) {
    const password = opts.superadminPassword ?? randomBytes(9).toString('base64url')
    await User.create({ username: 'admin', nickname: '系统管理员', roles: ['superadmin'], passwordHash: await hashPassword(password) })
    if (!opts.superadminPassword) superadminPassword = password
  }

  for (const seeder of contentSeeders) {
    await seeder.run({ logger: opts.logger, campaignId: String(campaign!._id) })
  }
  return { departmentsCreated, campaignCreated: campaignRes.upsertedCount > 0, superadminPassword }
}

/** Prints the generated password once, in a way nobody misses on a terminal. */
export function announceSeed(result: SeedResult, logger: Logger): void {
  if (result.departmentsCreated || result.campaignCreated) {
    logger.info({ departments: result.departmentsCreated, campaign: result.campaignCreated }, 'seed content created')
  }
  if (result.superadminPassword) {
    const line = '='.repeat(60)
    process.stdout.write(
      `\n${line}\n超级管理员账号已创建（只显示这一次）：\n  用户名: admin\n  密码:   ${result.superadminPassword}\n` +
        `可设置环境变量 SUPERADMIN_PASSWORD 指定密码。\n${line}\n\n`,
    )
  }
}
