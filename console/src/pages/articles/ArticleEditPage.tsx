import { PageContainer } from '@ant-design/pro-components'
import { App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Switch, Tag, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useRef, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { AdminArticleOut } from '@contract/articles'
import type { DepartmentOut } from '@contract/roster'
import { ConfirmButton } from '../../components/ConfirmButton'
import { LoadFailed } from '../../components/LoadFailed'
import { EMPTY_ARTICLE, formValuesOf, statusText, type ArticleFormValues } from './articleForm'
import { CoverField } from './CoverField'
import { EntryPanel } from './EntryPanel'
import { PhonePreview } from './PhonePreview'
import { RichTextEditor } from './RichTextEditor'
import { useArticleActions, useArticleData } from './useArticleEditor'

/** 新建文章 / 编辑文章: the editor beside a phone-width preview, publishing in the header. */
export default function ArticleEditPage() {
  const { id } = useParams()
  const data = useArticleData(id)
  const navigate = useNavigate()
  // A new article, once saved, moves to its own address; the editor stays as it is meanwhile.
  const created = useRef<string | null>(null)
  const keepEditor = !!id && created.current === id
  if (data.error && !keepEditor)
    return (
      <PageContainer onBack={() => navigate('/articles')}>
        <LoadFailed error={data.error} onRetry={data.reload} />
      </PageContainer>
    )
  if (data.loading && !keepEditor) return <PageContainer loading onBack={() => navigate('/articles')} />
  return <ArticleEditor key={keepEditor ? 'new' : (id ?? 'new')} initial={data.detail?.article} departments={data.departments} onCreated={(newId) => (created.current = newId)} />
}

function ArticleEditor({ initial, departments, onCreated }: { initial: AdminArticleOut | undefined; departments: DepartmentOut[]; onCreated(id: string): void }) {
  const navigate = useNavigate()
  const { modal } = App.useApp()
  const [form] = Form.useForm<ArticleFormValues>()
  const actions = useArticleActions(form, initial, onCreated)
  const { article } = actions
  const [publishAt, setPublishAt] = useState<Dayjs | null>(null)
  const title = Form.useWatch('title', form) ?? ''
  const coverImageId = Form.useWatch('coverImageId', form) ?? null
  const required = Form.useWatch('required', form) ?? false
  const bodyMarkdown = Form.useWatch('bodyMarkdown', form) ?? ''
  const live = article?.status === 'published' || article?.status === 'scheduled'

  const confirmPublish = () =>
    modal.confirm({
      title: '立即发布？',
      content: '发布后读者马上能看到这篇文章，订阅了消息的读者会收到一条通知（发出后无法收回）。',
      okText: '发布',
      cancelText: '取消',
      onOk: actions.publish,
    })

  return (
    <PageContainer
      title={article ? '编辑文章' : '新建文章'}
      onBack={() => navigate('/articles')}
      tags={article ? <Tag color={article.status === 'published' ? 'green' : article.status === 'scheduled' ? 'orange' : 'default'}>{statusText(article)}</Tag> : undefined}
      extra={[
        <Button key='save' onClick={actions.save} loading={actions.busy === 'save'} className='save-article'>
          保存草稿
        </Button>,
        ...(live && article
          ? [
              <ConfirmButton
                key='unpublish'
                title='撤回这篇文章？'
                content='撤回后文章回到草稿，读者将看不到它；已发出的订阅消息无法收回。'
                okText='撤回'
                success='已撤回为草稿'
                onConfirm={actions.unpublish}
                className='unpublish-article'
              >
                撤回
              </ConfirmButton>,
            ]
          : [
              <Button key='publish' type='primary' onClick={confirmPublish} loading={actions.busy === 'publish'} className='publish-article'>
                立即发布
              </Button>,
            ]),
      ]}
    >
      <Row gutter={24} wrap={false}>
        <Col flex='auto' style={{ minWidth: 0 }}>
          <Form form={form} layout='vertical' initialValues={initial ? formValuesOf(initial) : EMPTY_ARTICLE} className='article-form'>
            <Card>
              <Form.Item
                name='title'
                label='标题'
                rules={[
                  { required: true, whitespace: true, message: '请填写标题' },
                  { max: 100, message: '标题最多 100 个字' },
                ]}
              >
                <Input size='large' placeholder='文章标题' showCount maxLength={100} />
              </Form.Item>
              <Form.Item name='bodyMarkdown' label='正文' required={false}>
                <BodyField initialHtml={initial?.bodyHtml ?? ''} />
              </Form.Item>
            </Card>
            <Card title='发布设置' style={{ marginTop: 16 }}>
              <Row gutter={24}>
                <Col span={12}>
                  <Form.Item name='summary' label='摘要' rules={[{ max: 300, message: '摘要最多 300 个字' }]} extra='显示在新闻列表和订阅消息中'>
                    <Input.TextArea rows={3} showCount maxLength={300} />
                  </Form.Item>
                  <Form.Item name='tags' label='标签' extra='输入后按回车，最多 10 个'>
                    <Select mode='tags' tokenSeparators={[',', '，', '、']} maxCount={10} open={false} placeholder='如：扫黑除恶' />
                  </Form.Item>
                  <Form.Item name='audienceDepartmentIds' label='受众' extra='不选即全校师生'>
                    <Select
                      mode='multiple'
                      allowClear
                      placeholder='全校师生'
                      optionFilterProp='label'
                      options={departments.map((d) => ({ value: d.id, label: d.name }))}
                      className='audience-select'
                    />
                  </Form.Item>
                  <Form.Item name='required' label='必读' valuePropName='checked' extra='必读文章计入知晓率（读完才算知晓）'>
                    <Switch checkedChildren='必读' unCheckedChildren='选读' />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name='coverImageId' label='封面'>
                    <CoverField />
                  </Form.Item>
                  {!live && (
                    <Form.Item label='定时发布' extra='北京时间；到时由系统自动发布'>
                      <Space>
                        <DatePicker
                          showTime={{ format: 'HH:mm', minuteStep: 5 }}
                          format='YYYY-MM-DD HH:mm'
                          value={publishAt}
                          onChange={setPublishAt}
                          disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                          placeholder='选择日期和时间'
                          className='schedule-picker'
                        />
                        <Button disabled={!publishAt} loading={actions.busy === 'schedule'} onClick={() => publishAt && actions.schedule(publishAt.toDate())}>
                          定时发布
                        </Button>
                      </Space>
                    </Form.Item>
                  )}
                </Col>
              </Row>
            </Card>
          </Form>
          {article?.status === 'published' && (
            <div style={{ marginTop: 16 }}>
              <EntryPanel id={article.id} />
            </div>
          )}
        </Col>
        <Col flex='none'>
          <div className='preview-column'>
            <PhonePreview title={title} coverImageId={coverImageId} required={required} bodyMarkdown={bodyMarkdown} />
            <Typography.Paragraph type='secondary' style={{ width: 375, marginTop: 8 }}>
              预览与读者手机上看到的一致（经过服务器安全过滤）。
            </Typography.Paragraph>
          </div>
        </Col>
      </Row>
    </PageContainer>
  )
}

/** The editor as a form field: its value is the Markdown the editor reports. */
function BodyField({ initialHtml, onChange }: { initialHtml: string; value?: string; onChange?(v: string): void }) {
  return <RichTextEditor initialHtml={initialHtml} onChange={(md) => onChange?.(md)} />
}
