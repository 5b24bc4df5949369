import { Button, Picker, Text, View } from '@tarojs/components'
import { formatBeijing } from '../../services/datetime'
import { AUDIT_ACTION_NAMES, type AuditEntry, type TipCase } from '../../services/tips'
import '../../styles/components.css'

/** Status changes with the note the reporter sees, in Beijing time. */
export function CaseTimeline({ tip }: { tip: TipCase }) {
  return (
    <View className='card case-timeline'>
      <View className='section-title'>处理进度</View>
      {tip.timeline.map((e, i) => (
        <View key={i} className='timeline-item case-timeline-item'>
          <Text>{e.statusName}</Text>
          <Text className='muted'> {formatBeijing(e.at, tip.anonymous ? 'hour' : 'minute')}</Text>
          {e.note && <View className='muted'>对举报人说明：{e.note}</View>}
        </View>
      ))}
    </View>
  )
}

export function AssigneePicker({ tip, officers, onAssign }: { tip: TipCase; officers: { id: string; name: string }[]; onAssign: (id: string) => void }) {
  const index = officers.findIndex((o) => o.id === tip.assigneeId)
  return (
    <Picker mode='selector' range={officers.map((o) => o.name)} value={Math.max(0, index)} onChange={(e) => onAssign(officers[Number(e.detail.value)].id)}>
      <View className='field case-assignee'>承办人：{tip.assigneeName ?? '未指派（点此指派）'}</View>
    </Picker>
  )
}

/** Reporter follow-ups and internal notes (the reporter never sees the notes). */
export function CaseNotes({ tip }: { tip: TipCase }) {
  return (
    <>
      {tip.followUps.map((f, i) => (
        <View key={`f${i}`} className='case-follow-up'>
          <Text className='muted'>举报人补充 · {formatBeijing(f.at, tip.anonymous ? 'hour' : 'minute')}</Text>
          <View>{f.text}</View>
        </View>
      ))}
      {tip.notes.map((n, i) => (
        <View key={`n${i}`} className='case-note'>
          <Text className='muted'>
            内部备注 · {n.authorName ?? '保卫处'} · {formatBeijing(n.at)}
          </Text>
          <View>{n.text}</View>
        </View>
      ))}
      {tip.followUps.length + tip.notes.length === 0 && <Text className='muted'>暂无补充或备注</Text>}
    </>
  )
}

export function CaseAudit({ audit, pages, onPage }: { audit: { entries: AuditEntry[]; page: number; total: number }; pages: number; onPage: (page: number) => void }) {
  return (
    <View className='case-audit'>
      <Text className='muted'>共 {audit.total} 条（北京时间）</Text>
      {audit.entries.map((e, i) => (
        <View key={i} className='audit-entry'>
          {formatBeijing(e.at)} · {e.actorName ?? '保卫处'} · {AUDIT_ACTION_NAMES[e.action] ?? e.action}
          {e.detail ? ` · ${e.detail}` : ''}
        </View>
      ))}
      {pages > 1 && (
        <View className='pager'>
          <Button size='mini' disabled={audit.page <= 1} onClick={() => onPage(audit.page - 1)}>
            上一页
          </Button>
          <Text className='muted'>
            第 {audit.page} / {pages} 页
          </Text>
          <Button size='mini' disabled={audit.page >= pages} onClick={() => onPage(audit.page + 1)}>
            下一页
          </Button>
        </View>
      )}
    </View>
  )
}
