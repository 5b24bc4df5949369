/**
 * The test command (`npm test`): starts one embedded database for the whole run, builds the
 * H5 app when browser tests are included, runs every test file with node's test runner
 * (each file in its own process and database), and ends with one line
 * `N passed, N failed[, N skipped]` summing all suites. A run of the whole suite (no file
 * arguments) also type-checks the project (`npm run typecheck`), lints it (`npm run lint`) and
 * checks its formatting (`npm run format:check`), each counted as one more test.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startEmbeddedDb } from '../server/db/embedded'
import { ensureConsoleBuild, ensureH5Build } from '../server/builds'

const ROOT = path.resolve(__dirname, '..')

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findTests(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []))
    .sort()
}

/** Whole-project checks run alongside the tests, each counted as one test: npm scripts. */
const PROJECT_CHECKS = ['typecheck', 'lint', 'format:check'] as const

/** `npm run <script>` in the background; resolves with whether it passed and what it printed. */
function npmScript(script: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
    const child = spawn(npm, ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    child.on('error', (err) => resolve({ ok: false, output: String(err) }))
    child.on('exit', (c) => resolve({ ok: c === 0, output }))
  })
}

function count(tap: string, key: string): number {
  const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(tap)
  return m ? Number(m[1]) : 0
}

async function main() {
  const args = process.argv.slice(2)
  const files = args.length ? args.map((a) => path.resolve(a)) : findTests(path.join(ROOT, 'tests'))
  if (files.length === 0) {
    console.log('no test files found')
    console.log('0 passed, 1 failed')
    process.exit(1)
  }

  // Run alongside the tests; only for the whole suite, so running chosen files stays quick.
  // One after another: on a small machine three at once slow the tests more than they gain.
  const checks = args.length
    ? null
    : (async () => {
        const results: { script: string; ok: boolean; output: string }[] = []
        for (const script of PROJECT_CHECKS) results.push({ script, ...(await npmScript(script)) })
        return results
      })()

  const isConsoleTest = (f: string) => f.includes(`${path.sep}e2e${path.sep}console-`) || f.includes(`${path.sep}build${path.sep}console-`)
  // Browser tests of the reader app, and the check that its bundle carries no console code.
  const needsH5 = (f: string) => (f.includes(`${path.sep}e2e${path.sep}`) && !isConsoleTest(f)) || f.includes(`${path.sep}build${path.sep}console-bundle`)
  if (files.some(needsH5)) ensureH5Build((m) => console.log(m))
  if (files.some(isConsoleTest)) ensureConsoleBuild((m) => console.log(m))

  // MONGODB_URI set: the suite runs against that MongoDB (each file in a database of its own);
  // unset: against an embedded database started for this run.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-test-db-'))
  const external = process.env.MONGODB_URI
  const db = external ? null : await startEmbeddedDb({ dataDir: path.join(dataDir, 'db'), log: (m) => console.log(m) })
  if (external) console.log('running the tests against MONGODB_URI')
  const tapFile = path.join(dataDir, 'results.tap')

  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
        '--test-timeout=180000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tapFile}`,
        ...files,
      ],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TEST_MONGODB_URI: external ?? db!.uri, NODE_ENV: 'test' } },
    )
    child.on('exit', (c) => resolve(c ?? 1))
  })
  await db?.stop()

  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : ''
  fs.rmSync(dataDir, { recursive: true, force: true })
  let passed = count(tap, 'pass')
  let failed = count(tap, 'fail') + count(tap, 'cancelled') + (tap ? 0 : 1)
  for (const result of (await checks) ?? []) {
    if (result.ok) {
      console.log(`✔ ${result.script} (npm run ${result.script})`)
      passed++
    } else {
      console.log(`✖ ${result.script} (npm run ${result.script}) failed:\n${result.output.trimEnd()}`)
      failed++
    }
  }
  const skipped = count(tap, 'skipped') + count(tap, 'todo')
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed > 0 || code !== 0 ? 1 : 0)
}

main().catch((err) => {
  console.error(err)
  console.log('0 passed, 1 failed')
  process.exit(1)
})
