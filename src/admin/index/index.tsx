import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useSession } from '../../hooks/useSession'
import type { Role } from '@contract/roles'
import { ROLE_NAMES } from '../../services/accounts'
import { hasStaffRole } from '../../services/roles'
/** Admin sections and who sees them (the server checks the same roles on every route). */
const SECTIONS: { title: string; url: string; roles: Role[] }[] = [
  { title: '新闻发布', url: '/admin/articles/index', roles: ['publicity_admin'] },
  { title: '线索收件箱', url: '/admin/tips/index', roles: ['security_officer'] },
  { title: '数据看板', url: '/admin/dashboard/index', roles: ['publicity_admin'] },
  { title: '题库与竞赛', url: '/admin/quiz/index', roles: ['publicity_admin'] },
  { title: '花名册导入', url: '/admin/roster/index', roles: ['publicity_admin'] },
  { title: '本部门知晓率与发而未看', url: '/admin/dept/index', roles: ['dept_admin'] },
  { title: '账号与角色', url: '/admin/users/index', roles: ['superadmin'] },
]

export default function AdminHome() {
  const { user, session } = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const isAdmin = hasStaffRole(user)

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
        <Text className='muted'>角色：{user!.roles.map((r) => ROLE_NAMES[r] ?? r).join('、')}</Text>
      </View>
      {SECTIONS.filter((s) => s.roles.some((r) => user!.roles.includes(r))).map((s) => (
        <View key={s.url} className='card admin-section' onClick={() => Taro.navigateTo({ url: s.url })}>
          <Text>{s.title} ›</Text>
        </View>
      ))}
      <Button onClick={() => session.signOut()}>退出登录</Button>
    </View>
  )
}
