import { Button, Image, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { NEXT_STATUSES, TIP_STATUS_NAMES } from '../../services/tips'

interface TipDetail {
  id: string
  status: string
  statusName: string
  anonymous: boolean
  receivedAt: string
  description: string
  location: string
  occurredAt: string
  people: string
  contact: { name: string; phone: string } | null
  outcome: string | null
  attachments: { index: number }[]
  timeline: { status: string; at: string; note: string | null }[]
  followUps: { at: string; text: string }[]
  notes: { at: string; text: string }[]
}

/** Attachments need the officer's token, so they are fetched and shown as data URLs. */
async function loadImage(tipId: string, index: number): Promise<string> {
  const res = await Taro.request({ url: `${api.baseUrl}/security/tips/${tipId}/attachments/${index}`, responseType: 'arraybuffer', header: { authorization: `Bearer ${api.getToken()}` } })
  const type = (res.header['Content-Type'] ?? res.header['content-type'] ?? 'image/jpeg') as string
  return `data:${type};base64,${Taro.arrayBufferToBase64(res.data as ArrayBuffer)}`
}

export default function TipDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { data, error, setData } = useApi(() => api.get<{ tip: TipDetail }>(`/security/tips/${id}`), [id])
  const [note, setNote] = useState('')
  const [outcome, setOutcome] = useState('')
  const [images, setImages] = useState<string[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const tip = data?.tip

  const act = async (fn: () => Promise<{ tip: TipDetail }>) => {
    setMessage(null)
    try {
      setData(await fn())
    } catch (e) {
      setMessage((e as Error).message)
    }
  }

  if (error) return <View className='page'><Text className='error'>{error}</Text></View>
  if (!tip) return <View className='page'><Text className='muted'>加载中…</Text></View>
  return (
    <View className='page tip-detail'>
      <View className='card'>
        <View className='section-title'>
          状态：<Text className='detail-status'>{tip.statusName}</Text>
        </View>
        <Text className='muted'>{tip.anonymous ? '匿名举报' : `实名：${tip.contact?.name} ${tip.contact?.phone}`}</Text>
        <View className='detail-description'>{tip.description}</View>
        {tip.location && <View className='muted'>地点：{tip.location}</View>}
        {tip.occurredAt && <View className='muted'>时间：{tip.occurredAt}</View>}
        {tip.people && <View className='muted'>涉及人员：{tip.people}</View>}
        {tip.outcome && <View>处理结果：{tip.outcome}</View>}
      </View>
      {tip.attachments.length > 0 && (
        <View className='card'>
          {images.length ? images.map((src, i) => <Image key={i} src={src} mode='widthFix' style={{ width: '100%' }} />) : (
            <Button size='mini' onClick={async () => setImages(await Promise.all(tip.attachments.map((a) => loadImage(id, a.index))))}>
              查看 {tip.attachments.length} 张图片
            </Button>
          )}
        </View>
      )}
      <View className='card'>
        {NEXT_STATUSES[tip.status].map((next) => (
          <Button key={next} size='mini' className={`move-to-${next}`} onClick={() => act(() => api.post(`/security/tips/${id}/status`, { status: next, ...(next === 'closed' ? { outcome } : {}) }))}>
            转为「{TIP_STATUS_NAMES[next]}」
          </Button>
        ))}
        {NEXT_STATUSES[tip.status].includes('closed') && <Input className='field' placeholder='办结时填写处理结果' value={outcome} onInput={(e) => setOutcome(e.detail.value)} />}
        {message && <Text className='error'>{message}</Text>}
      </View>
      <View className='card'>
        <View className='section-title'>补充与内部备注</View>
        {tip.followUps.map((f, i) => <View key={`f${i}`}>举报人补充：{f.text}</View>)}
        {tip.notes.map((n, i) => <View key={`n${i}`} className='muted'>备注：{n.text}</View>)}
        <Input className='field' placeholder='内部备注（举报人不可见）' value={note} onInput={(e) => setNote(e.detail.value)} />
        <Button size='mini' onClick={() => act(async () => { const r = await api.post<{ tip: TipDetail }>(`/security/tips/${id}/notes`, { text: note }); setNote(''); return r })}>添加备注</Button>
      </View>
    </View>
  )
}
