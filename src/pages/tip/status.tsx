import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { formatBeijing } from '../../services/datetime'
import { addFollowUp, trackTip, type TipTimeline } from '../../services/tips'
import '../../styles/components.css'
import './index.css'

export default function TipStatusPage() {
  const [code, setCode] = useState('')
  const [secret, setSecret] = useState('')
  const [result, setResult] = useState<TipTimeline | null>(null)
  const [message, setMessage] = useState('')
  const [error, setError] = useState<string | null>(null)

  const run = async (fn: () => Promise<TipTimeline>) => {
    setError(null)
    try {
      setResult(await fn())
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <View className='page tip-status'>
      <Input maxlength={40} className='field track-code' placeholder='查询码' value={code} onInput={(e) => setCode(e.detail.value)} />
      <Input maxlength={64} className='field track-secret' placeholder='密钥' value={secret} onInput={(e) => setSecret(e.detail.value)} />
      <Button className='btn-primary track-submit' onClick={() => run(() => trackTip(code.trim(), secret.trim()))}>
        查询
      </Button>
      {error && <Text className='error'>{error}</Text>}
      {result && (
        <View className='card track-result'>
          <View className='section-title'>
            当前状态：<Text className='track-status'>{result.statusName}</Text>
          </View>
          {result.timeline.map((e, i) => (
            <View key={i} className='timeline-item'>
              <Text>{e.statusName}</Text>
              <Text className='muted'> {formatBeijing(e.at)}（北京时间）</Text>
              {e.note && <View className='timeline-note'>保卫处说明：{e.note}</View>}
            </View>
          ))}
          {result.status !== 'closed' && (
            <>
              <Textarea className='field' style={{ width: 'auto' }} maxlength={3000} placeholder='补充新的情况' value={message} onInput={(e) => setMessage(e.detail.value)} />
              <Button
                onClick={() =>
                  run(async () => {
                    const r = await addFollowUp(code.trim(), secret.trim(), message)
                    setMessage('')
                    return r
                  })
                }
              >
                提交补充
              </Button>
            </>
          )}
        </View>
      )}
    </View>
  )
}
