import { ApiError, tokenStore } from '../../services/api'

/**
 * A tip's picture for an <img>. The route needs the session's bearer token, which an <img src>
 * cannot send (it would load a 401 answer as a broken picture), so the bytes are fetched with
 * the token and shown through an object URL. An answer that is not a non-empty image is an
 * error in Chinese, never a silently broken picture.
 */
export async function loadTipImage(tipId: string, index: number, fetcher: typeof fetch = fetch): Promise<string> {
  const token = tokenStore.get()
  let res: Response
  try {
    res = await fetcher(`/api/security/tips/${tipId}/attachments/${index}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败')
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    throw new ApiError(res.status, body?.error?.code ?? 'IMAGE_FAILED', body?.error?.message ?? `第 ${index + 1} 张图片加载失败`)
  }
  const blob = await res.blob()
  if (!blob.type.startsWith('image/') || blob.size === 0) throw new ApiError(422, 'IMAGE_EMPTY', `第 ${index + 1} 张图片内容为空或不是图片`)
  return URL.createObjectURL(blob)
}
