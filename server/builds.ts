import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..')

/** The reader H5 app (Taro), served at `/`. */
export const H5_DIST = path.join(ROOT, 'dist', 'h5')
/** The desktop admin console (Vite), served at `/admin/`. */
export const CONSOLE_DIST = path.join(ROOT, 'dist', 'console')

/** A front-end build made on first start and again whenever its inputs change. */
interface BuildSpec {
  /** Shown in the log. */
  name: string
  dist: string
  /** Files and folders (relative to the repository) whose content decides whether to rebuild. */
  inputs: string[]
  /** The command, relative to the repository, and its arguments. */
  command: [string, ...string[]]
}

const H5_BUILD: BuildSpec = {
  name: 'the H5 app (taro build --type h5)',
  dist: H5_DIST,
  inputs: ['src', 'contract', 'config', 'types', 'babel.config.js', 'tsconfig.json', 'package-lock.json'],
  command: ['node_modules/.bin/taro', 'build', '--type', 'h5'],
}

const CONSOLE_BUILD: BuildSpec = {
  name: 'the admin console (vite build)',
  dist: CONSOLE_DIST,
  inputs: ['console', 'contract', 'src/styles/tokens.css', 'package-lock.json'],
  command: ['node_modules/.bin/vite', 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'],
}

function hashInputs(spec: BuildSpec): string {
  const hash = createHash('sha256')
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return
    const stat = fs.statSync(p)
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry))
    } else {
      hash.update(path.relative(ROOT, p)).update(fs.readFileSync(p))
    }
  }
  for (const input of spec.inputs) visit(path.join(ROOT, input))
  return hash.digest('hex')
}

/** Whether the process that took a lock has gone (killed mid-build: its lock is left behind). */
function holderGone(lock: string): boolean {
  const pid = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'r' }).trim())
  if (!pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** False while the pid file is not written yet (or by an older build helper), or the lock just went away. */
function holderGoneSafely(lock: string): boolean {
  try {
    return holderGone(lock)
  } catch {
    return false
  }
}

/**
 * Several processes (test runs, `npm start`, other worktrees sharing .cache) may ask at once:
 * one builds, the others wait. A lock whose holder has died, or older than 15 minutes, is taken over.
 */
function withBuildLock(lock: string, fn: () => void): void {
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + 15 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (holderGoneSafely(lock) || age > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`timed out waiting for another build of ${path.basename(lock)}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
    }
  }
  try {
    fn()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

const stampOf = (spec: BuildSpec) => path.join(spec.dist, '.build-hash')
const isFresh = (spec: BuildSpec, wanted: string) =>
  fs.existsSync(path.join(spec.dist, 'index.html')) && fs.existsSync(stampOf(spec)) && fs.readFileSync(stampOf(spec), 'utf8') === wanted

/** Builds when the sources changed since the last build (or it was never built). */
function ensureBuild(spec: BuildSpec, log: (msg: string) => void): void {
  if (isFresh(spec, hashInputs(spec))) return
  const lock = path.join(ROOT, '.cache', `${path.basename(spec.dist)}-build.lock`)
  withBuildLock(lock, () => {
    const wanted = hashInputs(spec)
    if (isFresh(spec, wanted)) return
    log(`building ${spec.name}; this takes a minute or two the first time…`)
    const [command, ...args] = spec.command
    const res = spawnSync(path.join(ROOT, command), args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
    if (res.status !== 0) throw new Error(`build of ${spec.name} failed (exit ${res.status})`)
    fs.writeFileSync(stampOf(spec), wanted)
  })
}

export const ensureH5Build = (log: (msg: string) => void = console.log) => ensureBuild(H5_BUILD, log)
export const ensureConsoleBuild = (log: (msg: string) => void = console.log) => ensureBuild(CONSOLE_BUILD, log)
