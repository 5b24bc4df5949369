import { Text, View } from '@tarojs/components'

export default function Placeholder() {
  return (
    <View className='page'>
      <View className='card'>
        <View className='section-title'>线索举报</View>
        <Text className='muted'>匿名举报涉黑涉恶线索，保卫处严格保密。即将上线。</Text>
      </View>
    </View>
  )
}
