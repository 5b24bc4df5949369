import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { valueProblem } from './template'

/**
 * A local stand-in for the parts of WeChat's HTTP API we use, speaking the same contract
 * (query/body fields, errcode/errmsg answers, image bytes). Dev and tests point
 * WECHAT_API_BASE here.
 *
 * Codes: any code signs in as the person named by the part before ':' (so "alice:1" and
 * "alice:2" are the same person); a code is single-use (40163); codes starting with
 * "invalid" answer 40029; "busy" answers -1; "ratelimit" answers 45011. One person has one
 * unionid across the mini-program and the official account (their openids differ, as in
 * WeChat); a person whose name starts with "nounion" has none (app not bound to an open
 * platform account).
 *
 * APIs: sns/jscode2session (mini-program sign-in), cgi-bin/stable_token and cgi-bin/token,
 * cgi-bin/message/subscribe/send, wxa/getwxacodeunlimit (小程序码: image/jpeg bytes, JSON
 * errcode on failure), wxa/generate_urllink (URL Link), sns/oauth2/access_token (公众号
 * 网页授权) and connect/oauth2/authorize (the consent redirect, which in WeChat lives on
 * open.weixin.qq.com).
 */
export interface SentMessage {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  miniprogram_state?: string
  at: string
}

export interface WechatStandin {
  baseUrl: string
  appid: string
  secret: string
  /** The official account (公众号) this stand-in also plays. */
  mpAppid: string
  mpSecret: string
  sent: SentMessage[]
  /** openids that refuse subscription messages (WeChat answers 43101). */
  refusing: Set<string>
  tokenRequests: number
  /** Every 小程序码 and URL Link request that succeeded, as sent. */
  codes: Record<string, unknown>[]
  links: Record<string, unknown>[]
  /** Make the next N send calls (to `touser` only, when given) fail with errcode (e.g. -1 busy) to exercise retries. */
  failNextSends(count: number, errcode?: number, touser?: string): void
  /** Every access token issued so far expires now (the next call answers 42001). */
  expireTokens(): void
  /** Make the next N 小程序码 / URL Link calls fail with errcode (e.g. 45009 quota). */
  failNextCodes(count: number, errcode: number): void
  openidFor(code: string): string
  /** The official account's openid of the person behind a code. */
  mpOpenidFor(code: string): string
  unionidFor(code: string): string | undefined
  /** A 网页授权 code for a person (what WeChat appends to the redirect). */
  oauthCode(person: string): string
  close(): Promise<void>
}

const seedOf = (code: string) => code.split(':')[0]!

export function openidForCode(code: string): string {
  return 'o' + createHash('sha256').update(seedOf(code)).digest('base64url').slice(0, 27)
}

export function mpOpenidForCode(code: string): string {
  return (
    'm' +
    createHash('sha256')
      .update(`mp:${seedOf(code)}`)
      .digest('base64url')
      .slice(0, 27)
  )
}

export function unionidForCode(code: string): string | undefined {
  const seed = seedOf(code)
  return seed.startsWith('nounion') ? undefined : 'u' + createHash('sha256').update(`union:${seed}`).digest('base64url').slice(0, 27)
}

/** Pages of the released mini-program (src/app.config.ts; tests/client/wechat-rules.test.ts keeps them equal). */
export const MINIPROGRAM_PAGES = [
  'pages/index/index',
  'pages/study/index',
  'pages/quiz/index',
  'pages/tip/index',
  'pages/mine/index',
  'pages/article/index',
  'pages/progress/index',
  'pages/tip/status',
  'pages/study/chapter',
  ...['practice/index', 'exam/index', 'exam/result', 'daily/index', 'challenge/index', 'wrong-book/index', 'leaderboard/index', 'points/index', 'results/index'].map(
    (p) => `quizzes/${p}`,
  ),
  ...['index/index', 'dept/index'].map((p) => `admin/${p}`),
]

/** Characters WeChat allows in a 小程序码 scene (at most 32 of them). */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/** A 小程序码 stand-in image: a real JPEG of the requested width (WeChat answers image/jpeg bytes). */
const codeImage = (width: number) =>
  sharp({ create: { width, height: width, channels: 3, background: '#2b2b2b' } })
    .jpeg({ quality: 60 })
    .toBuffer()

