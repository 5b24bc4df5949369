import { systemClock } from './clock'
import { ConfigError, loadConfig } from './config'
import { connectDatabase } from './db/connection'
import { EmbeddedDbError } from './db/embedded'
import type { AppDeps } from './deps'
import { createApp, listen } from './app'
import { ensureConsoleBuild, ensureH5Build } from './builds'
import { jobs } from './jobs'
import { JobRunner } from './jobs/scheduler'
import { createLogger } from './logger'
import { announceSeed, printPassword, runSeed } from './seed'
import { WechatClient } from './wechat/client'
import { startWechatStandin, type WechatStandin } from './wechat/standin'

/** Process entry: `npm start`. Everything testable lives in the app factory and services. */
async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  const logger = createLogger(config.LOG_LEVEL)

  if (config.SERVE_H5) ensureH5Build((m) => logger.info(m))
  if (config.SERVE_CONSOLE) ensureConsoleBuild((m) => logger.info(m))

  let standin: WechatStandin | null = null
  let wechatBase = config.WECHAT_API_BASE
  if (!wechatBase) {
    standin = await startWechatStandin({ appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET })
    wechatBase = standin.baseUrl
    logger.warn({ wechatBase }, 'WECHAT_API_BASE is not set: using the local WeChat stand-in (development only)')
  }

  const db = await connectDatabase(config, logger)
  const deps: AppDeps = {
    config,
    logger,
    clock: systemClock,
    wechat: new WechatClient({ baseUrl: wechatBase, appid: config.WECHAT_APPID, secret: config.WECHAT_SECRET, clock: systemClock, logger }),
  }
  announceSeed(await runSeed({ logger, superadminPassword: config.SUPERADMIN_PASSWORD, onSuperadminPassword: (p) => printPassword(p) }), logger)

  const { app } = createApp(deps, { serveH5: config.SERVE_H5, serveConsole: config.SERVE_CONSOLE })
  const { server, url } = await listen(app, config.PORT, config.HOST)
  const runner = new JobRunner(deps, jobs)
  if (config.JOBS_ENABLED) runner.start()
  logger.info({ url, db: db.embedded ? 'embedded' : 'external' }, `服务已启动：${url}/`)

  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: no new connections, draining requests')
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting')
      process.exit(1)
    }, 15_000)
    force.unref()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
    await runner.stop()
    await db.close()
    await standin?.close()
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err) => {
  if (err instanceof EmbeddedDbError) console.error(err.message)
  else console.error(err)
  process.exit(1)
})
