import { Button, Input, Text, View } from '@tarojs/components'
import { Chips } from '../../components/Chips'
import { useAccounts } from '../../hooks/useAccounts'
import { ADMIN_ROLES, ROLE_NAMES } from '../../services/accounts'
import { AccountForm } from './AccountForm'
import { AccountRow } from './AccountRow'
import './index.css'

const FILTERS: { role: string | undefined; name: string }[] = [
  { role: undefined, name: '全部管理员' },
  ...ADMIN_ROLES.map((r) => ({ role: r, name: ROLE_NAMES[r] })),
  { role: 'reader', name: '读者' },
]

/** Superadmin: find accounts, create admin accounts, change roles and departments, disable or enable. */
export default function AdminUsers() {
  const a = useAccounts()
  return (
    <View className='page admin-users'>
      <View className='card'>
        <Input maxlength={64} className='field user-search' placeholder='搜索用户名或姓名' value={a.q} onInput={(e) => a.setQ(e.detail.value)} onConfirm={a.search} />
        <Button size='mini' className='search-users' onClick={a.search}>
          搜索
        </Button>
        <Chips kind='role' options={FILTERS.map((f) => ({ value: f.role, label: f.name }))} selected={(role) => a.role === role} onTap={a.setRole} />
      </View>
      {a.message && <Text className='users-message'>{a.message}</Text>}
      <AccountForm departments={a.departments} onCreate={(d) => a.run(() => a.accounts.create(d), `已创建账号 ${d.username}`)} />
      {a.error && <Text className='error'>{a.error}</Text>}
      {a.users.map((u) => (
        <AccountRow key={u.id} account={u} departments={a.departments} onUpdate={(patch) => a.run(() => a.accounts.update(u.id, patch), '已保存')} />
      ))}
    </View>
  )
}
