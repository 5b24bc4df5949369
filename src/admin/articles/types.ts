export interface AdminArticle {
  id: string
  title: string
  summary: string
  coverImageId: string | null
  bodyMarkdown: string
  bodyHtml: string
  tags: string[]
  required: boolean
  audienceDepartmentIds: string[]
  status: 'draft' | 'scheduled' | 'published' | 'archived'
  publishAt: string | null
  publishedAt: string | null
  readingSeconds: number
  /** Published, and its subscription messages not queued by the push job yet. */
  pushPending: boolean
}

/** GET /admin/articles/:id: the article and its subscription messages by delivery status. */
export interface AdminArticleDetail {
  article: AdminArticle
  deliveries: Record<string, number>
}
