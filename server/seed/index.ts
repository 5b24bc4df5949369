import { randomBytes } from 'node:crypto'
import type { Logger } from '../logger'
import { articleSeeder } from '../modules/articles/seed'
import { handbookSeeder } from '../modules/quiz/seed'
import { hashPassword } from '../modules/auth/service'
import { Campaign } from '../modules/campaigns/model'
import { Department } from '../modules/departments/model'
import { User } from '../modules/users/model'
import { FIRST_CAMPAIGN, FORMER_CAMPAIGN_TEXT } from './campaign'
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

export interface SeedOptions {
  logger: Logger
  superadminPassword?: string
  /**
   * Called the moment the superadmin is created with a generated password, before the
   * slower content seeders run, so the password is on screen even if a later step fails.
   */
  onSuperadminPassword?: (password: string) => void
}

/**
 * Idempotent: creates what is missing and never overwrites admin edits. Returns the
 * generated superadmin password the one time it is created without SUPERADMIN_PASSWORD.
 */
export async function runSeed(opts: SeedOptions): Promise<SeedResult> {
  let departmentsCreated = 0
  for (const [order, d] of DEPARTMENTS.entries()) {
    const res = await Department.updateOne({ code: d.code }, { $setOnInsert: { ...d, order } }, { upsert: true })
    departmentsCreated += res.upsertedCount
  }

  const campaignRes = await Campaign.updateOne({ slug: FIRST_CAMPAIGN.slug }, { $setOnInsert: FIRST_CAMPAIGN }, { upsert: true })
  for (const [field, former] of Object.entries(FORMER_CAMPAIGN_TEXT) as [keyof typeof FORMER_CAMPAIGN_TEXT, string[]][]) {
    await Campaign.updateOne({ slug: FIRST_CAMPAIGN.slug, [field]: { $in: former } }, { $set: { [field]: FIRST_CAMPAIGN[field] } })
  }
  const campaign = await Campaign.findOne({ slug: FIRST_CAMPAIGN.slug }, { _id: 1 }).lean()

  let superadminPassword: string | null = null
  const existing = await User.findOne({ username: SUPERADMIN_USERNAME }, { _id: 1 }).lean()
  if (!existing) {
    const password = opts.superadminPassword ?? generatePassword()
    await User.create({ username: SUPERADMIN_USERNAME, nickname: '系统管理员', roles: ['superadmin'], passwordHash: await hashPassword(password) })
    if (!opts.superadminPassword) {
      superadminPassword = password
      opts.onSuperadminPassword?.(password)
    }
  }

  for (const seeder of contentSeeders) {
    await seeder.run({ logger: opts.logger, campaignId: String(campaign!._id) })
  }
  return { departmentsCreated, campaignCreated: campaignRes.upsertedCount > 0, superadminPassword }
}

export const SUPERADMIN_USERNAME = 'admin'
const generatePassword = () => randomBytes(9).toString('base64url')

/**
 * `npm run seed -- --reset-admin`: gives `admin` a new password (SUPERADMIN_PASSWORD, or a
 * generated one that is returned to be shown once), enables it and makes sure it holds the
 * superadmin role, creating the account if it is gone. The way back in when every
 * superadmin password is lost.
 */
export async function resetSuperadmin(opts: { password?: string }): Promise<{ generatedPassword: string | null; created: boolean }> {
  const password = opts.password ?? generatePassword()
  const res = await User.updateOne(
    { username: SUPERADMIN_USERNAME },
    {
      $set: { passwordHash: await hashPassword(password), disabled: false },
      $addToSet: { roles: 'superadmin' },
      // A reset ends every session opened with the old password.
      $inc: { sessionVersion: 1 },
      $setOnInsert: { nickname: '系统管理员' },
    },
    { upsert: true },
  )
  return { generatedPassword: opts.password ? null : password, created: res.upsertedCount > 0 }
}

/** Prints a generated password once, in a way nobody misses on a terminal. */
export function printPassword(password: string, heading = '超级管理员账号已创建（只显示这一次）：'): void {
  const line = '='.repeat(60)
  process.stdout.write(`\n${line}\n${heading}\n  用户名: ${SUPERADMIN_USERNAME}\n  密码:   ${password}\n` + `可设置环境变量 SUPERADMIN_PASSWORD 指定密码。\n${line}\n\n`)
}

/** Logs what the seed created (the password itself was printed when the account was made). */
export function announceSeed(result: SeedResult, logger: Logger): void {
  if (result.departmentsCreated || result.campaignCreated) {
    logger.info({ departments: result.departmentsCreated, campaign: result.campaignCreated }, 'seed content created')
  }
}
