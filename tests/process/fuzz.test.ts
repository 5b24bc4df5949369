/**
 * Property-based fuzzing of the whole API with schemathesis (PyPI), driven by the OpenAPI
 * document the server publishes: once signed in as a reader, once as an admin holding every
 * admin role. The only check is that no answer is a server error (≥ 500).
 *
 * schemathesis is a Python tool: `.ci/run` installs it into .cache/venv. Without it this
 * test fails (it does not skip) and says how to install it.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { flushHourlyLog } from '../../server/logger'
import { useTestServer } from '../helpers/server'

const ROOT = path.resolve(__dirname, '..', '..')
const ST = process.env.SCHEMATHESIS_BIN ?? path.join(ROOT, '.cache', 'venv', 'bin', 'st')
/** Cases per operation and phase; ~90 operations give well over 1,000 cases per role. */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 12)
const MIN_CASES = 1000

let readerToken: string
let adminToken: string
const serverErrors: string[] = []
const t = useTestServer({ env: { LOG_LEVEL: 'error' }, logDestination: { write: (line: string) => void serverErrors.push(line) } }, async () => {
  // Both sign in before any fuzzing: the fuzzer's wrong passwords lock this address for a while.
  readerToken = (await t.signInReader()).token
  adminToken = (await t.signInAdmin(['superadmin', 'publicity_admin', 'security_officer'])).token
})

interface FuzzRun {
  code: number | null
  output: string
  cases: number
}

function schemathesis(token: string, label: string): Promise<FuzzRun> {
  const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), `fuzz-${label}-`))
  const args = [
    'run',
    `${t.url}/api/openapi.json`,
    '--checks',
    'not_a_server_error',
    '--header',
    `Authorization: Bearer ${token}`,
    '--max-examples',
    String(MAX_EXAMPLES),
    '--phases',
    'examples,coverage,fuzzing',
    // One worker: hypothesis under Python 3.11 threads can crash in ast.parse ("AST constructor
    // recursion depth mismatch"), and the machine has two cores for the server and the fuzzer.
    '--workers',
    '1',
    '--seed',
    '13',
    '--no-shrink',
    '--request-timeout',
    '30',
    '--generation-database',
    'none',
    '--max-failures',
    '50',
    '--no-color',
    '--report',
    'junit',
    '--report-dir',
    reportDir,
  ]
  return new Promise((resolve) => {
    const child = spawn(ST, args, { cwd: reportDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
    let output = ''
    child.stdout!.on('data', (d) => (output += d))
    child.stderr!.on('data', (d) => (output += d))
    child.on('error', (err) => resolve({ code: -1, output: String(err), cases: 0 }))
    child.on('exit', (code) => {
      // "Test cases:\n  1234 generated, 1234 passed"
      const cases = Number(/(\d+)\s+generated/.exec(output)?.[1] ?? 0)
      fs.rmSync(reportDir, { recursive: true, force: true })
      resolve({ code, output, cases })
    })
  })
}

function assertInstalled(): void {
  assert.ok(
    fs.existsSync(ST),
    `schemathesis is not installed at ${ST}. Install it as CI does (.ci/run):\n` +
      '  python3 -m venv .cache/venv && .cache/venv/bin/pip install schemathesis\n' +
      'or point SCHEMATHESIS_BIN at an `st` executable.',
  )
}

async function fuzzAs(token: string, label: string): Promise<void> {
  assertInstalled()
  serverErrors.length = 0
  const run = await schemathesis(token, label)
  flushHourlyLog(t.deps.logger) // tip routes' lines are held until their hour ends
  const tail = run.output.slice(-6000)
  assert.ok(run.cases >= MIN_CASES, `only ${run.cases} cases generated as ${label} (want ≥ ${MIN_CASES}):\n${tail}`)
  const fatal = serverErrors.filter((l) => /"level":(50|60)/.test(l))
  assert.equal(run.code, 0, `schemathesis found server errors as ${label}:\n${tail}\n\nserver log:\n${fatal.slice(0, 5).join('\n')}`)
  assert.deepEqual(fatal.slice(0, 5), [], `the server logged errors while fuzzed as ${label}`)
  // The session held for the whole run, so the operations were fuzzed signed in.
  assert.equal((await t.api('get', '/api/me', { token })).status, 200, `the ${label} session ended during the run`)
  if (process.env.FUZZ_VERBOSE) console.log(run.output)
  console.log(`fuzzing as ${label}: ${run.cases} cases, 0 responses ≥ 500`)
}

test('fuzzing every operation as a reader: no response is a server error', { timeout: 600_000 }, async () => {
  await fuzzAs(readerToken, 'reader')
})

test('fuzzing every operation as an admin with every admin role: no response is a server error', { timeout: 600_000 }, async () => {
  await fuzzAs(adminToken, 'admin')
})
