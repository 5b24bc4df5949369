import { Table, Tag, Typography } from 'antd'
import { Link } from 'react-router-dom'
import type { DepartmentRowOut } from '@contract/metrics'
import { Definition } from '../../components/Definition'
import { percent } from './charts'
import { DEFINITIONS } from './definitions'

const rate = (key: keyof DepartmentRowOut, title: string, definition: string) => ({
  title: <Definition text={definition}>{title}</Definition>,
  dataIndex: key,
  width: 110,
  align: 'right' as const,
  sorter: (a: DepartmentRowOut, b: DepartmentRowOut) => (a[key] as number) - (b[key] as number),
  render: (v: number, d: DepartmentRowOut) => (d.roster ? percent(v) : '—'),
})

/** The departments with people on the roster, by rank (those without are listed above the table as 无人员). */
export function DepartmentTable({ departments, month }: { departments: DepartmentRowOut[]; month: string }) {
  return (
    <Table<DepartmentRowOut>
      className='department-table'
      rowKey='departmentId'
      size='middle'
      dataSource={departments}
      pagination={false}
      columns={[
        {
          title: <Definition text={DEFINITIONS.ranking}>排名</Definition>,
          dataIndex: 'rank',
          width: 90,
          render: (rank: number | null) => (rank === null ? <Tag>无人员</Tag> : rank),
        },
        { title: '部门', dataIndex: 'name', render: (name: string, d) => <Link to={`/departments/${d.departmentId}?month=${month}`}>{name}</Link> },
        { title: '花名册', dataIndex: 'roster', width: 90, align: 'right', sorter: (a, b) => a.roster - b.roster, render: (v: number) => `${v} 人` },
        rate('reachRate', '触达率', DEFINITIONS.reachRate),
        rate('readThroughRate', '阅读完成率', DEFINITIONS.readThroughRate),
        rate('quizPassRate', '答题通过率', DEFINITIONS.quizPassRate),
        rate('awarenessRate', '知晓率', DEFINITIONS.awarenessRate),
        rate('participationRate', '参与率', DEFINITIONS.participationRate),
        {
          title: '未读完',
          width: 90,
          align: 'right',
          render: (_: unknown, d) => (d.roster ? <Typography.Text type={d.roster - d.readThrough ? 'warning' : undefined}>{d.roster - d.readThrough} 人</Typography.Text> : '—'),
        },
      ]}
    />
  )
}
