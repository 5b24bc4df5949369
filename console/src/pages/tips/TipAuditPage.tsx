import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components'
import { App } from 'antd'
import { Link } from 'react-router-dom'
import type { TipAuditEntryOut, TipAuditOut } from '@contract/tips'
import { api } from '../../services/api'
import { friendlyMessage } from '../../services/errors'

/** 线索审计日志: every read and change of the security office, newest first, in Chinese (viewing it is logged too). */
export default function TipAuditPage() {
  const { message } = App.useApp()
  const columns: ProColumns<TipAuditEntryOut>[] = [
    { title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170 },
    { title: '操作人', dataIndex: 'actorName', width: 200, render: (_, e) => e.actorName ?? '—' },
    { title: '操作', dataIndex: 'actionName', width: 130 },
    { title: '内容', dataIndex: 'summary' },
    { title: '线索', dataIndex: 'tipId', width: 100, render: (_, e) => (e.tipId ? <Link to={`/tips/${e.tipId}`}>查看线索</Link> : '—') },
  ]
  return (
    <PageContainer content='只增不改的记录：操作人姓名按操作当时记录。'>
      <ProTable<TipAuditEntryOut>
        className='tip-audit-log'
        rowKey={(e) => `${e.at}-${e.action}-${e.summary}-${e.actorName}-${e.tipId}`}
        columns={columns}
        search={false}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        options={{ density: false, setting: false }}
        request={async (params) => {
          try {
            const res = await api.get<TipAuditOut>('/api/security/audit', { page: params.current ?? 1 })
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
