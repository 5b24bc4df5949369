import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { addCaseNote, assignCase, caseAudit, getCase, listOfficers, loadCaseImage, moveCase, pageCount, type AuditEntry, type Paged, type TipCase } from '../../services/tips'

/** One case for the security office: details, workflow, notes, assignee, images and its audit log. */
export function useTipCase(id: string) {
  const { data, error, setData } = useApi(() => getCase(id), [id])
  const officers = useApi(() => listOfficers()).data?.officers ?? []
  const [message, setMessage] = useState<string | null>(null)
  const [images, setImages] = useState<string[]>([])
  const [audit, setAudit] = useState<({ entries: AuditEntry[] } & Paged) | null>(null)

  /** Runs a change; the answer is the updated case. Returns whether it worked. */
  const act = async (fn: () => Promise<{ tip: TipCase }>): Promise<boolean> => {
    setMessage(null)
    try {
      setData(await fn())
      return true
    } catch (e) {
      setMessage((e as Error).message)
      return false
    }
  }
  const tip = data?.tip ?? null

  return {
    tip,
    error,
    message,
    officers,
    images,
    move: (status: string, extra: { publicNote?: string; outcome?: string }) => act(() => moveCase(id, status, extra)),
    addNote: (text: string) => act(() => addCaseNote(id, text)),
    assign: (assigneeId: string) => act(() => assignCase(id, assigneeId)),
    showImages: async () => {
      setMessage(null)
      try {
        setImages(await Promise.all((tip?.attachments ?? []).map((a) => loadCaseImage(id, a.index))))
      } catch (e) {
        setMessage((e as Error).message)
      }
    },
    audit,
    auditPages: audit ? pageCount(audit) : 1,
    showAudit: async (page = 1) => {
      setMessage(null)
      try {
        setAudit(await caseAudit(id, page))
      } catch (e) {
        setMessage((e as Error).message)
      }
    },
  }
}
