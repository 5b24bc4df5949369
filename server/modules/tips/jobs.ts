import type { JobDefinition } from '../../jobs/scheduler'
import { purgeAbandonedUploads } from './service'

/** Hourly: delete images of tip drafts that were never submitted. */
export const purgeTipUploadsJob: JobDefinition = {
  name: 'purge-tip-uploads',
  schedule: '7 * * * *',
  keyFor: (at) => at.toISOString().slice(0, 13),
  run: async (deps, at) => {
    const purged = await purgeAbandonedUploads(at)
    if (purged) deps.logger.info({ purged }, 'abandoned tip uploads deleted')
  },
}
