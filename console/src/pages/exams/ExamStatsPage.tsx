import { PageContainer } from '@ant-design/pro-components'
import { Alert, Card, Col, Progress, Row, Space, Statistic, Table, Tag } from 'antd'
import { useNavigate, useParams } from 'react-router-dom'
import type { ExamStatisticsOut } from '@contract/quiz'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { examItemHints } from './examStats'

type Item = ExamStatisticsOut['items'][number]

/** 试题分析: one exam's first attempts — mean, spread, reliability, and each item's facility, discrimination and options. */
export default function ExamStatsPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const query = useApiQuery(`exam-stats:${id}`, () => api.get<ExamStatisticsOut>(`/api/admin/exams/${id}/statistics`))
  if (query.error) return <LoadFailed error={query.error} onRetry={query.reload} />
  const s = query.data

  return (
    <PageContainer title={s ? `试题分析：${s.title}` : '试题分析'} onBack={() => navigate('/exams')} loading={query.loading && !s}>
      {s && (
        <>
          <Row gutter={16}>
            <Col span={6}>
              <Card>
                <Statistic title='首次作答人数' value={s.attempts} suffix='人' />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title='平均分' value={s.mean} precision={1} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title='标准差' value={s.sd} precision={1} />
              </Card>
            </Col>
            <Col span={6}>
              <Card>
                <Statistic title='信度（克隆巴赫 α）' value={s.cronbachAlpha ?? '—'} precision={s.cronbachAlpha === null ? undefined : 2} />
              </Card>
            </Col>
          </Row>
          {s.alphaNote && <Alert style={{ marginTop: 16 }} type='info' showIcon message={s.alphaNote} />}
          {s.refusedFirstAttempts > 0 && <Alert style={{ marginTop: 16 }} type='warning' showIcon message={`${s.refusedFirstAttempts} 人的首次作答超时未计分，不计入分析`} />}
          <Card title='每道题' style={{ marginTop: 16 }}>
            <Table<Item>
              className='exam-items'
              rowKey='questionId'
              dataSource={s.items}
              pagination={{ pageSize: 20 }}
              expandable={{
                expandedRowRender: (item) => (
                  <Space direction='vertical' style={{ width: 520 }}>
                    {item.options.map((o) => (
                      <div key={o.id}>
                        {o.correct ? <Tag color='green'>正确</Tag> : <Tag>干扰项</Tag>}
                        {o.text}
                        <Progress percent={Math.round(o.share * 100)} size='small' status={o.correct ? 'success' : 'normal'} format={() => `${o.count} 人`} />
                      </div>
                    ))}
                  </Space>
                ),
              }}
              columns={[
                { title: '题干', dataIndex: 'stem', ellipsis: true },
                { title: '作答', dataIndex: 'responses', width: 80, render: (n: number) => `${n} 人` },
                { title: '答对率', dataIndex: 'facility', width: 160, render: (f: number) => <Progress percent={Math.round(f * 100)} size='small' /> },
                { title: '区分度', dataIndex: 'discrimination', width: 90, render: (d: number) => d.toFixed(2) },
                {
                  title: '提示',
                  width: 320,
                  render: (_, item) => (
                    <Space size={[0, 4]} wrap>
                      {examItemHints(item).map((h) => (
                        <Tag key={h} color='orange'>
                          {h}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </PageContainer>
  )
}
