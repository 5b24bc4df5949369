import { Tag } from 'antd'
import { useEffect, useState } from 'react'
import type { PreviewOut } from '@contract/articles'
import { api } from '../../services/api'

/**
 * What a reader will see, at a phone's width (375 px): the body as the server renders and
 * sanitizes it (POST /api/admin/articles/preview), a moment after each change.
 */
export function PhonePreview({ title, coverImageId, required, bodyMarkdown }: { title: string; coverImageId: string | null; required: boolean; bodyMarkdown: string }) {
  const [html, setHtml] = useState('')
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let current = true
    const timer = setTimeout(() => {
      api.post<PreviewOut>('/api/admin/articles/preview', { bodyMarkdown }).then(
        (r) => {
          if (!current) return
          setHtml(r.html)
          setFailed(false)
        },
        () => current && setFailed(true),
      )
    }, 300)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [bodyMarkdown])

  return (
    <div className='phone-preview' aria-label='手机预览'>
      <div className='phone-preview-bar'>手机预览 · 375 px</div>
      <div className='phone-preview-screen'>
        {coverImageId && <img className='phone-preview-cover' src={`/api/media/${coverImageId}`} alt='' />}
        <h1 className='phone-preview-title'>{title || '（未填写标题）'}</h1>
        {required && <Tag color='red'>必读</Tag>}
        {failed ? <p className='phone-preview-note'>预览暂时无法更新</p> : <div className='phone-preview-body' dangerouslySetInnerHTML={{ __html: html }} />}
      </div>
    </div>
  )
}
