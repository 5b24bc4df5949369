import Taro, { useDidHide, useDidShow, usePageScroll } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { api, ApiError } from '../services/api'
import { depthFromRect, HeartbeatQueue, ReadingTracker, type Heartbeat, type ItemRef, type SendResult } from '../services/tracker'
import { taroStorage } from '../services/taro-transport'

/** One queue for the whole app, persisted in storage. */
export const heartbeatQueue = new HeartbeatQueue({
  storage: taroStorage,
  send: (batch: Heartbeat[]) => api.post<SendResult>('/progress/heartbeats', { heartbeats: batch }, { idempotent: true }),
  isPermanentError: (err) => err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429,
})

Taro.onNetworkStatusChange?.((res) => {
  if (res.isConnected) void heartbeatQueue.flush()
})

const HEARTBEAT_MS = 10_000
const newSessionId = () => `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`

/**
 * Tracks reading of `item` on the current page. `contentSelector` names the element whose
 * bottom marks the end of the material.
 */
export function useReadingTracker(item: ItemRef | null, contentSelector: string) {
  const tracker = useRef<ReadingTracker | null>(null)

  const measure = () => {
    const t = tracker.current
    if (!t) return
    const windowHeight = Taro.getSystemInfoSync().windowHeight
    Taro.createSelectorQuery()
      .select(contentSelector)
      .boundingClientRect((rect) => {
        const r = Array.isArray(rect) ? rect[0] : rect
        if (r) t.reportDepth(depthFromRect({ top: r.top, height: r.height }, windowHeight))
      })
      .exec()
  }

  useEffect(() => {
    if (!item) return
    const t = new ReadingTracker(item, heartbeatQueue, { now: Date.now, newSessionId })
    tracker.current = t
    t.start()
    setTimeout(measure, 300)
    const timer = setInterval(() => t.tick(), HEARTBEAT_MS)
    const onVisibility = () => (document.visibilityState === 'hidden' ? t.hide() : t.show())
    if (process.env.TARO_ENV === 'h5') document.addEventListener('visibilitychange', onVisibility)
    return () => {
      clearInterval(timer)
      if (process.env.TARO_ENV === 'h5') document.removeEventListener('visibilitychange', onVisibility)
      t.stop()
      tracker.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item?.kind, item?.id])

  usePageScroll(() => measure())
  useDidShow(() => tracker.current?.show())
  useDidHide(() => tracker.current?.hide())

  return {
    /** Bind to the page root's onTouchStart: touches count as engagement. */
    onActivity: () => tracker.current?.reportActivity(),
    measure,
  }
}
