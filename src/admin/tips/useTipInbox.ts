import type { TipCategoriesOut } from '@contract/tips'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { listInbox, pageCount, type InboxFilters } from '../../services/tips'

const NO_FILTERS: InboxFilters = { status: '', category: '', from: '', to: '' }

/** The inbox: filters (status, category, Beijing-day range) and pages; a filter change goes back to page 1. */
export function useTipInbox() {
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS)
  const [page, setPage] = useState(1)
  const { data, error, loading, reload } = useApi(() => listInbox(filters, page), [filters, page])
  const categories = useApi(() => api.get<TipCategoriesOut>('/tips/categories')).data?.categories ?? []
  useDidShow(() => void reload())

  const filter = <K extends keyof InboxFilters>(key: K, value: InboxFilters[K]) => {
    setFilters((f) => ({ ...f, [key]: value }))
    setPage(1)
  }
  const clear = () => {
    setFilters(NO_FILTERS)
    setPage(1)
  }
  const pages = data ? pageCount(data) : 1
  return { filters, filter, clear, categories, data, error, loading, page, pages, setPage: (p: number) => setPage(Math.min(Math.max(1, p), pages)) }
}
