import fs from 'node:fs'
import type http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { after, before } from 'node:test'
import bcrypt from 'bcryptjs'
import type { DestinationStream } from 'pino'
import { createApp, listen } from '../../server/app'
import { ManualClock, type Clock } from '../../server/clock'
import { loadConfig, type Config } from '../../server/config'
import { trackConnection } from '../../server/db/connection'
import { startEmbeddedDb, type EmbeddedDb } from '../../server/db/embedded'
import type { AppDeps } from '../../server/deps'
import type { Role } from '../../server/modules/auth/roles'
import { Department } from '../../server/modules/departments/model'
import { User } from '../../server/modules/users/model'
import { createLogger } from '../../server/logger'
import { runSeed } from '../../server/seed'
import { WechatClient } from '../../server/wechat/client'
import { startWechatStandin, type WechatStandin } from '../../server/wechat/standin'
import { connectTestDb, disconnectTestDb } from './db'

export const SUPERADMIN_PASSWORD = 'superadmin-test-pw'

export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

export interface TestServer {
  url: string
  deps: AppDeps
  config: Config
  clock: Clock
  standin: WechatStandin
  server: http.Server
  api<T = any>(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; rawBody?: string | Buffer | FormData; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>
  /** A reader signed in through the H5 development sign-in. */
  signInReader(deviceId?: string): Promise<{ token: string; userId: string }>
  /** An admin account with the given role(s), created directly and signed in with its password. */
  signInAdmin(roles: Role | Role[], opts?: { departmentCode?: string; username?: string }): Promise<{ token: string; userId: string }>
  departmentId(code: string): Promise<string>
  stop(): Promise<void>
}

let counter = 0

export async function startTestServer(
  opts: { clock?: Clock; env?: Record<string, string>; seed?: boolean; serveH5?: boolean; serveConsole?: boolean; logDestination?: DestinationStream } = {},
): Promise<TestServer> {
  await connectTestDb()
  const standin = await startWechatStandin({ appid: 'wx-test-appid', secret: 'wx-test-secret' })
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WECHAT_APPID: standin.appid,
    WECHAT_SECRET: standin.secret,
    WECHAT_API_BASE: standin.baseUrl,
    WECHAT_MP_APPID: standin.mpAppid,
    WECHAT_MP_SECRET: standin.mpSecret,
    JOBS_ENABLED: 'false',
    // Tests stand in for a trusted proxy: they name the client address in X-Forwarded-For
    // (per-address limits). tests/server/hardening.test.ts checks TRUST_PROXY=false.
    TRUST_PROXY: 'true',
    ...opts.env,
  })
  const logger = createLogger(config.LOG_LEVEL, 'test', opts.logDestination)
  const clock = opts.clock ?? new ManualClock(new Date())
  const deps: AppDeps = {
    config,
    logger,
    clock,
    wechat: new WechatClient({ baseUrl: standin.baseUrl, appid: standin.appid, secret: standin.secret, clock, logger }),
  }
  if (opts.seed !== false) await runSeed({ logger, superadminPassword: SUPERADMIN_PASSWORD })
  const { app } = createApp(deps, { serveH5: opts.serveH5 ?? false, serveConsole: opts.serveConsole ?? false })
  const { server, url } = await listen(app, 0)

  const api: TestServer['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers }
    if (o.token) headers.authorization = `Bearer ${o.token}`
    let body: BodyInit | undefined
    if (o.rawBody !== undefined) body = o.rawBody as BodyInit
    else if (o.body !== undefined) {
      headers['content-type'] ??= 'application/json'
      body = JSON.stringify(o.body)
    }
    const res = await fetch(url + path, { method: method.toUpperCase(), headers, body })
    const text = await res.text()
    let parsed: unknown = text
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : null
    return { status: res.status, body: parsed as any, headers: res.headers }
  }

  const departmentId = async (code: string) => {
    const d = await Department.findOne({ code }).lean()
    if (!d) throw new Error(`no department ${code}`)
    return String(d._id)
  }

  return {
    url,
    deps,
    config,
    clock,
    standin,
    server,
    api,
    departmentId,
    async signInReader(deviceId = `reader-${process.pid}-${++counter}`) {
      const res = await api('post', '/api/auth/dev', { body: { deviceId } })
      if (res.status !== 200) throw new Error(`dev sign-in failed: ${res.status} ${JSON.stringify(res.body)}`)
      return { token: res.body.token, userId: res.body.user.id }
    },
    async signInAdmin(roles, o = {}) {
      const username = o.username ?? `admin${process.pid}x${++counter}`
      const password = 'admin-password-1'
      await User.create({
        username,
        nickname: username,
        roles: Array.isArray(roles) ? roles : [roles],
        passwordHash: await bcrypt.hash(password, 4),
        ...(o.departmentCode ? { departmentId: await departmentId(o.departmentCode) } : {}),
      })
      const res = await api('post', '/api/auth/password', { body: { username, password } })
      if (res.status !== 200) throw new Error(`password sign-in failed: ${res.status} ${JSON.stringify(res.body)}`)
      return { token: res.body.token, userId: res.body.user.id }
    },
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await standin.close()
    },
  }
}

/** Closes the database of this test file (drops it). Call once in the file's `after`. */
export const closeTestDb = disconnectTestDb

/**
 * The test server of one test file: started before the file's tests, then `setup` runs (sign-ins,
 * data the whole file needs); after them the server stops and the file's database is dropped.
 * The setup goes here rather than in a `before` of the file's own: node 20 runs a file's
 * top-level `before` hooks concurrently, so a second one would not wait for the server.
 * Use the returned object inside tests, hooks and `setup` only: it is empty until the server has started.
 */
export function useTestServer(opts: Parameters<typeof startTestServer>[0] = {}, setup?: () => Promise<void>): TestServer {
  let server: TestServer | null = null
  before(async () => {
    server = await startTestServer(opts)
    await setup?.()
  })
  after(async () => {
    await server?.stop()
    await closeTestDb()
  })
  return new Proxy({} as TestServer, {
    get(_target, key) {
      if (!server) throw new Error(`useTestServer: the server is not started yet (reading ${String(key)} outside a test, hook or setup)`)
      const value = Reflect.get(server, key) as unknown
      return typeof value === 'function' ? value.bind(server) : value
    },
  })
}

/** A test server on a database of its own, for tests that stop, kill or restart that database. */
export interface OwnDbServer {
  t: TestServer
  /** The running database; a test that restarts it assigns the new one here so the file's `after` stops it. */
  db: EmbeddedDb
  /** Where the database keeps its data: a restart on this folder finds the same data. */
  dataDir: string
}

/**
 * Starts a private embedded database (under a temp folder named `tmpPrefix…`), then a test server on it
 * with the driver's connection events tracked; stops all three after the file's tests.
 * Read the fields inside tests and hooks only: they are set once `before` has run.
 */
export function useTestServerOnOwnDb(tmpPrefix: string): OwnDbServer {
  const own = { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix)) } as OwnDbServer
  let untrack = () => {}
  before(async () => {
    own.db = await startEmbeddedDb({ dataDir: own.dataDir })
    process.env.TEST_MONGODB_URI = own.db.uri
    own.t = await startTestServer()
    untrack = trackConnection()
  })
  after(async () => {
    untrack()
    await own.t.stop()
    await closeTestDb()
    await own.db.stop()
  })
  return own
}
