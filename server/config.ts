import { z } from 'zod'

/** Values that ship in the repo or docs; production must not run with them. */
export const DEFAULT_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789'
export const DEFAULT_TIP_KEY = 'ZGV2LW9ubHktdGlwLWtleS1jaGFuZ2UtbWUtMDEyMzQ='
export const DEFAULT_WECHAT_SECRET = 'dev-wechat-secret'

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1')

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  MONGODB_URI: z.string().url().optional(),
  DB_NAME: z.string().regex(/^[A-Za-z0-9_-]+$/).default('campus_campaign'),
  DATA_DIR: z.string().default('data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').default(DEFAULT_JWT_SECRET),
  JWT_TTL: z.string().default('7d'),
  WECHAT_APPID: z.string().default('wx-dev-appid'),
  WECHAT_SECRET: z.string().default(DEFAULT_WECHAT_SECRET),
  /** Unset outside production: the server runs the local WeChat stand-in. */
  WECHAT_API_BASE: z.string().url().optional(),
  /** Template id of the subscription message used for article pushes and reminders. */
  WECHAT_TEMPLATE_ID: z.string().default('tmpl-campaign-news'),
  /** base64 of 32 bytes (AES-256-GCM); may be "keyId:base64,keyId2:base64" for rotation, first one encrypts. */
  TIP_ENCRYPTION_KEY: z.string().default(DEFAULT_TIP_KEY),
  SUPERADMIN_PASSWORD: z.string().min(8).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JOBS_ENABLED: bool.default(true),
  SERVE_H5: bool.default(true),
  BODY_LIMIT_KB: z.coerce.number().int().positive().default(256),
})

export type Config = Readonly<z.infer<typeof envSchema>> & { readonly isProduction: boolean }

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
  const config = { ...parsed.data, isProduction: parsed.data.NODE_ENV === 'production' }
  if (config.isProduction) assertProductionSecrets(config, picked)
  return Object.freeze(config)
}

function assertProductionSecrets(config: z.infer<typeof envSchema>, given: Record<string, string>): void {
  const problems: string[] = []
  if (!given.JWT_SECRET || config.JWT_SECRET === DEFAULT_JWT_SECRET) problems.push('JWT_SECRET is missing or the development default')
  if (!given.TIP_ENCRYPTION_KEY || config.TIP_ENCRYPTION_KEY === DEFAULT_TIP_KEY) problems.push('TIP_ENCRYPTION_KEY is missing or the development default')
  if (!given.WECHAT_APPID || !given.WECHAT_SECRET || config.WECHAT_SECRET === DEFAULT_WECHAT_SECRET) problems.push('WECHAT_APPID and WECHAT_SECRET must be set')
  if (!given.WECHAT_API_BASE) problems.push('WECHAT_API_BASE must be set (https://api.weixin.qq.com)')
  if (!given.MONGODB_URI) problems.push('MONGODB_URI must be set (the embedded database is for development)')
  if (problems.length) {
    throw new ConfigError(`Refusing to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}
