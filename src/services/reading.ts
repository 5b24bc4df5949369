import type { FeedItemOut as FeedItem } from '@contract/articles'
import { shanghaiDay } from '@contract/calendar'

/**
 * 未读 / 已读 x% / 已完成, as readers see their state on each article. Completion needs depth
 * and engaged time (docs/metrics.md), so a page scrolled to the end but not yet completed
 * reads 99% at most: "100%" only ever means completed (the same rule as handbook chapters).
 */
export function readingStateLabel(item: Pick<FeedItem, 'state' | 'depth'>): string {
  if (item.state === 'completed') return '已完成'
  if (item.state === 'reading') return `已读 ${Math.min(99, Math.round(item.depth * 100))}%`
  return '未读'
}

/** A server-relative media URL (/api/media/…) made absolute where the app is not served by the API (mini-program). */
export function mediaUrl(url: string, apiOrigin: string): string {
  return apiOrigin && url.startsWith('/') ? `${apiOrigin}${url}` : url
}

export function formatDate(iso: string | null): string {
  return iso ? shanghaiDay(new Date(iso)) : ''
}
