import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Select, Space, Spin, Tag } from 'antd'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { AdminQuestionEnvelope, AdminQuestionListOut, AdminQuestionOut } from '@contract/question-bank'
import { QUESTION_TYPE_LABELS } from '@contract/labels'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'
import { applyServerErrors } from '../../services/forms'
import { discriminationText, formValuesOf, optionLetter, percent, questionEditOf, TRUE_FALSE_OPTIONS, type QuestionFormValues } from './questionBank'

/** 编辑题目: one question in a form (errors under their fields), its statistics and retire. */
export default function QuestionEditPage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [form] = Form.useForm<QuestionFormValues>()
  const [saving, setSaving] = useState(false)
  const query = useApiQuery(`question:${id}`, () => api.get<AdminQuestionEnvelope>(`/api/admin/questions/${id}`))
  const chapters = useApiQuery('question-chapters', () => api.get<AdminQuestionListOut>('/api/admin/questions', { pageSize: 1 })).data?.chapters ?? []
  const [question, setQuestion] = useState<AdminQuestionOut | null>(null)
  const type = Form.useWatch('type', form)
  const options = (Form.useWatch('options', form) as string[] | undefined) ?? []

  useEffect(() => {
    if (query.data) {
      setQuestion(query.data.question)
      form.setFieldsValue(formValuesOf(query.data.question))
    }
  }, [query.data, form])

  if (query.error) return <LoadFailed error={query.error} onRetry={query.reload} />
  if (!question) return <Spin style={{ display: 'block', margin: '80px auto' }} />

  const save = async (values: QuestionFormValues) => {
    setSaving(true)
    try {
      const res = await api.put<AdminQuestionEnvelope>(`/api/admin/questions/${id}`, questionEditOf(values))
      setQuestion(res.question)
      form.setFieldsValue(formValuesOf(res.question))
      void message.success('已保存')
    } catch (err) {
      const rest = applyServerErrors(form, err)
      if (rest) void message.error(rest)
    } finally {
      setSaving(false)
    }
  }

  const answerChoices = (type === 'truefalse' ? TRUE_FALSE_OPTIONS : options).map((text, i) => ({ value: i, label: `${optionLetter(i)}. ${text || '（空）'}` }))
  const s = question.stats

  return (
    <PageContainer
      title='编辑题目'
      onBack={() => navigate('/questions')}
      tags={question.active ? <Tag color='green'>使用中</Tag> : <Tag>已停用</Tag>}
      extra={
        question.active && (
          <ConfirmButton
            title='停用这道题？'
            content='停用后不再出现在练习、每日一练和竞赛中；作答记录保留，可在题库中恢复。'
            okText='停用'
            success='已停用'
            onConfirm={async () => setQuestion((await api.post<AdminQuestionEnvelope>(`/api/admin/questions/${id}/retire`)).question)}
          >
            停用
          </ConfirmButton>
        )
      }
    >
      <Row gutter={16}>
        <Col span={16}>
          <Card>
            <Form<QuestionFormValues> form={form} layout='vertical' className='question-form' onFinish={save} disabled={saving}>
              <Row gutter={16}>
                <Col span={10}>
                  <Form.Item name='chapterId' label='章节' rules={[{ required: true, message: '请选择章节' }]}>
                    <Select options={chapters.map((c) => ({ value: c.id, label: c.title }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name='type' label='题型' rules={[{ required: true, message: '请选择题型' }]}>
                    <Radio.Group
                      optionType='button'
                      options={Object.entries(QUESTION_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                      onChange={(e) => {
                        if (e.target.value === 'truefalse') form.setFieldsValue({ options: [...TRUE_FALSE_OPTIONS], answer: [0] })
                        else if (e.target.value === 'single') form.setFieldsValue({ answer: (form.getFieldValue('answer') as number[]).slice(0, 1) })
                      }}
                    />
                  </Form.Item>
                </Col>
                <Col span={6}>
                  <Form.Item name='difficulty' label='难度' rules={[{ required: true, message: '请选择难度' }]}>
                    <Radio.Group
                      optionType='button'
                      options={[
                        { value: 1, label: '易' },
                        { value: 2, label: '中' },
                        { value: 3, label: '难' },
                      ]}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name='stem' label='题干' rules={[{ required: true, whitespace: true, message: '请填写题干' }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount />
              </Form.Item>
              {type !== 'truefalse' && (
                <Form.List name='options'>
                  {(fields, { add, remove }, { errors }) => (
                    <Form.Item label='选项' required>
                      {fields.map((field, i) => (
                        <Space key={field.key} align='baseline' style={{ display: 'flex' }}>
                          <span className='option-letter'>{optionLetter(i)}.</span>
                          <Form.Item name={field.name} rules={[{ required: true, whitespace: true, message: '选项不能为空' }]} style={{ width: 520 }}>
                            <Input maxLength={200} />
                          </Form.Item>
                          {fields.length > 2 && <MinusCircleOutlined aria-label='删除选项' onClick={() => remove(field.name)} />}
                        </Space>
                      ))}
                      {fields.length < 8 && (
                        <Button type='dashed' icon={<PlusOutlined />} onClick={() => add('')}>
                          添加选项
                        </Button>
                      )}
                      <Form.ErrorList errors={errors} />
                      <div className='muted'>调整选项顺序会让过去的作答统计对应到新位置上的选项，修改措辞不受影响。</div>
                    </Form.Item>
                  )}
                </Form.List>
              )}
              {type === 'multiple' ? (
                <Form.Item name='answer' label='正确答案（可多选）' rules={[{ required: true, message: '请选择正确答案' }]}>
                  <Checkbox.Group options={answerChoices} />
                </Form.Item>
              ) : (
                <Form.Item
                  name='answer'
                  label='正确答案'
                  rules={[{ required: true, message: '请选择正确答案' }]}
                  getValueProps={(v: number[] | undefined) => ({ value: v?.[0] })}
                  normalize={(v: number) => [v]}
                >
                  <Radio.Group options={answerChoices} />
                </Form.Item>
              )}
              <Form.Item name='explanation' label='解析' rules={[{ required: true, whitespace: true, message: '请填写解析' }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
              </Form.Item>
              <Form.Item name='basis' label='依据' rules={[{ required: true, whitespace: true, message: '请填写依据' }]}>
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
              <Form.Item name='tags' label='标签'>
                <Select mode='tags' tokenSeparators={[',', '，', '、']} placeholder='输入后回车' />
              </Form.Item>
              <Button type='primary' htmlType='submit' loading={saving}>
                保存
              </Button>
            </Form>
          </Card>
        </Col>
        <Col span={8}>
          <Card title='作答统计' className='question-stats'>
            <Descriptions column={1} size='small'>
              <Descriptions.Item label='作答人数'>{s.responses}</Descriptions.Item>
              <Descriptions.Item label='答对率'>{percent(s.facility)}</Descriptions.Item>
              <Descriptions.Item label='区分度'>{discriminationText(s.discrimination)}</Descriptions.Item>
            </Descriptions>
            <Space direction='vertical' style={{ width: '100%', marginTop: 12 }}>
              {s.hints.map((h) => (
                <Alert key={h.text} type={h.level === 'warning' ? 'warning' : 'info'} showIcon message={h.text} />
              ))}
              {!s.hints.some((h) => h.level === 'warning') && s.responses > 0 && <Alert type='success' showIcon message='难度和区分度都在合适范围内' />}
            </Space>
            <div className='muted' style={{ marginTop: 12 }}>
              答对率：第一次作答答对的人所占比例。区分度：整体成绩前 27% 的人与后 27% 的人在这道题上的答对率之差，越接近 1 越能区分掌握程度；10 人以上作答才计算。
            </div>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  )
}
