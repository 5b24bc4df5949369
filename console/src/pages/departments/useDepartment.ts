import { useSearchParams } from 'react-router-dom'
import { shanghaiMonth } from '@contract/calendar'
import type { DepartmentMetricsOut, UnreadOut } from '@contract/metrics'
import type { DepartmentListOut } from '@contract/roster'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'

/** One department's figures for a month (?month=YYYY-MM, this month in Beijing time by default) and its unread list now. */
export function useDepartment(id: string) {
  const [search, setSearch] = useSearchParams()
  const month = /^\d{4}-\d{2}$/.test(search.get('month') ?? '') ? search.get('month')! : shanghaiMonth(new Date())
  const metrics = useApiQuery(`dept:${id}:${month}`, () => api.get<DepartmentMetricsOut>(`/api/metrics/departments/${id}`, { month }))
  const unread = useApiQuery(`unread:${id}`, () => api.get<UnreadOut>(`/api/metrics/departments/${id}/unread`))
  const departments = useApiQuery('departments', () => api.get<DepartmentListOut>('/api/departments'))
  return {
    month,
    setMonth: (m: string) => setSearch({ month: m }, { replace: true }),
    metrics,
    unread,
    departments: departments.data?.departments ?? [],
    departmentsLoaded: !!departments.data,
    name: departments.data?.departments.find((d) => d.id === id)?.name,
  }
}
