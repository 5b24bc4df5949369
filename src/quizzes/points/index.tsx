import type { PointKind, PointsOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { PageStatus } from '../../components/PageStatus'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import '../../components/QuestionCard.css'
import './index.css'

/** Where 去完成 takes the reader for each task. */
const GO: Record<PointKind, () => unknown> = {
  article: () => Taro.switchTab({ url: '/pages/index/index' }),
  chapter: () => Taro.switchTab({ url: '/pages/study/index' }),
  minutes: () => Taro.switchTab({ url: '/pages/index/index' }),
  daily: () => Taro.navigateTo({ url: '/quizzes/daily/index' }),
  challenge: () => Taro.navigateTo({ url: '/quizzes/challenge/index' }),
  exam: () => Taro.switchTab({ url: '/pages/quiz/index' }),
}

/** 学习积分 (学习强国-style): today's tasks as x/y with 去完成, points against each daily cap, and the total. */
export default function PointsPage() {
  const { data, error, reload } = useApi(() => api.get<PointsOut>('/quiz/points'))
  useDidShow(() => void reload())
  if (error || !data) return <PageStatus error={error} />
  const todayCap = data.tasks.reduce((s, k) => s + k.cap, 0)
  return (
    <View className='page points'>
      <View className='card points-head'>
        <View className='points-total-line'>
          <Text className='points-total-value'>{data.total}</Text>
          <Text className='muted'> 累计积分</Text>
        </View>
        <View className='points-today'>
          今日已得 <Text className='points-today-value'>{data.todayTotal}</Text> / {todayCap} 分
        </View>
        <View className='link-row' onClick={() => Taro.navigateTo({ url: '/quizzes/leaderboard/index' })}>
          <Text>积分排行榜</Text>
          <Text className='link-row-hint'>查看 ›</Text>
        </View>
      </View>
      <View className='section-title'>今日任务</View>
      {data.tasks.map((k) => (
        <View key={k.kind} className={`card point-task point-task-${k.kind}`}>
          <View className='point-task-top'>
            <View className='point-task-info'>
              <Text className='point-task-name'>{k.name}</Text>
              <Text className='point-task-progress'>
                {k.done}/{k.target} {k.unit}
              </Text>
            </View>
            {k.complete ? (
              <View className='point-task-done tap'>已完成</View>
            ) : (
              <Button className='btn-primary tap point-task-go' onClick={() => void GO[k.kind]()}>
                去完成
              </Button>
            )}
          </View>
          <View className={`progress-bar ${k.complete ? 'progress-bar-done' : ''}`}>
            <View className='progress-bar-fill' style={{ width: `${Math.round((k.earned / k.cap) * 100)}%` }} />
          </View>
          <View className='point-task-rule muted'>
            已得 {k.earned}/{k.cap} 分 · {k.rule}
          </View>
        </View>
      ))}
      <View className='muted points-note'>积分按北京时间每天零点重新计算每日上限；同一篇文章、同一章、同一场竞赛只计一次。</View>
    </View>
  )
}
