import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { UpdateQuery } from 'mongoose'
import type { AppDeps } from '../../deps'
import { forbidden, isDuplicateKeyError, unauthorized } from '../../errors'
import { User, type UserDoc } from '../users/model'
import { toUserView } from '../users/service'
import { claimUnionid } from './official-account'
import { issueToken } from './tokens'

const BCRYPT_ROUNDS = 10

export const hashPassword = (password: string) => bcrypt.hash(password, BCRYPT_ROUNDS)

/** A constant hash so unknown usernames cost the same time as wrong passwords. */
const DUMMY_HASH = bcrypt.hashSync(randomBytes(16).toString('hex'), BCRYPT_ROUNDS)

async function session(deps: AppDeps, userId: string, roles: string[]) {
  return { token: await issueToken(deps.config, userId, roles), user: await toUserView(userId) }
}

export async function signInWithWechat(deps: AppDeps, code: string) {
  const { openid, unionid } = await deps.wechat.code2Session(code)
  // An account of the same person from the official account's 网页授权 (same unionid) becomes this one.
  if (unionid && !(await User.exists({ openid }))) await User.updateOne({ unionid, openid: { $exists: false }, disabled: { $ne: true } }, { $set: { openid } })
  const user = await upsertOnSignIn({ openid }, { $set: { lastLoginAt: deps.clock.now() }, $setOnInsert: { nickname: '微信用户', roles: ['reader'] } })
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  if (unionid && user.unionid !== unionid) await claimUnionid(user._id, unionid)
  return session(deps, String(user._id), user.roles)
}

/**
 * Finds or creates the account of a sign-in identity. Two first sign-ins of one person at
 * the same moment can both try to insert; the unique index lets one win, and the loser
 * runs the same update again, which now finds the winner's account.
 */
async function upsertOnSignIn(filter: { openid: string } | { deviceId: string }, update: UpdateQuery<UserDoc>) {
  try {
    return await User.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' }).lean()
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return User.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean()
  }
}

export async function signInWithPassword(deps: AppDeps, username: string, password: string) {
  const user = await User.findOne({ username }).lean()
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH)
  if (!user || !ok || user.disabled) throw unauthorized('用户名或密码错误', 'BAD_CREDENTIALS')
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: deps.clock.now() } })
  return session(deps, String(user._id), user.roles)
}

/** H5 development sign-in: one reader per browser device id. Its route is not mounted in production. */
export async function signInForDevelopment(deps: AppDeps, deviceId: string, nickname?: string) {
  const user = await upsertOnSignIn(
    { deviceId },
    { $set: { lastLoginAt: deps.clock.now() }, $setOnInsert: { nickname: nickname ?? `访客${deviceId.slice(-4)}`, roles: ['reader'] } },
  )
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  return session(deps, String(user._id), user.roles)
}
