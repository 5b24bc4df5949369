import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { FieldError } from '../../components/FieldError'
import { formatBeijing } from '../../services/datetime'
import { formErrors } from '../../services/errors'
import { addFollowUp, trackTip, type TipTimeline } from '../../services/tips'
import '../../styles/components.css'
import './index.css'

const FIELDS = { code: 'code', secret: 'secret', message: 'message' } as const
type Field = keyof typeof FIELDS

/** 我的举报: the reporter looks a tip up with its code and secret (nothing ties it to their account) and adds to it. */
export default function TipStatusPage() {
  const { params } = useRouter()
  const [code, setCode] = useState(params.code ?? '')
  const [secret, setSecret] = useState('')
  const [result, setResult] = useState<TipTimeline | null>(null)
  const [message, setMessage] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({})
  const [busy, setBusy] = useState(false)

  const run = async (fn: () => Promise<TipTimeline>) => {
    setError(null)
    setFieldErrors({})
    setBusy(true)
    try {
      setResult(await fn())
      return true
    } catch (e) {
      const errors = formErrors(e, FIELDS)
      setFieldErrors(errors.fields)
      setError(errors.form)
      return false
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page tip-status'>
      <Text className='receipt-hint'>输入提交举报时保存的查询码和密钥，查看处理进度、补充新的情况。</Text>
      <View className='field-label'>查询码</View>
      <Input
        maxlength={40}
        className={`field track-code ${fieldErrors.code ? 'field-invalid' : ''}`}
        placeholder='例如 ABCD-EFGH-JKLM-NPQR'
        value={code}
        onInput={(e) => setCode(e.detail.value)}
      />
      <FieldError className='track-code-error' message={fieldErrors.code} />
      <View className='field-label'>密钥</View>
      <Input
        maxlength={64}
        className={`field track-secret ${fieldErrors.secret ? 'field-invalid' : ''}`}
        placeholder='26 位字母和数字'
        value={secret}
        onInput={(e) => setSecret(e.detail.value)}
      />
      <FieldError className='track-secret-error' message={fieldErrors.secret} />
      <Button className='btn-primary track-submit' loading={busy} disabled={busy} onClick={() => run(() => trackTip(code.trim(), secret.trim()))}>
        查询
      </Button>
      {error && <Text className='error track-error'>{error}</Text>}
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
              <Textarea
                className={`field follow-up ${fieldErrors.message ? 'field-invalid' : ''}`}
                style={{ width: 'auto' }}
                maxlength={3000}
                placeholder='补充新的情况'
                value={message}
                onInput={(e) => setMessage(e.detail.value)}
              />
              <FieldError className='follow-up-error' message={fieldErrors.message} />
              <Button
                className='btn-secondary follow-up-submit'
                disabled={busy}
                onClick={async () => {
                  if (await run(() => addFollowUp(code.trim(), secret.trim(), message))) setMessage('')
                }}
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