export async function startWechatStandin(opts: {
  appid: string
  secret: string
  mpAppid?: string
  mpSecret?: string
  port?: number
  templates?: Record<string, string[]>
  pages?: string[]
}): Promise<WechatStandin> {
  const mpAppid = opts.mpAppid ?? 'wx-test-mp-appid'
  const mpSecret = opts.mpSecret ?? 'wx-test-mp-secret'
  /** Subscription templates and their keys, as chosen in the WeChat console. */
  const templates = new Map(Object.entries(opts.templates ?? { 'tmpl-campaign-news': ['thing1', 'thing2'] }))
  const pages = new Set(opts.pages ?? MINIPROGRAM_PAGES)
  const usedCodes = new Set<string>()
  const tokens = new Map<string, number>()
  let failing: { count: number; errcode: number; touser?: string } = { count: 0, errcode: -1 }
  let failingCodes = { count: 0, errcode: 0 }
  const state = {
    sent: [] as SentMessage[],
    refusing: new Set<string>(),
    tokenRequests: 0,
    codes: [] as Record<string, unknown>[],
    links: [] as Record<string, unknown>[],
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: Record<string, unknown>
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}
    } catch {
      body = {}
    }
    const reply = (json: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(json))
    }
    const q = (k: string) => url.searchParams.get(k) ?? ''
    /** WeChat's access-token answers: 40014 malformed, 40001 unknown, 42001 expired. */
    const tokenError = (): { errcode: number; errmsg: string } | null => {
      const token = q('access_token')
      if (!/^[0-9a-f]{48}$/.test(token)) return { errcode: 40014, errmsg: 'invalid access_token' }
      const expires = tokens.get(token)
      if (expires === undefined) return { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }
      if (expires < Date.now()) return { errcode: 42001, errmsg: 'access_token expired' }
      return null
    }

    if (url.pathname === '/sns/jscode2session') {
      if (q('appid') !== opts.appid) return reply({ errcode: 40013, errmsg: 'invalid appid' })
      if (q('secret') !== opts.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' })
      const code = q('js_code')
      if (!code || code.startsWith('invalid')) return reply({ errcode: 40029, errmsg: 'invalid code' })
      if (code.startsWith('busy')) return reply({ errcode: -1, errmsg: 'system error' })
      if (code.startsWith('ratelimit')) return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit' })
      if (usedCodes.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' })
      usedCodes.add(code)
      const unionid = unionidForCode(code)
      return reply({ openid: openidForCode(code), session_key: randomBytes(16).toString('base64'), ...(unionid ? { unionid } : {}) })
    }
    if (url.pathname === '/sns/oauth2/access_token') {
      // 公众号 网页授权: the official account's own appid and secret.
      if (q('appid') !== mpAppid) return reply({ errcode: 40013, errmsg: 'invalid appid' })
      if (q('secret') !== mpSecret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' })
      if (q('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: 'invalid grant_type' })
      const code = q('code')
      if (!code || code.startsWith('invalid')) return reply({ errcode: 40029, errmsg: 'invalid code' })
      if (usedCodes.has(`mp:${code}`)) return reply({ errcode: 40163, errmsg: 'code been used' })
      usedCodes.add(`mp:${code}`)
      const unionid = unionidForCode(code)
      return reply({
        access_token: randomBytes(24).toString('hex'),
        expires_in: 7200,
        refresh_token: randomBytes(24).toString('hex'),
        openid: mpOpenidForCode(code),
        scope: 'snsapi_base',
        is_snapshotuser: 0,
        ...(unionid ? { unionid } : {}),
      })
    }
    if (url.pathname === '/connect/oauth2/authorize') {
      // The consent page of 网页授权: snsapi_base is silent, so it redirects at once with a code.
      const redirect = q('redirect_uri')
      if (q('appid') !== mpAppid || !/^https?:\/\//.test(redirect) || q('response_type') !== 'code' || !['snsapi_base', 'snsapi_userinfo'].includes(q('scope'))) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        return res.end('参数错误')
      }
      const target = new URL(redirect)
      target.searchParams.set('code', `${q('person') || 'h5-reader'}:${randomBytes(6).toString('hex')}`)
      target.searchParams.set('state', q('state'))
      res.writeHead(302, { location: target.toString() })
      return res.end()
    }
    if (url.pathname === '/cgi-bin/stable_token' || url.pathname === '/cgi-bin/token') {
      const appid = String(body.appid ?? q('appid'))
      const secret = String(body.secret ?? q('secret'))
      if (appid !== opts.appid || secret !== opts.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' })
      state.tokenRequests++
      const token = randomBytes(24).toString('hex')
      tokens.set(token, Date.now() + 7200_000)
      return reply({ access_token: token, expires_in: 7200 })
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      const bad = tokenError()
      if (bad) return reply(bad)
      const touser = String(body.touser ?? '')
      if (failing.count > 0 && (!failing.touser || failing.touser === touser)) {
        failing.count--
        return reply({ errcode: failing.errcode, errmsg: 'system error' })
      }
      if (!touser) return reply({ errcode: 40003, errmsg: 'invalid openid' })
      const keys = templates.get(String(body.template_id ?? ''))
      if (!keys) return reply({ errcode: 40037, errmsg: 'invalid template id' })
      const page = typeof body.page === 'string' ? body.page : undefined
      if (page !== undefined && !pages.has(page.split('?')[0]!)) return reply({ errcode: 41030, errmsg: 'invalid page' })
      const state_ = body.miniprogram_state
      if (state_ !== undefined && !['developer', 'trial', 'formal'].includes(String(state_))) return reply({ errcode: 47003, errmsg: 'argument invalid! miniprogram_state' })
      const data = (body.data ?? {}) as Record<string, { value?: unknown }>
      const given = Object.keys(data).sort()
      if (given.join() !== [...keys].sort().join()) return reply({ errcode: 47003, errmsg: `argument invalid! data keys ${given.join(',')} do not match the template` })
      for (const key of keys) {
        const problem = valueProblem(key, String(data[key]?.value ?? ''))
        if (problem) return reply({ errcode: 47003, errmsg: `argument invalid! data.${key}.value ${problem}` })
      }
      if (state.refusing.has(touser)) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
      state.sent.push({
        touser,
        template_id: String(body.template_id),
        page,
        data: data as SentMessage['data'],
        miniprogram_state: state_ as string | undefined,
        at: new Date().toISOString(),
      })
      return reply({ errcode: 0, errmsg: 'ok' })
    }
    if (url.pathname === '/wxa/getwxacodeunlimit') {
      const bad = tokenError()
      if (bad) return reply(bad)
      if (failingCodes.count > 0) {
        failingCodes.count--
        return reply({ errcode: failingCodes.errcode, errmsg: 'quota or system error' })
      }
      const scene = String(body.scene ?? '')
      if (!SCENE.test(scene)) return reply({ errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' })
      const page = body.page === undefined ? 'pages/index/index' : String(body.page)
      if (body.check_path !== false && !pages.has(page)) return reply({ errcode: 41030, errmsg: 'invalid page rid' })
      const width = body.width === undefined ? 430 : Number(body.width)
      if (!(width >= 280 && width <= 1280)) return reply({ errcode: 40097, errmsg: 'invalid args' })
      state.codes.push(body)
      const image = await codeImage(width)
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': image.length })
      return res.end(image)
    }
    if (url.pathname === '/wxa/generate_urllink') {
      const bad = tokenError()
      if (bad) return reply(bad)
      if (failingCodes.count > 0) {
        failingCodes.count--
        return reply({ errcode: failingCodes.errcode, errmsg: 'quota or system error' })
      }
      const path = body.path === undefined ? '' : String(body.path)
      if (path && (path.startsWith('/') || !pages.has(path))) return reply({ errcode: 40165, errmsg: 'invalid weapp pagepath' })
      const query = body.query === undefined ? '' : String(body.query)
      if (query.length > 1024 || /[^0-9A-Za-z!#$&'()*+,/:;=?@\-._~%]/.test(query)) return reply({ errcode: 40212, errmsg: 'invalid query' })
      if (body.expire_type === 1 && !(Number(body.expire_interval) >= 1 && Number(body.expire_interval) <= 30))
        return reply({ errcode: 40097, errmsg: 'invalid args: expire_interval' })
      state.links.push(body)
      return reply({ errcode: 0, errmsg: 'ok', url_link: `https://wxaurl.cn/${randomBytes(6).toString('base64url')}` })
    }
    res.writeHead(404, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }))
  })

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appid: opts.appid,
    secret: opts.secret,
    mpAppid,
    mpSecret,
    get sent() {
      return state.sent
    },
    refusing: state.refusing,
    get tokenRequests() {
      return state.tokenRequests
    },
    get codes() {
      return state.codes
    },
    get links() {
      return state.links
    },
    failNextSends(count: number, errcode = -1, touser?: string) {
      failing = { count, errcode, touser }
    },
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0)
    },
    failNextCodes(count: number, errcode: number) {
      failingCodes = { count, errcode }
    },
    openidFor: openidForCode,
    mpOpenidFor: mpOpenidForCode,
    unionidFor: unionidForCode,
    oauthCode: (person: string) => `${person}:${randomBytes(6).toString('hex')}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
