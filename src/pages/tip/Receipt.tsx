import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { saveFailureMessage, saveTipReceiptImage } from '../../services/receipt-image'
import type { TipReceipt } from '../../services/tips'

/**
 * Shown once after submitting: the code and secret, ways to keep them (save as a picture, copy),
 * and the way on: 继续举报 (an empty form) or 返回首页. Both leave the receipt for good.
 */
export function Receipt({ receipt, onStartOver }: { receipt: TipReceipt; onStartOver: () => void }) {
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null)
  const [saving, setSaving] = useState(false)
  const copy = (data: string) =>
    Taro.setClipboardData({ data }).then(
      () => setNotice({ text: '已复制', ok: true }),
      () => setNotice({ text: '复制失败，请长按文字手动复制', ok: false }),
    )
  const saveImage = async () => {
    setSaving(true)
    setNotice(null)
    try {
      await saveTipReceiptImage(receipt)
      setNotice({ text: process.env.TARO_ENV === 'h5' ? '图片已下载（举报查询码.png）' : '已保存到相册', ok: true })
    } catch (e) {
      const text = saveFailureMessage(e)
      if (text) setNotice({ text, ok: false })
    } finally {
      setSaving(false)
    }
  }
  const backHome = () => {
    onStartOver()
    void Taro.switchTab({ url: '/pages/index/index' })
  }

  return (
    <View className='page tip-receipt'>
      <PrivacyPrompt />
      <View className='card'>
        <View className='section-title'>举报已提交，保卫处将尽快核查</View>
        <Text className='receipt-hint'>
          请立即保存下面的查询码和密钥：它们只显示这一次，凭它们可以在「我的 › 我的举报」查看处理进度、补充线索。任何人（包括保卫处）都无法替你找回。
        </Text>
        <View className='receipt-row'>
          <Text className='receipt-label'>查询码</Text>
          <Text className='tracking-code' userSelect>
            {receipt.trackingCode}
          </Text>
          <Button className='btn-secondary btn-small copy-code' onClick={() => copy(receipt.trackingCode)}>
            复制
          </Button>
        </View>
        <View className='receipt-row'>
          <Text className='receipt-label'>密钥</Text>
          <Text className='tracking-secret' userSelect>
            {receipt.secret}
          </Text>
          <Button className='btn-secondary btn-small copy-secret' onClick={() => copy(receipt.secret)}>
            复制
          </Button>
        </View>
        <Button className='btn-primary save-receipt-image' loading={saving} disabled={saving} onClick={saveImage}>
          保存为图片
        </Button>
        <Button className='btn-secondary copy-all' onClick={() => copy(`查询码 ${receipt.trackingCode} 密钥 ${receipt.secret}`)}>
          复制查询码和密钥
        </Button>
        {notice && <Text className={`receipt-notice ${notice.ok ? 'receipt-notice-ok' : 'error'}`}>{notice.text}</Text>}
      </View>
      <View className='receipt-actions'>
        <Button className='btn-secondary continue-tip' onClick={onStartOver}>
          继续举报
        </Button>
        <Button className='btn-secondary back-home' onClick={backHome}>
          返回首页
        </Button>
      </View>
    </View>
  )
}
