import { Button, Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { askNewsReminders } from '../services/subscriptions'

/**
 * 开启新闻提醒 at a natural moment (an article read to the end, a quiz finished). Each
 * WeChat consent allows one message, so asking again here keeps pushes reaching the reader.
 * Mini-program only; the tap asks WeChat first thing (services/consent.ts).
 */
export function ReminderPrompt({ text }: { text: string }) {
  const [answered, setAnswered] = useState(false)
  const onTap = useMemo(() => askNewsReminders(() => setAnswered(true)), [])
  if (process.env.TARO_ENV !== 'weapp' || answered) return null
  return (
    <View className='card reminder-prompt'>
      <Text>{text}</Text>
      <Button size='mini' className='btn-primary' onClick={onTap}>
        开启提醒
      </Button>
    </View>
  )
}
