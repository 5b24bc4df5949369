import { shanghaiMonth } from '../../clock'
import { minuteKey, type JobDefinition } from '../../jobs/scheduler'
import { Campaign } from '../campaigns/model'
import type { AppDeps } from '../../deps'
import { MetricsSnapshot, MonthlyReport } from './model'
import { createMonthlyReport } from './report'
import { dashboardMetrics, monthRange } from './service'

/** The month before the one `at` falls in (Asia/Shanghai). */
export function previousMonth(at: Date): string {
  const [y, m] = shanghaiMonth(at).split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/**
 * Last month's scheduled report for every campaign that ran during it (not drafts, not
 * campaigns that started after it or ended before it). Campaigns that already have one are
 * skipped, so a retry after a partial failure only does what is missing. One campaign
 * failing does not stop the others; the run then fails as a whole so the catch-up retries.
 */
export async function generateScheduledReports(deps: AppDeps, month: string): Promise<{ created: string[]; failed: string[] }> {
  const { from, to } = monthRange(month)
  const campaigns = await Campaign.find({ status: { $ne: 'draft' }, startAt: { $lt: to } }, { _id: 1, endAt: 1 }).lean()
  const created: string[] = []
  const failed: string[] = []
  for (const c of campaigns) {
    if (c.endAt && c.endAt < from) continue
    try {
      if (await MonthlyReport.exists({ campaignId: c._id, month, trigger: 'schedule' })) continue
      await createMonthlyReport(c._id, month, 'schedule', deps.clock.now())
      created.push(String(c._id))
    } catch (err) {
      failed.push(String(c._id))
      deps.logger.error({ err, campaignId: String(c._id), month }, 'monthly report failed for a campaign')
    }
  }
  if (failed.length) throw new Error(`monthly report ${month} failed for ${failed.length} campaign(s): ${failed.join(', ')}`)
  return { created, failed }
}

/**
 * 08:00 on the 1st (Asia/Shanghai): last month's report, once across all instances. If that
 * run is missed (server down) or fails, the hourly catch-up (and each start-up) after 08:00
 * on the 1st runs it; the claim per month keeps it to one run.
 */
export const monthlyReportJob: JobDefinition = {
  name: 'monthly-report',
  schedule: '0 8 1 * *',
  keyFor: previousMonth,
  leaseMs: 30 * 60_000,
  catchUp: { schedule: '17 * * * *', dueAt: (at) => new Date(`${shanghaiMonth(at)}-01T08:00:00+08:00`) },
  run: async (deps, at) => {
    await generateScheduledReports(deps, previousMonth(at))
  },
}

/** Every minute: recompute dashboard snapshots that something changed since. */
export const refreshMetricsJob: JobDefinition = {
  name: 'refresh-metrics',
  schedule: '* * * * *',
  keyFor: minuteKey,
  leaseMs: 5 * 60_000,
  run: async (deps, at) => {
    const month = shanghaiMonth(at)
    for (const snapshot of await MetricsSnapshot.find({ month }, { campaignId: 1 }).lean()) {
      await dashboardMetrics(deps, snapshot.campaignId!, month, { refresh: true })
    }
  },
}
