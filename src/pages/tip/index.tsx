import type { TipCategoriesOut } from '@contract/tips'
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Chips } from '../../components/Chips'
import { FieldError } from '../../components/FieldError'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { MAX_IMAGES, useTipForm } from './useTipForm'
import { Receipt } from './Receipt'
import '../../styles/components.css'
import './index.css'

export default function TipPage() {
  const { data, error: categoriesError, reload } = useApi(() => api.get<TipCategoriesOut>('/tips/categories'))
  const categories = data?.categories ?? []
  const { form, set, images, addImages, removeImage, busy, error, fieldErrors, receipt, submit, startOver } = useTipForm()
  const input = (k: 'description' | 'location' | 'occurredAt' | 'people' | 'contactName' | 'contactPhone') => (e: { detail: { value: string } }) => set(k, e.detail.value)
  const invalid = (k: keyof typeof fieldErrors) => (fieldErrors[k] ? 'field-invalid' : '')

  if (receipt) return <Receipt receipt={receipt} onStartOver={startOver} />
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
      <View className='section-title'>
        举报类别<Text className='required-mark'>必选</Text>
      </View>
      {categoriesError && (
        <View className='inline-status'>
          <Text className='error'>{categoriesError}</Text>
          <Button className='btn-secondary btn-small page-retry' onClick={reload}>
            重试
          </Button>
        </View>
      )}
      <Chips
        kind='category'
        className='tip-categories'
        options={categories.map((c) => ({ value: c.code, label: c.name }))}
        selected={(code) => code === form.category}
        onTap={(code) => set('category', code)}
      />
      <FieldError className='category-error' message={fieldErrors.category} />
      <View className='field-label'>
        发生了什么<Text className='required-mark'>必填</Text>
      </View>
      <Textarea
        className={`field tip-description ${invalid('description')}`}
        style={{ width: 'auto' }}
        maxlength={5000}
        placeholder='至少 10 个字：时间、地点、经过'
        value={form.description}
        onInput={input('description')}
      />
      <FieldError className='description-error' message={fieldErrors.description} />
      <Input className={`field ${invalid('location')}`} maxlength={200} placeholder='地点（选填）' value={form.location} onInput={input('location')} />
      <FieldError message={fieldErrors.location} />
      <Input className={`field ${invalid('occurredAt')}`} maxlength={100} placeholder='时间（选填）' value={form.occurredAt} onInput={input('occurredAt')} />
      <FieldError message={fieldErrors.occurredAt} />
      <Input className={`field ${invalid('people')}`} maxlength={1000} placeholder='涉及人员（选填）' value={form.people} onInput={input('people')} />
      <FieldError message={fieldErrors.people} />
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
      <FieldError message={fieldErrors.images} />
      <View className='section-title'>举报方式</View>
      <Chips
        kind='identity'
        className='tip-identity'
        options={[
          { value: true, label: '匿名举报', className: 'identity-anonymous' },
          { value: false, label: '实名举报', className: 'identity-named' },
        ]}
        selected={(anonymous) => anonymous === form.anonymous}
        onTap={(anonymous) => set('anonymous', anonymous)}
      />
      {!form.anonymous && (
        <>
          <Input className={`field contact-name ${invalid('contactName')}`} maxlength={50} placeholder='联系人' value={form.contactName} onInput={input('contactName')} />
          <FieldError className='contact-name-error' message={fieldErrors.contactName} />
          <Input className={`field contact-phone ${invalid('contactPhone')}`} maxlength={30} placeholder='联系电话' value={form.contactPhone} onInput={input('contactPhone')} />
          <FieldError className='contact-phone-error' message={fieldErrors.contactPhone} />
        </>
      )}
      <Button className='btn-primary submit-tip' loading={busy} disabled={busy} onClick={submit}>
        提交举报
      </Button>
      {error && <Text className='error tip-error'>{error}</Text>}
      <View className='link-row tip-track-link' onClick={() => Taro.navigateTo({ url: '/pages/tip/status' })}>
        已有查询码？查看我的举报 ›
      </View>
    </View>
  )
}
