import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'

/**
 * The real process entry (what `npm start` runs) as a child of the test, with the embedded
 * database: its JSON log lines are kept and parsed, so a test can follow what the server says
 * about its database (pid, uri, restarts).
 */
const ROOT = path.resolve(__dirname, '..', '..')

export interface ServerProcess {
  child: ChildProcess
  url: string
  /** Pid of the embedded database the server started with (it changes after a restart). */
  dbPid: number
  /** Connection string of the embedded database (logged as 'embedded database started'). */
  dbUri: string
  /** Every line the server printed, in order. */
  output: string[]
  /** The JSON log lines, parsed. */
  logs: Record<string, any>[]
  /** The server's own process (the child itself, unless started through npm). */
  serverPid: number
}

export function startServerProcess(dataDir: string, extraEnv: Record<string, string> = {}, opts: { ownProcessGroup?: boolean; viaNpm?: boolean } = {}): Promise<ServerProcess> {
  const [command, args] = opts.viaNpm ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'server/index.ts']]
  const child = spawn(command, args, {
    cwd: ROOT,
    // ownProcessGroup: like a server started from a terminal, whose process group Ctrl-C signals as a whole.
    detached: opts.ownProcessGroup ?? false,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SERVE_H5: 'false',
      LOG_LEVEL: 'info',
      MONGODB_URI: '',
      WECHAT_API_BASE: '',
      JOBS_ENABLED: 'false',
      // Development mode for the dev sign-in, without the demo data a fresh development database gets.
      DEMO_DATA: 'false',
      SUPERADMIN_PASSWORD: 'process-test-pw',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const logs: Record<string, any>[] = []
  return new Promise((resolve, reject) => {
    let dbPid = 0
    let dbUri = ''
    let serverPid = 0
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('\n')}`)), 120_000)
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line)
        let msg: Record<string, any>
        try {
          msg = JSON.parse(line)
        } catch {
          return // plain text line
        }
        logs.push(msg)
        if (msg.dbPid) dbPid = msg.dbPid
        if (msg.pid) serverPid = msg.pid
        if (msg.uri && /embedded database started/.test(msg.msg)) dbUri = msg.uri
        if (msg.url && /服务已启动/.test(msg.msg)) {
          clearTimeout(timer)
          resolve({ child, url: msg.url, dbPid, dbUri, output, logs, serverPid })
        }
      })
    }
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`))
    })
  })
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The pids of a process's `java` children (the embedded database). */
export function javaChildren(pid: number): number[] {
  const res = spawnSync('pgrep', ['-P', String(pid), 'java'], { encoding: 'utf8' })
  return res.stdout.split('\n').filter(Boolean).map(Number)
}

export async function waitUntil(check: () => boolean | Promise<boolean>, ms = 10_000, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, everyMs))
  }
  return check()
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}
