import type { ReportListOut } from '@contract/metrics'
import { useMemo, useState } from 'react'
import { api } from '../services/api'
import { reportMonthChoice } from '../services/metrics'
import { useApi } from './useApi'

/** The monthly reports that exist and the month chosen among them (default: last month). */
export function useReportMonths() {
  const reports = useApi(() => api.get<ReportListOut>('/reports'))
  const { months, initial } = useMemo(() => reportMonthChoice(reports.data?.reports ?? [], new Date()), [reports.data])
  const [chosen, setChosen] = useState<string | null>(null)
  const month = chosen && months.includes(chosen) ? chosen : initial
  return { reports, months, month, setMonth: setChosen }
}
