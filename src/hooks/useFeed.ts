import { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { api } from '../services/api'
import { ensureSignedIn } from '../services/auth'
import { friendlyMessage } from '../services/errors'
import type { FeedItemOut as FeedItem, FeedOut } from '@contract/articles'
import { flushHeartbeats } from './useReadingTracker'

const PAGE_SIZE = 10

/** The news feed: first page on every show (states change after reading), more on reaching the bottom. */
export function useFeed() {
  const [items, setItems] = useState<FeedItem[]>([])
  const [hasMore, setHasMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const page = useRef(1)

  const load = useCallback(async (next: number) => {
    try {
      await ensureSignedIn()
      // Reading states include what is still queued (e.g. read offline), unless sending takes long.
      if (next === 1) await Promise.race([flushHeartbeats(), new Promise((r) => setTimeout(r, 1500))])
      const res = await api.get<FeedOut>('/articles', { query: { page: next, pageSize: PAGE_SIZE } })
      page.current = next
      setItems((prev) => (next === 1 ? res.items : [...prev, ...res.items]))
      setHasMore(res.hasMore)
      setError(null)
    } catch (e) {
      setError(friendlyMessage(e))
    }
  }, [])

  useDidShow(() => void load(1))
  useReachBottom(() => {
    if (hasMore) void load(page.current + 1)
  })
  /** Loads the first page again (the retry button of an error). */
  const reload = useCallback(() => void load(1), [load])
  return { items, hasMore, error, reload }
}
