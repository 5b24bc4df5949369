import pino, { type Logger } from 'pino'

export type { Logger }

export function createLogger(level: string, name = 'campaign'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', '*.contact'], censor: '[redacted]' },
  })
}
