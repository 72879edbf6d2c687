/**
 * pino logger construction shared by every daemon and CLI command.
 *
 * Redaction paths are compiled once here, so provider keys, client tokens, cookies and join tokens never reach a
 * log line even when a header object or config object is logged whole (STYLE rule 18).
 */
import { pino } from 'pino'

import type { Logger, LevelWithSilent } from 'pino'

/** Paths pino replaces with `[redacted]`; covers header objects at any nesting used in this code base. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'authorization', '*.authorization', '*.*.authorization', 'headers.authorization',
  'req.headers.authorization', 'req.headers["api-key"]', 'req.headers["x-api-key"]', 'req.headers.cookie',
  '*["api-key"]', '*["x-api-key"]', '*.cookie', 'cookie',
  'apiKey', '*.apiKey', '*.*.apiKey', 'key', '*.key', 'token', '*.token', '*.*.token',
  'credential', '*.credential', 'joinToken', '*.joinToken', 'secret', '*.secret', 'password', '*.password'
])

/** The levels accepted by `--log-level`. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  level?: LevelWithSilent
  /** Where lines go; defaults to stderr so stdout stays free for command output (tokens, env lines). */
  destination?: NodeJS.WritableStream
  name?: string
}

/** Builds the root logger: JSON lines to stderr, with the redaction list applied. */
export function createLogger (options: CreateLoggerOptions = {}): Logger {
  return pino({
    name: options.name ?? 'keyward',
    level: options.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }
  }, (options.destination ?? process.stderr) as pino.DestinationStream)
}

/** A logger that drops everything, for tests and library callers that pass none. */
export function silentLogger (): Logger {
  return pino({ level: 'silent' })
}

export type { Logger }
