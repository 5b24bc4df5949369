import { PageContainer, type ProColumns } from '@ant-design/pro-components'
import type { AdminAuditOut } from '@contract/users'
import { AuditLogTable } from '../../components/AuditLogTable'

type Entry = AdminAuditOut['entries'][number]

const columns: ProColumns<Entry>[] = [
  { title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170 },
  { title: '操作人', dataIndex: 'actorName', width: 200 },
  { title: '操作', dataIndex: 'actionName', width: 140 },
  { title: '账号', dataIndex: 'targetName', width: 200 },
  { title: '内容', dataIndex: 'summary' },
]

/** 账号变更日志: every account change, newest first, in Chinese with names as they were then. */
export default function AccountLogPage() {
  return (
    <PageContainer content='只增不改的记录：姓名按操作当时记录。'>
      <AuditLogTable<Entry> className='account-log' path='/api/admin/audit' columns={columns} rowKey={(e) => `${e.at}-${e.actorId}-${e.targetId}-${e.action}`} />
    </PageContainer>
  )
}
