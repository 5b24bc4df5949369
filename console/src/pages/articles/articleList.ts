import type { AdminArticleListQuery } from '@contract/articles'

/** What the table hands over: its page, the search form's values and the clicked column sort. */
export interface TableParams {
  current?: number
  pageSize?: number
  title?: string
  status?: string
}
export type TableSort = Record<string, 'ascend' | 'descend' | null>

const SORTABLE = ['updatedAt', 'publishedAt', 'title'] as const
const STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const

/** The table's state → GET /api/admin/articles query (server-side paging, filter and sort). */
export function articleListQuery(params: TableParams, sort: TableSort): AdminArticleListQuery {
  const [key, direction] = Object.entries(sort).find(([, d]) => d) ?? []
  const sortKey = SORTABLE.find((s) => s === key)
  const status = STATUSES.find((s) => s === params.status)
  return {
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 10,
    ...(params.title?.trim() ? { q: params.title.trim() } : {}),
    ...(status ? { status } : {}),
    ...(sortKey ? { sort: sortKey, order: direction === 'ascend' ? 'asc' : 'desc' } : {}),
  }
}
