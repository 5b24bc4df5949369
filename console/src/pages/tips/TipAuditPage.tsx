import { PageContainer, type ProColumns } from '@ant-design/pro-components'
import { Link } from 'react-router-dom'
import type { TipAuditEntryOut } from '@contract/tips'
import { AuditLogTable } from '../../components/AuditLogTable'

const columns: ProColumns<TipAuditEntryOut>[] = [
  { title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170 },
  { title: '操作人', dataIndex: 'actorName', width: 200, render: (_, e) => e.actorName ?? '—' },
  { title: '操作', dataIndex: 'actionName', width: 130 },
  { title: '内容', dataIndex: 'summary' },
  { title: '线索', dataIndex: 'tipId', width: 100, render: (_, e) => (e.tipId ? <Link to={`/tips/${e.tipId}`}>查看线索</Link> : '—') },
]

/** 线索审计日志: every read and change of the security office, newest first, in Chinese (viewing it is logged too). */
export default function TipAuditPage() {
  return (
    <PageContainer content='只增不改的记录：操作人姓名按操作当时记录。'>
      <AuditLogTable<TipAuditEntryOut>
        className='tip-audit-log'
        path='/api/security/audit'
        columns={columns}
        rowKey={(e) => `${e.at}-${e.action}-${e.summary}-${e.actorName}-${e.tipId}`}
      />
    </PageContainer>
  )
}
