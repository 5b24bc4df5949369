import { App, type FormInstance } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import type { AdminArticleDetailOut, AdminArticleEnvelope, AdminArticleOut } from '@contract/articles'
import type { DepartmentListOut } from '@contract/roster'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { applyServerErrors } from '../../services/forms'
import { articleBody, type ArticleFormValues } from './articleForm'

/** The article being edited and the departments to choose its audience from. */
export function useArticleData(id: string | undefined) {
  const detail = useApiQuery(id ? `article:${id}` : null, () => api.get<AdminArticleDetailOut>(`/api/admin/articles/${id}`))
  const departments = useApiQuery('departments', () => api.get<DepartmentListOut>('/api/departments'))
  return {
    detail: detail.data,
    departments: departments.data?.departments ?? [],
    loading: (!!id && !detail.data && !detail.error) || (!departments.data && !departments.error),
    error: detail.error ?? departments.error,
    reload: () => {
      detail.reload()
      departments.reload()
    },
  }
}

/**
 * Saving and publishing: every action saves the form first (a new article is created and the
 * page moves to its address), then moves the article along; server field errors land on the form.
 */
export function useArticleActions(form: FormInstance<ArticleFormValues>, initial: AdminArticleOut | undefined, onCreated: (id: string) => void) {
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [article, setArticle] = useState(initial)
  const [busy, setBusy] = useState<string | null>(null)

  const save = async (): Promise<AdminArticleOut | null> => {
    let values: ArticleFormValues
    try {
      values = await form.validateFields()
    } catch {
      void message.error('请先改正标红的项')
      return null
    }
    try {
      const body = articleBody({ ...form.getFieldsValue(true), ...values })
      const saved = article
        ? (await api.put<AdminArticleEnvelope>(`/api/admin/articles/${article.id}`, body)).article
        : (await api.post<AdminArticleEnvelope>('/api/admin/articles', body)).article
      setArticle(saved)
      if (!article) {
        onCreated(saved.id)
        navigate(`/articles/${saved.id}`, { replace: true })
      }
      return saved
    } catch (err) {
      const rest = applyServerErrors(form, err)
      if (rest) void message.error(rest)
      return null
    }
  }

  const act = async (name: string, step: (a: AdminArticleOut) => Promise<AdminArticleEnvelope>, done: string) => {
    setBusy(name)
    try {
      const saved = await save()
      if (!saved) return
      const { article: next } = await step(saved)
      setArticle(next)
      void message.success(done)
    } catch (err) {
      void message.error(friendlyMessage(err))
    } finally {
      setBusy(null)
    }
  }

  return {
    article,
    busy,
    save: () => act('save', async (a) => ({ article: a }), '已保存'),
    publish: () => act('publish', (a) => api.post<AdminArticleEnvelope>(`/api/admin/articles/${a.id}/publish`), '已发布'),
    schedule: (at: Date) => act('schedule', (a) => api.post<AdminArticleEnvelope>(`/api/admin/articles/${a.id}/schedule`, { publishAt: at.toISOString() }), '已设为定时发布'),
    unpublish: async () => {
      if (!article) return
      setArticle((await api.post<AdminArticleEnvelope>(`/api/admin/articles/${article.id}/unpublish`)).article)
    },
  }
}
