import { Text, View } from '@tarojs/components'

export default function Placeholder() {
  return (
    <View className='page'>
      <View className='card'>
        <View className='section-title'>知识学习</View>
        <Text className='muted'>《专项斗争知识问答》分章学习，即将上线。</Text>
      </View>
    </View>
  )
}
