import { z } from 'zod'

/** Values that ship in the repo or docs; production must not run with them. */
export const DEFAULT_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789'
export const DEFAULT_TIP_KEY = 'ZGV2LW9ubHktdGlwLWtleS1jaGFuZ2UtbWUtMDEyMzQ='
export const DEFAULT_WECHAT_SECRET = 'dev-wechat-secret'
export const DEFAULT_TEMPLATE_ID = 'tmpl-campaign-news'

const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1')

/**
 * Token lifetimes as jose's setExpirationTime reads them: a positive whole number and a
 * unit, e.g. "7d", "12 h", "30 minutes". A bare number would be an absolute timestamp there.
 */
const TTL = /^[1-9]\d*\s?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i

const BASE64_32 = /^[A-Za-z0-9+/]{43}=$/

/**
 * TIP_ENCRYPTION_KEY is one base64 key of exactly 32 bytes, or "id:base64,id2:base64"
 * (distinct ids, the first encrypts). Checked here so a bad key stops the start instead
 * of failing the first tip.
 */
export function tipKeyProblem(spec: string): string | null {
  const isKey = (b64: string) => BASE64_32.test(b64) && Buffer.from(b64, 'base64').length === 32
  if (!spec.includes(':')) return isKey(spec) ? null : 'must be base64 of exactly 32 bytes, or "id:base64,id2:base64"'
  const ids = new Set<string>()
  for (const part of spec.split(',')) {
    const [id, b64, ...rest] = part.split(':')
    if (!id || !/^[\w-]{1,32}$/.test(id) || rest.length) return `"${part.slice(0, 12)}…" is not "id:base64" (id: letters, digits, _ or -)`
    if (ids.has(id)) return `key id "${id}" appears twice`
    ids.add(id)
    if (!isKey(b64 ?? '')) return `key "${id}" must be base64 of exactly 32 bytes`
  }
  return null
}

/**
 * Whether any key of a TIP_ENCRYPTION_KEY spec (bare, or every "id:base64" of a rotation
 * list) is the published development key, compared as bytes so another spelling of the same
 * base64 does not pass.
 */
export function usesDevelopmentTipKey(spec: string): boolean {
  const dev = Buffer.from(DEFAULT_TIP_KEY, 'base64')
  const parts = spec.includes(':') ? spec.split(',').map((part) => part.split(':')[1] ?? '') : [spec]
  return parts.some((b64) => Buffer.from(b64.trim(), 'base64').equals(dev))
}

/** What our news/reminder messages say, to be placed into the template's keys. */
export const MESSAGE_FIELDS = ['title', 'summary', 'time'] as const
export type MessageField = (typeof MESSAGE_FIELDS)[number]
/** Key types of WeChat subscription templates (their value rules are in server/wechat/template.ts). */
const TEMPLATE_KEY = /^(thing|phrase|name|time|date|character_string|number|letter|symbol|amount|phone_number|car_number)\d+$/

/**
 * WECHAT_TEMPLATE_FIELDS: which template key carries which of our fields, as the template
 * chosen in the WeChat console defines its keys, e.g. "thing1=title,thing2=summary,time3=time".
 */
