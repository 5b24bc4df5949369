import { loadConfig } from '../config'
import { connectDatabase } from '../db/connection'
import { createLogger } from '../logger'
import '../modules'
import { systemClock } from '../clock'
import { removeDemo } from '../modules/demo/service'
import { announceSeed, printPassword, resetSuperadmin, runSeed } from './index'
import { seedDemo } from './demo'

/**
 * `npm run seed`: creates missing seed content (idempotent).
 * `npm run seed -- --reset-admin`: sets a new password for `admin` (SUPERADMIN_PASSWORD or
 * generated and printed once), enables it and gives it the superadmin role.
 * `npm run seed -- --demo`: also creates the demo data (development only; once).
 * `npm run seed -- --no-demo`: removes the demo data and nothing else.
 * With the embedded database, run it while the server is stopped (one process owns the data directory).
 */
const USAGE = 'usage: npm run seed [-- --reset-admin | --demo | --no-demo]'
const FLAGS = ['--reset-admin', '--demo', '--no-demo']

async function main() {
  const args = process.argv.slice(2)
  const unknown = args.filter((a) => !FLAGS.includes(a))
  if (unknown.length || args.length > 1) {
    console.error(`${unknown.length ? `unknown argument: ${unknown.join(' ')}` : 'one option at a time'}\n${USAGE}`)
    process.exit(2)
  }
  const config = loadConfig()
  if (args[0] === '--demo' && config.NODE_ENV !== 'development') {
    console.error('演示数据只能在开发环境（NODE_ENV=development）生成')
    process.exit(2)
  }
  const logger = createLogger(config.LOG_LEVEL, 'seed')
  const db = await connectDatabase(config, logger)
  try {
    if (args.includes('--reset-admin')) {
      const { generatedPassword, created } = await resetSuperadmin({ password: config.SUPERADMIN_PASSWORD })
      if (generatedPassword) printPassword(generatedPassword, `超级管理员 admin 的密码已${created ? '创建' : '重置'}，账号已启用（只显示这一次）：`)
      else logger.info({ created }, 'admin: password set from SUPERADMIN_PASSWORD, account enabled with the superadmin role')
    } else if (args[0] === '--no-demo') {
      const { removed, counts } = await removeDemo(systemClock.now())
      logger.info(counts, removed ? '演示数据已删除' : '没有演示数据')
    } else {
      announceSeed(await runSeed({ logger, superadminPassword: config.SUPERADMIN_PASSWORD, onSuperadminPassword: (p) => printPassword(p) }), logger)
      if (args[0] === '--demo') {
        const demo = await seedDemo({ config, logger, clock: systemClock })
        logger.info({ ...demo.counts, ms: demo.ms }, demo.created ? '演示数据已生成' : '演示数据已存在，未重复生成')
      }
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
