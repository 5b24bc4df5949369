import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../services/api'
import { pickImages } from '../../services/media'
import { ensureSignedIn } from '../../services/auth'
import { formatTags, nextFullHour, parseTags, scheduleMoment } from './editor'
import type { AdminArticleEnvelope, PreviewOut } from '@contract/articles'
import type { AdminArticle, AdminArticleDetail } from './types'

export interface Draft {
  title: string
  summary: string
  bodyMarkdown: string
  coverImageId: string | null
  required: boolean
  audienceDepartmentIds: string[]
}

const EMPTY: Draft = { title: '', summary: '', bodyMarkdown: '', coverImageId: null, required: false, audienceDepartmentIds: [] }

/** Uploads a picked image to the media library. */
async function uploadImage(): Promise<{ id: string; url: string }> {
  const [filePath] = await pickImages(1)
  const res = await Taro.uploadFile({ url: `${api.baseUrl}/admin/media`, filePath, name: 'file', header: { authorization: `Bearer ${api.getToken() ?? ''}` } })
  const body = JSON.parse(res.data) as { id?: string; url?: string; error?: { message: string } }
  if (res.statusCode !== 201 || !body.url || !body.id) throw new Error(body.error?.message ?? '图片上传失败')
  return { id: body.id, url: body.url }
}

/** The article editor's state and actions (the page only lays them out). */
export function useArticleEditor(initialId?: string) {
  const [id, setId] = useState<string | undefined>(initialId)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [tagText, setTagText] = useState('')
  const [detail, setDetail] = useState<AdminArticleDetail | null>(null)
  const [preview, setPreview] = useState<string | null>(null)
  const [schedule, setSchedule] = useState(() => nextFullHour(new Date()))
  const [message, setMessage] = useState<string | null>(null)

  const load = async (articleId: string) => {
    const d = await api.get<AdminArticleDetail>(`/admin/articles/${articleId}`)
    setDetail(d)
    return d.article
  }

  useEffect(() => {
    if (!initialId) return
    void ensureSignedIn()
      .then(() => load(initialId))
      .then((a: AdminArticle) => {
        setDraft({
          title: a.title,
          summary: a.summary,
          bodyMarkdown: a.bodyMarkdown,
          coverImageId: a.coverImageId,
          required: a.required,
          audienceDepartmentIds: a.audienceDepartmentIds,
        })
        setTagText(formatTags(a.tags))
      })
      .catch((e: Error) => setMessage(e.message))
  }, [initialId])

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const toggleDepartment = (dept: string) =>
    set({ audienceDepartmentIds: draft.audienceDepartmentIds.includes(dept) ? draft.audienceDepartmentIds.filter((d) => d !== dept) : [...draft.audienceDepartmentIds, dept] })

  /** Saves and returns the article id (creating it the first time). */
  const save = async (): Promise<string> => {
    const { tags, error } = parseTags(tagText)
    if (error) throw new Error(error)
    const body = { ...draft, tags }
    const saved = id ? (await api.put<AdminArticleEnvelope>(`/admin/articles/${id}`, body)).article : (await api.post<AdminArticleEnvelope>('/admin/articles', body)).article
    setId(saved.id)
    await load(saved.id)
    return saved.id
  }

  const run = async (what: () => Promise<unknown>, done: string) => {
    setMessage(null)
    try {
      await what()
      setMessage(done)
    } catch (e) {
      setMessage((e as Error).message)
    }
  }

  return {
    id,
    draft,
    set,
    toggleDepartment,
    tagText,
    setTagText,
    detail,
    preview,
    schedule,
    setSchedule,
    message,
    insertImage: () => run(async () => set({ bodyMarkdown: draft.bodyMarkdown + `\n\n![](${(await uploadImage()).url})\n\n` }), '图片已插入'),
    uploadCover: () => run(async () => set({ coverImageId: (await uploadImage()).id }), '封面已上传，保存后生效'),
    removeCover: () => set({ coverImageId: null }),
    refreshPreview: () => run(async () => setPreview((await api.post<PreviewOut>('/admin/articles/preview', { bodyMarkdown: draft.bodyMarkdown })).html), '预览已更新'),
    saveDraft: () => run(save, '已保存'),
    publishNow: () =>
      run(async () => {
        const articleId = await save()
        await api.post(`/admin/articles/${articleId}/publish`)
        await load(articleId)
      }, '已发布'),
    scheduleAt: () =>
      run(async () => {
        const chosen = scheduleMoment(schedule.date, schedule.time, new Date())
        if (chosen.error !== null) throw new Error(chosen.error)
        const articleId = await save()
        await api.post(`/admin/articles/${articleId}/schedule`, { publishAt: chosen.at.toISOString() })
        await load(articleId)
      }, '已设置定时发布'),
    reload: () => (id ? run(() => load(id), '已刷新') : undefined),
  }
}
