/**
 * Subscription consent (订阅消息). WeChat only shows the consent sheet when
 * `requestSubscribeMessage` is called synchronously inside a tap handler: after an `await`
 * the tap no longer counts and the call fails. So the template ids are loaded beforehand
 * (at launch, from GET /api/client-config, and kept in storage), and `ask()` calls
 * requestSubscribeMessage first, before anything asynchronous. Each acceptance allows one
 * message, so the app asks again at natural moments (an article read to the end, a quiz
 * finished). Plain TypeScript with an injected Taro-like API (tests/client/consent.test.ts).
 */
import type { ApiClient, KeyValueStorage } from './request'

export interface SubscribeResult {
  [templateId: string]: string
}

/** The part of Taro this needs: requestSubscribeMessage (its wx call happens synchronously inside). */
export interface SubscribeApi {
  requestSubscribeMessage(option: { tmplIds: string[]; entityIds?: string[] }): Promise<SubscribeResult>
}

export type ConsentOutcome = 'accepted' | 'rejected' | 'unavailable' | 'failed'

const IDS_KEY = 'subscription-template-ids'

export function createConsent(deps: { wx: SubscribeApi; api: Pick<ApiClient, 'get' | 'put'>; storage: KeyValueStorage }) {
  let templateIds: string[] = (() => {
    try {
      const stored = JSON.parse(deps.storage.get(IDS_KEY) ?? '[]')
      return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : []
    } catch {
      return []
    }
  })()
  let loading: Promise<void> | null = null

  /** Loads the template ids from the server's configuration (once at a time); never throws. */
  function preload(): Promise<void> {
    loading ??= deps.api
      .get<{ subscriptionTemplateIds: string[] }>('/client-config')
      .then((res) => {
        templateIds = res.subscriptionTemplateIds
        deps.storage.set(IDS_KEY, JSON.stringify(templateIds))
      })
      .catch(() => undefined)
      .finally(() => {
        loading = null
      })
    return loading
  }

  /**
   * Call directly in a tap handler. Not `async` on purpose: requestSubscribeMessage runs
   * before this returns; recording the answer on the server happens afterwards.
   */
  function ask(): Promise<ConsentOutcome> {
    const ids = templateIds
    if (ids.length === 0) {
      // Not loaded yet (first launch offline): load now, the next tap can ask.
      void preload()
      return Promise.resolve('unavailable')
    }
    let answer: Promise<SubscribeResult>
    try {
      answer = deps.wx.requestSubscribeMessage({ tmplIds: ids })
    } catch {
      return Promise.resolve('failed')
    }
    return answer.then(
      async (res) => {
        const accepted = ids.filter((id) => res[id] === 'accept')
        const rejected = ids.filter((id) => !accepted.includes(id))
        await deps.api.put('/me/subscriptions', { accepted, rejected }).catch(() => undefined)
        return accepted.length > 0 ? 'accepted' : 'rejected'
      },
      () => 'failed' as const,
    )
  }

  return {
    preload,
    ask,
    get templateIds() {
      return templateIds
    },
  }
}

export type Consent = ReturnType<typeof createConsent>

/** What the user sees after answering. */
export const CONSENT_MESSAGES: Record<ConsentOutcome, string> = {
  accepted: '已开启，下一条新闻会提醒你',
  rejected: '未开启提醒',
  unavailable: '正在准备，请稍后再点一次',
  failed: '未能开启提醒，请稍后再试',
}

/** A tap handler that asks for consent first thing, then shows the outcome. */
export function consentTapHandler(consent: Consent, notify: (message: string, outcome: ConsentOutcome) => void): () => void {
  return () => {
    void consent.ask().then((outcome) => notify(CONSENT_MESSAGES[outcome], outcome))
  }
}
