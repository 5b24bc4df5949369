import type { AdminArticleOut } from '@contract/articles'
import { shanghaiMinute } from '@contract/calendar'
import { ARTICLE_STATUS_NAMES } from '@contract/labels'

/** The article form's values (antd Form). */
export interface ArticleFormValues {
  title: string
  summary: string
  tags: string[]
  required: boolean
  audienceDepartmentIds: string[]
  coverImageId: string | null
  bodyMarkdown: string
}

export const EMPTY_ARTICLE: ArticleFormValues = { title: '', summary: '', tags: [], required: false, audienceDepartmentIds: [], coverImageId: null, bodyMarkdown: '' }

export function formValuesOf(a: AdminArticleOut): ArticleFormValues {
  return {
    title: a.title,
    summary: a.summary,
    tags: a.tags,
    required: a.required,
    audienceDepartmentIds: a.audienceDepartmentIds,
    coverImageId: a.coverImageId,
    bodyMarkdown: a.bodyMarkdown,
  }
}

/** The body of POST/PUT /api/admin/articles: trimmed text, tags without blanks or repeats. */
export function articleBody(v: ArticleFormValues) {
  return {
    title: (v.title ?? '').trim(),
    summary: (v.summary ?? '').trim(),
    tags: [...new Set((v.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    required: !!v.required,
    audienceDepartmentIds: v.audienceDepartmentIds ?? [],
    coverImageId: v.coverImageId ?? null,
    bodyMarkdown: v.bodyMarkdown ?? '',
  }
}

/** 2026-11-27 09:00 in Beijing time, however the admin's computer is set. */
export const beijingTime = (iso: string): string => shanghaiMinute(new Date(iso))

/** 状态：定时发布（2026-12-01 09:00）, 已发布（2026-11-20 10:00）, 草稿. */
export function statusText(a: Pick<AdminArticleOut, 'status' | 'publishAt' | 'publishedAt'>): string {
  const name = ARTICLE_STATUS_NAMES[a.status]
  const when = a.status === 'scheduled' ? a.publishAt : a.status === 'published' ? a.publishedAt : null
  return when ? `${name}（${beijingTime(when)}）` : name
}

/** The cover's shape: WeChat's article cover (900×383, 2.35:1). */
export const COVER_ASPECT = 900 / 383
