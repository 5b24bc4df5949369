import type { RemindOut, UnreadPersonOut } from '@contract/metrics'

/** 未打开 / 未读完: where a person on the unread list stands. */
export const unreadState = (p: Pick<UnreadPersonOut, 'opened'>) => (p.opened ? '已打开，未读完' : '未打开')

/** The classes on the list, for the table's filter. */
export const classesOf = (people: readonly UnreadPersonOut[]) => [...new Set(people.map((p) => p.className ?? '（无班级）'))].sort((a, b) => a.localeCompare(b, 'zh-CN'))

/** What 一键提醒 did, in one sentence. */
export function remindSummary(r: RemindOut): string {
  if (r.unread === 0) return '本部门没有需要提醒的人员'
  const parts = [`已向 ${r.sent} 人发出提醒`]
  if (r.alreadyRemindedToday) parts.push(`${r.alreadyRemindedToday} 人今天已提醒过`)
  const unsubscribed = r.unread - r.subscribed
  if (unsubscribed > 0) parts.push(`${unsubscribed} 人未订阅消息，无法提醒`)
  if (r.failed) parts.push(`${r.failed} 人发送失败`)
  return parts.join('；')
}
