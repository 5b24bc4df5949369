import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { deliveryLine, nextFullHour, parseTags, scheduleMoment, statusLine } from '../../src/admin/articles/editor'
import { mediaUrl } from '../../src/services/reading'

describe('article editor', () => {
  test('tags: split on either comma, 、 and spaces, without duplicates, within limits', () => {
    assert.deepEqual(parseTags(' 扫黑除恶，软暴力, 校园、 软暴力  '), { tags: ['扫黑除恶', '软暴力', '校园'], error: null })
    assert.deepEqual(parseTags(''), { tags: [], error: null })
    assert.match(parseTags(Array.from({ length: 11 }, (_, i) => `标签${i}`).join(',')).error!, /最多 10 个/)
    assert.match(parseTags('这是一个非常非常非常非常非常非常长的标签名字').error!, /超过 20 个字/)
  })

  test('the schedule from the date and time pickers is Beijing time and must lie ahead', () => {
    const now = new Date('2026-11-20T01:00:00Z') // 09:00 in Beijing
    const ok = scheduleMoment('2026-11-20', '10:30', now)
    assert.equal(ok.error, null)
    assert.equal(ok.at!.toISOString(), '2026-11-20T02:30:00.000Z')
    assert.deepEqual(scheduleMoment('2026-11-20', '08:59', now), { at: null, error: '定时发布时间必须晚于现在' })
    assert.deepEqual(scheduleMoment('2026-11-20', '09:00', now), { at: null, error: '定时发布时间必须晚于现在' })
    assert.deepEqual(scheduleMoment('2026-02-30', '10:00', now), { at: null, error: '日期或时间无效' })
    assert.deepEqual(scheduleMoment('2026-12-01', '25:00', now), { at: null, error: '日期或时间无效' })
    assert.deepEqual(scheduleMoment('', '10:00', now), { at: null, error: '请选择定时发布的日期和时间' })
    assert.deepEqual(nextFullHour(now), { date: '2026-11-20', time: '10:00' })
    assert.deepEqual(nextFullHour(new Date('2026-11-20T15:59:00Z')), { date: '2026-11-21', time: '00:00' }, 'past midnight in Beijing')
  })

  test('status and subscription-message lines', () => {
    assert.equal(statusLine({ status: 'scheduled', publishAt: '2026-12-01T01:00:00.000Z', publishedAt: null }), '定时发布（2026-12-01 09:00）')
    assert.equal(statusLine({ status: 'draft', publishAt: null, publishedAt: null }), '草稿')
    assert.equal(deliveryLine({ sent: 120, failed: 2, refused: 1 }, false), '订阅消息：已送达 120 · 失败 2 · 用户拒收 1')
    assert.equal(deliveryLine({}, true), '订阅消息：等待推送任务')
    assert.equal(deliveryLine({}, false), '订阅消息：尚无')
  })

  test('cover URLs point at the API where the app is not served by it', () => {
    assert.equal(mediaUrl('/api/media/abc', 'https://campaign.example.edu'), 'https://campaign.example.edu/api/media/abc')
    assert.equal(mediaUrl('/api/media/abc', ''), '/api/media/abc')
  })
})
