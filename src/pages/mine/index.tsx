import type { PointsOut } from '@contract/quiz'
import type { UserEnvelope } from '@contract/users'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { useSession } from '../../hooks/useSession'
import { api } from '../../services/api'
import { formErrors, type FormErrors } from '../../services/errors'
import { hasStaffRole } from '../../services/roles'
import { askNewsReminders } from '../../services/subscriptions'
import { avatarChar, displayName } from './displayName'
import '../../components/QuestionCard.css'
import './index.css'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** The binding form's fields and the request fields they send. */
const BIND_FIELDS = { number: 'number', name: 'name' } as const
const NO_ERRORS: FormErrors<keyof typeof BIND_FIELDS> = { fields: {}, form: null }

export default function MinePage() {
  const { user, error, session } = useSession()
  const points = useApi(() => api.get<PointsOut>('/quiz/points'))
  useDidShow(() => void points.reload())
  const [number, setNumber] = useState('')
  const [name, setName] = useState('')
  const [bindErrors, setBindErrors] = useState(NO_ERRORS)
  const [busy, setBusy] = useState(false)

  const bind = async () => {
    setBusy(true)
    setBindErrors(NO_ERRORS)
    try {
      const res = await api.put<UserEnvelope>('/me/binding', { number: number.trim(), name: name.trim() })
      session.update(res.user)
    } catch (e) {
      // A refused field under its input, anything else (no such pair, locked, offline) in one sentence.
      setBindErrors(formErrors(e, BIND_FIELDS))
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
  const me = displayName(user)
  return (
    <View className='page mine'>
      <View className='card mine-profile'>
        <View className='mine-avatar'>{avatarChar(me.name, me.bound)}</View>
        <View className='mine-who'>
          <View className='section-title user-nickname'>{me.name}</View>
          {user.person ? (
            <Text className='binding-info muted'>
              {user.person.departmentName}
              {user.person.className ? ` · ${user.person.className}` : ''} · {user.person.number}
            </Text>
          ) : (
            <Text className='muted'>绑定学号/工号后，你的学习记录会计入所在部门的知晓率和参与率。</Text>
          )}
        </View>
      </View>
      <View className='card mine-links'>
        <View className='link-row mine-points' onClick={go('/quizzes/points/index')}>
          <Text>学习积分</Text>
          <Text className='link-row-hint'>{points.data ? `累计 ${points.data.total} · 今日 ${points.data.todayTotal}` : ''} ›</Text>
        </View>
        <View className='link-row mine-exams' onClick={go('/quizzes/results/index')}>
          <Text>我的考试</Text>
          <Text className='link-row-hint'>成绩与解析 ›</Text>
        </View>
        <View className='link-row mine-wrong-book' onClick={go('/quizzes/wrong-book/index')}>
          <Text>错题本</Text>
          <Text className='link-row-hint'>›</Text>
        </View>
        <View className='link-row mine-link' onClick={go('/pages/progress/index')}>
          <Text>我的学习进度</Text>
          <Text className='link-row-hint'>›</Text>
        </View>
        <View className='link-row mine-tips' onClick={go('/pages/tip/status')}>
          <Text>我的举报</Text>
          <Text className='link-row-hint'>凭查询码和密钥查看进展 ›</Text>
        </View>
        {hasStaffRole(user) && (
          <View className='link-row mine-link admin-entry' onClick={go('/admin/index/index')}>
            <Text>管理入口</Text>
            <Text className='link-row-hint'>›</Text>
          </View>
        )}
        {process.env.TARO_ENV === 'weapp' && (
          <View className='link-row' onClick={askNewsReminders()}>
            <Text>开启新闻推送提醒</Text>
            <Text className='link-row-hint'>›</Text>
          </View>
        )}
      </View>
      <View className='muted mine-tip-note'>举报默认匿名，不与你的账号关联，所以这里不会列出你的举报；请用提交时得到的查询码和密钥查询。</View>
      {!user.person && (
        <View className='card binding-form'>
          <View className='section-title'>绑定学号/工号</View>
          <Input className='field' maxlength={32} placeholder='学号或工号' value={number} onInput={(e) => setNumber(e.detail.value)} />
          {bindErrors.fields.number && <Text className='error'>{bindErrors.fields.number}</Text>}
          <Input className='field' maxlength={64} placeholder='姓名' value={name} onInput={(e) => setName(e.detail.value)} />
          {bindErrors.fields.name && <Text className='error'>{bindErrors.fields.name}</Text>}
          <Button className='btn-primary tap' loading={busy} disabled={busy || !number || !name} onClick={bind}>
            绑定
          </Button>
          {bindErrors.form && <Text className='error'>{bindErrors.form}</Text>}
        </View>
      )}
    </View>
  )
}
