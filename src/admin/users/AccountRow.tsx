import { Button, Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { rolesText, type Account, type Department } from '../../services/accounts'
import { DepartmentPicker, RoleChips } from './Choices'

type Patch = Partial<Pick<Account, 'roles' | 'departmentId' | 'disabled'>> & { password?: string }

/** One account: who it is, its roles and department; edit roles, department or password; disable or enable. */
export function AccountRow({ account, departments, onUpdate }: { account: Account; departments: Department[]; onUpdate: (patch: Patch) => Promise<unknown> }) {
  const [editing, setEditing] = useState(false)
  const [roles, setRoles] = useState(account.roles)
  const [departmentId, setDepartmentId] = useState(account.departmentId)
  const [password, setPassword] = useState('')
  const department = departments.find((d) => d.id === account.departmentId)

  const startEditing = () => {
    setRoles(account.roles)
    setDepartmentId(account.departmentId)
    setEditing(true)
  }

  const save = async () => {
    const patch: Patch = { roles, departmentId: roles.includes('dept_admin') ? departmentId : null }
    if (password) patch.password = password
    if (await onUpdate(patch)) {
      setEditing(false)
      setPassword('')
    }
  }

  return (
    <View className={`card account-row ${account.disabled ? 'account-disabled' : ''}`} data-username={account.username ?? ''}>
      <Text className='section-title'>
        {account.nickname}（{account.username ?? '微信用户'}）{account.disabled ? ' · 已停用' : ''}
      </Text>
      <Text className='muted account-roles'>
        {rolesText(account.roles)}
        {department ? ` · ${department.name}` : ''}
      </Text>
      {editing && (
        <View>
          <RoleChips roles={roles} onChange={setRoles} />
          {roles.includes('dept_admin') && <DepartmentPicker departments={departments} value={departmentId} onChange={setDepartmentId} />}
          <Input className='field' password maxlength={128} placeholder='新密码（不改则留空）' value={password} onInput={(e) => setPassword(e.detail.value)} />
        </View>
      )}
      <View className='account-actions'>
        {editing ? (
          <>
            <Button size='mini' className='save-account' onClick={save}>
              保存
            </Button>
            <Button size='mini' onClick={() => setEditing(false)}>
              取消
            </Button>
          </>
        ) : (
          <Button size='mini' className='edit-account' onClick={startEditing}>
            修改角色/部门
          </Button>
        )}
        <Button size='mini' className='toggle-account' onClick={() => onUpdate({ disabled: !account.disabled })}>
          {account.disabled ? '启用' : '停用'}
        </Button>
      </View>
    </View>
  )
}
