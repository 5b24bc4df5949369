import type { PointsOut } from '@contract/quiz'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api } from '../services/api'
import { pointsToastTitle } from '../services/quiz'
import { answeredItemState, flushHeartbeats } from './useReadingTracker'

const pointsToday = async (kind: 'article' | 'chapter') => (await api.get<PointsOut>('/quiz/points')).today.find((k) => k.kind === kind)?.earned ?? 0

/**
 * While a tracked item (article or chapter) is not completed, its state is checked every 10 s
 * (after the heartbeats are sent); when it completes, the reader is told, with the points it
 * earned ("+N 积分", else `doneTitle`). Nothing is shown for an item completed before it was opened.
 * Returns the last state read.
 */
export function useCompletionToast<S>(opts: {
  kind: 'article' | 'chapter'
  /** Identifies the item: a new id starts over. */
  id: string
  enabled: boolean
  read: () => Promise<S | null>
  isCompleted: (state: S) => boolean
  doneTitle: string
}): S | null {
  const [state, setState] = useState<S | null>(null)
  const pointsBefore = useRef<number | null>(null)
  const latest = useRef(opts)
  latest.current = opts
  const { kind, id, enabled } = opts
  useEffect(() => {
    if (!enabled) return
    let stopped = false
    pointsBefore.current = null
    const check = async () => {
      await flushHeartbeats()
      const s = await latest.current.read()
      if (stopped || !s) return
      setState(s)
      if (!latest.current.isCompleted(s)) {
        pointsBefore.current ??= await pointsToday(kind)
        return
      }
      clearInterval(timer)
      if (pointsBefore.current === null) return // already completed when opened
      const gained = (await pointsToday(kind)) - pointsBefore.current
      void Taro.showToast({ title: pointsToastTitle(gained) ?? latest.current.doneTitle, icon: 'none', duration: 2500 })
    }
    const timer = setInterval(() => void check().catch(() => undefined), 10_000)
    void check().catch(() => undefined)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [kind, id, enabled])
  return state
}

/**
 * The article page's "+N 积分" when this visit completes the article: its state is the server's
 * answer to the latest heartbeats (no extra request), or as loaded while none was answered yet.
 */
export function useArticleCompletionToast(article: { id: string; completed: boolean } | undefined) {
  const read = async () => (article?.completed ? article : (answeredItemState(`article:${article?.id}`) ?? article ?? null))
  useCompletionToast({ kind: 'article', id: article?.id ?? '', enabled: !!article, read, isCompleted: (s) => s.completed, doneTitle: '本文已读完' })
}
