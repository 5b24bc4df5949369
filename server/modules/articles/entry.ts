import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { conflict, notFound } from '../../errors'
import { binary, route } from '../../http/route'
import { callWechat } from '../../wechat/http'
import { articleEntryOut, urlLinkOut } from '../../../contract/articles'
import { idParams } from '../../../contract/common'
import { codeScene, type Channel } from '../channels/channels'
import { Article } from './model'

/**
 * Ways into a published article from outside the mini-program, for the publicity office:
 *  - its mini-program path with a channel (`ch`), to paste into 公众号 articles and menus;
 *  - a 小程序码 (wxa/getwxacodeunlimit) whose scene carries the article and channel, for
 *    posters and 公众号 articles;
 *  - a URL Link (wxa/generate_urllink) for SMS, QQ groups and 公众号 menus.
 * Codes and links are made once and kept (WeChat limits how many can be made a day); a link
 * is made again when it has less than a day left.
 */
export const ARTICLE_PAGE = 'pages/article/index'
export const articlePath = (id: string, ch?: Channel) => `${ARTICLE_PAGE}?id=${id}${ch ? `&ch=${ch}` : ''}`

/** URL Links live at most 30 days (WeChat's limit). */
const LINK_DAYS = 30
const DAY_MS = 24 * 3600_000

const entryCacheSchema = new Schema({ _id: String, url: String, expiresAt: Date, bytes: Buffer, contentType: String, createdAt: Date }, { versionKey: false })
const EntryCache = mongoose.models.WechatEntry ?? mongoose.model('WechatEntry', entryCacheSchema, 'wechat_entries')

async function publishedArticle(id: string) {
  const article = await Article.findById(id, { status: 1, title: 1 }).lean()
  if (!article) throw notFound('文章不存在', 'ARTICLE_NOT_FOUND')
  if (article.status !== 'published') throw conflict('文章发布后才能生成小程序码和链接', 'ARTICLE_NOT_PUBLISHED')
  return article
}

const CODE_CHANNELS = ['code', 'mp'] as const
const LINK_CHANNELS = ['link', 'mp'] as const

export async function articleCode(deps: AppDeps, id: string, ch: (typeof CODE_CHANNELS)[number]) {
  await publishedArticle(id)
  const key = `code:${id}:${ch}`
  const cached = await EntryCache.findById(key).lean<{ bytes: Buffer; contentType: string }>()
  if (cached?.bytes) return { bytes: Buffer.from(cached.bytes), contentType: cached.contentType }
  const code = await deps.wechat.getUnlimitedCode({ scene: codeScene(id, ch), page: ARTICLE_PAGE, width: 430 })
  await EntryCache.updateOne({ _id: key }, { $set: { bytes: code.bytes, contentType: code.contentType, createdAt: deps.clock.now() } }, { upsert: true })
  return code
}

export async function articleUrlLink(deps: AppDeps, id: string, ch: (typeof LINK_CHANNELS)[number]) {
  await publishedArticle(id)
  const key = `link:${id}:${ch}`
  const now = deps.clock.now().getTime()
  const cached = await EntryCache.findById(key).lean<{ url: string; expiresAt: Date }>()
  if (cached?.url && cached.expiresAt.getTime() - now > DAY_MS) return { url: cached.url, expiresAt: cached.expiresAt.toISOString() }
  const url = await deps.wechat.generateUrlLink({ path: ARTICLE_PAGE, query: `id=${id}&ch=${ch}`, days: LINK_DAYS })
  const expiresAt = new Date(now + LINK_DAYS * DAY_MS)
  await EntryCache.updateOne({ _id: key }, { $set: { url, expiresAt, createdAt: new Date(now) } }, { upsert: true })
  return { url, expiresAt: expiresAt.toISOString() }
}

export function articleEntryRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/admin/articles/:id/entry',
      summary: '文章的小程序路径（带渠道）与已生成的 URL Link',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      response: articleEntryOut,
      handler: async (_ctx, { params }) => {
        const article = await Article.findById(params.id, { status: 1 }).lean()
        if (!article) throw notFound('文章不存在', 'ARTICLE_NOT_FOUND')
        const cached = await EntryCache.findById(`link:${params.id}:link`).lean<{ url: string; expiresAt: Date }>()
        const live = cached?.url && cached.expiresAt.getTime() > deps.clock.now().getTime()
        return {
          paths: { mp: articlePath(params.id, 'mp'), plain: articlePath(params.id) },
          urlLink: live ? { url: cached!.url, expiresAt: cached!.expiresAt.toISOString() } : null,
          published: article.status === 'published',
        }
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/:id/url-link',
      summary: '生成（或取回未过期的）文章 URL Link，用于短信、QQ群、公众号菜单（30 天有效）',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      body: z.object({ ch: z.enum(LINK_CHANNELS).default('link') }).strict(),
      response: urlLinkOut,
      handler: async (ctx, { params, body }) => ({ urlLink: await callWechat(ctx, () => articleUrlLink(deps, params.id, body.ch)) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/articles/:id/wxacode',
      summary: '文章小程序码（JPEG 图片，scene 带文章与渠道）；download=1 时作为附件下载',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      query: z.object({ ch: z.enum(CODE_CHANNELS).default('code'), download: z.enum(['0', '1']).optional() }),
      response: binary('image/*'),
      handler: async (ctx, { params, query }) => {
        const code = await callWechat(ctx, () => articleCode(deps, params.id, query.ch))
        ctx.type = code.contentType
        ctx.set('Cache-Control', 'private, max-age=3600')
        if (query.download === '1') ctx.attachment(`article-${params.id}-${query.ch}.jpg`)
        ctx.body = code.bytes
        return undefined
      },
    }),
  ]
}
