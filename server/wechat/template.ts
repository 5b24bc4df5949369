import type { Config, MessageField } from '../config'

/**
 * Subscription-message data as WeChat checks it (47003 "argument invalid" otherwise). The
 * value rules depend on the key's type, the letters before its number:
 * https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 */
export const VALUE_RULES: Record<string, { max: number; pattern?: RegExp }> = {
  thing: { max: 20 },
  phrase: { max: 5, pattern: /^[\u4e00-\u9fa5]+$/ },
  name: { max: 10 },
  character_string: { max: 32, pattern: /^[\x21-\x7e]+$/ },
  number: { max: 32, pattern: /^[+-]?\d+(\.\d+)?$/ },
  letter: { max: 32, pattern: /^[A-Za-z]+$/ },
  symbol: { max: 5 },
  amount: { max: 32, pattern: /^¥?\d+(\.\d{1,2})?元?$/ },
  phone_number: { max: 17, pattern: /^[\d+-]+$/ },
  car_number: { max: 8 },
  time: { max: 32, pattern: /^(\d{4}年\d{1,2}月\d{1,2}日 )?\d{1,2}:\d{2}(:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/ },
  date: { max: 32, pattern: /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$/ },
}

export const keyType = (key: string) => key.replace(/\d+$/, '')

/** Why WeChat would refuse this value for this key, or null when it is fine. */
export function valueProblem(key: string, value: string): string | null {
  const rule = VALUE_RULES[keyType(key)]
  if (!rule) return `unknown key type ${key}`
  if (!value) return `${key} is empty`
  if ([...value].length > rule.max) return `${key} is longer than ${rule.max}`
  if (rule.pattern && !rule.pattern.test(value)) return `${key} has the wrong format`
  return null
}

/** Beijing time as "2026年11月27日 10:00". */
function beijingTime(at: Date): string {
  const b = new Date(at.getTime() + 8 * 3600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${b.getUTCFullYear()}年${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`
}

/** Shortens text to `max` characters (the last one an ellipsis) and drops what a key type cannot hold. */
function fit(key: string, text: string): string {
  const type = keyType(key)
  let value = text.replace(/\s+/g, ' ').trim()
  if (type === 'phrase') value = value.replace(/[^\u4e00-\u9fa5]/g, '')
  if (type === 'character_string' || type === 'letter') value = value.replace(/[^\x21-\x7e]/g, '')
  const max = VALUE_RULES[type]?.max ?? 20
  const chars = [...value]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value
}

/**
 * The `data` of a news or reminder message: each configured template key
 * (WECHAT_TEMPLATE_FIELDS) gets our field, fitted to WeChat's rules for that key.
 */
export function messageData(config: Pick<Config, 'WECHAT_TEMPLATE_FIELDS'>, fields: { title: string; summary?: string; time: Date }): Record<string, { value: string }> {
  const text: Record<MessageField, string> = { title: fields.title, summary: fields.summary || '点击查看详情', time: '' }
  const data: Record<string, { value: string }> = {}
  for (const [key, field] of Object.entries(config.WECHAT_TEMPLATE_FIELDS)) {
    if (field === 'time') {
      const t = beijingTime(fields.time)
      data[key] = { value: keyType(key) === 'date' ? t.replace(/ .*$/, '') : t }
    } else data[key] = { value: fit(key, text[field]) }
  }
  return data
}
