/**
 * The article editor's rules, in plain TypeScript (unit tested in tests/client/article-editor.test.ts):
 * tags from the text field, the schedule from date and time pickers (Beijing time), and
 * the status and delivery lines the editor shows.
 */

import { beijingMoment, beijingParts } from '../../services/datetime'

export const MAX_TAGS = 10
export const MAX_TAG_LENGTH = 20

/** Tags typed as "扫黑除恶，软暴力, 校园": split on commas (full- or half-width), 、 and spaces, trimmed, no duplicates. */
export function parseTags(text: string): { tags: string[]; error: string | null } {
  const tags = [
    ...new Set(
      text
        .split(/[,，、\s]+/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
  if (tags.length > MAX_TAGS) return { tags, error: `标签最多 ${MAX_TAGS} 个` }
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH)
  if (long) return { tags, error: `标签“${long}”超过 ${MAX_TAG_LENGTH} 个字` }
  return { tags, error: null }
}

export const formatTags = (tags: string[]) => tags.join('，')

/** The publish moment chosen with the date (YYYY-MM-DD) and time (HH:mm) pickers, in Beijing time. */
export function scheduleMoment(date: string, time: string, now: Date): { at: Date; error: null } | { at: null; error: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return { at: null, error: '请选择定时发布的日期和时间' }
  const at = beijingMoment(date, time)
  if (!at) return { at: null, error: '日期或时间无效' }
  if (at.getTime() <= now.getTime()) return { at: null, error: '定时发布时间必须晚于现在' }
  return { at, error: null }
}

/** Default picker values: the next full hour, Beijing time. */
export function nextFullHour(now: Date): { date: string; time: string } {
  return beijingParts(new Date(Math.floor(now.getTime() / 3600_000) * 3600_000 + 3600_000))
}

export const STATUS_NAMES: Record<string, string> = { draft: '草稿', scheduled: '定时发布', published: '已发布', archived: '已归档' }

/** 状态：定时发布（2026-12-01 09:00）, 已发布（2026-11-20 10:00）… */
export function statusLine(a: { status: string; publishAt: string | null; publishedAt: string | null }): string {
  const name = STATUS_NAMES[a.status] ?? a.status
  const when = a.status === 'scheduled' ? a.publishAt : a.status === 'published' ? a.publishedAt : null
  if (!when) return name
  const p = beijingParts(new Date(when))
  return `${name}（${p.date} ${p.time}）`
}

const DELIVERY_NAMES: [string, string][] = [
  ['sent', '已送达'],
  ['queued', '排队中'],
  ['sending', '发送中'],
  ['failed', '失败'],
  ['refused', '用户拒收'],
  ['cancelled', '已取消'],
]

/** Subscription messages by delivery status: "订阅消息：已送达 120 · 失败 2". */
export function deliveryLine(counts: Record<string, number>, pushPending: boolean): string {
  const parts = DELIVERY_NAMES.filter(([k]) => counts[k]).map(([k, name]) => `${name} ${counts[k]}`)
  if (pushPending) parts.unshift('等待推送任务')
  return parts.length ? `订阅消息：${parts.join(' · ')}` : '订阅消息：尚无'
}
