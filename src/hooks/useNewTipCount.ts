import type { InboxOut } from '@contract/tips'
import { api } from '../services/api'
import { useApi } from './useApi'

/**
 * Tips waiting to be taken up (待受理), for the officer's phone. Read from the inbox (an audited
 * read, like any look at it), not from the statistics: those count a tip only from the hour
 * after it came in, so that counts cannot date it, and a new tip would not show at once.
 */
export function useNewTipCount(enabled: boolean) {
  const inbox = useApi(async () => (enabled ? await api.get<InboxOut>('/security/tips', { query: { status: 'received' } }) : null), [enabled])
  return { count: inbox.data ? inbox.data.total : null, error: inbox.error }
}
