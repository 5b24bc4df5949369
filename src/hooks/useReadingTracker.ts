import type { ItemStateOut } from '@contract/progress'
import Taro, { useDidHide, useDidShow, usePageScroll } from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { api } from '../services/api'
import { session } from '../services/auth'
import {
  DepthGauge,
  HeartbeatQueue,
  isPermanentSendError,
  keepQueueFlushed,
  materialRect,
  ReadingTracker,
  throttle,
  type Heartbeat,
  type ItemRef,
  type SendResult,
} from '../services/tracker'
import { taroStorage } from '../services/taro-transport'

/** Where each item stood in the server's latest answer to a heartbeat batch (completion toasts read it). */
const answeredItemStates = new Map<string, ItemStateOut>()
export const answeredItemState = (itemKey: string) => answeredItemStates.get(itemKey) ?? null

/** One queue for the whole app, persisted in storage. */
export const heartbeatQueue = new HeartbeatQueue({
  storage: taroStorage,
  send: async (batch: Heartbeat[], sentAt: number) => {
    const res = await api.post<SendResult & { items?: ItemStateOut[] }>('/progress/heartbeats', { heartbeats: batch, sentAt }, { idempotent: true })
    for (const item of res.items ?? []) answeredItemStates.set(item.itemKey, item)
    return res
  },
  isPermanentError: isPermanentSendError,
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
/** Scroll measurements at most every 250 ms (plus one at the end of a scroll). */
const SCROLL_MEASURE_MS = 250
const timers = { now: Date.now, setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) }

/** The visible height of the page (getWindowInfo; the older system-info call is deprecated). */
function windowHeight(): number {
  const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : null
  return info?.windowHeight ?? (typeof window !== 'undefined' ? window.innerHeight : 0)
}
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

  /** Measures the layout (a SelectorQuery round trip to the render layer). */
  const measure = () => {
    const t = tracker.current
    if (!t) return
    const viewportHeight = windowHeight()
    const query = Taro.createSelectorQuery()
    query.select(contentSelector).boundingClientRect()
    if (endSelector) query.select(endSelector).boundingClientRect()
    query.exec((rects: Rect[]) => {
      const [content, end] = (rects ?? []).map((r) => (Array.isArray(r) ? r[0] : r) as Rect)
      if (!content || tracker.current !== t) return
      const depth = gauge.current.read({ rect: materialRect(content, endSelector ? end : undefined), viewportHeight, pendingImages: pendingImages(contentSelector) })
      if (depth !== null) t.observeDepth(depth)
    })
  }

  const scrollMeasure = useRef(throttle(() => measure(), SCROLL_MEASURE_MS, timers))
  useEffect(() => () => scrollMeasure.current.cancel(), [])

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

  // Scrolling is engagement at once; the layout is measured at most every 250 ms.
  usePageScroll(() => {
    tracker.current?.reportActivity()
    scrollMeasure.current.call()
  })
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
