import { BellOutlined, DownloadOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { App, Button, Card, DatePicker, Descriptions, Result, Select, Space, Table, Tag, Typography } from 'antd'
import dayjs from 'dayjs'
import { useNavigate, useParams } from 'react-router-dom'
import type { ClassRowOut, DepartmentMetricsOut, RemindOut, UnreadPersonOut } from '@contract/metrics'
import { PERSON_TYPE_NAMES } from '@contract/labels'
import { shanghaiMonth } from '@contract/calendar'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Definition } from '../../components/Definition'
import { LoadFailed } from '../../components/LoadFailed'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'
import { useSession } from '../../session'
import { percent } from '../dashboard/charts'
import { DEFINITIONS } from '../dashboard/definitions'
import { classesOf, remindSummary, unreadState } from './unread'
import { useDepartment } from './useDepartment'

/** 部门详情: a department's rates and rank, its classes, and its 发而未看 list with export and 一键提醒. */
export default function DepartmentPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const { can } = useSession()
  const { message } = App.useApp()
  const d = useDepartment(id)
  const people = d.unread.data?.people ?? []
  if (d.departmentsLoaded && !d.name)
    return (
      <PageContainer title='部门详情' onBack={() => navigate('/departments')}>
        <Result
          status='404'
          title='部门不存在'
          subTitle='该部门不存在或已停用。'
          extra={
            <Button type='primary' onClick={() => navigate('/departments')}>
              返回部门列表
            </Button>
          }
        />
      </PageContainer>
    )

  return (
    <PageContainer
      title={d.name ?? '部门详情'}
      onBack={() => navigate(can('metrics.read') ? '/dashboard' : '/')}
      extra={[
        can('metrics.read') && d.departments.length > 0 && (
          <Select
            key='department'
            value={id}
            onChange={(next) => navigate(`/departments/${next}?month=${d.month}`)}
            options={d.departments.map((x) => ({ value: x.id, label: x.name }))}
            showSearch
            optionFilterProp='label'
            style={{ width: 220 }}
            aria-label='部门'
            className='department-picker'
          />
        ),
        <DatePicker
          key='month'
          picker='month'
          allowClear={false}
          format='YYYY年M月'
          value={dayjs(`${d.month}-01`)}
          onChange={(m) => m && d.setMonth(m.format('YYYY-MM'))}
          disabledDate={(m) => m.format('YYYY-MM') > shanghaiMonth(new Date())}
          aria-label='统计月份'
        />,
      ]}
    >
      <div className='page-grid'>
        {d.metrics.error ? <LoadFailed error={d.metrics.error} onRetry={d.metrics.reload} /> : <Figures m={d.metrics.data} />}
        <Card
          title={<Definition text='尚未读完要求本人阅读的全部必读内容的在册人员（实时名单）。'>发而未看名单</Definition>}
          extra={
            <Space>
              <Button
                icon={<DownloadOutlined />}
                className='export-unread'
                disabled={!people.length}
                onClick={() =>
                  api
                    .download(`/api/metrics/departments/${id}/unread`, { format: 'xlsx' }, `发而未看名单-${d.name ?? '本部门'}.xlsx`)
                    .catch((e) => message.error(friendlyMessage(e)))
                }
              >
                导出 Excel
              </Button>
              <ConfirmButton
                type='primary'
                icon={<BellOutlined />}
                className='remind-unread'
                disabled={!people.length}
                title={`提醒 ${people.length} 位尚未读完的人员？`}
                content='向订阅了消息的人员发送一条微信提醒；每人每天最多提醒一次，发出后无法撤回。'
                okText='发送提醒'
                danger={false}
                success={(r: RemindOut) => remindSummary(r)}
                onConfirm={() => api.post<RemindOut>(`/api/metrics/departments/${id}/remind`)}
              >
                一键提醒
              </ConfirmButton>
            </Space>
          }
        >
          {d.unread.error ? (
            <LoadFailed error={d.unread.error} onRetry={d.unread.reload} />
          ) : (
            <Table<UnreadPersonOut>
              className='unread-table'
              rowKey='personId'
              size='middle'
              loading={d.unread.loading}
              dataSource={people}
              pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 人` }}
              locale={{ emptyText: '本部门人员都已读完必读内容' }}
              columns={[
                { title: '学号/工号', dataIndex: 'number', width: 140, sorter: (a, b) => a.number.localeCompare(b.number) },
                { title: '姓名', dataIndex: 'name', width: 120 },
                {
                  title: '班级',
                  dataIndex: 'className',
                  filters: classesOf(people).map((c) => ({ text: c, value: c })),
                  onFilter: (v, p) => (p.className ?? '（无班级）') === v,
                  render: (c: string | null) => c ?? '—',
                },
                { title: '类型', dataIndex: 'type', width: 90, render: (t: keyof typeof PERSON_TYPE_NAMES) => PERSON_TYPE_NAMES[t] ?? '—' },
                {
                  title: '状态',
                  key: 'state',
                  width: 140,
                  filters: [
                    { text: '未打开', value: false },
                    { text: '已打开，未读完', value: true },
                  ],
                  onFilter: (v, p) => p.opened === v,
                  render: (_: unknown, p) => <Tag color={p.opened ? 'orange' : 'red'}>{unreadState(p)}</Tag>,
                },
                { title: '必读完成', key: 'progress', width: 110, align: 'right', render: (_: unknown, p) => `${p.completedRequired} / ${p.required}` },
              ]}
            />
          )}
        </Card>
      </div>
    </PageContainer>
  )
}

function Figures({ m }: { m: DepartmentMetricsOut | undefined }) {
  if (!m) return <Card loading />
  const row = m.department
  if (!row || row.roster === 0)
    return (
      <Card>
        <Typography.Text>
          <Tag>无人员</Tag>花名册中本部门还没有人员，不参与排名。导入花名册后这里会显示知晓率和参与率。
        </Typography.Text>
      </Card>
    )
  return (
    <Card>
      <Descriptions column={4} size='small' className='department-figures'>
        <Descriptions.Item label={<Definition text={DEFINITIONS.ranking}>排名</Definition>}>
          第 {row.rank} 名 / 共 {m.departmentsRanked} 个部门
        </Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.roster}>花名册</Definition>}>{row.roster} 人</Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.awarenessRate}>知晓率</Definition>}>
          {percent(row.awarenessRate)}（{row.aware} 人）
        </Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.participationRate}>参与率</Definition>}>
          {percent(row.participationRate)}（{row.participating} 人）
        </Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.reachRate}>触达率</Definition>}>
          {percent(row.reachRate)}（{row.reached} 人）
        </Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.readThroughRate}>阅读完成率</Definition>}>
          {percent(row.readThroughRate)}（{row.readThrough} 人）
        </Descriptions.Item>
        <Descriptions.Item label={<Definition text={DEFINITIONS.quizPassRate}>答题通过率</Definition>}>
          {percent(row.quizPassRate)}（{row.quizPassed} 人）
        </Descriptions.Item>
        <Descriptions.Item label='必读内容'>{row.requiredItems} 项</Descriptions.Item>
      </Descriptions>
      {m.classes.length > 0 && (
        <Table<ClassRowOut>
          style={{ marginTop: 16 }}
          rowKey='className'
          size='small'
          pagination={false}
          dataSource={m.classes}
          columns={[
            { title: '班级', dataIndex: 'className' },
            { title: '花名册', dataIndex: 'roster', align: 'right', render: (v: number) => `${v} 人` },
            { title: '知晓率', dataIndex: 'awarenessRate', align: 'right', sorter: (a, b) => a.awarenessRate - b.awarenessRate, render: percent },
            { title: '参与率', dataIndex: 'participationRate', align: 'right', sorter: (a, b) => a.participationRate - b.participationRate, render: percent },
            { title: '阅读完成率', dataIndex: 'readThroughRate', align: 'right', render: percent },
          ]}
        />
      )}
    </Card>
  )
}
