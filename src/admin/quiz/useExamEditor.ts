import type { AdminExamOut } from '@contract/quiz'
import { useState } from 'react'
import { api } from '../../services/api'
import { draftFromExam, emptyDraft, examBody, type ExamDraft, type RuleDraft } from './examForm'

export type ExamRow = AdminExamOut

/** Draft state of the exam form and saving it (create, or update the exam being edited). */
export function useExamEditor(onSaved: (message: string) => void | Promise<void>) {
  const [draft, setDraft] = useState<ExamDraft>(() => emptyDraft(new Date()))
  const [editingId, setEditingId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const set = (patch: Partial<ExamDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const setRule = (index: number, patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, rules: d.rules.map((r, i) => (i === index ? { ...r, ...patch } : r)) }))

  return {
    draft,
    editingId,
    error,
    set,
    setRule,
    addRule: () => setDraft((d) => ({ ...d, rules: [...d.rules, { chapterId: null, type: null, count: '5', points: '5' }] })),
    removeRule: (index: number) => setDraft((d) => ({ ...d, rules: d.rules.filter((_, i) => i !== index) })),
    edit: (exam: ExamRow) => {
      setEditingId(exam.id)
      setDraft(draftFromExam(exam))
      setError(null)
    },
    reset: () => {
      setEditingId(null)
      setDraft(emptyDraft(new Date()))
      setError(null)
    },
    async save() {
      const { body, error: problem } = examBody(draft)
      setError(problem)
      if (!body) return
      try {
        if (editingId) await api.put(`/admin/exams/${editingId}`, body)
        else await api.post('/admin/exams', body)
      } catch (e) {
        setError((e as Error).message)
        return
      }
      const message = editingId ? '已保存修改（已开始的作答不受影响）' : body.published ? '已创建并发布' : '已创建（未发布）'
      setEditingId(null)
      setDraft(emptyDraft(new Date()))
      await onSaved(message)
    },
  }
}
