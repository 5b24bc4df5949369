import { loadConfig } from '../config'
import { connectDatabase } from '../db/connection'
import { createLogger } from '../logger'
import '../modules'
import { announceSeed, runSeed } from './index'

async function main() {
  const config = loadConfig()
  const logger = createLogger(config.LOG_LEVEL, 'seed')
  const db = await connectDatabase(config, logger)
  try {
    announceSeed(await runSeed({ logger, superadminPassword: config.SUPERADMIN_PASSWORD }), logger)
    logger.info('seed done')
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
