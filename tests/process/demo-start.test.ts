import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { exited, startServerProcess } from '../helpers/process'

// The first `npm start` of a development install shows figures: the empty database gets the
// demo data (docs/demo.md) before the server says it is up, and a restart does not add more.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'campaign-demo-start-'))
after(() => fs.rmSync(dataDir, { recursive: true, force: true }))

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())

test('the first development start seeds the demo data once; its accounts sign in and the dashboard has figures', async () => {
  const first = await startServerProcess(dataDir, { DEMO_DATA: 'true' })
  try {
    const seeded = first.logs.find((l) => /已生成演示数据/.test(l.msg))
    assert.ok(seeded, 'the start says it created demo data')
    console.log(`demo data on first start: ${seeded.ms} ms, ${seeded.people} people, ${seeded.progress} progress records`)
    const current = await fetch(`${first.url}/api/campaigns/current`).then((r) => r.json())
    assert.match(current.campaign.title, /^【演示】/)
    const { token } = await post(`${first.url}/api/auth/password`, { username: 'demo_publicity', password: 'demo-publicity' })
    const dashboard = await fetch(`${first.url}/api/metrics/dashboard`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    assert.ok(dashboard.overview.roster >= 1900 && dashboard.overview.aware > 0, JSON.stringify(dashboard.overview))
  } finally {
    first.child.kill('SIGTERM')
    await exited(first.child)
  }

  const second = await startServerProcess(dataDir, { DEMO_DATA: 'true' })
  try {
    assert.equal(
      second.logs.some((l) => /已生成演示数据/.test(l.msg)),
      false,
      'a database that is not empty is not seeded again',
    )
    const { token } = await post(`${second.url}/api/auth/password`, { username: 'admin', password: 'process-test-pw' })
    const status = await fetch(`${second.url}/api/demo`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())
    assert.equal(status.present, true)
    assert.ok(status.counts.people >= 1900)
  } finally {
    second.child.kill('SIGTERM')
    await exited(second.child)
  }
})
