import type { Context } from 'koa'
import { AppError, conflict } from '../errors'
import { WechatApiError } from './client'

/**
 * Runs a WeChat call for an API route and turns WeChat being unavailable into 503 with
 * Retry-After (never a 500): network errors and timeouts, HTTP errors, -1 (busy) and 45009
 * (daily quota used up, retry in an hour). 41030/40165 (a page the released mini-program
 * lacks) is a 409 the admin can act on; other WeChat refusals are 502 with the errcode.
 */
export async function callWechat<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const unavailable = (retryAfter: number, code: string, message: string, details?: unknown) => {
      ctx.set('Retry-After', String(retryAfter))
      return new AppError(503, code, message, details)
    }
    if (err instanceof AppError && err.status === 502 && /WECHAT_(UNAVAILABLE|BAD_RESPONSE|BUSY)/.test(err.code)) throw unavailable(30, err.code, err.message)
    if (err instanceof WechatApiError) {
      if (err.errcode === -1) throw unavailable(30, 'WECHAT_BUSY', '微信系统繁忙，请稍后再试')
      if (err.errcode === 45009) throw unavailable(3600, 'WECHAT_QUOTA', '今日微信接口调用次数已用完，请稍后再试', { errcode: err.errcode })
      if (err.errcode === 41030 || err.errcode === 40165)
        throw conflict('小程序的线上版本中还没有这个页面：请先发布包含文章页的小程序版本', 'WECHAT_PAGE_NOT_RELEASED', { errcode: err.errcode })
      throw new AppError(502, 'WECHAT_ERROR', `微信接口返回错误（${err.errcode}）`, { errcode: err.errcode, errmsg: err.errmsg })
    }
    throw err
  }
}
