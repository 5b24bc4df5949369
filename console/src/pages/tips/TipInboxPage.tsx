import { PageContainer, ProTable, type ProColumns } from '@ant-design/pro-components'
import { Tag } from 'antd'
import dayjs from 'dayjs'
import { Link } from 'react-router-dom'
import type { InboxItemOut, InboxOut, TipCategoriesOut } from '@contract/tips'
import { TIP_STATUS_NAMES } from '@contract/labels'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { useTableRequest } from '../../hooks/useTableRequest'

const STATUS_BADGES = { received: 'Processing', verifying: 'Warning', transferred: 'Error', closed: 'Success' } as const
const statusEnum = Object.fromEntries(Object.entries(TIP_STATUS_NAMES).map(([k, text]) => [k, { text, status: STATUS_BADGES[k as keyof typeof STATUS_BADGES] }]))

interface InboxParams {
  current?: number
  status?: string
  category?: string
  receivedAt?: [string, string]
}

/** 线索: the security office's inbox, paged and filtered by the server (every page shown is audited). */
export default function TipInboxPage() {
  const loadRows = useTableRequest()
  const categories = useApiQuery('tip-categories', () => api.get<TipCategoriesOut>('/api/tips/categories')).data?.categories ?? []

  const columns: ProColumns<InboxItemOut>[] = [
    { title: '受理时间', dataIndex: 'receivedAt', valueType: 'dateTime', sorter: true, defaultSortOrder: 'descend', search: false, width: 160 },
    { title: '受理日期', dataIndex: 'receivedAt', valueType: 'dateRange', hideInTable: true },
    {
      title: '类别',
      dataIndex: 'category',
      valueType: 'select',
      width: 150,
      fieldProps: { options: categories.map((c) => ({ value: c.code, label: c.name })) },
      render: (_, t) => t.categoryName,
    },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: statusEnum, width: 110 },
    {
      title: '内容摘要',
      dataIndex: 'excerpt',
      search: false,
      ellipsis: true,
      render: (_, t) => (t.unreadable ? <Tag color='red'>内容无法解密</Tag> : <Link to={`/tips/${t.id}`}>{t.excerpt || '（无文字）'}</Link>),
    },
    { title: '图片', dataIndex: 'attachments', search: false, width: 60, render: (_, t) => (t.attachments ? `${t.attachments} 张` : '—') },
    { title: '举报方式', dataIndex: 'anonymous', search: false, width: 80, render: (_, t) => (t.anonymous ? '匿名' : '实名') },
    { title: '承办人', dataIndex: 'assigneeName', search: false, width: 110, render: (_, t) => t.assigneeName ?? <span className='muted'>未指派</span> },
    { title: '操作', valueType: 'option', width: 60, render: (_, t) => <Link to={`/tips/${t.id}`}>处理</Link> },
  ]

  return (
    <PageContainer content='线索内容已加密保存；每次查看列表、详情和图片都会记入审计日志。'>
      <ProTable<InboxItemOut, InboxParams>
        className='tip-table'
        rowKey='id'
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        options={{ density: false, setting: false }}
        request={(params, sort) =>
          loadRows(async () => {
            const [from, to] = params.receivedAt ?? []
            const res = await api.get<InboxOut>('/api/security/tips', {
              page: params.current ?? 1,
              status: params.status,
              category: params.category,
              from: from ? dayjs(from).format('YYYY-MM-DD') : undefined,
              to: to ? dayjs(to).format('YYYY-MM-DD') : undefined,
              order: (sort as Record<string, string | null>).receivedAt === 'ascend' ? 'asc' : 'desc',
            })
            return { data: res.tips, total: res.total }
          })
        }
      />
    </PageContainer>
  )
}
