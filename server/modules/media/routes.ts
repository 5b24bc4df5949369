import { z } from 'zod'
import { binary, route } from '../../http/route'
import { mediaOut } from '../../../contract/articles'
import { objectId } from '../../../contract/common'
import { MAX_IMAGE_BYTES, readMultipart } from './images'
import { loadArticleImage, saveArticleImage } from './service'

export const mediaRoutes = [
  route({
    method: 'post',
    path: '/api/admin/media',
    summary: '上传文章图片（检查内容并去除元数据）',
    tags: ['articles'],
    access: 'media.upload',
    rawBody: true,
    status: 201,
    response: mediaOut,
    handler: async (ctx, { user }) => {
      const { files } = await readMultipart(ctx.req, { maxFiles: 1, maxFileBytes: MAX_IMAGE_BYTES })
      return saveArticleImage(files, user!.id)
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
      const image = await loadArticleImage(params.id)
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable')
      ctx.type = image.contentType
      ctx.body = image.data
      return undefined
    },
  }),
]
