import { ProTable, type ProColumns } from '@ant-design/pro-components'
import { api } from '../services/api'
import { useTableRequest } from '../hooks/useTableRequest'

interface AuditLogTableProps<Entry extends Record<string, unknown>> {
  className: string
  /** Paged GET endpoint answering `{ entries, total }`, newest first. */
  path: string
  columns: ProColumns<Entry>[]
  rowKey: (entry: Entry) => string
}

/** An append-only audit log: 50 a page, no search or column settings; a failed load shows the server's message. */
export function AuditLogTable<Entry extends Record<string, unknown>>({ className, path, columns, rowKey }: AuditLogTableProps<Entry>) {
  const loadRows = useTableRequest()
  return (
    <ProTable<Entry>
      className={className}
      rowKey={rowKey}
      columns={columns}
      search={false}
      pagination={{ pageSize: 50, showSizeChanger: false }}
      options={{ density: false, setting: false }}
      request={(params) =>
        loadRows(async () => {
          const res = await api.get<{ entries: Entry[]; total: number }>(path, { page: params.current ?? 1 })
          return { data: res.entries, total: res.total }
        })
      }
    />
  )
}
