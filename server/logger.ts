import { randomInt } from 'node:crypto'
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino'

export type { Logger }

const HOUR = 3600_000
const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR

/**
 * Log lines about anonymous tips: they must not date a tip finer than the hour, neither by
 * their `time` nor by where they sit among the other lines. So they are held in memory,
 * stamped with the start of their hour, and written out together, in random order, once
 * that hour is over (checked every minute and on the next line). A stop or crash loses the
 * lines of the current hour: writing them out at exit would date them by the exit time.
 */
class HourlyLog {
  private lines: string[] = []
  private hour = 0
  readonly logger: Logger
  private readonly timer: NodeJS.Timeout

  constructor(
    options: LoggerOptions,
    private readonly out: { write(line: string): unknown },
  ) {
    this.logger = pino({ ...options, timestamp: () => `,"time":${hourOf(Date.now())}` }, { write: (line: string) => this.hold(line) })
    this.timer = setInterval(() => {
      if (this.lines.length && hourOf(Date.now()) !== this.hour) this.flush()
    }, 60_000)
    this.timer.unref()
  }

  private hold(line: string): void {
    const hour = hourOf(Date.now())
    if (hour !== this.hour) this.flush()
    this.hour = hour
    this.lines.push(line)
  }

  /** Writes out what is held, shuffled. */
  flush(): void {
    const lines = this.lines
    this.lines = []
    for (let i = lines.length - 1; i > 0; i--) {
      const j = randomInt(i + 1)
      ;[lines[i], lines[j]] = [lines[j], lines[i]]
    }
    for (const line of lines) this.out.write(line)
  }

  get held(): number {
    return this.lines.length
  }
}

const hourly = new WeakMap<Logger, HourlyLog>()

/** `destination`: where lines go (default stdout); tests pass a stream to read them. */
export function createLogger(level: string, name = 'campaign', destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', '*.contact'], censor: '[redacted]' },
  }
  const out = destination ?? pino.destination(1)
  const logger = pino(options, out)
  hourly.set(logger, new HourlyLog(options, out))
  return logger
}

/**
 * The logger for anything about tips (their routes and services): same level and output as
 * `logger` (a logger made by createLogger), but its lines carry only the hour and are written
 * after that hour ends, shuffled (HourlyLog).
 */
export function hourlyLogger(logger: Logger): Logger {
  const log = hourly.get(logger)
  if (!log) throw new Error('hourlyLogger needs a logger made by createLogger')
  return log.logger
}

/** Writes out held tip log lines now (tests; a clean shutdown). */
export function flushHourlyLog(logger: Logger): void {
  hourly.get(logger)?.flush()
}
