import { randomBytes } from 'node:crypto'
import bcrypt from 'bcryptjs'
import type { AppDeps } from '../../deps'
import { forbidden, unauthorized } from '../../errors'
import { User } from '../users/model'
import { toUserView } from '../users/service'
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
  const now = deps.clock.now()
  const user = await User.findOneAndUpdate(
    { openid },
    { $set: { lastLoginAt: now, ...(unionid ? { unionid } : {}) }, $setOnInsert: { nickname: '微信用户', roles: ['reader'] } },
    { upsert: true, returnDocument: 'after' },
  ).lean()
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  return session(deps, String(user._id), user.roles)
}

export async function signInWithPassword(deps: AppDeps, username: string, password: string) {
  const user = await User.findOne({ username }).lean()
  const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH)
  if (!user || !ok || user.disabled) throw unauthorized('用户名或密码错误', 'BAD_CREDENTIALS')
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: deps.clock.now() } })
  return session(deps, String(user._id), user.roles)
}

/** H5 development sign-in: one reader per browser device id. Never available in production. */
export async function signInForDevelopment(deps: AppDeps, deviceId: string, nickname?: string) {
  if (deps.config.isProduction) throw forbidden('生产环境不提供开发登录', 'DEV_SIGNIN_DISABLED')
  const user = await User.findOneAndUpdate(
    { deviceId },
    { $set: { lastLoginAt: deps.clock.now() }, $setOnInsert: { nickname: nickname ?? `访客${deviceId.slice(-4)}`, roles: ['reader'] } },
    { upsert: true, returnDocument: 'after' },
  ).lean()
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  return session(deps, String(user._id), user.roles)
}
