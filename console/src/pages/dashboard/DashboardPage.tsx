import { ReloadOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Select, Space, Statistic, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useMemo, useState } from 'react'
import { shanghaiDay, shanghaiMonth } from '@contract/calendar'
import type { DashboardOut, TallyOut } from '@contract/metrics'
import { Definition } from '../../components/Definition'
import { EChart } from '../../components/EChart'
import { LoadFailed } from '../../components/LoadFailed'
import { channelOption, departmentOption, depthOption, funnelOption, monthDays, percent, splitDepartments, trendOption } from './charts'
import { DEFINITIONS } from './definitions'
import { DepartmentTable } from './DepartmentTable'
import { useDashboard } from './useDashboard'

/** 数据看板: the college's figures for a month, each rate with its definition on hover. */
export default function DashboardPage() {
  const { month, setMonth, dashboard, channels, refresh } = useDashboard()
  const d = dashboard.data
  return (
    <PageContainer
      title='数据看板'
      subTitle={d ? `${d.campaign.title} · 数据更新于 ${dayjs(d.computedAt).format('YYYY-MM-DD HH:mm')}` : undefined}
      extra={[
        <DatePicker
          key='month'
          picker='month'
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(m) => m && setMonth(m.format('YYYY-MM'))}
          disabledDate={(m) => m.format('YYYY-MM') > shanghaiMonth(new Date())}
          format='YYYY年M月'
          className='month-picker'
          aria-label='统计月份'
        />,
        <Button key='refresh' icon={<ReloadOutlined />} onClick={refresh} loading={dashboard.loading}>
          重新计算
        </Button>,
      ]}
    >
      {dashboard.error ? (
        <LoadFailed error={dashboard.error} onRetry={dashboard.reload} />
      ) : d ? (
        <DashboardBody d={d} channels={channels.data?.channels ?? []} />
      ) : (
        <Card loading />
      )}
    </PageContainer>
  )
}

function DashboardBody({ d, channels }: { d: DashboardOut; channels: NonNullable<ReturnType<typeof useDashboard>['channels']['data']>['channels'] }) {
  const { ranked, empty } = useMemo(() => splitDepartments(d.departments), [d.departments])
  const trend = useMemo(() => trendOption(monthDays(d.daily, d.month, shanghaiDay(new Date()))), [d.daily, d.month])
  const deps = useMemo(() => departmentOption(ranked, d.overview), [ranked, d.overview])
  const funnel = useMemo(() => funnelOption(d.overview), [d.overview])
  const chan = useMemo(() => channelOption(channels), [channels])
  const articles = d.items.filter((i) => i.opens > 0)
  const [itemKey, setItemKey] = useState<string | undefined>(articles[0]?.itemKey)
  const item = d.items.find((i) => i.itemKey === itemKey) ?? articles[0]
  const depth = useMemo(() => (item ? depthOption(item) : null), [item])

  return (
    <div className='page-grid dashboard'>
      {d.stale && <Alert type='info' showIcon message='有新的阅读和答题记录，点“重新计算”可得到最新数字。' />}
      <Kpis o={d.overview} requiredItems={d.requiredItems} />
      <Row gutter={16}>
        <Col span={16}>
          <Card title='每日趋势' extra={<Typography.Text type='secondary'>{d.month.replace('-', ' 年 ')} 月，按天</Typography.Text>}>
            <EChart option={trend} label='每日趋势' className='trend-chart' />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={<Definition text={DEFINITIONS.awarenessRate}>从花名册到知晓</Definition>}>
            <EChart option={funnel} label='漏斗' className='funnel-chart' />
          </Card>
        </Col>
      </Row>
      <Card title={<Definition text={DEFINITIONS.ranking}>各部门知晓率</Definition>} extra={<Typography.Text type='secondary'>虚线为全校知晓率</Typography.Text>}>
        {ranked.length ? <EChart option={deps} height={360} label='各部门知晓率' className='department-chart' /> : <Empty description='花名册中还没有人员' />}
        {empty.length > 0 && (
          <div className='empty-departments' style={{ marginBottom: 16 }}>
            <Typography.Text type='secondary'>无人员（不参与排名）：</Typography.Text>
            {empty.map((e) => (
              <Tag key={e.departmentId}>{e.name}</Tag>
            ))}
          </div>
        )}
        {ranked.length > 0 && <DepartmentTable departments={ranked} month={d.month} />}
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card
            title={<Definition text={DEFINITIONS.depth}>阅读深度</Definition>}
            extra={
              articles.length > 0 && (
                <Select
                  value={item?.itemKey}
                  onChange={setItemKey}
                  style={{ width: 260 }}
                  options={articles.map((a) => ({ value: a.itemKey, label: a.title }))}
                  aria-label='选择内容'
                  className='depth-item'
                />
              )
            }
          >
            {item && depth ? (
              <>
                <Typography.Paragraph type='secondary'>
                  打开 {item.opens} 人 · 读完 {item.completions} 人 · 平均读到 {percent(item.averageDepth)} · 平均阅读 {Math.round(item.averageEngagedSeconds)} 秒
                </Typography.Paragraph>
                <EChart option={depth} height={280} label='阅读深度' className='depth-chart' />
              </>
            ) : (
              <Empty description='还没有读者打开过内容' />
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card title={<Definition text={DEFINITIONS.channel}>进入渠道</Definition>}>
            {channels.some((c) => c.opens > 0) ? (
              <>
                <EChart option={chan} height={280} label='进入渠道' className='channel-chart' />
                <Space wrap>
                  {channels
                    .filter((c) => c.opens > 0)
                    .map((c) => (
                      <Typography.Text key={c.channel} type='secondary'>
                        {c.name}：读完率 {c.readThrough === null ? '—' : percent(c.readThrough)}
                      </Typography.Text>
                    ))}
                </Space>
              </>
            ) : (
              <Empty description='还没有读者打开过内容' />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  )
}

function Kpis({ o, requiredItems }: { o: TallyOut; requiredItems: number }) {
  const card = (key: keyof typeof DEFINITIONS, title: string, rate: number, count: number) => (
    <Card size='small' key={key} className='kpi'>
      <Statistic title={<Definition text={DEFINITIONS[key]}>{title}</Definition>} value={o.roster ? percent(rate) : '—'} />
      <Typography.Text type='secondary'>
        {count} / {o.roster} 人
      </Typography.Text>
    </Card>
  )
  return (
    <div className='kpi-grid'>
      <Card size='small' className='kpi'>
        <Statistic title={<Definition text={DEFINITIONS.roster}>花名册</Definition>} value={o.roster} suffix='人' />
        <Typography.Text type='secondary'>必读内容 {requiredItems} 项</Typography.Text>
      </Card>
      {card('reachRate', '触达率', o.reachRate, o.reached)}
      {card('readThroughRate', '阅读完成率', o.readThroughRate, o.readThrough)}
      {card('quizPassRate', '答题通过率', o.quizPassRate, o.quizPassed)}
      {card('awarenessRate', '知晓率', o.awarenessRate, o.aware)}
      {card('participationRate', '参与率', o.participationRate, o.participating)}
    </div>
  )
}
