import sharp from 'sharp'
import type { TestServer } from './server'

/** Uploads a generated picture for a tip draft, as the tip form does (multipart), and returns the answer. */
export async function uploadTipPicture(t: TestServer, token: string, draftId: string, opts: { format?: 'png' | 'jpeg'; width?: number; height?: number } = {}) {
  const { format = 'jpeg', width = 8, height = 8 } = opts
  const image = await sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .toFormat(format)
    .toBuffer()
  const form = new FormData()
  form.append('draftId', draftId)
  form.append('file', new Blob([new Uint8Array(image)], { type: `image/${format}` }), format === 'png' ? 'evidence.png' : 'photo.jpg')
  return t.api('post', '/api/tips/attachments', { token, rawBody: form })
}
