import { shanghaiMonth } from '../../clock'
import type { JobDefinition } from '../../jobs/scheduler'
import { Campaign } from '../campaigns/model'
import { MetricsSnapshot } from './model'
import { createMonthlyReport } from './report'
import { dashboardMetrics } from './service'

/** The month before the one `at` falls in (Asia/Shanghai). */
export function previousMonth(at: Date): string {
  const [y, m] = shanghaiMonth(at).split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** 08:00 on the 1st (Asia/Shanghai): last month's report for every active campaign, once. */
export const monthlyReportJob: JobDefinition = {
  name: 'monthly-report',
  schedule: '0 8 1 * *',
  keyFor: previousMonth,
  leaseMs: 30 * 60_000,
  run: async (deps, at) => {
    const month = previousMonth(at)
    for (const campaign of await Campaign.find({ status: { $ne: 'draft' } }, { _id: 1 }).lean()) {
      await createMonthlyReport(campaign._id, month, 'schedule', deps.clock.now())
    }
  },
}

/** Every minute: recompute dashboard snapshots that something changed since. */
export const refreshMetricsJob: JobDefinition = {
  name: 'refresh-metrics',
  schedule: '* * * * *',
  keyFor: (at) => at.toISOString().slice(0, 16),
  leaseMs: 5 * 60_000,
  run: async (deps, at) => {
    const month = shanghaiMonth(at)
    for (const snapshot of await MetricsSnapshot.find({ month }, { campaignId: 1 }).lean()) {
      await dashboardMetrics(deps, snapshot.campaignId!, month, { refresh: true })
    }
  },
}
