import { minuteKey, type JobDefinition } from '../../jobs/scheduler'
import { queueRequestedPushes, sendDuePushes } from './push'
import { publishDueArticles } from './service'

/** Every minute (Asia/Shanghai): publish scheduled articles that are due. One run per minute across instances. */
export const publishDueArticlesJob: JobDefinition = {
  name: 'publish-due-articles',
  schedule: '* * * * *',
  keyFor: minuteKey,
  leaseMs: 60_000,
  run: async (deps, at) => {
    const published = await publishDueArticles(deps, at)
    if (published.length) deps.logger.info({ published }, 'scheduled articles published')
  },
}

/**
 * Every minute: queue the subscription messages of newly published articles and send due
 * ones in batches (retries with backoff, stale 'sending' rows taken over). See push.ts.
 */
export const sendArticlePushesJob: JobDefinition = {
  name: 'send-article-pushes',
  schedule: '* * * * *',
  keyFor: minuteKey,
  leaseMs: 60_000,
  run: async (deps, at) => {
    const queued = await queueRequestedPushes(deps, at)
    const counts = await sendDuePushes(deps)
    if (queued || counts.sent || counts.failed || counts.refused || counts.cancelled) deps.logger.info({ queued, ...counts }, 'article pushes')
  },
}
