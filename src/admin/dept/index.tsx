import type { DepartmentMetricsOut, RemindOut, UnreadOut } from '@contract/metrics'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { useSession } from '../../hooks/useSession'
import { api } from '../../services/api'
import { formatBeijing } from '../../services/datetime'
import { percent } from '../../services/metrics'
import { remindConfirmation } from '../../services/mobile-admin'
import '../../styles/components.css'

/** A department head's own department: rates and rank, the 发而未看 list, and 一键提醒 (after a confirmation). */
export default function DeptPage() {
  const { user } = useSession()
  const id = user?.departmentId ?? ''
  const metrics = useApi(() => (id ? api.get<DepartmentMetricsOut>(`/metrics/departments/${id}`) : Promise.resolve(null)), [id])
  const unread = useApi(() => (id ? api.get<UnreadOut>(`/metrics/departments/${id}/unread`) : Promise.resolve(null)), [id])
  const d = metrics.data?.department
  const people = unread.data?.people ?? []
  const toast = (title: string) => Taro.showToast({ title, icon: 'none' })

  const remind = async () => {
    const { confirm } = await Taro.showModal({ ...remindConfirmation(people.length), confirmText: '发送提醒' })
    if (!confirm) return
    await api.post<RemindOut>(`/metrics/departments/${id}/remind`).then(
      (r) => toast(`已提醒 ${r.sent} 人`),
      (e: Error) => toast(e.message),
    )
  }

  return (
    <View className='page dept'>
      {!id && <Text className='error'>账号未指定所属部门，请联系系统管理员</Text>}
      {metrics.error && <Text className='error'>{metrics.error}</Text>}
      {d && (
        <View className='card'>
          <View className='section-title'>
            {d.name} · 排名 {d.rank ?? '—'}/{metrics.data!.departmentsRanked}
          </View>
          <Text className='dept-figures'>
            知晓率 {percent(d.awarenessRate)}（{d.aware}/{d.roster} 人）· 参与率 {percent(d.participationRate)}（{d.participating}/{d.roster} 人）· 花名册 {d.roster} 人
          </Text>
        </View>
      )}
      <View className='card'>
        <View className='section-title'>发而未看（{people.length} 人）</View>
        {unread.data && (
          <Text className='muted dept-updated'>
            更新于 {formatBeijing(unread.data.computedAt)}（北京时间）{unread.data.stale ? '，正在更新' : ''}
          </Text>
        )}
        {unread.error && <Text className='error'>{unread.error}</Text>}
        <Button className='btn-primary remind-unread' disabled={people.length === 0} onClick={() => void remind()}>
          一键提醒
        </Button>
        {people.map((p) => (
          <View key={p.number} className='dept-row'>
            <Text>
              {p.name}（{p.number}）{p.className ?? ''}
            </Text>
            <Text className='muted'>
              必读 {p.completedRequired}/{p.required}
            </Text>
          </View>
        ))}
      </View>
    </View>
  )
}
