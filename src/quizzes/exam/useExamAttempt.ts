import type { AttemptOut, ExamResultOut, LeaveOut, OpenPaperOut } from '@contract/quiz'
import Taro, { useDidHide } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { api, ApiError } from '../../services/api'
import { ensureSignedIn } from '../../services/auth'
import { toggleOption } from '../../services/quiz'

/** The open paper, and the result once handed in (from the contract, type-only). */
export type Paper = OpenPaperOut
export type PaperItem = Paper['items'][number]
export type Review = ExamResultOut

/**
 * One exam attempt: the server draws the paper and keeps the time. Answers are saved as they
 * are chosen; leaving the page is reported; when the countdown (on the server's clock)
 * reaches zero the paper is handed in by itself — the server takes a submission a few
 * seconds late for network latency, and otherwise scores or refuses it as the exam says.
 */
export function useExamAttempt(examId: string) {
  const [paper, setPaper] = useState<Paper | null>(null)
  const [review, setReview] = useState<Review | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(Date.now())
  const offset = useRef(0)
  const submitting = useRef(false)

  useEffect(() => {
    void ensureSignedIn()
      .then(() => api.post<AttemptOut>(`/quiz/exams/${examId}/attempts`))
      .then((p) => {
        if (p.status !== 'open') return setReview(p.result)
        offset.current = new Date(p.serverNow).getTime() - Date.now()
        setPaper(p)
      })
      .catch((e: Error) => setError(e.message))
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [examId])

  const loadReview = async (attemptId: string) => {
    try {
      setReview(await api.get<ExamResultOut>(`/quiz/attempts/${attemptId}/review`))
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const handIn = async (auto: boolean) => {
    if (!paper || review || submitting.current) return
    submitting.current = true
    try {
      setReview(await api.post<ExamResultOut>(`/quiz/attempts/${paper.attemptId}/submit`))
    } catch (e) {
      // Already closed by the server (time or leave limit): show what it recorded.
      if (e instanceof ApiError && (e.code === 'ALREADY_SUBMITTED' || e.code === 'TIME_UP')) {
        if (e.code === 'TIME_UP') void Taro.showToast({ title: e.message, icon: 'none' })
        await loadReview(paper.attemptId)
      } else {
        setError((e as Error).message)
        submitting.current = false
      }
      return
    }
    if (auto) void Taro.showToast({ title: '时间到，已自动交卷', icon: 'none' })
  }

  const remainingMs = paper ? new Date(paper.deadline).getTime() - (now + offset.current) : null
  useEffect(() => {
    if (remainingMs !== null && remainingMs <= 0) void handIn(true)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [remainingMs !== null && remainingMs <= 0])

  useDidHide(() => {
    if (!paper || review) return
    void api.post<LeaveOut>(`/quiz/attempts/${paper.attemptId}/leave`).then(async (r) => {
      if (r.submitted) await loadReview(paper.attemptId)
      else setPaper((p) => (p ? { ...p, leaves: r.leaves } : p))
    })
  })

  const choose = async (item: PaperItem, optionId: string) => {
    if (!paper || review) return
    const selected = toggleOption(item.type, item.selected ?? [], optionId)
    setPaper({ ...paper, items: paper.items.map((i) => (i.id === item.id ? { ...i, selected } : i)) })
    try {
      await api.put(`/quiz/attempts/${paper.attemptId}/answers`, { questionId: item.id, selected })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const submit = async () => {
    if (!paper) return
    const unanswered = paper.items.filter((i) => !i.selected?.length).length
    if (unanswered && !(await Taro.showModal({ title: '确认交卷', content: `还有 ${unanswered} 题未作答，确定交卷吗？` })).confirm) return
    await handIn(false)
  }

  return { paper, review, error, remainingMs, offset: offset.current, now, choose, submit }
}
