import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useSession } from '../../hooks/useSession'
import { api } from '../../services/api'
import { hasStaffRole } from '../../services/roles'
import { askNewsReminders } from '../../services/subscriptions'
import type { UserEnvelope } from '@contract/users'

export default function MinePage() {
  const { user, error, session } = useSession()
  const [number, setNumber] = useState('')
  const [name, setName] = useState('')
  const [bindError, setBindError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const bind = async () => {
    setBusy(true)
    setBindError(null)
    try {
      const res = await api.put<UserEnvelope>('/me/binding', { number: number.trim(), name: name.trim() })
      session.update(res.user)
    } catch (e) {
      setBindError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }

  if (!user)
    return (
      <View className='page'>
        <Text className='muted'>{error ?? '登录中…'}</Text>
      </View>
    )
  return (
    <View className='page mine'>
      <View className='card'>
        <View className='section-title user-nickname'>{user.nickname}</View>
        {user.person ? (
          <Text className='binding-info'>
            已绑定：{user.person.name}（{user.person.number}）· {user.person.departmentName}
            {user.person.className ? ` · ${user.person.className}` : ''}
          </Text>
        ) : (
          <Text className='muted'>尚未绑定学号/工号。绑定后，你的学习记录会计入所在部门的知晓率和参与率。</Text>
        )}
      </View>
      <View className='card mine-link' onClick={() => Taro.navigateTo({ url: '/pages/progress/index' })}>
        <Text>我的学习进度 ›</Text>
      </View>
      {hasStaffRole(user) && (
        <View className='card mine-link admin-entry' onClick={() => Taro.navigateTo({ url: '/admin/index/index' })}>
          <Text>管理入口 ›</Text>
        </View>
      )}
      {process.env.TARO_ENV === 'weapp' && (
        <View className='card' onClick={askNewsReminders()}>
          <Text>开启新闻推送提醒 ›</Text>
        </View>
      )}
      {!user.person && (
        <View className='card binding-form'>
          <View className='section-title'>绑定学号/工号</View>
          <Input className='field' maxlength={32} placeholder='学号或工号' value={number} onInput={(e) => setNumber(e.detail.value)} />
          <Input className='field' maxlength={64} placeholder='姓名' value={name} onInput={(e) => setName(e.detail.value)} />
          <Button className='btn-primary' loading={busy} disabled={busy || !number || !name} onClick={bind}>
            绑定
          </Button>
          {bindError && <Text className='error'>{bindError}</Text>}
        </View>
      )}
    </View>
  )
}
