import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'

/**
 * Launcher for the embedded MongoDB-compatible database: mongo-java-server with its H2
 * MVStore backend, behind a small Java main (./embedded) that acknowledges a write only
 * after a group commit has fsynced it. It is built with Maven on first use into .cache/,
 * keyed by a hash of its sources, and runs as a child that dies with us (it exits when its
 * stdin closes; we kill it on our exit).
 *
 * The launcher also supervises it: when the child dies it reports `down`, starts a new one
 * on the same port with backoff, and reports `up` once that one is ready, so the driver's
 * connection string stays valid and service resumes without a manual restart.
 */
const ROOT = path.resolve(__dirname, '..', '..')
const SOURCE_DIR = path.join(__dirname, 'embedded')
/** Heap cap: the live heap is tens of MB at campus size; uncapped, the JVM grows to GBs. */
const JAVA_HEAP = process.env.EMBEDDED_DB_HEAP ?? '384m'

export class EmbeddedDbError extends Error {}

function listSources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) return e.name === 'target' ? [] : listSources(p)
      return e.name.endsWith('.java') || e.name === 'pom.xml' ? [p] : []
    })
    .sort()
}

function sourceHash(): string {
  const hash = createHash('sha256')
  for (const file of listSources(SOURCE_DIR)) hash.update(path.relative(SOURCE_DIR, file)).update(fs.readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

function has(command: string, args: string[]): boolean {
  const res = spawnSync(command, args, { encoding: 'utf8' })
  return !res.error && res.status === 0
}

/** Java 17+ is needed to run the database; `java -version` prints e.g. `openjdk version "17.0.15"`. */
function javaMajor(): number | null {
  const res = spawnSync('java', ['-version'], { encoding: 'utf8' })
  if (res.error || res.status !== 0) return null
  const m = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr + res.stdout)
  if (!m) return null
  return m[1] === '1' ? Number(m[2]) : Number(m[1])
}

const MISSING_HELP =
  'Either install Java 17+ and Maven (Debian: apt-get install openjdk-17-jre-headless maven) and start again,\n' +
  'or set MONGODB_URI to a MongoDB server, e.g.\n  MONGODB_URI=mongodb://127.0.0.1:27017/campus_campaign npm start'

/** Directory holding embedded-db.jar and lib/, building it first when missing or out of date. */
export function ensureEmbeddedBuild(log: (msg: string) => void = () => {}): string {
  const dir = path.join(ROOT, '.cache', 'embedded-db', sourceHash())
  if (fs.existsSync(path.join(dir, 'embedded-db.jar'))) return dir
  const major = javaMajor()
  if (major === null || major < 17) {
    throw new EmbeddedDbError(
      `MONGODB_URI is not set and ${major === null ? 'Java was not found' : `Java ${major} is too old`}, so the embedded database cannot run.\n${MISSING_HELP}`,
    )
  }
  if (!has('mvn', ['-v'])) throw new EmbeddedDbError(`MONGODB_URI is not set and Maven (mvn) was not found, so the embedded database cannot be built.\n${MISSING_HELP}`)
  log('building the embedded database (mongo-java-server + H2) with Maven; the first build downloads its jars (≈15 s)…')
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  const tmp = `${dir}.${process.pid}.tmp`
  fs.rmSync(tmp, { recursive: true, force: true })
  const build = spawnSync('mvn', ['-q', '-B', 'package', `-Dembedded.buildDir=${tmp}`], { cwd: SOURCE_DIR, stdio: ['ignore', 'inherit', 'inherit'] })
  if (build.status !== 0) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw new EmbeddedDbError(`the Maven build of the embedded database failed (exit ${build.status})`)
  }
  try {
    fs.renameSync(tmp, dir) // atomic: concurrent starters never run a half-written build
  } catch (err) {
    // Another starter finished first; theirs is the same build.
    fs.rmSync(tmp, { recursive: true, force: true })
    if (!fs.existsSync(path.join(dir, 'embedded-db.jar'))) throw err
  }
  return dir
}

export interface EmbeddedDb extends EventEmitter {
  uri: string
  /** Pid of the current database process (changes after a restart). */
  readonly pid: number
  /** Stops the database and its supervision. */
  stop(): Promise<void>
  on(event: 'down', listener: (info: { code: number | null; signal: string | null }) => void): this
  on(event: 'up', listener: (info: { pid: number; restarts: number }) => void): this
}

const live = new Set<ChildProcess>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // Last resort on any exit path of ours (including crashes): never leave the database behind.
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL')
  })
}

interface Started {
  child: ChildProcess
  port: number
  exited: Promise<void>
}

