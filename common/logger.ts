/**
 * pino logger construction shared by every daemon and CLI command.
 *
 * Secrets never reach a log line, even when a header object, a request or a config object is logged whole (STYLE
 * rule 18): every key named in {@link REDACTED_KEYS} is replaced by `[redacted]` at any depth, compared
 * case-insensitively (`Authorization`, `X-Api-Key`). The key list is compiled into a Set once.
 *
 * Why not pino's `redact` paths: a path reaches one fixed depth, so `{ upstream: { req: { headers: { authorization
 * } } } }` needs its own `*.*.*.authorization` path per name, and leading-wildcard paths are slow (measured: 92 such
 * paths cost ~85 µs per relay `exchange` line; the whole line costs ~3 µs with the walk here). One copy-on-write walk
 * covers every depth and case at the cost of a Set lookup per key.
 */
import { pino } from 'pino'

import type { Logger, LevelWithSilent } from 'pino'

/**
 * Object keys whose values are secrets wherever they appear, lower-case: credential headers (Node lower-cases
 * incoming header names; the comparison is case-insensitive so header objects we build ourselves match too), and
 * provider keys, client tokens, agent credentials and private keys.
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie', 'set-cookie',
  'apikey', 'api_key', 'key', 'token', 'credential', 'jointoken', 'secret', 'password', 'privatekey', 'privatejwk',
  'access_token', 'refresh_token', 'id_token', 'client_secret'
])

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]'

/**
 * Nesting depth below which the redaction walk stops; anything deeper (or a cycle) is replaced by REDACTED_TOO_DEEP
 * rather than written unchecked.
 */
export const REDACT_MAX_DEPTH = 12

/** What a value nested deeper than REDACT_MAX_DEPTH is replaced with. */
export const REDACTED_TOO_DEEP = '[redacted: nested too deep]'

/** True for objects JSON serialises member by member: plain objects, null-prototype objects (Node's headers). */
function isPlainObject (value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Returns `value` with every secret key's value replaced by REDACTED, copying only the objects on the way to a
 * secret (the caller's objects are never modified). Errors and class instances are returned as they are: pino's
 * error serializer writes type, message and stack only.
 */
export function redactSecrets (value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value
  if (depth >= REDACT_MAX_DEPTH) return REDACTED_TOO_DEEP
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      const redacted = redactSecrets(item, depth + 1)
      if (redacted !== item) {
        copy ??= value.slice()
        copy[i] = redacted
      }
    }
    return copy ?? value
  }
  if (!isPlainObject(value)) return value
  let copy: Record<string, unknown> | undefined
  for (const key of Object.keys(value)) {
    const item = value[key]
    const redacted = REDACTED_KEYS.has(key.toLowerCase()) ? REDACTED : redactSecrets(item, depth + 1)
    if (redacted !== item) {
      copy ??= { ...value }
      copy[key] = redacted
    }
  }
  return copy ?? value
}

/** pino `formatters.log`: {@link redactSecrets} on the whole log object. */
function redactFormatter (object: Record<string, unknown>): Record<string, unknown> {
  return redactSecrets(object) as Record<string, unknown>
}

/** The levels accepted by `--log-level`. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  level?: LevelWithSilent
  /** Where lines go; defaults to stderr so stdout stays free for command output (tokens, env lines). */
  destination?: NodeJS.WritableStream
  name?: string
}

/** Builds the root logger: JSON lines to stderr, secrets redacted from log objects and child bindings. */
export function createLogger (options: CreateLoggerOptions = {}): Logger {
  const logger = pino({
    name: options.name ?? 'keyward',
    level: options.level ?? 'info',
    formatters: { log: redactFormatter }
  }, (options.destination ?? process.stderr) as pino.DestinationStream)
  // pino applies `formatters.bindings` to the root's own bindings only and serialises a child's bindings once, when
  // the child is made. Redact them there: children are made with Object.create(parent), so every descendant
  // inherits this override and `this` is whichever logger `child` was called on.
  const child = logger.child
  logger.child = function redactedChild (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings) as pino.Bindings, childOptions)
  } as typeof child
  return logger
}

/** A logger that drops everything, for tests and library callers that pass none. */
export function silentLogger (): Logger {
  return pino({ level: 'silent' })
}

export type { Logger }
