import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { useSession } from '../../hooks/useSession'
import { rolesText } from '../../services/accounts'
import type { MeOut } from '@contract/users'
import { api } from '../../services/api'
import { hasStaffRole } from '../../services/roles'

/**
 * Admin sections and the ability each needs: the abilities come from GET /api/me (server/policy.ts
 * decides who holds what), so this page shows what the server would allow. 本部门 needs a department too.
 */
const SECTIONS: { title: string; url: string; ability: string; ownDepartment?: boolean }[] = [
  { title: '新闻发布', url: '/admin/articles/index', ability: 'article.publish' },
  { title: '线索收件箱', url: '/admin/tips/index', ability: 'tip.read' },
  { title: '数据看板', url: '/admin/dashboard/index', ability: 'metrics.read' },
  { title: '题库与竞赛', url: '/admin/quiz/index', ability: 'quiz.manage' },
  { title: '花名册导入', url: '/admin/roster/index', ability: 'roster.manage' },
  { title: '本部门知晓率与发而未看', url: '/admin/dept/index', ability: 'metrics.readDepartment', ownDepartment: true },
  { title: '账号与角色', url: '/admin/users/index', ability: 'users.manage' },
  { title: '保卫处授权确认', url: '/admin/grants/index', ability: 'roleGrant.confirm' },
]

export default function AdminHome() {
  const { user, session } = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const isAdmin = hasStaffRole(user)
  const abilities = useApi(async () => (isAdmin ? (await api.get<MeOut>('/me')).abilities : []), [user?.id, isAdmin]).data ?? []
  const sections = SECTIONS.filter((s) => abilities.includes(s.ability) && (!s.ownDepartment || !!user?.departmentId))

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
        <Text className='muted'>角色：{rolesText(user!.roles)}</Text>
      </View>
      {sections.map((s) => (
        <View key={s.url} className='card admin-section' onClick={() => Taro.navigateTo({ url: s.url })}>
          <Text>{s.title} ›</Text>
        </View>
      ))}
      <Button onClick={() => session.signOut()}>退出登录</Button>
    </View>
  )
}
