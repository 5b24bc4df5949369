import Taro from '@tarojs/taro'
import { api, ApiError } from './api'

/**
 * An image the API serves only to a signed-in user (tip pictures, 小程序码), as something an
 * <Image> can show without pushing bytes through setData (1 MB limit): in WeChat a temporary
 * file from downloadFile with the session header, in H5 an object URL of the fetched blob.
 */
export async function loadAuthImage(path: string): Promise<string> {
  const url = `${api.baseUrl}${path}`
  const header = { authorization: `Bearer ${api.getToken() ?? ''}` }
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header })
    if (!res.ok) throw new ApiError(res.status, 'IMAGE_FAILED', await errorMessage(res))
    return URL.createObjectURL(await res.blob())
  }
  const res = await Taro.downloadFile({ url, header })
  if (res.statusCode !== 200) throw new ApiError(res.statusCode, 'IMAGE_FAILED', `图片加载失败（HTTP ${res.statusCode}）`)
  return res.tempFilePath
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: { message?: string } }
    if (body.error?.message) return body.error.message
  } catch {
    /* not JSON */
  }
  return `图片加载失败（HTTP ${res.status}）`
}

/** Saves a loaded image: a download in H5, the photo album in WeChat (a privacy API). */
export async function saveImage(src: string, filename: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a')
    a.href = src
    a.download = filename
    a.click()
    return
  }
  await Taro.saveImageToPhotosAlbum({ filePath: src })
}
