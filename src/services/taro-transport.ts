import Taro from '@tarojs/taro'
import type { KeyValueStorage, Transport } from './request'

/** Binds the request wrapper to Taro.request (wx.request in WeChat, fetch in H5). */
export const taroTransport: Transport = async (req) => {
  const res = await Taro.request({ url: req.url, method: req.method, header: req.headers, data: req.data as never, timeout: 15_000, dataType: 'json' })
  return { statusCode: res.statusCode, data: res.data }
}

export const taroStorage: KeyValueStorage = {
  get: (key) => {
    const value = Taro.getStorageSync(key)
    return typeof value === 'string' && value ? value : null
  },
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
}
