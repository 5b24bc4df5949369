import type { ArticleEntryOut, UrlLinkOut } from '@contract/articles'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { api } from '../../services/api'
import { loadAuthImage, saveImage } from '../../services/auth-image'

export type ArticleEntryInfo = ArticleEntryOut

/** The ways into a published article (公众号 path, 小程序码, URL Link) for the admin's article page. */
export function useArticleEntry(id: string | undefined, published: boolean) {
  const [info, setInfo] = useState<ArticleEntryInfo | null>(null)
  const [codeSrc, setCodeSrc] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!id || !published) return
    let alive = true
    api.get<ArticleEntryInfo>(`/admin/articles/${id}/entry`).then(
      (r) => alive && setInfo(r),
      (e: Error) => alive && setError(e.message),
    )
    loadAuthImage(`/admin/articles/${id}/wxacode`).then(
      (src) => alive && setCodeSrc(src),
      (e: Error) => alive && setError(e.message),
    )
    return () => {
      alive = false
    }
  }, [id, published])

  const copy = (data: string, what: string) =>
    Taro.setClipboardData({ data }).then(
      () => Taro.showToast({ title: `已复制${what}`, icon: 'none' }),
      () => undefined,
    )

  return {
    info,
    codeSrc,
    error,
    busy,
    copyPath: () => info && copy(info.paths.mp, '小程序路径'),
    copyLink: () => info?.urlLink && copy(info.urlLink.url, '链接'),
    makeLink: async () => {
      if (!id) return
      setBusy(true)
      setError(null)
      try {
        const { urlLink } = await api.post<UrlLinkOut>(`/admin/articles/${id}/url-link`, { ch: 'link' })
        setInfo((i) => (i ? { ...i, urlLink } : i))
      } catch (e) {
        setError((e as Error).message)
      } finally {
        setBusy(false)
      }
    },
    saveCode: () => codeSrc && saveImage(codeSrc, `小程序码-${id}.jpg`).catch((e: Error) => setError(e.message)),
  }
}
