import mongoose, { Schema } from 'mongoose'
import { AppError, badGateway } from '../errors'
import type { Clock } from '../clock'
import type { Logger } from '../logger'

export interface WechatSession {
  openid: string
  unionid?: string
  sessionKey: string
}

export interface SubscribeMessage {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  /** Which version a tap opens: developer, trial or formal (WECHAT_MINIPROGRAM_STATE). */
  miniprogram_state?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN'
}

/**
 * Access-token answers: 40001 invalid credential (e.g. another instance refreshed it),
 * 40014 invalid access_token, 42001 expired. A fresh token and one more try fix them.
 */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001])

/** WeChat error codes we answer specially; others become 502. */
const CODE_ERRORS: Record<number, [number, string, string]> = {
  40029: [401, 'WECHAT_CODE_INVALID', '微信登录凭证无效，请重新进入小程序'],
  40163: [401, 'WECHAT_CODE_USED', '微信登录凭证已被使用，请重新进入小程序'],
  40226: [403, 'WECHAT_USER_BLOCKED', '该微信账号已被限制登录'],
  45011: [429, 'WECHAT_RATE_LIMITED', '登录过于频繁，请稍后再试'],
}

/** Access tokens live in MongoDB so every server instance shares one (WeChat invalidates older ones). */
const tokenSchema = new Schema({ _id: String, token: String, expiresAt: Date }, { versionKey: false })
const WechatToken = mongoose.models.WechatToken ?? mongoose.model('WechatToken', tokenSchema, 'wechat_tokens')

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat error ${errcode}: ${errmsg}`)
  }
}

export class WechatClient {
  private cached: { token: string; expiresAt: number } | null = null

  constructor(private readonly opts: { baseUrl: string; appid: string; secret: string; clock: Clock; logger: Logger; timeoutMs?: number }) {}

  get baseUrl(): string {
    return this.opts.baseUrl
  }

  private async call(path: string, init?: { method?: string; query?: Record<string, string>; body?: unknown }): Promise<Record<string, unknown>> {
    const url = new URL(path, this.opts.baseUrl)
    for (const [k, v] of Object.entries(init?.query ?? {})) url.searchParams.set(k, v)
    let res: Response
    try {
      res = await fetch(url, {
        method: init?.method ?? 'GET',
        headers: init?.body ? { 'content-type': 'application/json' } : undefined,
        body: init?.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      })
    } catch (err) {
      this.opts.logger.warn({ err, path }, 'wechat unreachable')
      throw badGateway('微信服务暂时不可用，请稍后再试', 'WECHAT_UNAVAILABLE')
    }
    if (!res.ok) throw badGateway(`微信服务返回 HTTP ${res.status}`, 'WECHAT_UNAVAILABLE')
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
    if (!json) throw badGateway('微信服务返回了无法解析的内容', 'WECHAT_BAD_RESPONSE')
    const errcode = Number(json.errcode ?? 0)
    if (errcode !== 0) throw new WechatApiError(errcode, String(json.errmsg ?? ''))
    return json
  }

  /** Exchanges a wx.login code for the user's openid (sns/jscode2session). */
  async code2Session(code: string): Promise<WechatSession> {
    try {
      const json = await this.call('/sns/jscode2session', {
        query: { appid: this.opts.appid, secret: this.opts.secret, js_code: code, grant_type: 'authorization_code' },
      })
      if (typeof json.openid !== 'string') throw badGateway('微信未返回 openid', 'WECHAT_BAD_RESPONSE')
      return { openid: json.openid, unionid: json.unionid as string | undefined, sessionKey: String(json.session_key ?? '') }
    } catch (err) {
      if (err instanceof WechatApiError) {
        const mapped = CODE_ERRORS[err.errcode]
        if (mapped) throw new AppError(mapped[0], mapped[1], mapped[2], { errcode: err.errcode })
        if (err.errcode === -1) throw badGateway('微信系统繁忙，请稍后再试', 'WECHAT_BUSY')
        throw badGateway(`微信登录失败（${err.errcode}）`, 'WECHAT_ERROR', { errcode: err.errcode })
      }
      throw err
    }
  }

  /** A valid access token, shared across instances and refreshed five minutes before it expires. */
  async getAccessToken(forceRefresh = false): Promise<string> {
    const now = this.opts.clock.now().getTime()
    const margin = 5 * 60_000
    if (!forceRefresh && this.cached && this.cached.expiresAt - margin > now) return this.cached.token
    if (!forceRefresh) {
      const stored = await WechatToken.findById(this.opts.appid).lean<{ token: string; expiresAt: Date }>()
      if (stored && stored.expiresAt.getTime() - margin > now) {
        this.cached = { token: stored.token, expiresAt: stored.expiresAt.getTime() }
        return stored.token
      }
    }
    const json = await this.call('/cgi-bin/stable_token', {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: this.opts.appid, secret: this.opts.secret, force_refresh: forceRefresh },
    }).catch((err) => {
      if (err instanceof WechatApiError) throw badGateway(`获取微信 access_token 失败（${err.errcode}）`, 'WECHAT_TOKEN_FAILED')
      throw err
    })
    const token = String(json.access_token)
    const expiresAt = now + Number(json.expires_in ?? 7200) * 1000
    this.cached = { token, expiresAt }
    await WechatToken.updateOne({ _id: this.opts.appid }, { $set: { token, expiresAt: new Date(expiresAt) } }, { upsert: true })
    return token
  }

  /**
   * Sends one subscription message. Throws WechatApiError with WeChat's code when WeChat
   * refuses (43101: the user did not subscribe; 47003: data format; 41030: bad page);
   * fetches a fresh access token and tries once more on a token error (TOKEN_ERRCODES).
   */
  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    await this.withToken((token) => this.call('/cgi-bin/message/subscribe/send', { method: 'POST', query: { access_token: token }, body: { lang: 'zh_CN', ...message } }))
  }

  /** Runs a call with the access token; on a token error, once more with a fresh one. */
  private async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.getAccessToken(attempt > 0)
      try {
        return await fn(token)
      } catch (err) {
        const expired = err instanceof WechatApiError && TOKEN_ERRCODES.has(err.errcode)
        if (!expired || attempt > 0) throw err
      }
    }
  }

  /**
   * A 小程序码 (wxa/getwxacodeunlimit): image bytes on success; on failure WeChat answers
   * JSON with errcode (41030 page not in the released version, 40169 bad scene, 45009 quota).
   */
  async getUnlimitedCode(req: {
    scene: string
    page: string
    width?: number
    envVersion?: 'release' | 'trial' | 'develop'
    checkPath?: boolean
  }): Promise<{ contentType: string; bytes: Buffer }> {
    return this.withToken(async (token) => {
      const url = new URL('/wxa/getwxacodeunlimit', this.opts.baseUrl)
      url.searchParams.set('access_token', token)
      let res: Response
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ scene: req.scene, page: req.page, width: req.width ?? 430, check_path: req.checkPath ?? true, env_version: req.envVersion ?? 'release' }),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        })
      } catch (err) {
        this.opts.logger.warn({ err }, 'wechat unreachable')
        throw badGateway('微信服务暂时不可用，请稍后再试', 'WECHAT_UNAVAILABLE')
      }
      if (!res.ok) throw badGateway(`微信服务返回 HTTP ${res.status}`, 'WECHAT_UNAVAILABLE')
      const contentType = res.headers.get('content-type') ?? ''
      const bytes = Buffer.from(await res.arrayBuffer())
      if (contentType.startsWith('image/')) return { contentType: contentType.split(';')[0]!, bytes }
      let json: { errcode?: number; errmsg?: string } | null
      try {
        json = JSON.parse(bytes.toString('utf8'))
      } catch {
        throw badGateway('微信服务返回了无法解析的内容', 'WECHAT_BAD_RESPONSE')
      }
      throw new WechatApiError(Number(json?.errcode ?? -1), String(json?.errmsg ?? ''))
    })
  }

  /** A URL Link (wxa/generate_urllink) opening `path?query`, valid for `days` (WeChat allows at most 30). */
  async generateUrlLink(req: { path: string; query: string; days: number; envVersion?: 'release' | 'trial' | 'develop' }): Promise<string> {
    const json = await this.withToken((token) =>
      this.call('/wxa/generate_urllink', {
        method: 'POST',
        query: { access_token: token },
        body: { path: req.path, query: req.query, expire_type: 1, expire_interval: req.days, env_version: req.envVersion ?? 'release' },
      }),
    )
    if (typeof json.url_link !== 'string') throw badGateway('微信未返回 URL Link', 'WECHAT_BAD_RESPONSE')
    return json.url_link
  }

  /**
   * 公众号 网页授权 (sns/oauth2/access_token): a code from the consent redirect → the
   * official account's openid, and the unionid when the accounts share an open platform.
   * Uses the official account's own appid and secret.
   */
  async oauthIdentity(code: string, account: { appid: string; secret: string }): Promise<{ openid: string; unionid?: string }> {
    try {
      const json = await this.call('/sns/oauth2/access_token', { query: { appid: account.appid, secret: account.secret, code, grant_type: 'authorization_code' } })
      if (typeof json.openid !== 'string') throw badGateway('微信未返回 openid', 'WECHAT_BAD_RESPONSE')
      return { openid: json.openid, unionid: typeof json.unionid === 'string' ? json.unionid : undefined }
    } catch (err) {
      if (err instanceof WechatApiError) {
        const mapped = CODE_ERRORS[err.errcode]
        if (mapped) throw new AppError(mapped[0], mapped[1], mapped[2].replace('小程序', '页面'), { errcode: err.errcode })
        if (err.errcode === -1) throw badGateway('微信系统繁忙，请稍后再试', 'WECHAT_BUSY')
        throw badGateway(`微信网页授权失败（${err.errcode}）`, 'WECHAT_ERROR', { errcode: err.errcode })
      }
      throw err
    }
  }

  /** Where the browser goes for 网页授权: open.weixin.qq.com for the real API, the stand-in itself otherwise. */
  authorizeUrl(account: { appid: string }, redirectUri: string, state: string): string {
    const base = new URL(this.opts.baseUrl)
    const open = base.hostname === 'api.weixin.qq.com' ? 'https://open.weixin.qq.com' : base.origin
    const params = new URLSearchParams({ appid: account.appid, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state })
    return `${open}/connect/oauth2/authorize?${params.toString()}#wechat_redirect`
  }
}
