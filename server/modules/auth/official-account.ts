import type { Types } from 'mongoose'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { AppError, forbidden, isDuplicateKeyError } from '../../errors'
import { route } from '../../http/route'
import { authorizeUrlOut, sessionOut } from '../../../contract/users'
import { callWechat } from '../../wechat/http'
import { ItemArrival } from '../channels/model'
import { ItemProgress, ItemStats } from '../progress/model'
import { depthDecile } from '../progress/service'
import { identityOf, onBindingChanged } from '../summary/service'
import { ActivityDay, CompletionTimes, PersonSummary } from '../summary/model'
import { User } from '../users/model'
import { session, signInHour } from './service'

/**
 * 公众号 网页授权 (snsapi_base) for the H5 build opened in WeChat's browser from an official
 * account link: the browser goes to WeChat's authorize page, comes back with a code, and the
 * code gives the official account's openid and the unionid (WECHAT_MP_APPID/SECRET). One
 * person is one account: a sign-in finds the account by the official account's openid, else
 * by unionid (the mini-program account of the same student), else creates one. When two
 * accounts of one unionid exist (a mini-program account created before WeChat gave
 * unionids), the mini-program sign-in merges the other into it (`mergeAccounts`).
 */

function mpAccount(deps: AppDeps): { appid: string; secret: string } {
  const { WECHAT_MP_APPID: appid, WECHAT_MP_SECRET: secret } = deps.config
  if (!appid || !secret) throw new AppError(404, 'MP_SIGN_IN_OFF', '未配置公众号网页授权登录')
  return { appid, secret }
}

export async function signInWithOfficialAccount(deps: AppDeps, code: string) {
  const { openid, unionid } = await deps.wechat.oauthIdentity(code, mpAccount(deps))
  let user = await User.findOne({ mpOpenid: openid }).lean()
  if (!user && unionid) user = await User.findOneAndUpdate({ unionid, disabled: { $ne: true } }, { $set: { mpOpenid: openid } }, { returnDocument: 'after' }).lean()
  if (!user) {
    try {
      const hour = signInHour(deps)
      const [created] = await User.create([{ mpOpenid: openid, ...(unionid ? { unionid } : {}), nickname: '微信用户', roles: ['reader'], createdAt: hour, updatedAt: hour }], {
        timestamps: false,
      })
      user = created.toObject()
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      user = await User.findOne(unionid ? { $or: [{ mpOpenid: openid }, { unionid }] } : { mpOpenid: openid }).lean()
    }
  }
  if (!user || user.disabled) throw forbidden('该账号已停用', 'ACCOUNT_DISABLED')
  // Kept to the hour, like every sign-in (docs/tips.md: nothing may date a tip finer).
  await User.updateOne({ _id: user._id }, { $set: { lastLoginAt: signInHour(deps) } }, { timestamps: false })
  return session(deps, user)
}

/**
 * Folds `other` into `keep` (both one person by unionid): reading progress, first arrivals
 * and the per-campaign summaries the metrics read move over (maximum depth and engagement,
 * earliest times), the roster binding moves when `keep` has none, and `other` is disabled
 * with `mergedInto`; an item both had opened counts once in its counters. Quiz attempts and
 * points stay with `other` (docs/wechat.md).
 */
