import { useState } from 'react'
import { accountsApi } from '../services/accounts'
import { api } from '../services/api'
import { useApi } from './useApi'

const accounts = accountsApi(api)

/** The superadmin's account list: search and role filter, and actions that reload the list. */
export function useAccounts() {
  const [q, setQ] = useState('')
  const [role, setRole] = useState<string | undefined>(undefined)
  const [search, setSearch] = useState('')
  const list = useApi(() => accounts.list({ q: search || undefined, role }), [search, role])
  const departments = useApi(() => accounts.departments())
  const [message, setMessage] = useState<string | null>(null)

  /** Runs an action; its error becomes the message shown, success reloads the list. */
  const run = async <T>(action: () => Promise<T>, done: string): Promise<T | null> => {
    setMessage(null)
    try {
      const result = await action()
      const notice = (result as { pendingGrantMessage?: string } | null)?.pendingGrantMessage
      setMessage(notice ? `${done}。${notice}` : done)
      await list.reload()
      return result
    } catch (e) {
      setMessage((e as Error).message)
      return null
    }
  }

  return {
    q,
    setQ,
    role,
    setRole,
    search: () => setSearch(q.trim()),
    users: list.data ?? [],
    error: list.error,
    departments: departments.data ?? [],
    message,
    accounts,
    run,
  }
}
