import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { draftProblem, emptyDraft, type AccountDraft, type Department } from '../../services/accounts'
import { DepartmentPicker, RoleChips } from './Choices'

/** New admin account: username, initial password, name, roles, department for a dept_admin. */
export function AccountForm({ departments, onCreate }: { departments: Department[]; onCreate: (d: AccountDraft) => Promise<unknown> }) {
  const [draft, setDraft] = useState<AccountDraft>(emptyDraft)
  const [problem, setProblem] = useState<string | null>(null)
  const set = (patch: Partial<AccountDraft>) => setDraft((d) => ({ ...d, ...patch }))

  const submit = async () => {
    const p = draftProblem(draft)
    setProblem(p)
    if (p) return
    if (await onCreate(draft)) setDraft(emptyDraft())
  }

  return (
    <View className='card account-form'>
      <View className='section-title'>新建管理员账号</View>
      <Input maxlength={32} className='field new-username' placeholder='用户名（字母、数字或 _.-）' value={draft.username} onInput={(e) => set({ username: e.detail.value })} />
      <Input
        maxlength={128}
        className='field new-password'
        password
        placeholder='初始密码（至少 8 位）'
        value={draft.password}
        onInput={(e) => set({ password: e.detail.value })}
      />
      <Input maxlength={64} className='field new-nickname' placeholder='姓名' value={draft.nickname} onInput={(e) => set({ nickname: e.detail.value })} />
      <Text className='muted'>角色</Text>
      <RoleChips roles={draft.roles} onChange={(roles) => set({ roles })} />
      {draft.roles.includes('dept_admin') && <DepartmentPicker departments={departments} value={draft.departmentId} onChange={(departmentId) => set({ departmentId })} />}
      <Button className='btn-primary create-account' onClick={submit}>
        创建账号
      </Button>
      {problem && <Text className='error'>{problem}</Text>}
    </View>
  )
}
