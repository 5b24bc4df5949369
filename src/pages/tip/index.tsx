import type { TipCategoriesOut } from '@contract/tips'
import { Button, Image, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Chips } from '../../components/Chips'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import type { TipReceipt } from '../../services/tips'
import { MAX_IMAGES, useTipForm } from './useTipForm'
import './index.css'

function Receipt({ receipt }: { receipt: TipReceipt }) {
  const copy = (data: string) => Taro.setClipboardData({ data })
  return (
    <View className='page tip-receipt'>
      <View className='card'>
        <View className='section-title'>举报已提交，保卫处将尽快核查</View>
        <Text className='muted'>请立即保存下面的查询码和密钥：它们只显示这一次，凭它们可以查看处理进度、补充线索。任何人（包括保卫处）都无法替你找回。</Text>
        <View className='receipt-row'>
          <Text>查询码</Text>
          <Text className='tracking-code'>{receipt.trackingCode}</Text>
          <Button size='mini' className='copy-code' onClick={() => copy(receipt.trackingCode)}>
            复制
          </Button>
        </View>
        <View className='receipt-row'>
          <Text>密钥</Text>
          <Text className='tracking-secret'>{receipt.secret}</Text>
          <Button size='mini' className='copy-secret' onClick={() => copy(receipt.secret)}>
            复制
          </Button>
        </View>
        <Button size='mini' onClick={() => copy(`查询码 ${receipt.trackingCode} 密钥 ${receipt.secret}`)}>
          全部复制
        </Button>
      </View>
      <Button className='btn-primary' onClick={() => Taro.navigateTo({ url: '/pages/tip/status' })}>
        查看处理进度
      </Button>
    </View>
  )
}

export default function TipPage() {
  const { data } = useApi(() => api.get<TipCategoriesOut>('/tips/categories'))
  const categories = data?.categories ?? []
  const { form, set, images, addImages, removeImage, busy, error, receipt, submit } = useTipForm()
  const input = (k: 'description' | 'location' | 'occurredAt' | 'people' | 'contactName' | 'contactPhone') => (e: { detail: { value: string } }) => set(k, e.detail.value)

  if (receipt) return <Receipt receipt={receipt} />
  return (
    <View className='page tip-form'>
      <PrivacyPrompt />
      <View className='card tip-notice'>
        <Text>
          {form.anonymous
            ? '匿名举报：不记录你的身份、微信号、IP 地址或设备信息，提交时间只保留到小时。保卫处无法知道是谁举报的，只能通过查询码与你沟通。'
            : '实名举报：你的联系方式加密保存，仅保卫处可见，用于核实情况；依法对举报人信息严格保密。'}
        </Text>
      </View>
      <View className='section-title'>举报类别</View>
      <Chips
        kind='category'
        className='tip-categories'
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
        selected={(code) => code === form.category}
        onTap={(code) => set('category', code)}
      />
      <Textarea
        className='field tip-description'
        style={{ width: 'auto' }}
        maxlength={5000}
        placeholder='发生了什么？（至少 10 个字）'
        value={form.description}
        onInput={input('description')}
      />
      <Input className='field' maxlength={200} placeholder='地点（选填）' value={form.location} onInput={input('location')} />
      <Input className='field' maxlength={100} placeholder='时间（选填）' value={form.occurredAt} onInput={input('occurredAt')} />
      <Input className='field' maxlength={1000} placeholder='涉及人员（选填）' value={form.people} onInput={input('people')} />
      <View className='tip-images'>
        {images.map((img) => (
          <View key={img.id} className={`tip-thumb-box ${img.missing ? 'tip-thumb-missing' : ''}`}>
            <Image className='tip-thumb' src={img.path} mode='aspectFill' />
            <Text className='tip-thumb-remove' onClick={() => removeImage(img.id)}>
              {img.missing ? '已过期 ×' : '×'}
            </Text>
          </View>
        ))}
        {images.length < MAX_IMAGES && (
          <View className='tip-thumb tip-add-image' onClick={addImages}>
            <Text>+ 图片</Text>
          </View>
        )}
      </View>
      <View className='card tip-anonymous'>
        <Text>匿名举报</Text>
        <Switch className='anonymous-switch' checked={form.anonymous} onChange={(e) => set('anonymous', e.detail.value)} />
      </View>
      {!form.anonymous && (
        <>
          <Input className='field' maxlength={50} placeholder='联系人' value={form.contactName} onInput={input('contactName')} />
          <Input className='field' maxlength={30} placeholder='联系电话' value={form.contactPhone} onInput={input('contactPhone')} />
        </>
      )}
      <Button className='btn-primary submit-tip' loading={busy} disabled={busy} onClick={submit}>
        提交举报
      </Button>
      {error && <Text className='error tip-error'>{error}</Text>}
      <View className='tip-track-link muted' onClick={() => Taro.navigateTo({ url: '/pages/tip/status' })}>
        已有查询码？查看处理进度 ›
      </View>
    </View>
  )
}
