import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { H5_DIST } from './app'

const ROOT = path.resolve(__dirname, '..')
const INPUTS = ['src', 'contract', 'config', 'types', 'babel.config.js', 'tsconfig.json', 'package-lock.json']
const STAMP = path.join(H5_DIST, '.build-hash')

function hashInputs(): string {
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
  for (const input of INPUTS) visit(path.join(ROOT, input))
  return hash.digest('hex')
}

const LOCK = path.join(ROOT, '.cache', 'h5-build.lock')

/** Several processes (test runs, `npm start`) may ask at once: one builds, the others wait. */
function withBuildLock(fn: () => void): void {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true })
  const deadline = Date.now() + 15 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(LOCK)
      break
    } catch {
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 15 * 60_000) fs.rmSync(LOCK, { recursive: true, force: true }) // left by a killed build
      if (Date.now() > deadline) throw new Error('timed out waiting for another H5 build')
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
    }
  }
  try {
    fn()
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true })
  }
}

const isFresh = (wanted: string) => fs.existsSync(path.join(H5_DIST, 'index.html')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === wanted

/** Builds the H5 app when its sources changed since the last build (or it was never built). */
export function ensureH5Build(log: (msg: string) => void = console.log): void {
  if (isFresh(hashInputs())) return
  withBuildLock(() => buildLocked(log))
}

function buildLocked(log: (msg: string) => void): void {
  const wanted = hashInputs()
  if (isFresh(wanted)) return
  log('building the H5 app (taro build --type h5); this takes a minute or two the first time…')
  const taro = path.join(ROOT, 'node_modules', '.bin', 'taro')
  const res = spawnSync(taro, ['build', '--type', 'h5'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  if (res.status !== 0) throw new Error(`H5 build failed (exit ${res.status})`)
  fs.writeFileSync(STAMP, wanted)
}
