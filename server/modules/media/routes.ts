import { z } from 'zod'
import { badRequest, notFound } from '../../errors'
import { binary, route } from '../../http/route'
import { mediaOut } from '../../../contract/articles'
import { objectId } from '../../../contract/common'
import { cleanImage, MAX_IMAGE_BYTES, readMultipart } from './images'
import { Media } from './model'

export const mediaRoutes = [
  route({
    method: 'post',
    path: '/api/admin/media',
    summary: '上传文章图片（检查内容并去除元数据）',
    tags: ['articles'],
    access: ['publicity_admin'],
    rawBody: true,
    status: 201,
    response: mediaOut,
    handler: async (ctx, { user }) => {
      const { files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: MAX_IMAGE_BYTES })
      if (files.length !== 1) throw badRequest('没有收到图片', undefined, 'NO_FILE')
      const image = await cleanImage(files[0])
      const media = await Media.create({ ...image, size: image.data.length, uploadedBy: user!.id })
      return { id: String(media._id), url: `/api/media/${media._id}`, width: image.width, height: image.height }
    },
  }),
  route({
    method: 'get',
    path: '/api/media/:id',
    summary: '文章图片',
    tags: ['articles'],
    access: 'public',
    params: z.object({ id: objectId }),
    response: binary('image/*'),
    handler: async (ctx, { params }) => {
      const media = await Media.findById(params.id).lean()
      if (!media) throw notFound('图片不存在')
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.type = media.contentType
      ctx.body = Buffer.from((media.data as unknown as { buffer: Uint8Array }).buffer)
      return undefined
    },
  }),
]
