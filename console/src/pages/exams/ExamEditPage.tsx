import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons'
import { PageContainer } from '@ant-design/pro-components'
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Spin, Switch } from 'antd'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { AdminQuestionListOut } from '@contract/question-bank'
import type { AdminExamListOut, AdminExamOut } from '@contract/quiz'
import { QUESTION_TYPE_LABELS } from '@contract/labels'
import { LoadFailed } from '../../components/LoadFailed'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api, ApiError } from '../../services/api'
import { applyServerErrors } from '../../services/forms'
import { aliasDetails, blueprintTotals, examBodyOf, examValuesOf, LATE_CHOICES, newExamValues, type ExamFormValues } from './examForm'

const TYPE_OPTIONS = [{ value: null, label: '全部题型' }, ...Object.entries(QUESTION_TYPE_LABELS).map(([value, label]) => ({ value, label }))]

/** 新建/编辑竞赛: the paper's rules, time, attempts, window, pass mark and anti-cheating settings. */
export default function ExamEditPage() {
  const { id } = useParams()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [form] = Form.useForm<ExamFormValues>()
  const [saving, setSaving] = useState(false)
  const exams = useApiQuery(id ? 'exams' : null, () => api.get<AdminExamListOut>('/api/admin/exams'))
  const chapters = useApiQuery('question-chapters', () => api.get<AdminQuestionListOut>('/api/admin/questions', { pageSize: 1 })).data?.chapters ?? []
  const exam = id ? exams.data?.exams.find((e) => e.id === id) : undefined
  const blueprint = Form.useWatch('blueprint', form) ?? []
  const totals = blueprintTotals(blueprint)

  useEffect(() => {
    form.setFieldsValue(exam ? examValuesOf(exam) : newExamValues(new Date()))
  }, [exam, form])

  if (exams.error) return <LoadFailed error={exams.error} onRetry={exams.reload} />
  if (id && !exam)
    return exams.loading ? <Spin style={{ display: 'block', margin: '80px auto' }} /> : <LoadFailed error={new ApiError(404, 'NOT_FOUND', '竞赛不存在')} onRetry={exams.reload} />

  const save = async (values: ExamFormValues) => {
    setSaving(true)
    try {
      const body = examBodyOf(values)
      const res = id ? await api.put<{ exam: AdminExamOut }>(`/api/admin/exams/${id}`, body) : await api.post<{ exam: AdminExamOut }>('/api/admin/exams', body)
      void message.success('已保存')
      if (!id) navigate(`/exams/${res.exam.id}`, { replace: true })
      else exams.reload()
    } catch (err) {
      const aliased = err instanceof ApiError ? new ApiError(err.status, err.code, err.message, aliasDetails(err.details)) : err
      const rest = applyServerErrors(form, aliased)
      if (rest) void message.error(rest)
    } finally {
      setSaving(false)
    }
  }

  return (
    <PageContainer title={id ? `编辑竞赛：${exam!.title}` : '新建竞赛'} onBack={() => navigate('/exams')}>
      <Card>
        <Form<ExamFormValues> form={form} layout='vertical' className='exam-form' onFinish={save} disabled={saving} style={{ maxWidth: 860 }}>
          <Form.Item name='title' label='名称' rules={[{ required: true, whitespace: true, message: '请填写竞赛名称' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name='description' label='说明'>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.List name='blueprint' rules={[{ validator: async (_, rules) => (rules?.length ? undefined : Promise.reject(new Error('至少需要一条组卷规则'))) }]}>
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label={`组卷规则（共 ${totals.questions} 题，满分 ${totals.points} 分）`} required>
                {fields.map((field) => (
                  <Space key={field.key} align='baseline' style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'chapterId']}>
                      <Select style={{ width: 240 }} options={[{ value: null, label: '全部章节' }, ...chapters.map((c) => ({ value: c.id, label: c.title }))]} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'type']}>
                      <Select style={{ width: 120 }} options={TYPE_OPTIONS} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'count']} rules={[{ required: true, message: '请填写题数' }]}>
                      <InputNumber min={1} max={100} precision={0} addonAfter='题' style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'points']} rules={[{ required: true, message: '请填写分值' }]}>
                      <InputNumber min={0} max={100} addonBefore='每题' addonAfter='分' style={{ width: 170 }} />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined aria-label='删除规则' onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                <Button type='dashed' icon={<PlusOutlined />} onClick={() => add({ chapterId: null, type: null, count: 5, points: 5 })}>
                  添加规则
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            )}
          </Form.List>
          <Space size='large' wrap>
            <Form.Item name='minutes' label='答题时间' rules={[{ required: true, message: '请填写答题时间' }]}>
              <InputNumber min={1} max={240} precision={0} addonAfter='分钟' />
            </Form.Item>
            <Form.Item name='maxAttempts' label='可参加次数' rules={[{ required: true, message: '请填写次数' }]}>
              <InputNumber min={1} max={20} precision={0} addonAfter='次' />
            </Form.Item>
            <Form.Item name='passPercent' label='及格线' rules={[{ required: true, message: '请填写及格线' }]}>
              <InputNumber min={0} max={100} addonAfter='%' />
            </Form.Item>
            <Form.Item name='maxLeaves' label='允许离开页面' rules={[{ required: true, message: '请填写次数' }]} tooltip='超过次数自动交卷'>
              <InputNumber min={0} max={20} precision={0} addonAfter='次' />
            </Form.Item>
          </Space>
          <Space size='large' wrap>
            <Form.Item name='opensAt' label='开始时间' rules={[{ required: true, message: '请选择开始时间' }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format='YYYY-MM-DD HH:mm' />
            </Form.Item>
            <Form.Item
              name='closesAt'
              label='结束时间（不填则不限）'
              dependencies={['opensAt']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: async (_, v) =>
                    !v || !getFieldValue('opensAt') || v.isAfter(getFieldValue('opensAt')) ? undefined : Promise.reject(new Error('结束时间须晚于开始时间')),
                }),
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format='YYYY-MM-DD HH:mm' allowClear />
            </Form.Item>
          </Space>
          <Form.Item name='lateSubmission' label='超时交卷'>
            <Select options={LATE_CHOICES} style={{ width: 340 }} />
          </Form.Item>
          <Space size='large' wrap>
            <Form.Item name='shuffleQuestions' label='题目顺序随机' valuePropName='checked'>
              <Switch />
            </Form.Item>
            <Form.Item name='shuffleOptions' label='选项顺序随机' valuePropName='checked'>
              <Switch />
            </Form.Item>
            <Form.Item name='partialCredit' label='多选题少选得部分分' valuePropName='checked'>
              <Switch />
            </Form.Item>
            <Form.Item name='published' label='发布' valuePropName='checked'>
              <Switch />
            </Form.Item>
          </Space>
          <div>
            <Button type='primary' htmlType='submit' loading={saving}>
              保存
            </Button>
          </div>
        </Form>
      </Card>
    </PageContainer>
  )
}
