import { ProTable, type ProColumns } from '@ant-design/pro-components'
import { App } from 'antd'
import { api } from '../services/api'
import { friendlyMessage } from '../services/errors'

interface AuditLogTableProps<Entry extends Record<string, unknown>> {
  className: string
  /** Paged GET endpoint answering `{ entries, total }`, newest first. */
  path: string
  columns: ProColumns<Entry>[]
  rowKey: (entry: Entry) => string
}

/** An append-only audit log: 50 a page, no search or column settings; a failed load shows the server's message. */
export function AuditLogTable<Entry extends Record<string, unknown>>({ className, path, columns, rowKey }: AuditLogTableProps<Entry>) {
  const { message } = App.useApp()
  return (
    <ProTable<Entry>
      className={className}
      rowKey={rowKey}
      columns={columns}
      search={false}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      options={{ density: false, setting: false }}
      request={async (params) => {
        try {
          const res = await api.get<{ entries: Entry[]; total: number }>(path, { page: params.current ?? 1 })
          return { data: res.entries, total: res.total, success: true }
        } catch (err) {
          void message.error(friendlyMessage(err))
          return { data: [], total: 0, success: false }
        }
      }}
    />
  )
}
