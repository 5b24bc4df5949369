import { PlusOutlined } from '@ant-design/icons'
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components'
import { Button, Space, Tag } from 'antd'
import { useRef } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import type { AdminArticleEnvelope, AdminArticleListOut, AdminArticleOut } from '@contract/articles'
import { ARTICLE_STATUS_NAMES } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { api } from '../../services/api'
import { useTableRequest } from '../../hooks/useTableRequest'
import { articleListQuery, type TableParams, type TableSort } from './articleList'

const STATUS_BADGES = { draft: 'Default', scheduled: 'Warning', published: 'Success', archived: 'Default' } as const
const statusEnum = Object.fromEntries(Object.entries(ARTICLE_STATUS_NAMES).map(([k, text]) => [k, { text, status: STATUS_BADGES[k as keyof typeof STATUS_BADGES] }]))

/** 文章管理: the campaign's articles, paged, searched, filtered and sorted by the server. */
export default function ArticleListPage() {
  const navigate = useNavigate()
  const table = useRef<ActionType>(undefined)
  const loadRows = useTableRequest()

  const columns: ProColumns<AdminArticleOut>[] = [
    { title: '标题', dataIndex: 'title', sorter: true, ellipsis: true, render: (_, a) => <Link to={`/articles/${a.id}`}>{a.title}</Link> },
    { title: '状态', dataIndex: 'status', valueType: 'select', valueEnum: statusEnum, width: 100 },
    { title: '必读', dataIndex: 'required', search: false, width: 70, render: (_, a) => (a.required ? <Tag color='red'>必读</Tag> : '—') },
    {
      title: '受众',
      dataIndex: 'audienceDepartmentIds',
      search: false,
      width: 120,
      render: (_, a) => (a.audienceDepartmentIds.length ? `${a.audienceDepartmentIds.length} 个部门` : '全校'),
    },
    { title: '发布时间', dataIndex: 'publishedAt', valueType: 'dateTime', fieldProps: { format: 'YYYY-MM-DD HH:mm' }, sorter: true, search: false, width: 150 },
    {
      title: '最近修改',
      dataIndex: 'updatedAt',
      valueType: 'dateTime',
      fieldProps: { format: 'YYYY-MM-DD HH:mm' },
      sorter: true,
      search: false,
      width: 150,
      defaultSortOrder: 'descend',
    },
    {
      title: '操作',
      valueType: 'option',
      width: 120,
      render: (_, a) => (
        <Space>
          <Link to={`/articles/${a.id}`}>编辑</Link>
          {(a.status === 'published' || a.status === 'scheduled') && (
            <ConfirmButton
              size='small'
              type='link'
              title={`撤回《${a.title}》？`}
              content='撤回后文章回到草稿，读者将看不到它；已发出的订阅消息无法收回。'
              okText='撤回'
              success='已撤回为草稿'
              onConfirm={async () => {
                await api.post<AdminArticleEnvelope>(`/api/admin/articles/${a.id}/unpublish`)
                table.current?.reload()
              }}
            >
              撤回
            </ConfirmButton>
          )}
        </Space>
      ),
    },
  ]

  return (
    <PageContainer>
      <ProTable<AdminArticleOut, TableParams>
        className='article-table'
        rowKey='id'
        actionRef={table}
        columns={columns}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 10, showSizeChanger: true }}
        options={{ density: false, setting: false }}
        request={(params, sort) =>
          loadRows(async () => {
            const res = await api.get<AdminArticleListOut>('/api/admin/articles', articleListQuery(params, sort as TableSort))
            return { data: res.articles, total: res.total }
          })
        }
        toolBarRender={() => [
          <Button key='new' type='primary' icon={<PlusOutlined />} onClick={() => navigate('/articles/new')}>
            新建文章
          </Button>,
        ]}
      />
    </PageContainer>
  )
}
