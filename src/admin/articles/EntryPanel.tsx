import { Button, Image, Text, View } from '@tarojs/components'
import { formatBeijing } from '../../services/datetime'
import { useArticleEntry } from './useArticleEntry'

/** 公众号与传播: the article's mini-program path, 小程序码 and URL Link, to copy and download. */
export function EntryPanel({ id, published }: { id: string | undefined; published: boolean }) {
  const e = useArticleEntry(id, published)
  if (!id || !published) return null
  return (
    <View className='card entry-panel'>
      <View className='section-title'>公众号与传播</View>
      <Text className='muted'>公众号文章、菜单里插入小程序时填这个路径（带渠道 ch=mp，统计“公众号”来源）：</Text>
      <View className='entry-row'>
        <Text className='entry-path' userSelect>
          {e.info?.paths.mp ?? '…'}
        </Text>
        <Button size='mini' className='copy-path' onClick={e.copyPath}>
          复制
        </Button>
      </View>
      <Text className='muted'>小程序码（海报、公众号图文；扫码来源计为“小程序码”）：</Text>
      {e.codeSrc ? <Image className='entry-code' src={e.codeSrc} mode='aspectFit' showMenuByLongpress /> : <Text className='muted'>生成中…</Text>}
      {e.codeSrc && (
        <Button size='mini' className='save-code' onClick={e.saveCode}>
          下载小程序码
        </Button>
      )}
      <Text className='muted'>URL Link（短信、QQ群、公众号菜单；30 天有效）：</Text>
      {e.info?.urlLink ? (
        <View className='entry-row'>
          <Text className='entry-link' userSelect>
            {e.info.urlLink.url}
          </Text>
          <Button size='mini' className='copy-link' onClick={e.copyLink}>
            复制
          </Button>
        </View>
      ) : null}
      {e.info?.urlLink && <Text className='muted'>有效期至 {formatBeijing(e.info.urlLink.expiresAt)}（北京时间）</Text>}
      <Button size='mini' className='make-link' loading={e.busy} disabled={e.busy} onClick={e.makeLink}>
        {e.info?.urlLink ? '重新获取' : '生成 URL Link'}
      </Button>
      {e.error && <Text className='error entry-error'>{e.error}</Text>}
    </View>
  )
}
