import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components'
import { App } from 'antd'
import type { AdminAuditOut } from '@contract/users'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'

type Entry = AdminAuditOut['entries'][number]

/** 账号变更日志: every account change, newest first, in Chinese with names as they were then. */
export default function AccountLogPage() {
  const { message } = App.useApp()
  const columns: ProColumns<Entry>[] = [
    { title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170 },
    { title: '操作人', dataIndex: 'actorName', width: 200 },
    { title: '操作', dataIndex: 'actionName', width: 140 },
    { title: '账号', dataIndex: 'targetName', width: 200 },
    { title: '内容', dataIndex: 'summary' },
  ]
  return (
    <PageContainer content='只增不改的记录：姓名按操作当时记录。'>
      <ProTable<Entry>
        className='account-log'
        rowKey={(e) => `${e.at}-${e.actorId}-${e.targetId}-${e.action}`}
        columns={columns}
        search={false}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        options={{ density: false, setting: false }}
        request={async (params) => {
          try {
            const res = await api.get<AdminAuditOut>('/api/admin/audit', { page: params.current ?? 1 })
            return { data: res.entries, total: res.total, success: true }
          } catch (err) {
            void message.error(friendlyMessage(err))
            return { data: [], total: 0, success: false }
          }
        }}
      />
    </PageContainer>
  )
}
