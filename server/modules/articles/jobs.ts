import type { JobDefinition } from '../../jobs/scheduler'
import { publishDueArticles } from './service'

/** Every minute (Asia/Shanghai): publish scheduled articles that are due. One run per minute across instances. */
export const publishDueArticlesJob: JobDefinition = {
  name: 'publish-due-articles',
  schedule: '* * * * *',
  keyFor: (at) => at.toISOString().slice(0, 16),
  leaseMs: 60_000,
  run: async (deps, at) => {
    const published = await publishDueArticles(deps, at)
    if (published.length) deps.logger.info({ published }, 'scheduled articles published')
  },
}
