import type { AttemptOut, ExamResultOut, LeaveOut, OpenPaperOut } from '@contract/quiz'
import Taro, { useDidHide } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api, ApiError } from '../../services/api'
import { ensureSignedIn } from '../../services/auth'
import { sheetState, toggleOption, type SheetState } from '../../services/quiz'

/** The open paper, and the result once handed in (from the contract, type-only). */
export type Paper = OpenPaperOut
export type PaperItem = Paper['items'][number]
export type Review = ExamResultOut

/** The result page of an attempt; `fresh` says it was just handed in (the page then announces points). */
export const resultUrl = (attemptId: string, fresh = false) => `/quizzes/exam/result?attemptId=${attemptId}${fresh ? '&fresh=1' : ''}`

/**
 * One exam attempt: the server draws the paper and keeps the time. Answers are saved as they
 * are chosen; leaving the page is reported; when the countdown (on the server's clock)
 * reaches zero the paper is handed in by itself — the server takes a submission a few
 * seconds late for network latency, and otherwise scores or refuses it as the exam says.
 * Once the attempt is closed (by the reader, the time or the leave limit) the result page
 * replaces this one, so it opens at its top with the score.
 */
export function useExamAttempt(examId: string) {
  const [paper, setPaper] = useState<Paper | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(Date.now())
  const [flagged, setFlagged] = useState<Set<string>>(new Set())
  const [finished, setFinished] = useState(false)
  const offset = useRef(0)
  const submitting = useRef(false)

  const showResult = (attemptId: string, fresh: boolean) => {
    setFinished(true)
    void Taro.redirectTo({ url: resultUrl(attemptId, fresh) })
  }

  useEffect(() => {
    void ensureSignedIn()
      .then(() => api.post<AttemptOut>(`/quiz/exams/${examId}/attempts`))
      .then((p) => {
        if (p.status !== 'open') return showResult(p.attemptId, false)
        offset.current = new Date(p.serverNow).getTime() - Date.now()
        setPaper(p)
      })
      .catch((e: Error) => setError(e.message))
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [examId])

  const handIn = async (auto: boolean) => {
    if (!paper || finished || submitting.current) return
    submitting.current = true
    try {
      await api.post<ExamResultOut>(`/quiz/attempts/${paper.attemptId}/submit`)
    } catch (e) {
      // Already closed by the server (time or leave limit): show what it recorded.
      if (e instanceof ApiError && (e.code === 'ALREADY_SUBMITTED' || e.code === 'TIME_UP')) {
        if (e.code === 'TIME_UP') void Taro.showToast({ title: e.message, icon: 'none' })
        return showResult(paper.attemptId, false)
      }
      setError((e as Error).message)
      submitting.current = false
      return
    }
    if (auto) void Taro.showToast({ title: '时间到，已自动交卷', icon: 'none' })
    showResult(paper.attemptId, true)
  }

  const remainingMs = paper ? new Date(paper.deadline).getTime() - (now + offset.current) : null
  useEffect(() => {
    if (remainingMs !== null && remainingMs <= 0) void handIn(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [remainingMs !== null && remainingMs <= 0])

  useDidHide(() => {
    if (!paper || finished) return
    void api.post<LeaveOut>(`/quiz/attempts/${paper.attemptId}/leave`).then((r) => {
      if (r.submitted) showResult(paper.attemptId, false)
      else setPaper((p) => (p ? { ...p, leaves: r.leaves } : p))
    })
  })

  const choose = async (item: PaperItem, optionId: string) => {
    if (!paper || finished) return
    const selected = toggleOption(item.type, item.selected ?? [], optionId)
    setPaper((p) => (p ? { ...p, items: p.items.map((i) => (i.id === item.id ? { ...i, selected } : i)) } : p))
    try {
      await api.put(`/quiz/attempts/${paper.attemptId}/answers`, { questionId: item.id, selected })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const toggleFlag = (questionId: string) =>
    setFlagged((f) => {
      const next = new Set(f)
      if (!next.delete(questionId)) next.add(questionId)
      return next
    })

  const sheet: SheetState[] = paper ? paper.items.map((i) => sheetState(i.selected, flagged.has(i.id))) : []
  const unanswered = paper ? paper.items.filter((i) => !i.selected?.length).length : 0

  return { paper, error, remainingMs, offset: offset.current, now, choose, flagged, toggleFlag, sheet, unanswered, handIn: () => handIn(false), finished }
}
