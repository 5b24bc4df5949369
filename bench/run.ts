import fs from 'node:fs'
import path from 'node:path'
import { runDashboardBench } from './dashboard'

/** `npm run bench`: runs every benchmark and writes its results under bench/results/. */
async function main() {
  const out = path.join(__dirname, 'results')
  fs.mkdirSync(out, { recursive: true })
  const dashboard = await runDashboardBench()
  const at = new Date().toISOString()
  fs.writeFileSync(path.join(out, 'dashboard.json'), JSON.stringify({ at, ...dashboard }, null, 2) + '\n')
  const row = (name: string, s: { medianMs: number; p95Ms: number; maxMs: number; runs: number }) => `| ${name} | ${s.runs} | ${s.medianMs} | ${s.p95Ms} | ${s.maxMs} |`
  fs.writeFileSync(
    path.join(out, 'dashboard.md'),
    [
      `# Dashboard benchmark (${at})`,
      '',
      `${dashboard.dataset.rosterPeople} roster people (${dashboard.dataset.activeRosterPeople} active), ${dashboard.dataset.items} items, embedded FerretDB, ${dashboard.machine.cpus} cores, Node ${dashboard.machine.node}.`,
      '',
      '| measured | runs | median ms | p95 ms | max ms |',
      '|---|---|---|---|---|',
      row('GET /api/metrics/dashboard (overview, departments, items, trend)', dashboard.dashboardOverviewApi),
      row('GET /api/metrics/departments/:id (department table)', dashboard.departmentTableApi),
      row('GET /api/metrics/dashboard while a recompute runs (stale snapshot served)', dashboard.dashboardWhileRecomputing),
      row('GET /api/metrics/departments/:id while a recompute runs', dashboard.departmentTableWhileRecomputing),
      row('GET /api/metrics/departments/:id/unread (one department, 1,250 people)', dashboard.unreadListOneDepartment),
      row('background recompute of the snapshot (computeMetrics, this month)', dashboard.backgroundRecompute),
      row('last month\'s report figures (computeMetrics as of the month\'s end)', dashboard.lastMonthReportCompute),
      '',
      `While recomputing, ${dashboard.dashboardWhileRecomputing.servedStale} of ${dashboard.dashboardWhileRecomputing.runs} dashboard requests were served the stale snapshot (the rest came after the recompute finished).`,
      `First dashboard request (no snapshot yet, computes synchronously): ${dashboard.firstDashboardRequestMs} ms.`,
      `Target: overview and department table (fresh and while recomputing) under ${dashboard.targetMs} ms — ${dashboard.meetsTarget ? 'met' : 'NOT met'}.`,
      '',
    ].join('\n'),
  )
  console.log(JSON.stringify(dashboard, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
