import assert from 'node:assert/strict'
import { test } from 'node:test'
import { officialAccountSignIn, type BrowserEnv } from '../../src/services/official-account'

const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x18002831) NetType/WIFI Language/zh_CN'

function browser(href: string, userAgent = WECHAT_UA) {
  const went: string[] = []
  const replaced: string[] = []
  const env: BrowserEnv = { userAgent, href, go: (u) => went.push(u), replace: (u) => replaced.push(u) }
  return { env, went, replaced }
}

test("in WeChat's browser without a code: off to WeChat's authorize page, asked to come back here", async () => {
  const b = browser('https://campus.example.edu.cn/#/pages/article/index?id=a1&ch=mp')
  const asked: string[] = []
  const pending = officialAccountSignIn(b.env, async (redirect) => {
    asked.push(redirect)
    return 'https://open.weixin.qq.com/connect/oauth2/authorize?appid=x#wechat_redirect'
  })
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(asked, ['https://campus.example.edu.cn/#/pages/article/index?id=a1&ch=mp'])
  assert.deepEqual(b.went, ['https://open.weixin.qq.com/connect/oauth2/authorize?appid=x#wechat_redirect'])
  const settled = await Promise.race([pending.then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 20))])
  assert.equal(settled, 'pending', 'the page is leaving: no other sign-in starts')
})

test('back from WeChat with a code: exchange it, and take it out of the address bar', async () => {
  const b = browser('https://campus.example.edu.cn/?code=abc123&state=mp#/pages/article/index?id=a1&ch=mp')
  const res = await officialAccountSignIn(b.env, async () => assert.fail('no second trip to WeChat'))
  assert.deepEqual(res, { kind: 'code', code: 'abc123' })
  assert.deepEqual(b.replaced, ['https://campus.example.edu.cn/#/pages/article/index?id=a1&ch=mp'])
})

test('outside WeChat, or with 网页授权 not configured, nothing happens', async () => {
  const desktop = browser('https://campus.example.edu.cn/', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120')
  assert.deepEqual(await officialAccountSignIn(desktop.env, async () => assert.fail('not asked')), { kind: 'none' })
  const off = browser('https://campus.example.edu.cn/')
  assert.deepEqual(await officialAccountSignIn(off.env, async () => null), { kind: 'none' })
  assert.deepEqual(off.went, [])
})
