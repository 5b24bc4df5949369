/**
 * Secure random ids on the client. Plain TypeScript (no Taro), so it is unit-tested in Node.
 */
/** Where cryptographically secure random bytes come from; injectable for tests. */
export interface RandomSources {
  /** Web Crypto (browsers, the H5 build, newer WeChat base libraries). */
  crypto?: { getRandomValues(array: Uint8Array): Uint8Array } | undefined
  /** WeChat's own API (wx.getRandomValues, base library ≥ 2.15.0) where Web Crypto is missing. */
  wechat?: ((length: number) => Promise<ArrayBuffer>) | undefined
}

declare const wx: { getRandomValues?: (o: { length: number; success: (r: { randomValues: ArrayBuffer }) => void; fail: (e: unknown) => void }) => void } | undefined

const defaultSources = (): RandomSources => ({
  crypto: (globalThis as { crypto?: RandomSources['crypto'] }).crypto,
  wechat:
    typeof wx !== 'undefined' && wx?.getRandomValues
      ? (length) => new Promise((resolve, reject) => wx!.getRandomValues!({ length, success: (r) => resolve(r.randomValues), fail: reject }))
      : undefined,
})

/** Secure random bytes; never falls back to Math.random. */
export async function secureRandomBytes(length: number, sources: RandomSources = defaultSources()): Promise<Uint8Array> {
  if (sources.crypto?.getRandomValues) return sources.crypto.getRandomValues(new Uint8Array(length))
  if (sources.wechat) return new Uint8Array(await sources.wechat(length))
  throw new Error('当前环境不支持安全随机数，请升级微信后再上传图片')
}

/**
 * A random id (128 bits, no time in it) that groups a form's images on the server without
 * naming the reporter.
 */
export async function newDraftId(sources?: RandomSources): Promise<string> {
  const bytes = await secureRandomBytes(16, sources)
  return `d-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
