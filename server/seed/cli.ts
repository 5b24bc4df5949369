import { loadConfig } from '../config'
import { connectDatabase } from '../db/connection'
import { createLogger } from '../logger'
import '../modules'
import { announceSeed, printPassword, resetSuperadmin, runSeed } from './index'

/**
 * `npm run seed`: creates missing seed content (idempotent).
 * `npm run seed -- --reset-admin`: sets a new password for `admin` (SUPERADMIN_PASSWORD or
 * generated and printed once), enables it and gives it the superadmin role.
 * With the embedded database, run it while the server is stopped (one process owns the data directory).
 */
const USAGE = 'usage: npm run seed [-- --reset-admin]'

async function main() {
  const args = process.argv.slice(2)
  const unknown = args.filter((a) => a !== '--reset-admin')
  if (unknown.length) {
    console.error(`unknown argument: ${unknown.join(' ')}\n${USAGE}`)
    process.exit(2)
  }
  const config = loadConfig()
  const logger = createLogger(config.LOG_LEVEL, 'seed')
  const db = await connectDatabase(config, logger)
  try {
    if (args.includes('--reset-admin')) {
      const { generatedPassword, created } = await resetSuperadmin({ password: config.SUPERADMIN_PASSWORD })
      if (generatedPassword) printPassword(generatedPassword, `超级管理员 admin 的密码已${created ? '创建' : '重置'}，账号已启用（只显示这一次）：`)
      else logger.info({ created }, 'admin: password set from SUPERADMIN_PASSWORD, account enabled with the superadmin role')
    } else {
      announceSeed(await runSeed({ logger, superadminPassword: config.SUPERADMIN_PASSWORD, onSuperadminPassword: (p) => printPassword(p) }), logger)
      logger.info('seed done')
    }
  } finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
