import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for the parts of WeChat's HTTP API we use, speaking the same contract
 * (query/body fields, errcode/errmsg answers). Dev and tests point WECHAT_API_BASE here.
 *
 * Codes: any code signs in as openid derived from the part before ':' (so "alice:1" and
 * "alice:2" are the same person); a code is single-use (40163); codes starting with
 * "invalid" answer 40029; "busy" answers -1; "ratelimit" answers 45011.
 */
export interface SentMessage {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  at: string
}

export interface WechatStandin {
  baseUrl: string
  appid: string
  secret: string
  sent: SentMessage[]
  /** openids that refuse subscription messages (WeChat answers 43101). */
  refusing: Set<string>
  tokenRequests: number
  /** Make the next N send calls fail with errcode (e.g. -1 busy) to exercise retries. */
  failNextSends(count: number, errcode?: number): void
  openidFor(code: string): string
  close(): Promise<void>
}

export function openidForCode(code: string): string {
  const seed = code.split(':')[0]
  return 'o' + createHash('sha256').update(seed).digest('base64url').slice(0, 27)
}

export async function startWechatStandin(opts: { appid: string; secret: string; port?: number }): Promise<WechatStandin> {
  const usedCodes = new Set<string>()
  const tokens = new Map<string, number>()
  let failing = { count: 0, errcode: -1 }
  const state = {
    sent: [] as SentMessage[],
    refusing: new Set<string>(),
    tokenRequests: 0,
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://standin')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    let body: Record<string, unknown> = {}
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

    if (url.pathname === '/sns/jscode2session') {
      if (q('appid') !== opts.appid) return reply({ errcode: 40013, errmsg: 'invalid appid' })
      if (q('secret') !== opts.secret) return reply({ errcode: 40125, errmsg: 'invalid appsecret' })
      const code = q('js_code')
      if (!code || code.startsWith('invalid')) return reply({ errcode: 40029, errmsg: 'invalid code' })
      if (code.startsWith('busy')) return reply({ errcode: -1, errmsg: 'system error' })
      if (code.startsWith('ratelimit')) return reply({ errcode: 45011, errmsg: 'api minute-quota reach limit' })
      if (usedCodes.has(code)) return reply({ errcode: 40163, errmsg: 'code been used' })
      usedCodes.add(code)
      return reply({ openid: openidForCode(code), session_key: randomBytes(16).toString('base64') })
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
      const expires = tokens.get(q('access_token'))
      if (!expires || expires < Date.now()) return reply({ errcode: 40001, errmsg: 'invalid credential' })
      if (failing.count > 0) {
        failing.count--
        return reply({ errcode: failing.errcode, errmsg: 'system error' })
      }
      const touser = String(body.touser ?? '')
      if (!touser) return reply({ errcode: 40003, errmsg: 'invalid openid' })
      if (!body.template_id) return reply({ errcode: 40037, errmsg: 'invalid template_id' })
      if (state.refusing.has(touser)) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
      state.sent.push({ touser, template_id: String(body.template_id), page: body.page as string | undefined, data: (body.data ?? {}) as SentMessage['data'], at: new Date().toISOString() })
      return reply({ errcode: 0, errmsg: 'ok' })
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
    get sent() {
      return state.sent
    },
    refusing: state.refusing,
    get tokenRequests() {
      return state.tokenRequests
    },
    failNextSends(count: number, errcode = -1) {
      failing = { count, errcode }
    },
    openidFor: openidForCode,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
