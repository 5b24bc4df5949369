import { shanghaiDay } from '../../clock'
import { Claim, claimOnce } from '../../db/claims'
import type { AppDeps } from '../../deps'
import { User } from '../users/model'
import { WechatApiError } from '../../wechat/client'
import { messageData } from '../../wechat/template'
import { unreadList } from './service'

/** WeChat's answer when the user has not (or no longer) accepted the template. */
const REFUSED = 43101

/**
 * Reminds the department's 发而未看 people who accepted subscription messages, at most once
 * a day per person (a claim per person and Shanghai day). The claim is taken before sending,
 * so two admins pressing the button at once cannot both send; a send that fails gives the
 * claim back, so the person can be reminded again the same day.
 */
export async function remindUnread(deps: AppDeps, campaignId: string, departmentId: string) {
  const now = deps.clock.now()
  const day = shanghaiDay(now)
  const unread = await unreadList(campaignId, departmentId)
  const users = await User.find(
    { personId: { $in: unread.map((u) => u.personId) }, openid: { $exists: true }, subscriptions: deps.config.WECHAT_TEMPLATE_ID },
    { openid: 1, personId: 1 },
  ).lean()
  const result = { unread: unread.length, subscribed: users.length, sent: 0, alreadyRemindedToday: 0, failed: 0 }
  for (const u of users) {
    const claim = `remind:${u.personId}:${day}`
    if (!(await claimOnce(claim, now))) {
      result.alreadyRemindedToday++
      continue
    }
    try {
      await deps.wechat.sendSubscribeMessage({
        touser: u.openid!,
        template_id: deps.config.WECHAT_TEMPLATE_ID,
        page: 'pages/progress/index?ch=sub',
        miniprogram_state: deps.config.WECHAT_MINIPROGRAM_STATE,
        data: messageData(deps.config, { title: '你还有必读内容未完成', summary: '请尽快完成学习', time: now }),
      })
      // A subscription message consumes the user's acceptance.
      await User.updateOne({ _id: u._id }, { $pull: { subscriptions: deps.config.WECHAT_TEMPLATE_ID } })
      result.sent++
    } catch (err) {
      result.failed++
      await Claim.deleteOne({ _id: claim })
      if (err instanceof WechatApiError && err.errcode === REFUSED) await User.updateOne({ _id: u._id }, { $pull: { subscriptions: deps.config.WECHAT_TEMPLATE_ID } })
      deps.logger.warn({ err: err instanceof WechatApiError ? err.errcode : String(err), userId: String(u._id) }, 'reminder not sent')
    }
  }
  return result
}
