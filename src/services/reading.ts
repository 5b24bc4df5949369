import type { FeedItemOut as FeedItem } from '@contract/articles'

/** 未读 / 已读 x% / 已完成, as readers see their state on each article. */
export function readingStateLabel(item: Pick<FeedItem, 'state' | 'depth'>): string {
  if (item.state === 'completed') return '已完成'
  if (item.state === 'reading') return `已读 ${Math.round(item.depth * 100)}%`
  return '未读'
}

/** A server-relative media URL (/api/media/…) made absolute where the app is not served by the API (mini-program). */
export function mediaUrl(url: string, apiOrigin: string): string {
  return apiOrigin && url.startsWith('/') ? `${apiOrigin}${url}` : url
}

export function formatDate(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return d.toISOString().slice(0, 10)
}
