import Taro from '@tarojs/taro'
import type { ErrorOut } from '@contract/common'
import type { AttachmentOut, InboxOut, OfficersOut, TipAuditOut, TipCaseEnvelope, TipReceiptOut, TipTimelineOut } from '@contract/tips'
import { api, ApiError } from './api'
import { loadAuthImage } from './auth-image'

/** Answers of the tip routes, as the contract defines them (type-only: no zod in the bundle). */
export type { TipAuditEntryOut as AuditEntry, InboxItemOut as InboxItem, TipCaseOut as TipCase, TipReceiptOut as TipReceipt, TipTimelineOut as TipTimeline } from '@contract/tips'

export { TIP_STATUS_NAMES } from '@contract/labels'

export { newDraftId } from './secure-random'

/** Uploads one picked image for a tip draft (multipart through Taro.uploadFile). */
export async function uploadTipImage(draftId: string, filePath: string): Promise<string> {
  const res = await Taro.uploadFile({
    url: `${api.baseUrl}/tips/attachments`,
    filePath,
    name: 'file',
    formData: { draftId },
    header: { authorization: `Bearer ${api.getToken() ?? ''}` },
  })
  let body: Partial<AttachmentOut & ErrorOut> = {}
  try {
    body = JSON.parse(res.data)
  } catch {
    /* non-JSON answer */
  }
  if (res.statusCode !== 201 || !body.attachmentId) {
    throw new ApiError(res.statusCode, body.error?.code ?? 'UPLOAD_FAILED', body.error?.message ?? '图片上传失败')
  }
  return body.attachmentId
}

export interface TipForm {
  category: string
  description: string
  location: string
  occurredAt: string
  people: string
  anonymous: boolean
  contactName: string
  contactPhone: string
}

/**
 * Submits a tip naming its uploaded images. If an image has expired on the server the tip is
 * refused whole (409 ATTACHMENTS_MISSING, details.missing: the ids), never sent without it.
 */
export function submitTip(form: TipForm, attachmentIds: string[]) {
  return api.post<TipReceiptOut>('/tips', {
    category: form.category,
    description: form.description.trim(),
    location: form.location,
    occurredAt: form.occurredAt,
    people: form.people,
    anonymous: form.anonymous,
    ...(form.anonymous ? {} : { contact: { name: form.contactName, phone: form.contactPhone } }),
    attachmentIds,
  })
}

/** Ids the server reported as missing or expired in a 409 answer, if that is what it was. */
export function missingAttachments(err: unknown): string[] {
  if (!(err instanceof ApiError) || err.code !== 'ATTACHMENTS_MISSING') return []
  const missing = (err.details as { missing?: unknown } | undefined)?.missing
  return Array.isArray(missing) ? missing.filter((x): x is string => typeof x === 'string') : []
}

export const trackTip = (code: string, secret: string) => api.post<TipTimelineOut>('/tips/track', { code, secret })
export const addFollowUp = (code: string, secret: string, message: string) => api.post<TipTimelineOut>('/tips/track/follow-up', { code, secret, message })

// ---- Security office ----

export interface InboxFilters {
  status: string
  category: string
  /** Beijing days, YYYY-MM-DD, both included; '' for open. */
  from: string
  to: string
}

export const AUDIT_ACTION_NAMES: Record<string, string> = {
  list: '查看列表',
  read: '查看详情',
  attachment: '查看图片',
  status: '变更状态',
  note: '添加备注',
  assign: '指派承办人',
  'audit-view': '查看审计日志',
  'follow-up': '举报人补充',
}

/** A page of a paged answer (inbox, audit log). */
export type Paged = Pick<InboxOut, 'page' | 'pageSize' | 'total'>

export const pageCount = (p: Paged) => Math.max(1, Math.ceil(p.total / p.pageSize))

export const listInbox = (filters: InboxFilters, page: number) => api.get<InboxOut>('/security/tips', { query: { ...filters, page } })
export const getCase = (id: string) => api.get<TipCaseEnvelope>(`/security/tips/${id}`)
export const moveCase = (id: string, status: string, extra: { publicNote?: string; outcome?: string }) =>
  api.post<TipCaseEnvelope>(`/security/tips/${id}/status`, {
    status,
    ...(extra.publicNote?.trim() ? { publicNote: extra.publicNote.trim() } : {}),
    ...(extra.outcome?.trim() ? { outcome: extra.outcome.trim() } : {}),
  })
export const addCaseNote = (id: string, text: string) => api.post<TipCaseEnvelope>(`/security/tips/${id}/notes`, { text })
export const assignCase = (id: string, assigneeId: string) => api.put<TipCaseEnvelope>(`/security/tips/${id}/assignee`, { assigneeId })
export const listOfficers = () => api.get<OfficersOut>('/security/officers')
export const caseAudit = (id: string, page: number) => api.get<TipAuditOut>(`/security/tips/${id}/audit`, { query: { page } })

/**
 * Attachments need the officer's token: downloaded with it (a temporary file in WeChat, an
 * object URL in H5) rather than pushed through setData as base64 (1 MB limit).
 */
export async function loadCaseImage(tipId: string, index: number): Promise<string> {
  try {
    return await loadAuthImage(`/security/tips/${tipId}/attachments/${index}`)
  } catch (err) {
    if (err instanceof ApiError && err.status === 500) throw new ApiError(500, 'IMAGE_FAILED', '图片无法解密（密钥不匹配或数据被篡改）')
    throw err
  }
}
