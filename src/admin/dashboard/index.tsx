import type { ReportListOut } from '@contract/metrics'
import { Button, Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { formatBeijing } from '../../services/datetime'
import { downloadFile } from '../../services/download'
import { barHeights, beijingMonth, countOf, monthsUpTo, percent, type Dashboard } from '../../services/metrics'
import { ChannelTable } from './ChannelTable'
import '../../styles/components.css'
import './index.css'
import { PageStatus } from '../../components/PageStatus'

const CARDS: ['awarenessRate' | 'participationRate' | 'reachRate' | 'readThroughRate', string][] = [
  ['awarenessRate', '知晓率'],
  ['participationRate', '参与率'],
  ['reachRate', '触达率'],
  ['readThroughRate', '阅读完成率'],
]

function Bars({ values }: { values: number[] }) {
  return (
    <View className='bars'>
      {barHeights(values).map((h, i) => (
        <View key={i} className='bar' style={{ height: `${h}%` }} />
      ))}
    </View>
  )
}

export default function DashboardPage() {
  const [refresh, setRefresh] = useState(false)
  const { data, error, reload } = useApi(() => api.get<Dashboard>('/metrics/dashboard', { query: { refresh: refresh ? 'true' : undefined } }), [refresh])
  const reports = useApi(() => api.get<ReportListOut>('/reports'))
  const toast = (e: Error) => Taro.showToast({ title: e.message, icon: 'none' })
  // Months that can be (re)generated: this one and the 11 before it; last month first offered.
  const months = monthsUpTo(beijingMonth(new Date()), 12)
  const [monthIndex, setMonthIndex] = useState(1)
  const regenerate = () =>
    api.post(`/reports/${months[monthIndex]}/regenerate`).then(() => {
      Taro.showToast({ title: `已生成 ${months[monthIndex]} 报表`, icon: 'none' })
      return reports.reload()
    }, toast)

  if (error || !data) return <PageStatus error={error} loading='正在统计…' />
  return (
    <View className='page dashboard'>
      <View className='section-title'>
        {data.campaign.title} · {data.month}
      </View>
      <Text className='muted'>
        更新于 {formatBeijing(data.computedAt)}（北京时间）{data.stale ? '，正在更新' : ''} · 花名册 <Text className='metric-roster'>{data.overview.roster}</Text> 人
      </Text>
      <Button size='mini' className='refresh-metrics' onClick={() => (refresh ? reload() : setRefresh(true))}>
        刷新
      </Button>
      <View className='metric-cards'>
        {CARDS.map(([key, label]) => (
          <View key={key} className={`metric-card metric-${key}`}>
            <Text className='metric-value'>{percent(data.overview[key])}</Text>
            <Text className='metric-count'>{countOf(data.overview, key)}</Text>
            <Text className='muted'>{label}</Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <View className='section-title'>部门排名（按知晓率；点击查看发而未看名单）</View>
        {data.departments
          .filter((d) => d.roster > 0)
          .map((d) => (
            <View key={d.departmentId} className='dept-row' onClick={() => Taro.navigateTo({ url: `/admin/dept/index?id=${d.departmentId}` })}>
              <Text>
                {d.rank}. {d.name}
              </Text>
              <Text className='dept-rates'>
                知晓 {percent(d.awarenessRate)} · 参与 {percent(d.participationRate)} · {d.roster} 人（知晓 {d.aware}，参与 {d.participating}）
              </Text>
            </View>
          ))}
      </View>
      <View className='card'>
        <View className='section-title'>每日参与人数</View>
        <Bars values={data.daily.map((d) => d.active)} />
      </View>
      <View className='card'>
        <View className='section-title'>内容完成与流失（读到的深度分布）</View>
        {data.items.slice(0, 10).map((i) => (
          <View key={i.itemKey}>
            <Text>
              {i.title} · 打开 {i.opens} · 完成 {i.completions} · 平均深度 {percent(i.averageDepth)}
            </Text>
            <Bars values={i.depthDeciles} />
          </View>
        ))}
      </View>
      <ChannelTable />
      <View className='card'>
        <View className='section-title'>月报表</View>
        <Picker mode='selector' range={months} value={monthIndex} onChange={(e) => setMonthIndex(Number(e.detail.value))}>
          <View className='field report-month'>月份：{months[monthIndex]}</View>
        </Picker>
        <Button size='mini' className='regenerate-report' onClick={regenerate}>
          重新生成该月报表（新增版本）
        </Button>
        {reports.data?.reports.map((r) => (
          <View
            key={`${r.month}-${r.version}`}
            className='dept-row'
            onClick={() => downloadFile(`/reports/${r.month}/download?version=${r.version}`, `月报表-${r.month}-v${r.version}.xlsx`).catch(toast)}
          >
            <Text>
              {r.month} 第 {r.version} 版
            </Text>
            <Text className='muted'>下载</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
