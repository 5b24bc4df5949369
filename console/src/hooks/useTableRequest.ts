import { App } from 'antd'
import { useCallback } from 'react'
import { friendlyMessage } from '../services/errors'

/**
 * ProTable's `request` for a server list: `loadRows(load)` gives the table its rows and total, or,
 * when the server refuses or cannot be reached, an empty table and the server's message.
 */
export function useTableRequest() {
  const { message } = App.useApp()
  return useCallback(
    async <Row>(load: () => Promise<{ data: Row[]; total: number }>) => {
      try {
        return { ...(await load()), success: true }
      } catch (err) {
        void message.error(friendlyMessage(err))
        return { data: [] as Row[], total: 0, success: false }
      }
    },
    [message],
  )
}
