import { PageContainer } from '@ant-design/pro-components'
import { Table } from 'antd'
import { Link, Navigate } from 'react-router-dom'
import { DEPARTMENT_KIND_NAMES } from '@contract/labels'
import type { DepartmentListOut } from '@contract/roster'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { useSession } from '../../session'

/** 部门数据: a department head goes straight to their own department; the campaign office picks one. */
export default function DepartmentListPage() {
  const { me, can } = useSession()
  const all = can('metrics.read')
  const list = useApiQuery(all ? 'departments' : null, () => api.get<DepartmentListOut>('/api/departments'))
  if (!all && me?.user.departmentId) return <Navigate to={`/departments/${me.user.departmentId}`} replace />
  return (
    <PageContainer>
      {list.error ? (
        <LoadFailed error={list.error} onRetry={list.reload} />
      ) : (
        <Table
          className='departments-list'
          rowKey='id'
          loading={list.loading}
          dataSource={list.data?.departments ?? []}
          pagination={false}
          columns={[
            { title: '部门', dataIndex: 'name', render: (name: string, d) => <Link to={`/departments/${d.id}`}>{name}</Link> },
            { title: '类别', dataIndex: 'kind', render: (k: keyof typeof DEPARTMENT_KIND_NAMES) => DEPARTMENT_KIND_NAMES[k] },
            { title: '', key: 'open', width: 160, render: (_: unknown, d) => <Link to={`/departments/${d.id}`}>查看发而未看名单</Link> },
          ]}
        />
      )}
    </PageContainer>
  )
}