function spawnDb(buildDir: string, dataDir: string, port: number): Promise<Started> {
  const child = spawn(
    'java',
    [
      `-Xmx${JAVA_HEAP}`,
      // G1 with a young generation of at least 45% of the heap: the engine allocates about
      // 250 MB/s at 1,000 heartbeats/s, nearly all short-lived; with G1's own sizing (10 ms goal)
      // it paused 8–15 ms every 130 ms, now 20–30 ms every 850 ms, a third of the pause time and
      // less CPU per request. The serial collector's full collections (130–160 ms) were worse.
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=30',
      '-XX:+UnlockExperimentalVMOptions',
      '-XX:G1NewSizePercent=45',
      // Old regions reclaimed in more, smaller steps after a marking cycle.
      '-XX:G1MixedGCCountTarget=16',
      // 4 MB regions: tip image chunks (1 MB) stay ordinary objects; with G1's default 1 MB
      // regions at this heap they were "humongous" and 200 of them ran the heap out.
      '-XX:G1HeapRegionSize=4m',
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      // A client that hangs up mid-request is not an error of ours.
      '-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.wire.MongoExceptionHandler=off',
      // It warns once per non-unique index that it keeps none (docs/database.md says which queries scan).
      '-Dorg.slf4j.simpleLogger.log.de.bwaldvogel.mongo.backend.AbstractMongoDatabase=error',
      // Extra JVM options for diagnosis, e.g. a flight recording (-XX:StartFlightRecording=…).
      ...(process.env.EMBEDDED_DB_JAVA_OPTS ?? '').split(' ').filter(Boolean),
      '-cp',
      `${path.join(buildDir, 'embedded-db.jar')}${path.delimiter}${path.join(buildDir, 'lib', '*')}`,
      'campus.embedded.Main',
      '--data',
      dataDir,
      '--listen',
      `127.0.0.1:${port}`,
    ],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      // Its own process group: a terminal's Ctrl-C (SIGINT to our group) must not stop the
      // database while we drain requests. We stop it ourselves; stdin EOF and the exit hook
      // still take it down if we die.
      detached: true,
    },
  )
  live.add(child)
  installExitHook()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => live.delete(child))

  return new Promise<Started>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new EmbeddedDbError('embedded database did not become ready within 30 s'))
    }, 30_000)
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; uri?: string }
        if (msg.ready && msg.uri) {
          clearTimeout(timer)
          resolve({ child, port: Number(new URL(msg.uri).port), exited })
        }
      } catch {
        /* not our readiness line */
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new EmbeddedDbError(`embedded database exited during start (code ${code}); is the data directory in use by another process?`))
    })
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(new EmbeddedDbError(`could not start java: ${err.message}`))
    })
  })
}

/**
 * Backoff between restarts: the first at once, then 0.4 s, 0.8 s, … capped at 5 s while
 * children keep dying soon (within a minute) after starting.
 */
const restartDelay = (attempt: number) => (attempt <= 1 ? 0 : Math.min(5000, 200 * 2 ** (attempt - 1)))

export async function startEmbeddedDb(opts: { dataDir: string; port?: number; log?: (msg: string) => void }): Promise<EmbeddedDb> {
  const log = opts.log ?? (() => {})
  const buildDir = ensureEmbeddedBuild(log)
  const dataDir = path.resolve(opts.dataDir)
  fs.mkdirSync(dataDir, { recursive: true })

  let current = await spawnDb(buildDir, dataDir, opts.port ?? 0)
  const port = current.port
  let stopping = false
  let restarts = 0
  let failedAttempts = 0
  let upSince = Date.now()

  const emitter = new EventEmitter() as EmbeddedDb
  Object.defineProperties(emitter, {
    uri: { value: `mongodb://127.0.0.1:${port}/`, enumerable: true },
    pid: { get: () => current.child.pid!, enumerable: true },
  })

  const supervise = (started: Started) => {
    started.child.once('exit', (code, signal) => {
      if (stopping) return
      emitter.emit('down', { code, signal })
      // A child that dies soon after starting (a full disk, a write it cannot survive) counts as
      // a failed start, so restarts back off instead of looping every 200 ms.
      if (Date.now() - upSince > 60_000) failedAttempts = 0
      else failedAttempts++
      void restart()
    })
  }

  const restart = async () => {
    while (!stopping) {
      await new Promise((r) => setTimeout(r, restartDelay(failedAttempts)))
      if (stopping) return
      try {
        current = await spawnDb(buildDir, dataDir, port)
      } catch (err) {
        failedAttempts++
        log(`embedded database restart failed (${(err as Error).message}); retrying`)
        continue
      }
      if (stopping) {
        current.child.kill('SIGTERM')
        return
      }
      restarts++
      upSince = Date.now()
      supervise(current)
      emitter.emit('up', { pid: current.child.pid!, restarts })
      return
    }
  }

  supervise(current)

  emitter.stop = async () => {
    stopping = true
    const { child, exited } = current
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timeout = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timeout)
  }
  return emitter
}
