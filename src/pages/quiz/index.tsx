import { Text, View } from '@tarojs/components'

export default function Placeholder() {
  return (
    <View className='page'>
      <View className='card'>
        <View className='section-title'>知识答题</View>
        <Text className='muted'>每日一练、章节练习、知识竞赛，即将上线。</Text>
      </View>
    </View>
  )
}
