/** Shapes the server answers with (see GET /api/openapi.json). */
export interface SessionUser {
  id: string
  nickname: string
  roles: string[]
  username: string | null
  departmentId: string | null
  person: { id: string; number: string; name: string; type: string; departmentId: string; departmentName: string; className: string | null } | null
}

export interface Campaign {
  id: string
  slug: string
  title: string
  subtitle: string
  description: string
  startAt: string
  tipCategories: { code: string; name: string }[]
}

export type ReadingState = 'unread' | 'reading' | 'completed'

export interface FeedItem {
  id: string
  title: string
  summary: string
  coverUrl: string | null
  tags: string[]
  required: boolean
  publishedAt: string | null
  readingMinutes: number
  state: ReadingState
  depth: number
}

export interface ArticleDetail extends FeedItem {
  campaignId: string
  bodyHtml: string
  bodyNodes: import('./article-nodes').BodyNode[]
  completed: boolean
}