export function parseTemplateFields(spec: string): Record<string, MessageField> | string {
  const out: Record<string, MessageField> = {}
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, field, ...rest] = part.split('=').map((p) => p.trim())
    if (!key || !field || rest.length) return `"${part}" is not key=field`
    if (!TEMPLATE_KEY.test(key)) return `"${key}" is not a WeChat template key (thing1, time2, phrase3…)`
    if (!(MESSAGE_FIELDS as readonly string[]).includes(field)) return `"${field}" is not one of ${MESSAGE_FIELDS.join(', ')}`
    if (key in out) return `key "${key}" appears twice`
    const timeKey = /^(time|date)\d+$/.test(key)
    if (timeKey !== (field === 'time')) return `"${key}=${field}": time and date keys carry the time, and only they do`
    out[key] = field as MessageField
  }
  if (!Object.values(out).includes('title')) return 'no key carries the title'
  return out
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().url().optional(),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('campus_campaign'),
  DATA_DIR: z.string().default('data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEFAULT_JWT_SECRET),
  JWT_TTL: z.string().trim().regex(TTL, 'JWT_TTL must be a number and a unit, e.g. 7d, 12h, 30m, 2w').default('7d'),
  WECHAT_APPID: z.string().default('wx-dev-appid'),
  WECHAT_SECRET: z.string().default(DEFAULT_WECHAT_SECRET),
  /** Unset outside production: the server runs the local WeChat stand-in. */
  WECHAT_API_BASE: z.string().url().optional(),
  /** Template id of the subscription message used for article pushes and reminders. */
  WECHAT_TEMPLATE_ID: z.string().default(DEFAULT_TEMPLATE_ID),
  /** Template key → our field (title, summary, time); see parseTemplateFields. */
  WECHAT_TEMPLATE_FIELDS: z
    .string()
    .default('thing1=title,thing2=summary')
    .transform((spec, ctx) => {
      const parsed = parseTemplateFields(spec)
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: `WECHAT_TEMPLATE_FIELDS ${parsed}` })
        return z.NEVER
      }
      return parsed
    }),
  /** Which version of the mini-program a tapped message opens: developer, trial or formal (released). */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  /** The official account (公众号) for 网页授权 sign-in in WeChat's browser; unset = that sign-in is off. */
  WECHAT_MP_APPID: z.string().optional(),
  WECHAT_MP_SECRET: z.string().optional(),
  /** base64 of 32 bytes (AES-256-GCM); may be "keyId:base64,keyId2:base64" for rotation, first one encrypts. */
  TIP_ENCRYPTION_KEY: z
    .string()
    .default(DEFAULT_TIP_KEY)
    .superRefine((spec, ctx) => {
      const problem = tipKeyProblem(spec)
      if (problem) ctx.addIssue({ code: 'custom', message: `TIP_ENCRYPTION_KEY ${problem}` })
    }),
  SUPERADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS_ENABLED: bool.default(true),
  /** Default: on outside production (the H5 build needs Taro, a dev dependency), off in production. */
  SERVE_H5: bool.optional(),
  /** Build if needed and serve the admin console at /admin/ (Vite is a runtime dependency, so production too). */
  SERVE_CONSOLE: bool.default(true),
  /**
   * Behind a reverse proxy we trust: take the client address from X-Forwarded-For (its last
   * entry). Off, X-Forwarded-For is ignored, so clients cannot pick their own address.
   */
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_KB: z.coerce.number().int().positive().default(256),
})

type Env = z.infer<typeof envSchema>
export type Config = Readonly<Omit<Env, 'SERVE_H5'> & { SERVE_H5: boolean }> & { readonly isProduction: boolean }

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws ConfigError with every problem listed. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {}
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key]
    if (value !== undefined && value !== '') picked[key] = value
  }
  const parsed = envSchema.safeParse(picked)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const isProduction = parsed.data.NODE_ENV === 'production'
  const config = { ...parsed.data, SERVE_H5: parsed.data.SERVE_H5 ?? !isProduction, isProduction }
  if (config.isProduction) assertProductionSecrets(config, picked)
  return Object.freeze(config)
}

function assertProductionSecrets(config: Env, given: Record<string, string>): void {
  const problems: string[] = []
  if (!given.JWT_SECRET || config.JWT_SECRET.includes(DEFAULT_JWT_SECRET)) problems.push('JWT_SECRET is missing or contains the development default')
  if (!given.TIP_ENCRYPTION_KEY || usesDevelopmentTipKey(config.TIP_ENCRYPTION_KEY)) {
    problems.push('TIP_ENCRYPTION_KEY is missing or one of its keys is the development default (also as "id:<key>" in a rotation list)')
  }
  if (!given.WECHAT_APPID || !given.WECHAT_SECRET || config.WECHAT_SECRET === DEFAULT_WECHAT_SECRET) problems.push('WECHAT_APPID and WECHAT_SECRET must be set')
  if (!given.WECHAT_TEMPLATE_ID || config.WECHAT_TEMPLATE_ID === DEFAULT_TEMPLATE_ID)
    problems.push('WECHAT_TEMPLATE_ID must be the subscription template id from the WeChat console')
  if (!!given.WECHAT_MP_APPID !== !!given.WECHAT_MP_SECRET) problems.push('WECHAT_MP_APPID and WECHAT_MP_SECRET are set together (or neither)')
  if (!given.WECHAT_API_BASE) problems.push('WECHAT_API_BASE must be set (https://api.weixin.qq.com)')
  if (!given.MONGODB_URI) problems.push('MONGODB_URI must be set (the embedded database is for development)')
  if (problems.length) {
    throw new ConfigError(`Refusing to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}
