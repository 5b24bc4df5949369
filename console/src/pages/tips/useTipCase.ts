import { useEffect, useRef, useState } from 'react'
import type { OfficersOut, TipAuditOut, TipCaseEnvelope, TipCaseOut } from '@contract/tips'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { loadTipImage } from './tipImage'

/** One case for the security office: the case, its pictures (loaded on request: each view is audited), officers and the audit log. */
export function useTipCase(id: string) {
  const query = useApiQuery(`tip:${id}`, () => api.get<TipCaseEnvelope>(`/api/security/tips/${id}`))
  const officers = useApiQuery('officers', () => api.get<OfficersOut>('/api/security/officers')).data?.officers ?? []
  const [tip, setTip] = useState<TipCaseOut | null>(null)
  const [images, setImages] = useState<{ index: number; url: string | null; error: unknown }[]>([])
  const [imagesLoading, setImagesLoading] = useState(false)
  const [auditPage, setAuditPage] = useState(1)
  const [auditVersion, setAuditVersion] = useState(0)
  const audit = useApiQuery(`tip-audit:${id}:${auditPage}:${auditVersion}`, () => api.get<TipAuditOut>(`/api/security/tips/${id}/audit`, { page: auditPage }))
  const urls = useRef<string[]>([])

  useEffect(() => {
    if (query.data) setTip(query.data.tip)
  }, [query.data])
  // Object URLs hold the decrypted bytes in memory: released when the page closes.
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), [])

  /** Runs a change whose answer is the updated case, then refreshes the log. */
  const change = async (fn: () => Promise<TipCaseEnvelope>) => {
    setTip((await fn()).tip)
    setAuditVersion((v) => v + 1)
  }

  return {
    tip,
    error: query.error,
    reload: query.reload,
    officers,
    images,
    imagesLoading,
    showImages: async () => {
      if (!tip) return
      setImagesLoading(true)
      const loaded = await Promise.all(
        tip.attachments.map(async (a) => {
          try {
            const url = await loadTipImage(id, a.index)
            urls.current.push(url)
            return { index: a.index, url, error: null }
          } catch (error) {
            return { index: a.index, url: null, error }
          }
        }),
      )
      setImages(loaded)
      setImagesLoading(false)
      setAuditVersion((v) => v + 1)
    },
    move: (status: string, extra: { publicNote?: string; outcome?: string }) => change(() => api.post<TipCaseEnvelope>(`/api/security/tips/${id}/status`, { status, ...extra })),
    assign: (assigneeId: string) => change(() => api.put<TipCaseEnvelope>(`/api/security/tips/${id}/assignee`, { assigneeId })),
    addNote: (text: string) => change(() => api.post<TipCaseEnvelope>(`/api/security/tips/${id}/notes`, { text })),
    audit: audit.data,
    auditLoading: audit.loading,
    auditPage,
    setAuditPage,
  }
}
