import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { exited, isAlive, startServerProcess, waitUntil } from '../helpers/process'

/**
 * Runs the real process entry (what `npm start` runs) with the embedded database, the
 * way a newcomer would, and checks start, health, persistence and clean shutdown.
 */
const ROOT = path.resolve(__dirname, '..', '..')
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-process-'))

/** The process tests run with the jobs on, as `npm start` does. */
const startServer = (extraEnv: Record<string, string> = {}, opts: { ownProcessGroup?: boolean; viaNpm?: boolean } = {}) =>
  startServerProcess(dataDir, { JOBS_ENABLED: 'true', ...extraEnv }, opts)

after(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('the server process (npm start)', () => {
  test('starts with the embedded database, keeps data across restarts, and leaves no database behind on SIGTERM or SIGINT', async () => {
    // As `npm start` does: build the H5 app when needed and serve it at / next to the API.
    const first = await startServer({ SERVE_H5: 'true' })
    assert.ok(first.dbPid > 0, 'the embedded database pid is logged')
    const home = await fetch(`${first.url}/`)
    assert.equal(home.status, 200)
    assert.match(await home.text(), /<div id="app"><\/div>/)
    const health = await fetch(`${first.url}/api/health`).then((r) => r.json())
    assert.deepEqual(health, { status: 'ok', db: 'ok' })

    const signIn = await fetch(`${first.url}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'persistent-device-1', nickname: '持久读者' }),
    }).then((r) => r.json())
    assert.ok(signIn.user.id)

    first.child.kill('SIGTERM')
    assert.equal(await exited(first.child), 0)
    assert.ok(await waitUntil(() => !isAlive(first.dbPid)), 'embedded database stopped after SIGTERM')

    const second = await startServer()
    assert.notEqual(second.dbPid, first.dbPid)
    const again = await fetch(`${second.url}/api/auth/dev`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'persistent-device-1' }),
    }).then((r) => r.json())
    assert.equal(again.user.id, signIn.user.id, 'the same reader exists after a restart')
    assert.equal(again.user.nickname, '持久读者')
    // The seed ran once: the superadmin password from the first start still works.
    const login = await fetch(`${second.url}/api/auth/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'process-test-pw' }),
    })
    assert.equal(login.status, 200)

    second.child.kill('SIGINT')
    assert.equal(await exited(second.child), 0)
    assert.ok(await waitUntil(() => !isAlive(second.dbPid)), 'embedded database stopped after SIGINT')
  })

  test('Ctrl-C in a terminal (SIGINT to the whole process group) lets a request in flight finish against the database', async () => {
    const started = await startServer({}, { ownProcessGroup: true })
    const { hostname, port } = new URL(started.url)
    const body = JSON.stringify({ deviceId: 'ctrl-c-device-01', nickname: '按下 Ctrl-C 时的读者' })
    const socket = net.connect(Number(port), hostname)
    await new Promise((resolve) => socket.once('connect', resolve))
    let answer = ''
    socket.on('data', (d) => (answer += d))
    const closed = new Promise((resolve) => socket.once('close', resolve))
    // Half a request: the server is now busy with it and must drain it before stopping.
    socket.write(
      `POST /api/auth/dev HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((r) => setTimeout(r, 300))

    process.kill(-started.child.pid!, 'SIGINT')
    assert.ok(await waitUntil(() => started.output.some((l) => l.includes('shutting down'))), 'the server began its shutdown')
    await new Promise((r) => setTimeout(r, 500))
    assert.ok(isAlive(started.dbPid), 'the database outlives the Ctrl-C while the server drains')

    socket.write(body.slice(10))
    await closed
    assert.match(answer, /^HTTP\/1\.1 200/, answer)
    assert.match(answer, /按下 Ctrl-C 时的读者/)
    assert.equal(await exited(started.child), 0)
    assert.ok(await waitUntil(() => !isAlive(started.dbPid)), 'and it stops with the server')
  })

  test('a signal to `npm start` itself stops the server and its database within 15 s', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const started = await startServer({}, { viaNpm: true })
      assert.ok(started.serverPid > 0 && started.serverPid !== started.child.pid, 'npm runs the server as a child')
      const t0 = Date.now()
      started.child.kill(signal)
      await exited(started.child)
      assert.ok(await waitUntil(() => !isAlive(started.serverPid) && !isAlive(started.dbPid), 15_000), `${signal}: nothing left running`)
      assert.ok(Date.now() - t0 < 15_000)
    }
  })

  test('a crashed server (SIGKILL) takes its embedded database with it', async () => {
    const started = await startServer()
    assert.ok(isAlive(started.dbPid))
    started.child.kill('SIGKILL')
    await exited(started.child)
    assert.ok(await waitUntil(() => !isAlive(started.dbPid)), 'no orphan database after a crash')
  })

  test('without Java and without MONGODB_URI the start fails at once and names both ways out', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      process.env.PATH = '/nonexistent'
      const { ensureEmbeddedBuild } = require('./server/db/embedded.ts')
      const fs = require('node:fs'); const path = require('node:path')
      // Pretend the database was never built, whatever the cache holds.
      const orig = fs.existsSync; fs.existsSync = (p) => String(p).includes(path.join('.cache', 'embedded-db')) ? false : orig(p)
      try { ensureEmbeddedBuild() } catch (e) { console.log(e.message); process.exit(3) }
    `,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    assert.equal(await exited(child), 3)
    assert.match(out, /Java/)
    assert.match(out, /Maven/)
    assert.match(out, /MONGODB_URI/)
  })
})
