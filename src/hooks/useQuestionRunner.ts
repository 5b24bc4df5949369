import { useState } from 'react'
import { isAnswerHeldBack, toggleOption, type QuizQuestion, type Revealed } from '../services/quiz'

/**
 * One-question-at-a-time answering with instant feedback (practice, daily quiz, review):
 * keeps the current selection and the revealed verdicts per question.
 */
export function useQuestionRunner(submitAnswer: (questionId: string, selected: string[]) => Promise<Revealed>) {
  const [selected, setSelected] = useState<Record<string, string[]>>({})
  const [revealed, setRevealed] = useState<Record<string, Revealed>>({})
  const [error, setError] = useState<string | null>(null)
  /** Questions the server would not judge now (isAnswerHeldBack): the page offers to go on. */
  const [heldBack, setHeldBack] = useState<Record<string, true>>({})

  return {
    selectedFor: (id: string) => selected[id] ?? revealed[id]?.selected ?? [],
    revealedFor: (id: string) => revealed[id] ?? null,
    heldBackFor: (id: string) => !!heldBack[id],
    toggle: (q: QuizQuestion, optionId: string) => setSelected((s) => ({ ...s, [q.id]: toggleOption(q.type, s[q.id] ?? [], optionId) })),
    preload: (entries: Record<string, Revealed>) => setRevealed((r) => ({ ...entries, ...r })),
    error,
    clearError: () => setError(null),
    async submit(q: QuizQuestion) {
      setError(null)
      const choice = selected[q.id] ?? []
      if (!choice.length) return setError('请先选择答案')
      try {
        const res = await submitAnswer(q.id, choice)
        setRevealed((r) => ({ ...r, [q.id]: { ...res, selected: choice } }))
      } catch (e) {
        setError((e as Error).message)
        if (isAnswerHeldBack(e)) setHeldBack((h) => ({ ...h, [q.id]: true }))
      }
    },
  }
}
