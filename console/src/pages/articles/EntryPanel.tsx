import { DownloadOutlined, LinkOutlined } from '@ant-design/icons'
import { App, Button, Card, Descriptions, Image, Spin, Typography } from 'antd'
import { useEffect, useState } from 'react'
import type { ArticleEntryOut, UrlLinkOut } from '@contract/articles'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { beijingTime } from './articleForm'

/**
 * Ways into a published article for the official account (docs/wechat.md): its mini-program
 * path, the 小程序码 for posters and the URL Link for SMS, QQ groups and menus.
 */
export function EntryPanel({ id }: { id: string }) {
  const { message } = App.useApp()
  const entry = useApiQuery(`entry:${id}`, () => api.get<ArticleEntryOut>(`/api/admin/articles/${id}/entry`))
  const [code, setCode] = useState<string | null>(null)
  const [codeError, setCodeError] = useState<unknown>(null)
  const [linking, setLinking] = useState(false)
  const [link, setLink] = useState<UrlLinkOut['urlLink'] | null>(null)

  useEffect(() => {
    let url: string | null = null
    api.blob(`/api/admin/articles/${id}/wxacode`).then(
      (b) => setCode((url = URL.createObjectURL(b))),
      (err: unknown) => setCodeError(err),
    )
    return () => {
      if (url) URL.revokeObjectURL(url)
    }
  }, [id])

  if (entry.error) return <LoadFailed error={entry.error} onRetry={entry.reload} />
  if (!entry.data) return <Spin />
  const urlLink = link ?? entry.data.urlLink
  const makeLink = async () => {
    setLinking(true)
    try {
      setLink((await api.post<UrlLinkOut>(`/api/admin/articles/${id}/url-link`, { ch: 'link' })).urlLink)
    } catch (err) {
      void message.error(friendlyMessage(err))
    } finally {
      setLinking(false)
    }
  }
  return (
    <Card title='推广入口' size='small' className='entry-panel'>
      <Descriptions column={1} size='small'>
        <Descriptions.Item label='小程序路径'>
          {/* A value to paste into the official account's editor: the article id in it is meant to be there. */}
          <span data-technical>
            <Typography.Text className='entry-path' copyable={{ tooltips: ['复制', '已复制'] }}>
              {entry.data.paths.mp}
            </Typography.Text>
          </span>
        </Descriptions.Item>
        <Descriptions.Item label='小程序码'>
          {code ? (
            <div>
              <Image className='entry-code' src={code} width={140} alt='小程序码' preview={false} />
              <br />
              <Button
                size='small'
                icon={<DownloadOutlined />}
                onClick={() => api.download(`/api/admin/articles/${id}/wxacode`, { download: '1' }, '小程序码.jpg').catch((e) => message.error(friendlyMessage(e)))}
              >
                下载
              </Button>
            </div>
          ) : codeError ? (
            <Typography.Text type='warning'>{friendlyMessage(codeError)}</Typography.Text>
          ) : (
            <Spin size='small' />
          )}
        </Descriptions.Item>
        <Descriptions.Item label='URL Link'>
          {urlLink ? (
            <span>
              <Typography.Text className='entry-link' copyable={{ tooltips: ['复制', '已复制'] }}>
                {urlLink.url}
              </Typography.Text>
              <Typography.Text type='secondary'>（{beijingTime(urlLink.expiresAt)} 前有效）</Typography.Text>
            </span>
          ) : (
            <Button size='small' icon={<LinkOutlined />} loading={linking} onClick={makeLink} className='make-link'>
              生成 URL Link
            </Button>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  )
}
