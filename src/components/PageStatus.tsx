import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

/** Opens the current page afresh: the retry of a page that does not pass its own. */
function reopenCurrentPage() {
  const pages = Taro.getCurrentPages()
  const current = pages[pages.length - 1]
  if (!current?.route) return
  const query = Object.entries((current.options ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&')
  void Taro.reLaunch({ url: `/${current.route.replace(/^\//, '')}${query ? `?${query}` : ''}` })
}

/**
 * What a page shows until its data is there: `loading` (加载中…), or the error (a Chinese
 * sentence, see services/errors.ts) with a 重试 button. `onRetry` loads again (useApi's
 * `reload`); without it the page is opened afresh.
 */
export function PageStatus({ error, loading = '加载中…', onRetry }: { error?: string | null; loading?: string; onRetry?: () => void }) {
  if (!error)
    return (
      <View className='page'>
        <Text className='muted'>{loading}</Text>
      </View>
    )
  return (
    <View className='page page-status'>
      <View className='card page-status-card'>
        <Text className='page-status-message'>{error}</Text>
        <Button className='btn-secondary page-retry' onClick={onRetry ?? reopenCurrentPage}>
          重试
        </Button>
      </View>
    </View>
  )
}
