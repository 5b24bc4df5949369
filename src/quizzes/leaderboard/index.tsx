import type { LeaderboardReaderRow, LeaderboardsOut } from '@contract/quiz'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { PageStatus } from '../../components/PageStatus'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { SegmentTabs } from '../SegmentTabs'
import '../../components/QuestionCard.css'
import './index.css'

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`
type DeptBoard = 'byPointsPerCapita' | 'byPassRate' | 'byParticipation'

function ReaderRow({ row }: { row: LeaderboardReaderRow }) {
  return (
    <View className={`board-row ${row.me ? 'board-row-me' : ''}`}>
      <Text className={`board-rank ${row.rank <= 3 ? `board-rank-top board-rank-${row.rank}` : ''}`}>{row.rank}</Text>
      <Text className='board-name'>
        {row.name}
        {row.me ? '（我）' : ''}
      </Text>
      <Text className='board-value'>{row.points} 分</Text>
    </View>
  )
}

/**
 * Leaderboards: readers of my department by points (me highlighted, and pinned at the bottom
 * while my row is off screen), and departments per capita, by pass rate and by participation
 * (departments with nobody on the roster are not ranked).
 */
export default function LeaderboardPage() {
  const { data, error } = useApi(() => api.get<LeaderboardsOut>('/quiz/leaderboards'))
  const [tab, setTab] = useState<'people' | 'departments'>('people')
  const [board, setBoard] = useState<DeptBoard>('byPointsPerCapita')
  // Pinned until the observer reports my row on screen (it reports only changes on some platforms).
  const [meVisible, setMeVisible] = useState(false)

  // Pin my row while it is off screen (or beyond the rows listed).
  useEffect(() => {
    setMeVisible(false)
    if (!data?.readers.me || tab !== 'people' || !data.readers.rows.some((r) => r.me)) return
    const page = Taro.getCurrentInstance().page
    if (!page || typeof Taro.createIntersectionObserver !== 'function') return
    const observer = Taro.createIntersectionObserver(page as never)
    observer.relativeToViewport({ bottom: 0 }).observe('.board-list .board-row-me', (res) => setMeVisible((res.intersectionRatio ?? 0) > 0))
    return () => observer.disconnect()
  }, [data, tab])

  if (error || !data) return <PageStatus error={error} />
  const { readers, departments } = data
  const deptRows = departments[board]
  const deptValue = (d: (typeof deptRows)[number]) =>
    board === 'byPointsPerCapita' && 'pointsPerCapita' in d
      ? `人均 ${d.pointsPerCapita} 分`
      : board === 'byPassRate'
        ? `通过率 ${pct(d.passRate)}`
        : `参与率 ${pct(d.participationShare)}`
  const deptShare = (d: (typeof deptRows)[number]) => {
    if (board === 'byPassRate') return d.passRate
    if (board === 'byParticipation') return d.participationShare
    const top = Math.max(...departments.byPointsPerCapita.map((x) => x.pointsPerCapita), 0)
    return top > 0 && 'pointsPerCapita' in d ? d.pointsPerCapita / top : 0
  }
  return (
    <View className='page leaderboard'>
      <SegmentTabs
        kind='board'
        options={[
          { value: 'people' as const, label: '个人' },
          { value: 'departments' as const, label: '部门' },
        ]}
        value={tab}
        onChange={setTab}
      />
      {tab === 'people' ? (
        <View key='people' className='card board-list'>
          <View className='section-title'>{readers.departmentName ? `${readers.departmentName} · 积分榜` : '本部门积分榜'}</View>
          {readers.rows.length ? readers.rows.map((r, i) => <ReaderRow key={i} row={r} />) : <Text className='muted'>在「我的」绑定学号/工号后可查看本部门排名</Text>}
          <View className='muted board-note'>为保护隐私，其他同学的姓名部分隐藏。</View>
        </View>
      ) : (
        <View key='departments' className='card board-list'>
          <SegmentTabs
            kind='dept-board'
            options={[
              { value: 'byPointsPerCapita' as const, label: '人均积分' },
              { value: 'byPassRate' as const, label: '通过率' },
              { value: 'byParticipation' as const, label: '参与率' },
            ]}
            value={board}
            onChange={setBoard}
          />
          {deptRows.map((d, i) => (
            <View key={d.departmentId} className={`board-row board-dept ${d.departmentId === departments.myDepartmentId ? 'board-row-me' : ''}`}>
              <Text className={`board-rank ${i < 3 ? `board-rank-top board-rank-${i + 1}` : ''}`}>{i + 1}</Text>
              <View className='board-dept-main'>
                <Text className='board-name'>
                  {d.name}
                  {d.departmentId === departments.myDepartmentId ? '（我的部门）' : ''}
                </Text>
                <View className='board-bar'>
                  <View className='board-bar-fill' style={{ width: `${Math.round(deptShare(d) * 100)}%` }} />
                </View>
                <Text className='board-sub'>
                  {d.takers}/{d.roster} 人参加竞赛
                </Text>
              </View>
              <Text className='board-value'>{deptValue(d)}</Text>
            </View>
          ))}
          <View className='muted board-note'>按人均、比例排名，不论部门大小；花名册中没有人员的部门不参与排名。</View>
        </View>
      )}
      {tab === 'people' && readers.me && !meVisible && (
        <View className='board-pinned'>
          <ReaderRow row={readers.me} />
        </View>
      )}
    </View>
  )
}
