import { publishDueArticlesJob, sendArticlePushesJob } from '../modules/articles/jobs'
import { monthlyReportJob, refreshMetricsJob } from '../modules/metrics/jobs'
import { purgeTipUploadsJob } from '../modules/tips/jobs'
import { purgeOldRunsJob } from './retention'
import type { JobDefinition } from './scheduler'

/**
 * Every scheduled job of the product. Feature modules add theirs here
 * (e.g. scheduled article publishing, the monthly report).
 */
export const jobs: JobDefinition[] = [publishDueArticlesJob, sendArticlePushesJob, purgeTipUploadsJob, monthlyReportJob, refreshMetricsJob, purgeOldRunsJob]
