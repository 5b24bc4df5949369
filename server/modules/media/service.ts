import { badRequest, notFound } from '../../errors'
import { cleanImage, type UploadedFile } from './images'
import { Media } from './model'

/** Stores one uploaded article image, checked by content and stripped of metadata. */
export async function saveArticleImage(files: UploadedFile[], uploadedBy: string) {
  if (files.length !== 1) throw badRequest('没有收到图片', 'NO_FILE')
  const image = await cleanImage(files[0])
  const media = await Media.create({ ...image, size: image.data.length, uploadedBy })
  return { id: String(media._id), url: `/api/media/${media._id}`, width: image.width, height: image.height }
}

export async function loadArticleImage(id: string): Promise<{ contentType: string; data: Buffer }> {
  const media = await Media.findById(id).lean()
  if (!media) throw notFound('图片不存在')
  return { contentType: media.contentType, data: Buffer.from((media.data as unknown as { buffer: Uint8Array }).buffer) }
}
