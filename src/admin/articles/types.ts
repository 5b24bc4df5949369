export interface AdminArticle {
  id: string
  title: string
  summary: string
  bodyMarkdown: string
  bodyHtml: string
  tags: string[]
  required: boolean
  audienceDepartmentIds: string[]
  status: 'draft' | 'scheduled' | 'published' | 'archived'
  publishAt: string | null
  publishedAt: string | null
  readingSeconds: number
}
