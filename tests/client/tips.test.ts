import assert from 'node:assert/strict'
import { test } from 'node:test'
import { beijingDay, formatBeijing } from '../../src/services/datetime'
import { newDraftId } from '../../src/services/secure-random'

test('times show in Beijing time whatever the device time zone', () => {
  // 17:30 UTC on 10-11 is 01:30 on 10-12 in Beijing.
  assert.equal(formatBeijing('2026-10-11T17:30:00Z'), '2026-10-12 01:30')
  assert.equal(formatBeijing('2026-10-11T17:30:00Z', 'hour'), '2026-10-12 01时')
  assert.equal(formatBeijing(new Date('2026-12-31T16:00:00Z'), 'day'), '2027-01-01')
  assert.equal(beijingDay(new Date('2026-10-11T15:59:59Z')), '2026-10-11')
  assert.equal(formatBeijing(null), '')
  assert.equal(formatBeijing('not a date'), '')
})

test('draft ids come from a secure random source, never from Math.random or the clock', async () => {
  const original = Math.random
  Math.random = () => {
    throw new Error('Math.random used')
  }
  try {
    const a = await newDraftId()
    const b = await newDraftId()
    assert.match(a, /^d-[0-9a-f]{32}$/)
    assert.notEqual(a, b)
    assert.ok(!a.includes(Date.now().toString(36).slice(0, 5)), 'no time in the id')

    // WeChat without Web Crypto: its own secure API.
    const fromWechat = await newDraftId({ wechat: async (n) => new Uint8Array(n).fill(0xab).buffer })
    assert.equal(fromWechat, `d-${'ab'.repeat(16)}`)
    // Neither: refuse rather than fall back to something guessable.
    await assert.rejects(() => newDraftId({}), /安全随机数/)
  } finally {
    Math.random = original
  }
})
