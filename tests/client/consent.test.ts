/**
 * Subscription consent with a fake Taro: WeChat shows the consent sheet only when
 * requestSubscribeMessage runs synchronously inside the tap handler, before any await.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { consentTapHandler, createConsent, type SubscribeResult } from '../../src/services/consent'
import { createApiClient, type KeyValueStorage, type TransportRequest } from '../../src/services/request'

/** A fake of WeChat's rule: the sheet opens only while a tap is being handled. */
function fakeTaro() {
  let tapping = false
  const calls: { tmplIds: string[]; duringTap: boolean }[] = []
  let answer: (ids: string[]) => SubscribeResult = (ids) => Object.fromEntries(ids.map((id) => [id, 'accept']))
  return {
    calls,
    setAnswer: (fn: typeof answer) => (answer = fn),
    /** Runs a tap handler the way WeChat does: synchronously, and the tap is over when it returns. */
    tap(handler: () => void) {
      tapping = true
      try {
        handler()
      } finally {
        tapping = false
      }
    },
    wx: {
      requestSubscribeMessage(option: { tmplIds: string[] }): Promise<SubscribeResult> {
        calls.push({ tmplIds: option.tmplIds, duringTap: tapping })
        if (!tapping) return Promise.reject({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' })
        return Promise.resolve({ errMsg: 'requestSubscribeMessage:ok', ...answer(option.tmplIds) })
      },
    },
  }
}

function memory(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, get: (k) => data.get(k) ?? null, set: (k, v) => void data.set(k, v), remove: (k) => void data.delete(k) }
}

/** Our real request client over a scripted server: client-config and the subscriptions route. */
function server(templateIds = ['tmpl-news']) {
  const requests: TransportRequest[] = []
  let down = false
  const api = createApiClient({
    baseUrl: 'https://campus.example.edu.cn/api',
    storage: memory(),
    sleep: async () => undefined,
    retries: 0,
    transport: async (req) => {
      requests.push(req)
      if (down) throw new Error('request:fail timeout')
      if (req.url.endsWith('/client-config')) return { statusCode: 200, data: { subscriptionTemplateIds: templateIds } }
      if (req.url.endsWith('/me/subscriptions')) return { statusCode: 200, data: { subscriptions: (req.data as { accepted: string[] }).accepted } }
      return { statusCode: 404, data: null }
    },
  })
  return { api, requests, setDown: (v: boolean) => (down = v) }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('subscription consent', () => {
  test('the tap handler calls requestSubscribeMessage synchronously, with the preloaded template ids, before any request', async () => {
    const taro = fakeTaro()
    const srv = server(['tmpl-news', 'tmpl-quiz'])
    const consent = createConsent({ wx: taro.wx, api: srv.api, storage: memory() })
    await consent.preload()
    const before = srv.requests.length
    const outcomes: string[] = []
    taro.tap(consentTapHandler(consent, (_msg, outcome) => outcomes.push(outcome)))
    // Still inside the same tick as the tap: WeChat was asked, nothing went to the network yet.
    assert.deepEqual(taro.calls, [{ tmplIds: ['tmpl-news', 'tmpl-quiz'], duringTap: true }])
    assert.equal(srv.requests.length, before)
    await settle()
    await settle()
    assert.deepEqual(outcomes, ['accepted'])
    const put = srv.requests.at(-1)!
    assert.equal(put.method, 'PUT')
    assert.deepEqual(put.data, { accepted: ['tmpl-news', 'tmpl-quiz'], rejected: [] })
  })

  test('the old way (fetch the ids, then ask) is what WeChat refuses; the fake proves the difference', async () => {
    const taro = fakeTaro()
    const srv = server()
    let failed = false
    taro.tap(() => {
      void srv.api
        .get<{ subscriptionTemplateIds: string[] }>('/client-config')
        .then((r) => taro.wx.requestSubscribeMessage({ tmplIds: r.subscriptionTemplateIds }).catch(() => (failed = true)))
    })
    await settle()
    await settle()
    assert.equal(taro.calls[0]!.duringTap, false)
    assert.equal(failed, true)
  })

  test('ids survive a restart in storage; with none loaded, the tap asks nothing and loads them for the next tap', async () => {
    const taro = fakeTaro()
    const srv = server()
    const storage = memory()
    const first = createConsent({ wx: taro.wx, api: srv.api, storage })
    const outcomes: string[] = []
    srv.setDown(true)
    taro.tap(consentTapHandler(first, (_m, o) => outcomes.push(o)))
    await settle()
    assert.deepEqual(outcomes, ['unavailable'])
    assert.equal(taro.calls.length, 0)
    srv.setDown(false)
    await first.preload()
    // The app restarts offline: the stored ids still let the tap ask at once.
    srv.setDown(true)
    const second = createConsent({ wx: taro.wx, api: srv.api, storage })
    taro.tap(consentTapHandler(second, (_m, o) => outcomes.push(o)))
    assert.deepEqual(
      taro.calls.map((c) => c.duringTap),
      [true],
    )
  })

  test('a rejected template is reported as rejected', async () => {
    const taro = fakeTaro()
    taro.setAnswer((ids) => Object.fromEntries(ids.map((id) => [id, 'reject'])))
    const srv = server()
    const consent = createConsent({ wx: taro.wx, api: srv.api, storage: memory() })
    await consent.preload()
    let outcome = ''
    taro.tap(consentTapHandler(consent, (_m, o) => (outcome = o)))
    await settle()
    await settle()
    assert.equal(outcome, 'rejected')
    assert.deepEqual(srv.requests.at(-1)!.data, { accepted: [], rejected: ['tmpl-news'] })
  })
})
