import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { ROLE_NAMES } from '../../services/accounts'
import { api } from '../../services/api'
import { formatBeijing } from '../../services/datetime'
import { grantsApi } from '../../services/grants'
import './index.css'

const grants = grantsApi(api)

/**
 * Granting the 保卫处 role takes a second person: another security officer or superadmin
 * confirms here (the server refuses the one who asked and the one who would receive it).
 */
export default function RoleGrants() {
  const list = useApi(() => grants.pending())
  const [message, setMessage] = useState<string | null>(null)
  const confirm = async (id: string, name: string) => {
    setMessage(null)
    try {
      await grants.confirm(id)
      setMessage(`已确认：${name} 获得保卫处角色`)
      await list.reload()
    } catch (e) {
      setMessage((e as Error).message)
    }
  }
  return (
    <View className='page admin-grants'>
      <View className='card'>
        <Text className='muted'>授予“保卫处”角色须由另一位保卫处人员或系统管理员确认；发起人和被授权人本人不能确认。每次确认都记入账号变更日志。</Text>
      </View>
      {message && <Text className='grants-message'>{message}</Text>}
      {list.error && <Text className='error'>{list.error}</Text>}
      {list.data && list.data.length === 0 && <Text className='muted'>没有待确认的授权。</Text>}
      {list.data?.map((g) => (
        <View key={g.id} className='card grant-row'>
          <Text>
            {g.targetName}：申请{ROLE_NAMES[g.role] ?? g.role}角色
          </Text>
          <Text className='muted'>
            由 {g.requestedByName} 于 {formatBeijing(g.requestedAt)} 发起
          </Text>
          <Button className='btn-primary confirm-grant' onClick={() => confirm(g.id, g.targetName)}>
            确认授权
          </Button>
        </View>
      ))}
    </View>
  )
}
