import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { objectId } from '../campaigns/schema'
import { renderArticleBody } from './render'
import { ARTICLE_STATUSES } from './model'
import { adminArticleOut, articleCreate, articleOut, articlePatch, feedItemOut, scheduleInput } from './schema'
import {
  adminGetArticle,
  adminListArticles,
  archiveArticle,
  createArticle,
  myReadingProgress,
  publishArticle,
  readerArticle,
  readerFeed,
  scheduleArticle,
  unpublishArticle,
  updateArticle,
} from './service'

const idParams = z.object({ id: objectId })
const adminEnvelope = z.object({ article: adminArticleOut })

export function articleRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/articles',
      summary: '新闻列表（我的受众范围内，最新在前，含我的阅读状态）',
      tags: ['articles'],
      access: 'user',
      query: z.object({ campaignId: objectId.optional(), page: z.coerce.number().int().min(1).max(1000).default(1), pageSize: z.coerce.number().int().min(1).max(50).default(10) }),
      response: z.object({ items: z.array(feedItemOut), page: z.number(), hasMore: z.boolean() }),
      handler: (_ctx, { user, query }) => readerFeed(deps, user!.id, query),
    }),
    route({
      method: 'get',
      path: '/api/articles/:id',
      summary: '文章详情（已清洗的正文与我的进度）',
      tags: ['articles'],
      access: 'user',
      params: idParams,
      // How the reader came: `ch` from our own links (pages/article/index?id=…&ch=mp), `scene` from WeChat's launch options.
      query: z.object({ ch: z.string().max(8).optional(), scene: z.coerce.number().int().min(0).max(99999).optional() }),
      response: z.object({ article: articleOut }),
      handler: async (_ctx, { user, params, query }) => ({ article: await readerArticle(deps, user!.id, params.id, query) }),
    }),
    route({
      method: 'get',
      path: '/api/me/reading-progress',
      summary: '我的学习进度：已读、在读、尚未完成的必读文章',
      tags: ['articles'],
      access: 'user',
      query: z.object({ campaignId: objectId.optional() }),
      handler: (_ctx, { user, query }) => myReadingProgress(deps, user!.id, query.campaignId),
    }),
    route({
      method: 'get',
      path: '/api/admin/articles',
      summary: '文章管理列表',
      tags: ['articles'],
      access: 'article.publish',
      query: z.object({ campaignId: objectId.optional(), status: z.enum(ARTICLE_STATUSES).optional() }),
      response: z.object({ articles: z.array(adminArticleOut) }),
      handler: async (_ctx, { query }) => ({ articles: await adminListArticles(deps, query) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles',
      summary: '新建文章（草稿）',
      tags: ['articles'],
      access: 'article.publish',
      body: articleCreate,
      status: 201,
      response: adminEnvelope,
      handler: async (_ctx, { user, body }) => ({ article: await createArticle(deps, user!.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/preview',
      summary: '预览 Markdown 渲染结果（已清洗）',
      tags: ['articles'],
      access: 'article.publish',
      body: z.object({ bodyMarkdown: z.string().max(100_000) }).strict(),
      response: z.object({ html: z.string() }),
      handler: (_ctx, { body }) => ({ html: renderArticleBody(body.bodyMarkdown) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/articles/:id',
      summary: '文章详情（编辑用）',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      response: adminEnvelope.extend({ deliveries: z.record(z.string(), z.number()) }),
      handler: (_ctx, { params }) => adminGetArticle(params.id),
    }),
    route({
      method: 'put',
      path: '/api/admin/articles/:id',
      summary: '修改文章',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      body: articlePatch,
      response: adminEnvelope,
      handler: async (_ctx, { params, body }) => ({ article: await updateArticle(params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/:id/schedule',
      summary: '定时发布',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      body: scheduleInput,
      response: adminEnvelope,
      handler: async (_ctx, { params, body }) => ({ article: await scheduleArticle(deps, params.id, body.publishAt) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/:id/publish',
      summary: '立即发布（订阅消息由推送任务分批发送）',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      response: adminEnvelope,
      handler: async (_ctx, { params }) => ({ article: await publishArticle(deps, params.id) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/:id/unpublish',
      summary: '撤回为草稿',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      response: adminEnvelope,
      handler: async (_ctx, { params }) => ({ article: await unpublishArticle(params.id) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/articles/:id/archive',
      summary: '归档',
      tags: ['articles'],
      access: 'article.publish',
      params: idParams,
      response: adminEnvelope,
      handler: async (_ctx, { params }) => ({ article: await archiveArticle(params.id) }),
    }),
  ]
}
