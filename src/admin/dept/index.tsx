import type { DepartmentMetricsOut, RemindOut, UnreadOut } from '@contract/metrics'
import { Button, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { useReportMonths } from '../../hooks/useReportMonths'
import { useSession } from '../../hooks/useSession'
import { api } from '../../services/api'
import { formatBeijing } from '../../services/datetime'
import { downloadFile } from '../../services/download'
import { percent } from '../../services/metrics'
import { ChannelTable } from '../dashboard/ChannelTable'
import '../../styles/components.css'

/** A department's page: rates and rank, the 发而未看 list, reminders, its part of a chosen month's report. */
export default function DeptPage() {
  const { user } = useSession()
  const { params } = useRouter()
  // A department head sees their own department; publicity admins open any from the dashboard.
  const id = params.id ?? user?.departmentId ?? ''
  const metrics = useApi(() => (id ? api.get<DepartmentMetricsOut>(`/metrics/departments/${id}`) : Promise.resolve(null)), [id])
  const unread = useApi(() => (id ? api.get<UnreadOut>(`/metrics/departments/${id}/unread`) : Promise.resolve(null)), [id])
  const { months, month, setMonth } = useReportMonths()
  const d = metrics.data?.department
  const toast = (title: string) => Taro.showToast({ title, icon: 'none' })

  return (
    <View className='page dept'>
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
      {id && <ChannelTable departmentId={id} />}
      <View className='card'>
        <View className='section-title'>本部门月报表</View>
        {months.length === 0 ? (
          <Text className='muted'>还没有生成过月报表</Text>
        ) : (
          <>
            <Picker mode='selector' range={months} value={Math.max(0, months.indexOf(month ?? ''))} onChange={(e) => setMonth(months[Number(e.detail.value)])}>
              <View className='field report-month'>月份：{month}</View>
            </Picker>
            <Button
              size='mini'
              className='download-dept-report'
              onClick={() => downloadFile(`/reports/${month}/departments/${id}/download`, `月报表-${month}-本部门.xlsx`).catch((e: Error) => toast(e.message))}
            >
              下载本部门月报
            </Button>
          </>
        )}
      </View>
      <View className='card'>
        <View className='section-title'>发而未看（{unread.data?.people.length ?? 0} 人）</View>
        {unread.data && (
          <Text className='muted'>
            更新于 {formatBeijing(unread.data.computedAt)}（北京时间）{unread.data.stale ? '，正在更新' : ''}
          </Text>
        )}
        <Button
          size='mini'
          onClick={() =>
            api.post<RemindOut>(`/metrics/departments/${id}/remind`).then(
              (r) => toast(`已提醒 ${r.sent} 人`),
              (e: Error) => toast(e.message),
            )
          }
        >
          一键提醒
        </Button>
        <Button size='mini' onClick={() => downloadFile(`/metrics/departments/${id}/unread?format=xlsx`, '发而未看名单.xlsx').catch((e: Error) => toast(e.message))}>
          导出名单
        </Button>
        {unread.data?.people.map((p) => (
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
