import { ROLE_NAMES } from '@contract/labels'
import type { MeOut } from '@contract/users'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { useNewTipCount } from '../../hooks/useNewTipCount'
import { useSession } from '../../hooks/useSession'
import { api } from '../../services/api'
import { consoleUrl, mobileSections } from '../../services/mobile-admin'
import { hasStaffRole } from '../../services/roles'
import './index.css'

/**
 * The mobile admin: what a department head and a security officer need on the phone. The
 * abilities come from GET /api/me (server/policy.ts decides); everything else is the desktop console.
 */
export default function AdminHome() {
  const { user, session } = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const isAdmin = hasStaffRole(user)
  const abilities = useApi(async () => (isAdmin ? (await api.get<MeOut>('/me')).abilities : null), [user?.id, isAdmin]).data
  const sections = mobileSections(abilities ?? [], user?.departmentId)
  const tips = useNewTipCount(sections.newTips)
  // The mini-program calls the API origin (API_BASE); the H5 build is served by the same server.
  const url = consoleUrl(API_BASE, process.env.TARO_ENV === 'h5' ? window.location.origin : null)

  const signIn = async () => {
    setError(null)
    try {
      await session.signInWithPassword(username.trim(), password)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  if (!isAdmin) {
    return (
      <View className='page admin-login'>
        <View className='card'>
          <View className='section-title'>管理员登录</View>
          <Input maxlength={64} className='field admin-username' placeholder='用户名' value={username} onInput={(e) => setUsername(e.detail.value)} />
          <Input maxlength={128} className='field admin-password' password placeholder='密码' value={password} onInput={(e) => setPassword(e.detail.value)} />
          <Button className='btn-primary admin-signin' disabled={!username || !password} onClick={signIn}>
            登录
          </Button>
          {error && <Text className='error'>{error}</Text>}
        </View>
      </View>
    )
  }
  return (
    <View className='page admin-home'>
      <View className='card'>
        <View className='section-title admin-welcome'>{user!.nickname}</View>
        <Text className='muted'>角色：{user!.roles.map((r) => ROLE_NAMES[r]).join('、')}</Text>
      </View>
      {sections.department && (
        <View className='card admin-section admin-dept-entry' onClick={() => Taro.navigateTo({ url: '/admin/dept/index' })}>
          <Text>本部门知晓率与发而未看 ›</Text>
        </View>
      )}
      {sections.newTips && (
        <View className='card admin-new-tips'>
          <View className='section-title'>新线索</View>
          <Text className='new-tip-count'>{tips.count ?? '…'}</Text>
          <Text className='muted'> 条待受理</Text>
          {tips.error && <Text className='error'>{tips.error}</Text>}
          <View className='admin-console-hint'>请在电脑端处理：线索内容只在电脑端的管理后台查看和办理。</View>
        </View>
      )}
      {(sections.console || sections.newTips) && (
        <View className='card admin-console'>
          <View className='section-title'>电脑端管理后台</View>
          {sections.console && <Text className='muted'>新闻发布、数据看板、花名册、题库、账号等管理功能请在电脑浏览器中打开：</Text>}
          <View className='admin-console-url'>
            <Text userSelect>{url}</Text>
          </View>
          <Text className='muted'>长按地址可复制</Text>
        </View>
      )}
      <Button onClick={() => session.signOut()}>退出登录</Button>
    </View>
  )
}
