import Taro from '@tarojs/taro'
import type { AuthorizeUrlOut } from '@contract/users'
import { api } from './api'
import { officialAccountSignIn } from './official-account'
import { createSession } from './session'

const DEVICE_KEY = 'dev-device-id'

function deviceId(): string {
  let id = Taro.getStorageSync(DEVICE_KEY) as string
  if (!id) {
    id = `h5-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
    Taro.setStorageSync(DEVICE_KEY, id)
  }
  return id
}

/**
 * WeChat: wx.login code → our session. H5 in WeChat's browser: 公众号 网页授权 (same person
 * as in the mini-program, by unionid). H5 elsewhere: the development sign-in, one reader per browser.
 */
export const session = createSession(api, async () => {
  if (process.env.TARO_ENV === 'weapp') return { kind: 'wechat', getCode: async () => (await Taro.login()).code }
  const mp = await officialAccountSignIn(
    {
      userAgent: navigator.userAgent,
      href: window.location.href,
      go: (url) => window.location.assign(url),
      replace: (url) => window.history.replaceState(window.history.state, '', url),
    },
    (redirect) =>
      api.get<AuthorizeUrlOut>('/auth/official-account/authorize-url', { query: { redirect }, reauth: false }).then(
        (r) => r.url,
        () => null, // 网页授权 not configured on this server
      ),
  )
  if (mp.kind === 'code') return { kind: 'official-account', code: mp.code }
  return { kind: 'dev', deviceId: deviceId() }
})

export const ensureSignedIn = () => session.ensureSignedIn()
