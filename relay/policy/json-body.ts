/**
 * Reads a client's JSON request body for policy, and re-serialises what policy saw for forwarding.
 *
 * THREATS.md §A.4: the relay forwards the object it parsed, never the client's bytes. Duplicate keys therefore
 * cannot smuggle a second value past policy (`{"model":"allowed","model":"forbidden"}` parses to the last one, and
 * that is what policy checks and what the provider receives). Invalid UTF-8 is refused rather than turned into
 * U+FFFD, nesting is capped (checked with an explicit stack, not recursion), and numbers JSON cannot carry back
 * (1e400 parses to Infinity and would be re-serialised as `null`) are refused, so upstream sees exactly what policy saw.
 */
import { BadJsonError } from '../http/errors.js'
import { DEFAULT_MAX_JSON_DEPTH } from './constants.js'

/** Options of {@link parseJsonBody}. */
export interface ParseJsonBodyOptions {
  /** Deepest nesting accepted (each object or array is one level); default DEFAULT_MAX_JSON_DEPTH. */
  maxDepth?: number
  /** Refuse a top-level value that is not an object (API endpoints take objects); default true. */
  requireObject?: boolean
}

/**
 * Decodes `buf` as strict UTF-8 (a leading BOM is dropped) and parses it as JSON. Throws BadJsonError (400,
 * GW_ERR_HTTP_BAD_JSON) for invalid UTF-8, an empty body, invalid JSON, nesting deeper than `maxDepth`, a
 * non-finite number, or (with `requireObject`) a top-level value that is not an object. The message never
 * quotes the body.
 */
export function parseJsonBody (buf: Uint8Array, opts: ParseJsonBodyOptions = {}): unknown {
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH
  let text: string
  try {
    // A fresh decoder per call: `fatal` decoders keep no state between complete decode() calls, but this is cheap.
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch (err) {
    throw new BadJsonError('request body is not valid UTF-8', { cause: err })
  }
  if (text.trim() === '') throw new BadJsonError('request body is empty; a JSON object is required')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    // V8's message quotes part of the body ("Unexpected token … in JSON at position N"): keep it as cause only.
    throw new BadJsonError('request body is not valid JSON', { cause: err })
  }
  if (opts.requireObject !== false && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new BadJsonError('request body must be a JSON object')
  }
  checkShape(value, maxDepth)
  return value
}

/** Walks a parsed value with an explicit stack: refuses nesting deeper than `maxDepth` and non-finite numbers. */
function checkShape (root: unknown, maxDepth: number): void {
  const stack: Array<[unknown, number]> = [[root, 0]]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, depth] = item
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new BadJsonError('request body has a number too large to represent')
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth + 1 > maxDepth) throw new BadJsonError(`request body is nested deeper than ${maxDepth} levels`)
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
}

/**
 * Serialises the parsed body for forwarding: exactly the object policy evaluated (last duplicate key wins, BOM and
 * whitespace gone). The caller must send a fresh Content-Length: the result can be shorter or slightly longer
 * than the client's bytes (`1e21` becomes `1e+21`). `undefined` (no body) serialises to an empty buffer.
 */
export function serializeForwardedBody (body: unknown): Buffer {
  // JSON.stringify returns undefined for undefined (no body): forward nothing.
  return Buffer.from(JSON.stringify(body) ?? '', 'utf8')
}