export async function mergeAccounts(keepId: Types.ObjectId, otherId: Types.ObjectId): Promise<void> {
  const keep = (await User.findById(keepId).lean())!
  const other = (await User.findById(otherId).lean())!
  // The official account identity and (if free) the roster binding move; unique indexes first.
  await User.updateOne({ _id: otherId }, { $unset: { mpOpenid: 1, unionid: 1, personId: 1 }, $set: { disabled: true, mergedInto: keepId } })
  await User.updateOne(
    { _id: keepId },
    {
      $set: {
        ...(other.mpOpenid && !keep.mpOpenid ? { mpOpenid: other.mpOpenid } : {}),
        ...(other.unionid ? { unionid: other.unionid } : {}),
        ...(other.personId && !keep.personId ? { personId: other.personId } : {}),
      },
    },
  )

  for (const row of await ItemProgress.find({ userId: otherId }).lean()) {
    const mine = await ItemProgress.findOne({ userId: keepId, itemKey: row.itemKey }).lean()
    if (!mine) await ItemProgress.updateOne({ _id: row._id }, { $set: { userId: keepId } })
    else {
      await ItemProgress.updateOne(
        { _id: mine._id },
        {
          $max: { maxDepth: row.maxDepth, engagedSeconds: row.engagedSeconds, ...(row.lastSeenAt ? { lastSeenAt: row.lastSeenAt } : {}) },
          $min: { ...(row.firstOpenedAt ? { firstOpenedAt: row.firstOpenedAt } : {}), ...(row.completedAt ? { completedAt: row.completedAt } : {}) },
          ...(row.completed ? { $set: { completed: true } } : {}),
        },
      )
      await ItemProgress.deleteOne({ _id: row._id })
      // The item's counters saw two readers; now there is one, with the better of both.
      const depth = Math.max(mine.maxDepth, row.maxDepth)
      const inc: Record<string, number> = {
        opens: -1,
        depthSum: depth - mine.maxDepth - row.maxDepth,
        engagedSum: Math.max(mine.engagedSeconds, row.engagedSeconds) - mine.engagedSeconds - row.engagedSeconds,
      }
      for (const d of [mine.maxDepth, row.maxDepth]) inc[`d${depthDecile(d)}`] = (inc[`d${depthDecile(d)}`] ?? 0) - 1
      inc[`d${depthDecile(depth)}`] = (inc[`d${depthDecile(depth)}`] ?? 0) + 1
      if (mine.completed && row.completed) inc.completions = -1
      await ItemStats.updateOne({ _id: row.itemKey }, { $inc: inc })
    }
  }
  for (const row of await ItemArrival.find({ userId: otherId }).lean()) {
    const mine = await ItemArrival.findOne({ userId: keepId, itemKey: row.itemKey }).lean()
    if (!mine) await ItemArrival.updateOne({ _id: row._id }, { $set: { userId: keepId } })
    else {
      // The earlier arrival is the first one; completion holds if either completed.
      if (row.at < mine.at) await ItemArrival.updateOne({ _id: mine._id }, { $set: { channel: row.channel, scene: row.scene, at: row.at } })
      if (row.completed) await ItemArrival.updateOne({ _id: mine._id }, { $set: { completed: true } })
      await ItemArrival.deleteOne({ _id: row._id })
    }
  }
  for (const row of await PersonSummary.find({ userId: otherId }).lean()) {
    const mine = await PersonSummary.findOne({ userId: keepId, campaignId: row.campaignId }).lean()
    if (!mine) await PersonSummary.updateOne({ _id: row._id }, { $set: { userId: keepId } })
    else {
      const dates = (keys: ('firstReachedAt' | 'firstOpenedAt' | 'firstCompletedAt' | 'quizPassedAt')[]) => Object.fromEntries(keys.filter((k) => row[k]).map((k) => [k, row[k]]))
      await PersonSummary.updateOne(
        { _id: mine._id },
        {
          $addToSet: { itemsOpened: { $each: row.itemsOpened }, itemsCompleted: { $each: row.itemsCompleted } },
          $inc: { quizAttempts: row.quizAttempts ?? 0 },
          $min: dates(['firstReachedAt', 'firstOpenedAt', 'firstCompletedAt', 'quizPassedAt']),
          ...(row.lastActiveAt ? { $max: { lastActiveAt: row.lastActiveAt } } : {}),
          ...(row.quizPassed ? { $set: { quizPassed: true } } : {}),
        },
      )
      await PersonSummary.deleteOne({ _id: row._id })
    }
  }
  for (const row of await ActivityDay.find({ userId: otherId }).lean()) {
    await ActivityDay.updateOne(
      { campaignId: row.campaignId, userId: keepId, day: row.day },
      { $inc: { completions: row.completions ?? 0, quizAttempts: row.quizAttempts ?? 0, opens: row.opens ?? 0 } },
      { upsert: true },
    )
    await ActivityDay.deleteOne({ _id: row._id })
  }
  for (const row of await CompletionTimes.find({ userId: otherId }).lean()) {
    const times = Object.fromEntries(Object.entries((row.t as unknown as Record<string, Date>) ?? {}).map(([k, v]) => [`t.${k}`, v]))
    await CompletionTimes.updateOne(
      { _id: `${row.campaignId}:${keepId}` },
      { ...(Object.keys(times).length ? { $min: times } : {}), $setOnInsert: { campaignId: row.campaignId, userId: keepId } },
      { upsert: true },
    )
    await CompletionTimes.deleteOne({ _id: row._id })
  }
  // Department and class of everything now on `keep` follow its binding.
  const identity = await identityOf(keepId)
  await onBindingChanged(keepId, identity)
  await ItemProgress.updateMany({ userId: keepId }, { $set: { departmentId: identity.departmentId } })
  await ItemArrival.updateMany({ userId: keepId }, { $set: { departmentId: identity.departmentId } })
}

/**
 * Mini-program sign-in with a unionid: the account with this openid takes the unionid; when
 * another account (official account sign-in) already holds it, that one is merged in.
 */
export async function claimUnionid(userId: Types.ObjectId, unionid: string): Promise<void> {
  const holder = await User.findOne({ unionid }, { _id: 1 }).lean()
  if (holder && String(holder._id) !== String(userId)) await mergeAccounts(userId, holder._id)
  else if (!holder) {
    try {
      await User.updateOne({ _id: userId, unionid: { $exists: false } }, { $set: { unionid } })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      const winner = await User.findOne({ unionid }, { _id: 1 }).lean()
      if (winner && String(winner._id) !== String(userId)) await mergeAccounts(userId, winner._id)
    }
  }
}

/** Where the H5 app may ask WeChat to send the reader back to: our own pages only. */
function sameOrigin(redirect: string, ctxOrigin: string): boolean {
  try {
    return new URL(redirect).origin === ctxOrigin
  } catch {
    return false
  }
}

export function officialAccountRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/auth/official-account/authorize-url',
      summary: '公众号网页授权（snsapi_base）的跳转地址；redirect 必须是本站页面',
      tags: ['auth'],
      access: 'public',
      query: z.object({
        redirect: z.string().url().max(1000),
        state: z
          .string()
          .regex(/^[\w-]{1,64}$/)
          .default('mp'),
      }),
      response: authorizeUrlOut,
      handler: (ctx, { query }) => {
        const account = mpAccount(deps)
        if (!sameOrigin(query.redirect, `${ctx.protocol}://${ctx.host}`)) throw new AppError(400, 'BAD_REDIRECT', '只能跳转回本站页面')
        return { url: deps.wechat.authorizeUrl(account, query.redirect, query.state) }
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/official-account',
      summary: '公众号网页授权登录：用跳转回来的 code 换取会话（同一 unionid 与小程序账号合并）',
      tags: ['auth'],
      access: 'public',
      body: z.object({ code: z.string().min(1).max(128) }).strict(),
      response: sessionOut,
      handler: (ctx, { body }) => callWechat(ctx, () => signInWithOfficialAccount(deps, body.code)),
    }),
  ]
}
