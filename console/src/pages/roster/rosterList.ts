import type { RosterImportOut, RosterQuery } from '@contract/roster'

/** What the people table hands over: its page, the search form's values and the clicked column sort. */
export interface RosterTableParams {
  current?: number
  pageSize?: number
  q?: string
  departmentId?: string
  bound?: string
  includeInactive?: string
}
export type TableSort = Record<string, 'ascend' | 'descend' | null>

const SORTABLE = ['number', 'name', 'className'] as const

/** The table's state → GET /api/admin/roster query (server-side paging, filter and sort). */
export function rosterListQuery(params: RosterTableParams, sort: TableSort): Partial<RosterQuery> {
  const [key, direction] = Object.entries(sort).find(([, d]) => d) ?? []
  const sortKey = SORTABLE.find((s) => s === key)
  return {
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
    ...(params.q?.trim() ? { q: params.q.trim() } : {}),
    ...(params.departmentId ? { departmentId: params.departmentId } : {}),
    ...(params.bound === 'true' ? { bound: 'true' as const } : {}),
    ...(params.includeInactive === 'true' ? { includeInactive: 'true' as const } : {}),
    ...(sortKey ? { sort: sortKey, order: direction === 'descend' ? ('desc' as const) : ('asc' as const) } : {}),
  }
}

export type ImportReport = RosterImportOut['report']

/** A refused import (422) carries its report in the error details: the rows to show. */
export function refusedReport(details: unknown): ImportReport | null {
  const report = details as Partial<ImportReport> | null
  return report && Array.isArray(report.errors) && typeof report.total === 'number' ? (report as ImportReport) : null
}

/** One sentence for a finished import. */
export function importSummary(report: ImportReport): string {
  const parts = [`共 ${report.total} 人`, `新增 ${report.created} 人`, `更新 ${report.updated} 人`]
  if (report.deactivated) parts.push(`${report.deactivated} 人不在名单中，已标记为离开`)
  if (report.errors.length) parts.push(`跳过有错误的 ${report.errors.length} 行`)
  return `导入完成：${parts.join('，')}`
}
