import { Text, View } from '@tarojs/components'

/** What a page shows until its data is there: the error when loading failed, else `loading` (加载中…). */
export function PageStatus({ error, loading = '加载中…' }: { error?: string | null; loading?: string }) {
  return <View className='page'>{error ? <Text className='error'>{error}</Text> : <Text className='muted'>{loading}</Text>}</View>
}
