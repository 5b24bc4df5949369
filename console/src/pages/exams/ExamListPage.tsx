import { PlusOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { Button, Card, Space, Table, Tag } from 'antd'
import dayjs from 'dayjs'
import { Link, useNavigate } from 'react-router-dom'
import type { AdminExamListOut, AdminExamOut } from '@contract/quiz'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { blueprintTotals, examState } from './examForm'

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '不限')

/** 考试: the campaign's timed quizzes (知识竞赛): create, edit, publish or stop, and their item analysis. */
export default function ExamListPage() {
  const navigate = useNavigate()
  const query = useApiQuery('exams', () => api.get<AdminExamListOut>('/api/admin/exams'))
  if (query.error) return <LoadFailed error={query.error} onRetry={query.reload} />
  const now = new Date()

  return (
    <PageContainer
      extra={
        <Button type='primary' icon={<PlusOutlined />} onClick={() => navigate('/exams/new')}>
          新建竞赛
        </Button>
      }
    >
      <Card>
        <Table<AdminExamOut>
          className='exam-table'
          rowKey='id'
          loading={query.loading}
          dataSource={query.data?.exams ?? []}
          pagination={false}
          columns={[
            { title: '名称', dataIndex: 'title', render: (_, e) => <Link to={`/exams/${e.id}`}>{e.title}</Link> },
            {
              title: '状态',
              width: 140,
              render: (_, e) => {
                const s = examState(e, now)
                return <Tag color={s.color}>{s.text}</Tag>
              },
            },
            { title: '开放时间', width: 300, render: (_, e) => `${time(e.opensAt)} 至 ${time(e.closesAt)}` },
            {
              title: '试卷',
              width: 160,
              render: (_, e) => {
                const t = blueprintTotals(e.blueprint)
                return `${t.questions} 题，${t.points} 分，${Math.round(e.timeLimitSeconds / 60)} 分钟`
              },
            },
            {
              title: '操作',
              width: 220,
              render: (_, e) => (
                <Space>
                  <Link to={`/exams/${e.id}`}>编辑</Link>
                  <Link to={`/exams/${e.id}/statistics`}>试题分析</Link>
                  {e.published ? (
                    <ConfirmButton
                      size='small'
                      type='link'
                      title={`停止《${e.title}》？`}
                      content='停止后读者看不到这场竞赛，也不能开始新的作答；已开始的作答仍可交卷。'
                      okText='停止'
                      success='已停止'
                      onConfirm={async () => {
                        await api.put(`/api/admin/exams/${e.id}`, { published: false })
                        query.reload()
                      }}
                    >
                      停止
                    </ConfirmButton>
                  ) : (
                    <ConfirmButton
                      size='small'
                      type='link'
                      danger={false}
                      title={`发布《${e.title}》？`}
                      content={`发布后读者可在开放时间（${time(e.opensAt)} 起）参加。`}
                      okText='发布'
                      success='已发布'
                      onConfirm={async () => {
                        await api.put(`/api/admin/exams/${e.id}`, { published: true })
                        query.reload()
                      }}
                    >
                      发布
                    </ConfirmButton>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </PageContainer>
  )
}
