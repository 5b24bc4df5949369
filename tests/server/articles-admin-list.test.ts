import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Article } from '../../server/modules/articles/model'
import { useTestServer } from '../helpers/server'

/** The console's article table pages, searches, filters and sorts on the server. */
const clock = new ManualClock('2026-11-20T01:00:00Z')
let admin: string
const t = useTestServer({ clock }, async () => {
  admin = (await t.signInAdmin('publicity_admin')).token
  await Article.deleteMany({}) // seeded articles are not part of this list
  for (const title of ['甲：认清套路贷', '乙：校园贷的陷阱', '丙：扫黑除恶十问', '丁：软暴力是什么', '戊：举报渠道']) {
    clock.advance(60_000)
    const res = await t.api('post', '/api/admin/articles', { token: admin, body: { title, bodyMarkdown: '正文' } })
    if (title.startsWith('乙') || title.startsWith('丁')) await t.api('post', `/api/admin/articles/${res.body.article.id}/publish`, { token: admin })
  }
})

const list = (query: string) => t.api('get', `/api/admin/articles?${query}`, { token: admin })
const titles = (res: { body: { articles: { title: string }[] } }) => res.body.articles.map((a) => a.title.slice(0, 1))

test('one page at a time, newest change first, with the total for the pager', async () => {
  const first = await list('page=1&pageSize=2')
  assert.equal(first.status, 200)
  assert.deepEqual(titles(first), ['戊', '丁'])
  assert.equal(first.body.total, 5)
  assert.deepEqual(titles(await list('page=3&pageSize=2')), ['甲'])
})

test('a title search (literal, not a pattern) and a status filter narrow the list and its total', async () => {
  const found = await list('q=贷')
  assert.deepEqual(titles(found).sort(), ['乙', '甲'])
  assert.equal(found.body.total, 2)
  assert.equal((await list('q=.*')).body.total, 0)
  const published = await list('status=published&sort=title&order=asc')
  assert.deepEqual(titles(published), ['丁', '乙'])
  assert.equal(published.body.total, 2)
})

test('sorting by title either way', async () => {
  const asc = titles(await list('sort=title&order=asc'))
  assert.deepEqual(asc, [...asc].sort())
  assert.deepEqual(titles(await list('sort=title&order=desc')), [...asc].reverse())
})

test('bad paging, an unknown sort key or status is a 400 with field details', async () => {
  for (const query of ['page=0', 'pageSize=500', 'sort=password', 'status=deleted']) {
    const res = await list(query)
    assert.equal(res.status, 400, query)
    assert.equal(res.body.error.code, 'VALIDATION_FAILED')
    assert.ok(Array.isArray(res.body.error.details) && res.body.error.details.length > 0)
  }
})
