import Taro from '@tarojs/taro'
import { api } from './api'
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

/** WeChat: wx.login code → our session. H5 (browser): the development sign-in, one reader per browser. */
export const session = createSession(api, async () =>
  process.env.TARO_ENV === 'weapp'
    ? { kind: 'wechat', getCode: async () => (await Taro.login()).code }
    : { kind: 'dev', deviceId: deviceId() },
)

export const ensureSignedIn = () => session.ensureSignedIn()
