import { Button, Image, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { formatBeijing } from '../../services/datetime'
import { TIP_STATUS_NAMES } from '../../services/tips'
import { AssigneePicker, CaseAudit, CaseNotes, CaseTimeline } from './parts'
import { useTipCase } from './useTipCase'
import './tips.css'
import { PageStatus } from '../../components/PageStatus'

export default function TipDetailPage() {
  const id = useRouter().params.id ?? ''
  const c = useTipCase(id)
  const [note, setNote] = useState('')
  const [publicNote, setPublicNote] = useState('')
  const [outcome, setOutcome] = useState('')
  const tip = c.tip

  if (c.error || !tip) return <PageStatus error={c.error} />
  const next = tip.nextStatuses
  return (
    <View className='page tip-detail'>
      <View className='card'>
        <View className='section-title'>
          状态：<Text className='detail-status'>{tip.statusName}</Text>
        </View>
        <Text className='muted'>
          {tip.anonymous ? '匿名举报' : `实名：${tip.contact?.name ?? ''} ${tip.contact?.phone ?? ''}`} · 受理于 {formatBeijing(tip.receivedAt, tip.anonymous ? 'hour' : 'minute')}
          （北京时间）
        </Text>
        {tip.unreadable.length > 0 && <View className='case-warning'>⚠ 部分内容无法解密（密钥不匹配或数据被篡改），已记录，请联系系统管理员。</View>}
        <View className='detail-description'>{tip.description}</View>
        {tip.location && <View className='muted'>地点：{tip.location}</View>}
        {tip.occurredAt && <View className='muted'>时间：{tip.occurredAt}</View>}
        {tip.people && <View className='muted'>涉及人员：{tip.people}</View>}
        {tip.outcome && <View>处理结果：{tip.outcome}</View>}
        <AssigneePicker tip={tip} officers={c.officers} onAssign={c.assign} />
      </View>
      {tip.attachments.length > 0 && (
        <View className='card'>
          {c.images.length ? (
            c.images.map((src, i) => <Image key={i} src={src} mode='widthFix' style={{ width: '100%' }} />)
          ) : (
            <Button size='mini' onClick={c.showImages}>
              查看 {tip.attachments.length} 张图片（记入审计日志）
            </Button>
          )}
        </View>
      )}
      <CaseTimeline tip={tip} />
      {next.length > 0 && (
        <View className='card case-actions'>
          <Input
            className='field public-note'
            maxlength={200}
            placeholder='给举报人的说明（选填，举报人凭查询码可见）'
            value={publicNote}
            onInput={(e) => setPublicNote(e.detail.value)}
          />
          {next.includes('closed') && (
            <Input className='field case-outcome' maxlength={2000} placeholder='办结时填写处理结果（必填）' value={outcome} onInput={(e) => setOutcome(e.detail.value)} />
          )}
          {next.map((status) => (
            <Button
              key={status}
              size='mini'
              className={`move-to-${status}`}
              onClick={async () => {
                if (await c.move(status, { publicNote, ...(status === 'closed' ? { outcome } : {}) })) setPublicNote('')
              }}
            >
              转为「{TIP_STATUS_NAMES[status]}」
            </Button>
          ))}
        </View>
      )}
      {c.message && <Text className='error'>{c.message}</Text>}
      <View className='card'>
        <View className='section-title'>补充与内部备注</View>
        <CaseNotes tip={tip} />
        <Input maxlength={3000} className='field internal-note' placeholder='内部备注（举报人不可见）' value={note} onInput={(e) => setNote(e.detail.value)} />
        <Button
          size='mini'
          className='add-note'
          disabled={!note.trim()}
          onClick={async () => {
            if (await c.addNote(note.trim())) setNote('')
          }}
        >
          添加备注
        </Button>
      </View>
      <View className='card'>
        <View className='section-title'>审计日志</View>
        {c.audit ? (
          <CaseAudit audit={c.audit} pages={c.auditPages} onPage={c.showAudit} />
        ) : (
          <Button size='mini' className='show-audit' onClick={() => c.showAudit(1)}>
            查看本案审计日志
          </Button>
        )}
      </View>
    </View>
  )
}
