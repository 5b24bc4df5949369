import Taro, { useDidHide, useDidShow, usePageScroll } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { api, ApiError } from '../services/api'
import { session } from '../services/auth'
import { DepthGauge, HeartbeatQueue, keepQueueFlushed, materialRect, ReadingTracker, type Heartbeat, type ItemRef, type SendResult } from '../services/tracker'
import { taroStorage } from '../services/taro-transport'

/** One queue for the whole app, persisted in storage. */
export const heartbeatQueue = new HeartbeatQueue({
  storage: taroStorage,
  send: (batch: Heartbeat[], sentAt: number) => api.post<SendResult>('/progress/heartbeats', { heartbeats: batch, sentAt }, { idempotent: true }),
  isPermanentError: (err) => err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429,
})

// Queued heartbeats go out at launch (this module loads with the first page), after signing
// in, and when the network comes back; not only when the next heartbeat is queued.
keepQueueFlushed(heartbeatQueue, [
  (flush) => session.subscribe((user) => user && flush()),
  (flush) => {
    Taro.onNetworkStatusChange?.((res) => res.isConnected && flush())
  },
])

/** Sends what is queued (e.g. before loading reading states); never throws. */
export const flushHeartbeats = () => heartbeatQueue.flush().catch(() => undefined)

const HEARTBEAT_MS = 10_000
const newSessionId = () => `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`

type Rect = { top: number; height: number } | null

/**
 * Tracks reading of `item` on the current page. `contentSelector` names the element that
 * holds the material; `endSelector`, when given, an element at its very end (the material
 * is read to the end once the marker's bottom has been on screen).
 */
export function useReadingTracker(item: ItemRef | null, contentSelector: string, endSelector?: string) {
  const tracker = useRef<ReadingTracker | null>(null)
  const gauge = useRef(new DepthGauge({ now: Date.now }))

  /** Measures the layout; `byReader` when the reader caused it (scrolling), which is engagement. */
  const measure = (byReader = false) => {
    const t = tracker.current
    if (!t) return
    if (byReader) t.reportActivity()
    const windowHeight = Taro.getSystemInfoSync().windowHeight
    const query = Taro.createSelectorQuery()
    query.select(contentSelector).boundingClientRect()
    if (endSelector) query.select(endSelector).boundingClientRect()
    query.exec((rects: Rect[]) => {
      const [content, end] = (rects ?? []).map((r) => (Array.isArray(r) ? r[0] : r) as Rect)
      if (!content || tracker.current !== t) return
      const depth = gauge.current.read({ rect: materialRect(content, endSelector ? end : undefined), viewportHeight: windowHeight, pendingImages: pendingImages(contentSelector) })
      if (depth !== null) t.observeDepth(depth)
    })
  }

  useEffect(() => {
    if (!item) return
    const t = new ReadingTracker(item, heartbeatQueue, { now: Date.now, newSessionId })
    tracker.current = t
    gauge.current = new DepthGauge({ now: Date.now })
    t.start()
    // Layout settles over the first seconds (images); readings before that are ignored.
    const early = [300, 1500, 4000].map((ms) => setTimeout(() => measure(), ms))
    const timer = setInterval(() => {
      measure()
      t.tick()
    }, HEARTBEAT_MS)
    const onVisibility = () => (document.visibilityState === 'hidden' ? t.hide() : t.show())
    // H5: an image in the material finished loading (load events do not bubble; capture them).
    const onLoad = (e: Event) => (e.target as Element | null)?.tagName === 'IMG' && measure()
    if (process.env.TARO_ENV === 'h5') {
      document.addEventListener('visibilitychange', onVisibility)
      document.addEventListener('load', onLoad, true)
    }
    return () => {
      early.forEach(clearTimeout)
      clearInterval(timer)
      if (process.env.TARO_ENV === 'h5') {
        document.removeEventListener('visibilitychange', onVisibility)
        document.removeEventListener('load', onLoad, true)
      }
      t.stop()
      tracker.current = null
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item?.kind, item?.id])

  usePageScroll(() => measure(true))
  useDidShow(() => tracker.current?.show())
  useDidHide(() => tracker.current?.hide())

  return {
    /** Bind to the page root's onTouchStart: touches count as engagement. */
    onActivity: () => tracker.current?.reportActivity(),
    measure,
  }
}

/** H5: images in the material still loading. The mini-program's rich text does not expose its images (undefined). */
function pendingImages(contentSelector: string): number | undefined {
  if (process.env.TARO_ENV !== 'h5') return undefined
  return Array.from(document.querySelectorAll<HTMLImageElement>(`${contentSelector} img`)).filter((img) => !img.complete).length
}
