import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { AGREE_BUTTON_ID, privacy, PRIVACY_SUMMARY } from '../services/privacy'
import './PrivacyPrompt.css'

/**
 * The privacy guide prompt WeChat asks for (services/privacy.ts). Rendered on the pages that
 * call privacy APIs (举报, 文章, 线索详情, 文章编辑); shows only while WeChat waits for an answer.
 */
export function PrivacyPrompt() {
  const [open, setOpen] = useState(privacy.open)
  useEffect(() => privacy.subscribe(setOpen), [])
  if (!open || process.env.TARO_ENV !== 'weapp') return null
  return (
    <View className='privacy-mask'>
      <View className='privacy-sheet'>
        <View className='section-title'>用户隐私保护提示</View>
        <Text className='privacy-text'>{PRIVACY_SUMMARY}</Text>
        <Text className='privacy-link' onClick={() => Taro.openPrivacyContract({})}>
          查看《用户隐私保护指引》
        </Text>
        <View className='privacy-actions'>
          <Button className='btn' onClick={() => privacy.disagree()}>
            拒绝
          </Button>
          <Button id={AGREE_BUTTON_ID} className='btn-primary' openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={() => privacy.agree()}>
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}
