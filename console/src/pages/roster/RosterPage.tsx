import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components'
import { Tag } from 'antd'
import { useRef } from 'react'
import type { DepartmentListOut, RosterPageOut, RosterPersonOut } from '@contract/roster'
import { PERSON_TYPE_NAMES } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { useTableRequest } from '../../hooks/useTableRequest'
import { useSession } from '../../session'
import { RosterImport } from './RosterImport'
import { rosterListQuery, type RosterTableParams, type TableSort } from './rosterList'

/** 花名册: import the roster, and the people on it with the reader bound to each (release with confirmation). */
export default function RosterPage() {
  const table = useRef<ActionType>(undefined)
  const loadRows = useTableRequest()
  const { can } = useSession()
  const departments = useApiQuery('departments', () => api.get<DepartmentListOut>('/api/departments')).data?.departments ?? []

  const columns: ProColumns<RosterPersonOut>[] = [
    { title: '学号/工号', dataIndex: 'number', sorter: true, defaultSortOrder: 'ascend', search: false, width: 140 },
    { title: '姓名', dataIndex: 'name', sorter: true, search: false, width: 120 },
    { title: '搜索', dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: '学号/工号或姓名（开头）' } },
    { title: '类型', dataIndex: 'type', search: false, width: 90, render: (_, p) => PERSON_TYPE_NAMES[p.type] },
    {
      title: '部门',
      dataIndex: 'departmentId',
      valueType: 'select',
      fieldProps: { options: departments.map((d) => ({ value: d.id, label: d.name })), showSearch: true, optionFilterProp: 'label' },
      render: (_, p) => p.departmentName || '—',
    },
    { title: '班级', dataIndex: 'className', sorter: true, search: false, render: (_, p) => p.className ?? '—' },
    {
      title: '状态',
      dataIndex: 'includeInactive',
      valueType: 'select',
      valueEnum: { false: { text: '只看在册' }, true: { text: '包括已离开' } },
      width: 100,
      render: (_, p) => (p.active ? <Tag color='green'>在册</Tag> : <Tag>已离开</Tag>),
    },
    {
      title: '绑定的读者',
      dataIndex: 'bound',
      valueType: 'select',
      valueEnum: { true: { text: '只看已绑定' } },
      render: (_, p) => p.boundUser?.nickname ?? <span className='muted'>未绑定</span>,
    },
    {
      title: '操作',
      valueType: 'option',
      width: 120,
      render: (_, p) =>
        p.boundUser && can('users.unbind') ? (
          <ConfirmButton
            size='small'
            type='link'
            title={`解除“${p.boundUser.nickname}”与 ${p.name}（${p.number}）的绑定？`}
            content='解除后该读者需要重新绑定学号/工号，绑定前的阅读和答题记录不计入此人。'
            okText='解除绑定'
            success='已解除绑定'
            onConfirm={async () => {
              await api.delete(`/api/admin/users/${p.boundUser!.id}/binding`)
              table.current?.reload()
            }}
          >
            解除绑定
          </ConfirmButton>
        ) : null,
    },
  ]

  return (
    <PageContainer>
      <RosterImport onImported={() => table.current?.reload()} />
      <ProTable<RosterPersonOut, RosterTableParams>
        className='roster-table'
        style={{ marginTop: 16 }}
        headerTitle='人员名单'
        rowKey='id'
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: false }}
        request={(params, sort) =>
          loadRows(async () => {
            const res = await api.get<RosterPageOut>('/api/admin/roster', rosterListQuery(params, sort as TableSort))
            return { data: res.people, total: res.total }
          })
        }
      />
    </PageContainer>
  )
}
