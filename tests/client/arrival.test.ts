import assert from 'node:assert/strict'
import { test } from 'node:test'
import { articleEntry, sharePath, timelineQuery } from '../../src/services/arrival'

const ID = '0123456789abcdef01234567'

test('our own links name the channel; the visit scene goes along', () => {
  assert.deepEqual(articleEntry({ id: ID, ch: 'mp' }, 'weapp', 1058), { id: ID, query: { ch: 'mp', scene: 1058 } })
  assert.deepEqual(articleEntry({ id: ID }, 'weapp', 1007), { id: ID, query: { scene: 1007 } })
})

test('a 小程序码 opens the page with scene "<id>.<ch>" (URL-encoded by WeChat)', () => {
  assert.deepEqual(articleEntry({ scene: encodeURIComponent(`${ID}.code`) }, 'weapp', 1047), { id: ID, query: { ch: 'code', scene: 1047 } })
  assert.equal(articleEntry({ scene: 'garbage' }, 'weapp', 1047).id, '')
})

test('the H5 build has no scene: its channel is h5 unless the link says (e.g. a 公众号 link with ch=mp)', () => {
  assert.deepEqual(articleEntry({ id: ID }, 'h5', 1058), { id: ID, query: { ch: 'h5' } })
  assert.deepEqual(articleEntry({ id: ID, ch: 'mp' }, 'h5'), { id: ID, query: { ch: 'mp' } })
})

test('shared links carry their channel', () => {
  assert.equal(sharePath(ID), `/pages/article/index?id=${ID}&ch=share`)
  assert.equal(timelineQuery(ID), `id=${ID}&ch=tl`)
})
