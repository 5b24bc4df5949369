import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

/**
 * Launcher for the embedded MongoDB-compatible database: a tiny Go program (in
 * ./embedded) that embeds FerretDB v1 with its SQLite backend. It is built with the Go
 * toolchain on first use into .cache/, keyed by a hash of its sources, and runs as a
 * child that dies with us (stdin pipe + PR_SET_PDEATHSIG on its side, kill on our exit).
 */
const ROOT = path.resolve(__dirname, '..', '..')
const SOURCE_DIR = path.join(__dirname, 'embedded')

export class EmbeddedDbError extends Error {}

/** The Go files, go.mod and go.sum: a change to any of them rebuilds the binary. */
function sourceFiles(): string[] {
  return fs
    .readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort()
}

function sourceHash(): string {
  const hash = createHash('sha256')
  for (const file of sourceFiles()) hash.update(file).update(fs.readFileSync(path.join(SOURCE_DIR, file)))
  return hash.digest('hex').slice(0, 16)
}

/** Path of the built binary, building it first when missing or out of date. */
export function ensureEmbeddedBinary(log: (msg: string) => void = () => {}): string {
  const dir = path.join(ROOT, '.cache', 'ferretdb', sourceHash())
  const binary = path.join(dir, 'ferretdb-embedded')
  if (fs.existsSync(binary)) return binary
  const go = spawnSync('go', ['version'], { encoding: 'utf8' })
  if (go.error || go.status !== 0) {
    throw new EmbeddedDbError(
      'MONGODB_URI is not set and the Go toolchain was not found, so the embedded database cannot be built.\n' +
        'Either install Go (https://go.dev/dl/, 1.26 or newer) and start again, or set MONGODB_URI to a MongoDB server, e.g.\n' +
        '  MONGODB_URI=mongodb://127.0.0.1:27017/campus_campaign npm start',
    )
  }
  log('building the embedded database (FerretDB + SQLite) with Go; the first build takes a minute or two…')
  fs.mkdirSync(dir, { recursive: true })
  const tmp = `${binary}.${process.pid}.tmp`
  const build = spawnSync('go', ['build', '-trimpath', '-o', tmp, '.'], { cwd: SOURCE_DIR, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, CGO_ENABLED: '0' } })
  if (build.status !== 0) throw new EmbeddedDbError(`go build of the embedded database failed (exit ${build.status})`)
  fs.renameSync(tmp, binary) // atomic: concurrent starters never run a half-written file
  return binary
}

export interface EmbeddedDb {
  uri: string
  pid: number
  stop(): Promise<void>
}

const live = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Last resort on any exit path of ours (including crashes): never leave the database behind.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGTERM')
  })
}

export async function startEmbeddedDb(opts: { dataDir: string; port?: number; log?: (msg: string) => void }): Promise<EmbeddedDb> {
  const binary = ensureEmbeddedBinary(opts.log)
  fs.mkdirSync(opts.dataDir, { recursive: true })
  const child = spawn(binary, ['-listen', `127.0.0.1:${opts.port ?? 0}`, '-data', path.resolve(opts.dataDir)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // Its own process group: a terminal's Ctrl-C (SIGINT to our group) must not stop the
    // database while we drain requests. We stop it ourselves; stdin EOF, the parent-death
    // signal and the exit hook below still take it down if we die.
    detached: true,
  })
  live.add(child)
  installExitHook()

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => live.delete(child))

  const uri = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    const timer = setTimeout(() => reject(new EmbeddedDbError('embedded database did not become ready within 30 s')), 30_000)
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; uri?: string }
        if (msg.ready && msg.uri) {
          clearTimeout(timer)
          resolve(msg.uri)
        }
      } catch {
        /* not our readiness line */
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new EmbeddedDbError(`embedded database exited during start (code ${code}); is the data directory in use?`))
    })
  })

  return {
    uri,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timeout)
    },
  }
}
