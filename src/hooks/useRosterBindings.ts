import type { RosterPageOut, RosterPersonOut } from '@contract/roster'
import { useState } from 'react'
import { api } from '../services/api'
import { useApi } from './useApi'

export type BoundPerson = RosterPersonOut

/** Roster people bound to a reader (searchable by number or name), and undoing a binding. */
export function useRosterBindings() {
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const list = useApi(() => api.get<RosterPageOut>('/admin/roster', { query: { bound: 'true', page: String(page), q: q || undefined } }), [q, page])
  const unbind = async (p: BoundPerson) => {
    if (!p.boundUser) return
    await api.del(`/admin/users/${p.boundUser.id}/binding`)
    await list.reload()
  }
  const search = (text: string) => {
    setPage(1)
    setQ(text.trim())
  }
  return { list, page, setPage, search, unbind }
}
