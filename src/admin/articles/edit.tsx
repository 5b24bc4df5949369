import { Button, Input, RichText, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../services/api'
import { ensureSignedIn } from '../../services/auth'
import { useApi } from '../../hooks/useApi'
import type { AdminArticle } from './types'

interface Draft {
  title: string
  summary: string
  bodyMarkdown: string
  required: boolean
  audienceDepartmentIds: string[]
}

const EMPTY: Draft = { title: '', summary: '', bodyMarkdown: '', required: false, audienceDepartmentIds: [] }

/** Uploads a picked image to the media library and returns its Markdown. */
async function uploadImage(): Promise<string> {
  const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'] })
  const res = await Taro.uploadFile({ url: `${api.baseUrl}/admin/media`, filePath: picked.tempFilePaths[0], name: 'file', header: { authorization: `Bearer ${api.getToken() ?? ''}` } })
  const body = JSON.parse(res.data) as { url?: string; error?: { message: string } }
  if (res.statusCode !== 201 || !body.url) throw new Error(body.error?.message ?? '图片上传失败')
  return `\n\n![](${body.url})\n\n`
}

export default function EditArticle() {
  const { params } = useRouter()
  const [id, setId] = useState<string | undefined>(params.id)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [preview, setPreview] = useState<string | null>(null)
  const [publishAt, setPublishAt] = useState('')
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    if (!params.id) return
    void ensureSignedIn()
      .then(() => api.get<{ article: AdminArticle }>(`/admin/articles/${params.id}`))
      .then(({ article }) => setDraft({ title: article.title, summary: article.summary, bodyMarkdown: article.bodyMarkdown, required: article.required, audienceDepartmentIds: article.audienceDepartmentIds }))
      .catch((e: Error) => setMessage(e.message))
  }, [params.id])

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }))
  const departments = useApi(() => api.get<{ departments: { id: string; name: string }[] }>('/departments'))
  const toggleDepartment = (id: string) =>
    set({ audienceDepartmentIds: draft.audienceDepartmentIds.includes(id) ? draft.audienceDepartmentIds.filter((d) => d !== id) : [...draft.audienceDepartmentIds, id] })

  /** Saves and returns the article id (creating it the first time). */
  const save = async (): Promise<string> => {
    if (id) {
      await api.patch(`/admin/articles/${id}`, draft)
      return id
    }
    const res = await api.post<{ article: AdminArticle }>('/admin/articles', draft)
    setId(res.article.id)
    return res.article.id
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

  return (
    <View className='page admin-edit'>
      <Input className='field article-title-input' placeholder='标题' value={draft.title} onInput={(e) => set({ title: e.detail.value })} />
      <Input className='field' placeholder='摘要（订阅消息和列表中显示）' value={draft.summary} onInput={(e) => set({ summary: e.detail.value })} />
      <Textarea className='field article-body-input' style={{ width: 'auto', minHeight: '300px' }} maxlength={100000} placeholder='正文（Markdown）' value={draft.bodyMarkdown} onInput={(e) => set({ bodyMarkdown: e.detail.value })} />
      <Button size='mini' onClick={() => run(async () => set({ bodyMarkdown: draft.bodyMarkdown + (await uploadImage()) }), '图片已插入')}>插入图片</Button>
      <View className='card'>
        <Text>受众：{draft.audienceDepartmentIds.length ? `${draft.audienceDepartmentIds.length} 个部门` : '全体人员'}（点选部门限定范围）</Text>
        <View>
          {departments.data?.departments.map((d) => (
            <Text key={d.id} className={`tag ${draft.audienceDepartmentIds.includes(d.id) ? 'tag-required' : ''}`} onClick={() => toggleDepartment(d.id)}>
              {d.name}
            </Text>
          ))}
        </View>
      </View>
      <View className='card'>
        <Text>必读</Text>
        <Switch checked={draft.required} onChange={(e) => set({ required: e.detail.value })} />
      </View>
      <Button onClick={() => run(async () => setPreview((await api.post<{ html: string }>('/admin/articles/preview', { bodyMarkdown: draft.bodyMarkdown })).html), '预览已更新')}>预览</Button>
      <Button className='save-article' onClick={() => run(save, '已保存')}>保存草稿</Button>
      <Button className='btn-primary publish-article' onClick={() => run(async () => api.post(`/admin/articles/${await save()}/publish`), '已发布')}>
        保存并立即发布
      </Button>
      <Input className='field' placeholder='定时发布：2026-12-01 09:00' value={publishAt} onInput={(e) => setPublishAt(e.detail.value)} />
      <Button
        onClick={() =>
          run(async () => api.post(`/admin/articles/${await save()}/schedule`, { publishAt: new Date(`${publishAt.replace(' ', 'T')}:00+08:00`).toISOString() }), '已设置定时发布')
        }
      >
        定时发布
      </Button>
      {message && <Text className='admin-message'>{message}</Text>}
      {message === '已发布' && <Button onClick={() => Taro.navigateBack()}>返回列表</Button>}
      {preview !== null && (
        <View className='card'>
          <RichText nodes={preview} />
        </View>
      )}
    </View>
  )
}
