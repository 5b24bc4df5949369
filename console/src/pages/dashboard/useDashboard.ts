import { useState } from 'react'
import { shanghaiMonth } from '@contract/calendar'
import type { ChannelMetricsOut, DashboardOut } from '@contract/metrics'
import { useApiQuery } from '../../hooks/useApiQuery'
import { api } from '../../services/api'

/** The dashboard of a month (this month in Beijing time by default) and the channel figures; refresh() asks the server to recompute. */
export function useDashboard() {
  const [month, setMonth] = useState(() => shanghaiMonth(new Date()))
  const [refreshes, setRefreshes] = useState(0)
  const dashboard = useApiQuery(`dashboard:${month}:${refreshes}`, () => api.get<DashboardOut>('/api/metrics/dashboard', { month, refresh: refreshes > 0 ? 'true' : undefined }))
  const channels = useApiQuery(`channels:${refreshes}`, () => api.get<ChannelMetricsOut>('/api/metrics/channels'))
  return { month, setMonth, dashboard, channels, refresh: () => setRefreshes((n) => n + 1) }
}
