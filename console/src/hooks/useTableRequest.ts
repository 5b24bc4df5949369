import { App } from 'antd'
import { useCallback, useState } from 'react'
import { latestOnly } from '../services/latestOnly'
import { friendlyMessage } from '../services/errors'

/**
 * ProTable's `request` for a server list: `loadRows(load)` gives the table its rows and total, or,
 * when the server refuses or cannot be reached, an empty table and the server's message. A load
 * overtaken by a newer one (a reload after 解除绑定 while an older load is still out) is dropped:
 * ProTable keeps its rows when told `success: false`. One per table.
 */
export function useTableRequest() {
  const { message } = App.useApp()
  const [latest] = useState(latestOnly)
  return useCallback(
    async <Row>(load: () => Promise<{ data: Row[]; total: number }>) => {
      try {
        const answer = await latest(load)
        return answer.current ? { ...answer.value, success: true } : { data: [] as Row[], total: 0, success: false }
      } catch (err) {
        void message.error(friendlyMessage(err))
        return { data: [] as Row[], total: 0, success: false }
      }
    },
    [message, latest],
  )
}
