import { PageContainer } from '@ant-design/pro-components'
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Image, Input, Modal, Row, Select, Space, Spin, Table, Tag, Timeline } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import type { TipAuditEntryOut, TipStatus } from '@contract/tips'
import { TIP_STATUS_NAMES } from '@contract/labels'
import { LoadFailed } from '../../components/LoadFailed'
import { friendlyMessage } from '../../services/errors'
import { applyServerErrors } from '../../services/forms'
import { caseTimeline } from './tipTimeline'
import { useTipCase } from './useTipCase'

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm')

/** 线索详情: the case with its pictures, history, assignee, workflow and audit log. */
export default function TipCasePage() {
  const { id = '' } = useParams()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const c = useTipCase(id)
  const [moving, setMoving] = useState<TipStatus | null>(null)
  const [moveForm] = Form.useForm<{ publicNote?: string; outcome?: string }>()
  const [assignee, setAssignee] = useState<string | undefined>()
  const [note, setNote] = useState('')

  if (c.error) return <LoadFailed error={c.error} onRetry={c.reload} />
  const tip = c.tip
  if (!tip) return <Spin style={{ display: 'block', margin: '80px auto' }} />

  const run = async (fn: () => Promise<void>, success: string) => {
    try {
      await fn()
      void message.success(success)
      return true
    } catch (err) {
      void message.error(friendlyMessage(err))
      return false
    }
  }

  const confirmMove = async () => {
    const values = await moveForm.validateFields()
    try {
      await c.move(moving!, { publicNote: values.publicNote?.trim() || undefined, outcome: values.outcome?.trim() || undefined })
      void message.success(`已变更为“${TIP_STATUS_NAMES[moving!]}”`)
      setMoving(null)
      moveForm.resetFields()
    } catch (err) {
      const rest = applyServerErrors(moveForm, err)
      if (rest) void message.error(rest)
    }
  }

  const auditColumns = [
    { title: '时间', dataIndex: 'at', width: 150, render: time },
    { title: '操作人', dataIndex: 'actorName', width: 160, render: (n: string | null) => n ?? '—' },
    { title: '操作', dataIndex: 'actionName', width: 110 },
    { title: '内容', dataIndex: 'summary' },
  ]

  return (
    <PageContainer
      title={`线索 · ${tip.categoryName}`}
      onBack={() => navigate('/tips')}
      tags={<Tag color={tip.status === 'closed' ? 'green' : 'blue'}>{tip.statusName}</Tag>}
      extra={tip.nextStatuses.map((s) => (
        <Button key={s} type={s === 'closed' ? 'primary' : 'default'} danger={s === 'transferred'} onClick={() => setMoving(s)}>
          {`转为“${TIP_STATUS_NAMES[s]}”`}
        </Button>
      ))}
    >
      {tip.unreadable.length > 0 && <Alert type='error' showIcon message='部分内容无法解密：密钥不匹配或数据被篡改，请联系系统管理员' style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col span={15}>
          <Card title='举报内容'>
            <Descriptions column={2} size='small'>
              <Descriptions.Item label='受理时间'>{time(tip.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label='举报方式'>{tip.anonymous ? '匿名' : '实名'}</Descriptions.Item>
              {tip.contact && <Descriptions.Item label='联系人'>{`${tip.contact.name}，${tip.contact.phone}`}</Descriptions.Item>}
              <Descriptions.Item label='发生地点'>{tip.location || '—'}</Descriptions.Item>
              <Descriptions.Item label='发生时间'>{tip.occurredAt || '—'}</Descriptions.Item>
              <Descriptions.Item label='涉及人员' span={2}>
                {tip.people || '—'}
              </Descriptions.Item>
              <Descriptions.Item label='情况描述' span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{tip.description}</div>
              </Descriptions.Item>
              {tip.outcome && (
                <Descriptions.Item label='处理结果' span={2}>
                  {tip.outcome}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={`图片（${tip.attachments.length} 张）`} style={{ marginTop: 16 }} className='tip-pictures'>
            {tip.attachments.length === 0 ? (
              <Empty description='举报人没有附图片' />
            ) : c.images.length === 0 ? (
              <Space direction='vertical'>
                <span className='muted'>查看图片会记入审计日志。</span>
                <Button type='primary' loading={c.imagesLoading} onClick={c.showImages}>
                  查看图片
                </Button>
              </Space>
            ) : (
              <Image.PreviewGroup>
                <Space wrap>
                  {c.images.map((img) =>
                    img.url ? (
                      <Image key={img.index} src={img.url} width={220} className='tip-picture' alt={`第 ${img.index + 1} 张图片`} />
                    ) : (
                      <Alert key={img.index} type='error' showIcon message={friendlyMessage(img.error)} />
                    ),
                  )}
                </Space>
              </Image.PreviewGroup>
            )}
          </Card>
          <Card title='审计日志' style={{ marginTop: 16 }}>
            <Table<TipAuditEntryOut>
              size='small'
              className='tip-audit'
              rowKey={(e) => `${e.at}-${e.action}-${e.summary}-${e.actorName}`}
              loading={c.auditLoading}
              columns={auditColumns}
              dataSource={c.audit?.entries ?? []}
              pagination={{ current: c.auditPage, pageSize: c.audit?.pageSize ?? 50, total: c.audit?.total ?? 0, onChange: c.setAuditPage, showSizeChanger: false }}
            />
          </Card>
        </Col>
        <Col span={9}>
          <Card title='承办人'>
            <Space.Compact style={{ width: '100%' }}>
              <Select
                style={{ width: '100%' }}
                placeholder={tip.assigneeName ?? '选择保卫处人员'}
                value={assignee}
                onChange={setAssignee}
                options={c.officers.map((o) => ({ value: o.id, label: o.name }))}
              />
              <Button type='primary' disabled={!assignee} onClick={() => run(() => c.assign(assignee!), '已指派').then((ok) => ok && setAssignee(undefined))}>
                指派
              </Button>
            </Space.Compact>
            <div style={{ marginTop: 8 }}>{tip.assigneeName ? `当前承办人：${tip.assigneeName}` : '尚未指派'}</div>
          </Card>
          <Card title='处理经过' style={{ marginTop: 16 }} className='tip-timeline'>
            <Timeline
              items={caseTimeline(tip).map((e) => ({
                color: e.kind === 'status' ? 'blue' : e.kind === 'note' ? 'gray' : 'orange',
                children: (
                  <div>
                    <strong>{e.title}</strong> <span className='muted'>{time(e.at)}</span>
                    {e.text && <div style={{ whiteSpace: 'pre-wrap' }}>{e.text}</div>}
                  </div>
                ),
              }))}
            />
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={3000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder='内部备注（举报人看不到）' />
            <Button style={{ marginTop: 8 }} disabled={!note.trim()} onClick={() => run(() => c.addNote(note.trim()), '已添加备注').then((ok) => ok && setNote(''))}>
              添加备注
            </Button>
          </Card>
        </Col>
      </Row>
      <Modal
        open={moving !== null}
        title={moving ? `确认将线索转为“${TIP_STATUS_NAMES[moving]}”？` : ''}
        okText='确认变更'
        cancelText='取消'
        okButtonProps={{ danger: moving === 'transferred' }}
        onOk={confirmMove}
        onCancel={() => setMoving(null)}
        destroyOnHidden
      >
        <p>{`当前状态“${tip.statusName}”，变更后不能退回。`}</p>
        <Form form={moveForm} layout='vertical'>
          {moving === 'closed' && (
            <Form.Item name='outcome' label='处理结果（内部）' rules={[{ required: true, whitespace: true, message: '办结时请填写处理结果' }]}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 3 }} />
            </Form.Item>
          )}
          <Form.Item name='publicNote' label='告知举报人的说明（可不填）'>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  )
}
