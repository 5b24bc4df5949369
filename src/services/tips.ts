import Taro from '@tarojs/taro'
import { api, ApiError } from './api'

export interface TipReceipt {
  trackingCode: string
  secret: string
  status: string
}

export interface TipTimeline {
  status: string
  statusName: string
  category: string
  timeline: { status: string; statusName: string; at: string; note: string | null }[]
  followUps: number
  attachments: number
}

export const TIP_STATUS_NAMES: Record<string, string> = { received: '已受理', verifying: '核查中', transferred: '已移交公安', closed: '已办结' }
/** The workflow, as the server enforces it. */
export const NEXT_STATUSES: Record<string, string[]> = { received: ['verifying'], verifying: ['transferred', 'closed'], transferred: ['closed'], closed: [] }

/** A random id that groups a form's images on the server without naming the reporter. */
export function newDraftId(): string {
  return `d-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
}

/** Uploads one picked image for a tip draft (multipart through Taro.uploadFile). */
export async function uploadTipImage(draftId: string, filePath: string): Promise<string> {
  const res = await Taro.uploadFile({
    url: `${api.baseUrl}/tips/attachments`,
    filePath,
    name: 'file',
    formData: { draftId },
    header: { authorization: `Bearer ${api.getToken() ?? ''}` },
  })
  let body: { attachmentId?: string; error?: { code: string; message: string } } = {}
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

export const trackTip = (code: string, secret: string) => api.post<TipTimeline>('/tips/track', { code, secret })
export const addFollowUp = (code: string, secret: string, message: string) => api.post<TipTimeline>('/tips/track/follow-up', { code, secret, message })
