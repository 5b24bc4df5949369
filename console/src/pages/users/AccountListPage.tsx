import { PlusOutlined } from '@ant-design/icons'
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components'
import { App, Button, Space, Tag } from 'antd'
import { useRef, useState } from 'react'
import type { DepartmentListOut } from '@contract/roster'
import type { RoleGrantsOut, UserListOut, UserView } from '@contract/users'
import { ROLE_NAMES } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { useTableRequest } from '../../hooks/useTableRequest'
import { friendlyMessage } from '../../services/errors'
import { useSession } from '../../session'
import { CreateAccountModal, EditAccountModal, ResetPasswordModal } from './AccountForms'
import { ROLE_CHOICES } from './accounts'

interface AccountParams {
  current?: number
  pageSize?: number
  q?: string
  role?: string
  includeDisabled?: string
}

/** 账号: admin accounts, paged by the server; create, change roles and department, reset the password, disable with confirmation. */
export default function AccountListPage() {
  const table = useRef<ActionType>(undefined)
  const { message } = App.useApp()
  const loadRows = useTableRequest()
  const { me, can } = useSession()
  // A 保卫处 role waits for a second person: shown on the account until it is confirmed.
  const grants = useApiQuery(can('roleGrant.confirm') ? 'role-grants' : null, () => api.get<RoleGrantsOut>('/api/admin/role-grants'))
  const pendingFor = new Set((grants.data?.grants ?? []).map((g) => g.targetId))
  const departments = useApiQuery('departments', () => api.get<DepartmentListOut>('/api/departments')).data?.departments ?? []
  const deptName = new Map(departments.map((d) => [d.id, d.name]))
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<UserView | null>(null)
  const [resetting, setResetting] = useState<UserView | null>(null)
  const reload = () => {
    table.current?.reload()
    grants.reload()
  }

  const setDisabled = async (u: UserView, disabled: boolean) => {
    await api.put(`/api/admin/users/${u.id}`, { disabled })
    reload()
  }

  const columns: ProColumns<UserView>[] = [
    { title: '搜索', dataIndex: 'q', hideInTable: true, fieldProps: { placeholder: '用户名或姓名' } },
    { title: '姓名', dataIndex: 'nickname', search: false },
    { title: '用户名', dataIndex: 'username', search: false, render: (_, u) => u.username ?? '—' },
    {
      title: '角色',
      dataIndex: 'role',
      valueType: 'select',
      fieldProps: { options: ROLE_CHOICES },
      render: (_, u) => (
        <Space size={[0, 4]} wrap>
          {u.roles
            .filter((r) => r !== 'reader')
            .map((r) => (
              <Tag key={r} color={r === 'superadmin' ? 'red' : r === 'security_officer' ? 'purple' : 'blue'}>
                {ROLE_NAMES[r]}
              </Tag>
            ))}
          {pendingFor.has(u.id) && <Tag color='purple'>保卫处（待确认）</Tag>}
        </Space>
      ),
    },
    { title: '所属部门', dataIndex: 'departmentId', search: false, render: (_, u) => (u.departmentId ? (deptName.get(u.departmentId) ?? '（已停用的部门）') : '—') },
    {
      title: '状态',
      dataIndex: 'includeDisabled',
      valueType: 'select',
      valueEnum: { false: { text: '只看正常' } },
      width: 90,
      render: (_, u) => (u.disabled ? <Tag>已停用</Tag> : <Tag color='green'>正常</Tag>),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 220,
      render: (_, u) => (
        <Space size={0}>
          <Button type='link' size='small' onClick={() => setEditing(u)}>
            修改
          </Button>
          <Button type='link' size='small' onClick={() => setResetting(u)}>
            重置密码
          </Button>
          {u.disabled ? (
            <Button
              type='link'
              size='small'
              onClick={() =>
                setDisabled(u, false).then(
                  () => message.success('已启用'),
                  (e: unknown) => message.error(friendlyMessage(e)),
                )
              }
            >
              启用
            </Button>
          ) : (
            u.id !== me?.user.id && (
              <ConfirmButton
                size='small'
                type='link'
                title={`停用账号“${u.nickname}”？`}
                content='停用后该账号立即退出登录，不能再登录控制台；账号和操作记录保留，可随时启用。'
                okText='停用'
                success='已停用'
                onConfirm={() => setDisabled(u, true)}
              >
                停用
              </ConfirmButton>
            )
          )}
        </Space>
      ),
    },
  ]

  return (
    <PageContainer>
      <ProTable<UserView, AccountParams>
        className='account-table'
        rowKey='id'
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: false }}
        request={(params) =>
          loadRows(async () => {
            const res = await api.get<UserListOut>('/api/admin/users', {
              page: params.current ?? 1,
              pageSize: params.pageSize ?? 20,
              q: params.q?.trim(),
              role: params.role,
              includeDisabled: params.includeDisabled,
            })
            return { data: res.users, total: res.total }
          })
        }
        toolBarRender={() => [
          <Button key='new' type='primary' icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建账号
          </Button>,
        ]}
      />
      <CreateAccountModal
        open={creating}
        departments={departments}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false)
          reload()
        }}
      />
      <EditAccountModal
        account={editing}
        departments={departments}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null)
          reload()
        }}
      />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} onDone={() => setResetting(null)} />
    </PageContainer>
  )
}
