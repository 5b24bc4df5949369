import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { UpdateQuery } from 'mongoose'
import type { AppDeps } from '../../deps'
import { forbidden, isDuplicateKeyError, unauthorized } from '../../errors'
import { FailureThrottle, type ThrottleRule } from '../../http/throttle'
import { User, type UserDoc } from '../users/model'
import { toUserView } from '../users/service'
import { claimUnionid } from './official-account'
import { issueToken } from './tokens'

const BCRYPT_ROUNDS = 10

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_ROUNDS)

/** A constant hash so unknown usernames cost the same time as wrong passwords. */
const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), BCRYPT_ROUNDS)

/** A signed-in answer: a token carrying the account's session version, and the account as clients see it. */
export async function session(deps: AppDeps, user: { _id: unknown; roles: string[]; sessionVersion?: number | null }) {
  const userId = String(user._id)
  return { token: await issueToken(deps.config, userId, user.roles, user.sessionVersion ?? 0), user: await toUserView(userId) }
}

const HOUR = 3600_000
/**
 * Sign-in times are kept to the hour: a finer time could be matched against the moment an
 * anonymous tip arrived. Nothing needs them finer (they answer "has this account been used").
 */
export const signInHour = (deps: AppDeps) => new Date(Math.floor(deps.clock.now().getTime() / HOUR) * HOUR)

const MINUTE = 60_000
/** Admin password sign-in: failures per account and per address, then locks that double. */
export const SIGN_IN_RULES = {
  account: {
    lockAfter: 5,
    baseLockMs: MINUTE,
    maxLockMs: 60 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
    code: 'SIGN_IN_THROTTLED',
    message: '密码错误次数过多，该账号暂时锁定，请稍后再试',
  },
  address: { lockAfter: 20, baseLockMs: MINUTE, maxLockMs: 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE, code: 'SIGN_IN_THROTTLED', message: '登录失败次数过多，请稍后再试' },
} satisfies Record<string, ThrottleRule>

export const createSignInThrottle = (deps: AppDeps) => new FailureThrottle(deps.clock, SIGN_IN_RULES)

export async function signInWithWechat(deps: AppDeps, code: string) {
  const { openid, unionid } = await deps.wechat.code2Session(code)
  // An account of the same person from the official account's 网页授权 (same unionid) becomes this one.
  if (unionid && !(await User.exists({ openid }))) await User.updateOne({ unionid, openid: { $exists: false }, disabled: { $ne: true } }, { $set: { openid } })
  const user = await upsertOnSignIn({ openid }, { $set: { lastLoginAt: signInHour(deps) }, $setOnInsert: { nickname: '微信用户', roles: ['reader'], createdAt: signInHour(deps) } })
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  if (unionid && user.unionid !== unionid) await claimUnionid(user._id, unionid)
  return session(deps, user)
}

/**
 * Finds or creates the account of a sign-in identity. Two first sign-ins of one person at
 * the same moment can both try to insert; the unique index lets one win, and the loser
 * runs the same update again, which now finds the winner's account. No automatic
 * timestamps: createdAt is set to the hour on insert, and signing in leaves updatedAt alone.
 */
async function upsertOnSignIn(filter: { openid: string } | { deviceId: string }, update: UpdateQuery<UserDoc>) {
  try {
    return await User.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after', timestamps: false }).lean()
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return User.findOneAndUpdate(filter, update, { returnDocument: 'after', timestamps: false }).lean()
  }
}

/**
 * Admin sign-in. With a throttle, failures are counted per account and per address: past the
 * free failures the account (or address) is locked with doubling waits, answered 429 with
 * Retry-After before the password is even checked. Every failure is logged (account name,
 * address, count; never the password).
 */
export async function signInWithPassword(deps: AppDeps, username: string, password: string, guard?: { throttle: FailureThrottle; ip: string }) {
  const keys: [string, string][] = [
    ['account', username.toLowerCase()],
    ['address', guard?.ip ?? ''],
  ]
  guard?.throttle.check(keys)
  const user = await User.findOne({ username }).lean()
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH)
  if (!user || !ok || user.disabled) {
    const failures = guard?.throttle.fail(keys) ?? 0
    deps.logger.warn({ event: 'sign-in-failed', username, ip: guard?.ip, failures, known: !!user, disabled: !!user?.disabled }, 'admin password sign-in failed')
    throw unauthorized('用户名或密码错误', 'BAD_CREDENTIALS')
  }
  guard?.throttle.clear(keys.slice(0, 1))
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: signInHour(deps) } }, { timestamps: false })
  return session(deps, user)
}

/** H5 development sign-in: one reader per browser device id. Its route is not mounted in production. */
export async function signInForDevelopment(deps: AppDeps, deviceId: string, nickname?: string) {
  const user = await upsertOnSignIn(
    { deviceId },
    { $set: { lastLoginAt: signInHour(deps) }, $setOnInsert: { nickname: nickname ?? `访客${deviceId.slice(-4)}`, roles: ['reader'], createdAt: signInHour(deps) } },
  )
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  return session(deps, user)
}
