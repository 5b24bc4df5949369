import type { LeaderboardsOut } from '@contract/quiz'
import { Text, View } from '@tarojs/components'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { PageStatus } from '../../components/PageStatus'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`

export default function LeaderboardPage() {
  const { data, error } = useApi(() => api.get<LeaderboardsOut>('/quiz/leaderboards'))
  if (error || !data) return <PageStatus error={error} />
  return (
    <View className='page leaderboard'>
      <View className='card'>
        <View className='section-title'>本部门积分榜</View>
        {data.readers.rows.length ? (
          data.readers.rows.map((r) => (
            <View key={r.rank}>
              {r.rank}. {r.name} · {r.points} 分
            </View>
          ))
        ) : (
          <Text className='muted'>绑定学号后可查看本部门排名</Text>
        )}
      </View>
      <View className='card'>
        <View className='section-title'>部门通过率</View>
        {data.departments.byPassRate.map((d, i) => (
          <View key={d.name}>
            {i + 1}. {d.name} · {pct(d.passRate)}（{d.takers} 人参加）
          </View>
        ))}
      </View>
      <View className='card'>
        <View className='section-title'>部门参与率</View>
        {data.departments.byParticipation.map((d, i) => (
          <View key={d.name}>
            {i + 1}. {d.name} · {pct(d.participationShare)}（{d.takers}/{d.roster}）
          </View>
        ))}
      </View>
    </View>
  )
}
