import { DownloadOutlined } from '@ant-design/icons'
import { PageContainer, ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components'
import { App, Button, Space, Tag, Tooltip } from 'antd'
import { useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import type { AdminQuestionEnvelope, AdminQuestionListOut, AdminQuestionOut } from '@contract/question-bank'
import { QUESTION_TYPE_LABELS } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { api } from '../../services/api'
import { useTableRequest } from '../../hooks/useTableRequest'
import { friendlyMessage } from '../../services/errors'
import { QuestionImport } from './QuestionImport'
import { discriminationText, percent, questionListQuery, type QuestionTableParams, type TableSort } from './questionBank'

/** 题库: the question bank, searched, filtered and sorted by the server, with each item's statistics. */
export default function QuestionListPage() {
  const table = useRef<ActionType>(undefined)
  const { message } = App.useApp()
  const loadRows = useTableRequest()
  const [chapters, setChapters] = useState<AdminQuestionListOut['chapters']>([])
  const download = (path: string, name: string) => api.download(path, undefined, name).catch((e) => message.error(friendlyMessage(e)))

  const columns: ProColumns<AdminQuestionOut>[] = [
    {
      title: '题干',
      dataIndex: 'stem',
      ellipsis: true,
      width: 340,
      fieldProps: { placeholder: '输入题干中的文字' },
      render: (_, q) => <Link to={`/questions/${q.id}`}>{q.stem}</Link>,
    },
    {
      title: '章节',
      dataIndex: 'chapterId',
      valueType: 'select',
      width: 150,
      ellipsis: true,
      fieldProps: { options: chapters.map((c) => ({ value: c.id, label: c.title })) },
      render: (_, q) => q.chapterTitle,
    },
    { title: '题型', dataIndex: 'type', valueType: 'select', width: 80, valueEnum: Object.fromEntries(Object.entries(QUESTION_TYPE_LABELS).map(([k, text]) => [k, { text }])) },
    { title: '作答人数', dataIndex: 'responses', search: false, sorter: true, width: 100, render: (_, q) => q.stats.responses },
    { title: '答对率', dataIndex: 'facility', search: false, sorter: true, width: 90, render: (_, q) => percent(q.stats.facility) },
    { title: '区分度', dataIndex: 'discrimination', search: false, sorter: true, width: 90, render: (_, q) => discriminationText(q.stats.discrimination) },
    {
      title: '提示',
      dataIndex: 'flagged',
      valueType: 'select',
      valueEnum: { true: { text: '只看需关注的题' } },
      width: 190,
      render: (_, q) => (
        <Space size={[0, 4]} wrap>
          {q.stats.hints.map((h) => (
            <Tag key={h.text} color={h.level === 'warning' ? 'orange' : 'default'}>
              {h.text}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'state',
      valueType: 'select',
      width: 90,
      initialValue: 'active',
      valueEnum: { active: { text: '使用中' }, retired: { text: '已停用' }, all: { text: '全部' } },
      render: (_, q) => (q.active ? <Tag color='green'>使用中</Tag> : <Tag>已停用</Tag>),
    },
    {
      title: '操作',
      valueType: 'option',
      width: 130,
      render: (_, q) => (
        <Space>
          <Link to={`/questions/${q.id}`}>编辑</Link>
          {q.active ? (
            <ConfirmButton
              size='small'
              type='link'
              title='停用这道题？'
              content={
                <Tooltip title={q.stem}>{`“${q.stem.slice(0, 40)}${q.stem.length > 40 ? '…' : ''}”停用后不再出现在练习、每日一练和竞赛中；作答记录保留，可随时恢复。`}</Tooltip>
              }
              okText='停用'
              success='已停用'
              onConfirm={async () => {
                await api.post<AdminQuestionEnvelope>(`/api/admin/questions/${q.id}/retire`)
                table.current?.reload()
              }}
            >
              停用
            </ConfirmButton>
          ) : (
            <Button
              size='small'
              type='link'
              onClick={async () => {
                try {
                  await api.post<AdminQuestionEnvelope>(`/api/admin/questions/${q.id}/restore`)
                  void message.success('已恢复')
                  table.current?.reload()
                } catch (err) {
                  void message.error(friendlyMessage(err))
                }
              }}
            >
              恢复
            </Button>
          )}
        </Space>
      ),
    },
  ]

  return (
    <PageContainer content='答对率和区分度按每位读者第一次作答计算；提示帮助找出太容易、太难或答案可能有误的题。'>
      <ProTable<AdminQuestionOut, QuestionTableParams>
        className='question-table'
        rowKey='id'
        actionRef={table}
        columns={columns}
        scroll={{ x: 1280 }}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        options={{ density: false, setting: false }}
        request={(params, sort) =>
          loadRows(async () => {
            const res = await api.get<AdminQuestionListOut>('/api/admin/questions', questionListQuery(params, sort as TableSort))
            setChapters(res.chapters)
            return { data: res.questions, total: res.total }
          })
        }
        toolBarRender={() => [
          <QuestionImport key='import' onImported={() => table.current?.reload()} />,
          <Button key='template' icon={<DownloadOutlined />} onClick={() => download('/api/admin/handbook/template.xlsx', '题库导入模板.xlsx')}>
            下载模板
          </Button>,
          <Button key='export' icon={<DownloadOutlined />} onClick={() => download('/api/admin/handbook/export.xlsx', '题库.xlsx')}>
            导出 Excel
          </Button>,
          <Button key='json' icon={<DownloadOutlined />} onClick={() => download('/api/admin/handbook/export.json', '题库.json')}>
            导出 JSON
          </Button>,
        ]}
      />
    </PageContainer>
  )
}
