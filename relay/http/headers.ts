/**
 * Header filtering in both directions across the relay.
 *
 * Requests (client → agent): only end-to-end headers that say something about the request itself go on. The
 * relay never forwards framing (it re-frames from the parsed body, RFC 9112 §6.3 and THREATS A.1), hop-by-hop
 * headers (RFC 9110 §7.6.1), the client's credentials (the agent adds the provider key from its own store,
 * THREATS A.5), client-address claims, method/URL override headers some frameworks honour, or anything in the
 * `x-keyward-` namespace, which belongs to the relay alone.
 *
 * Responses (agent → client): hop-by-hop headers, cookies and anything that could carry the provider's key or
 * account identity back are dropped; rate-limit, request-id and timing headers the SDKs read are kept.
 *
 * Both directions refuse CR, LF, NUL and other control characters in values instead of cleaning them, and cap
 * the number and total size of headers.
 */
import {
  EXCHANGE_ID_HEADER,
  MAX_CLIENT_RESPONSE_HEADER_BYTES,
  MAX_CLIENT_RESPONSE_HEADER_COUNT,
  MAX_EXCHANGE_ID_LENGTH,
  MAX_UPSTREAM_HEADER_BYTES,
  MAX_UPSTREAM_HEADER_COUNT,
  RESERVED_HEADER_PREFIX
} from './constants.js'
import { BadHeaderError, UpstreamFailedError } from './errors.js'

import type { GatewayError } from '../../common/errors.js'
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http'

/** Options of {@link buildUpstreamHeaders}. */
export interface UpstreamHeaderOptions {
  /** The relay's id for this exchange, sent as `x-keyward-exchange-id`; `[A-Za-z0-9._:-]`, at most 128 chars. */
  exchangeId: string
  /** Most headers to forward, including the exchange id. Defaults to MAX_UPSTREAM_HEADER_COUNT. */
  maxCount?: number
  /** Most header bytes to forward (`name + value + 4` each). Defaults to MAX_UPSTREAM_HEADER_BYTES. */
  maxBytes?: number
}

/** Options of {@link buildClientResponseHeaders}. */
export interface ClientResponseHeaderOptions {
  /**
   * The body is sent to the client byte for byte as the provider framed and encoded it. Only then are
   * `content-length` and `content-encoding` kept; otherwise the body is taken to be decoded (identity) and
   * re-chunked by the relay, so both would be wrong.
   */
  passthroughBody?: boolean
  /** Most headers to pass back. Defaults to MAX_CLIENT_RESPONSE_HEADER_COUNT. */
  maxCount?: number
  /** Most header bytes to pass back. Defaults to MAX_CLIENT_RESPONSE_HEADER_BYTES. */
  maxBytes?: number
}

/** Hop-by-hop headers (RFC 9110 §7.6.1, plus the legacy `keep-alive` and `proxy-connection`). */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'
])

/** Headers that carry a credential for some provider, gateway or cloud API, in either direction. */
const CREDENTIALS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie', 'set-cookie',
  'openai-organization', 'openai-project', 'x-goog-api-key', 'ocp-apim-subscription-key'
])

/** Request headers dropped besides hop-by-hop ones and credentials. */
const REQUEST_DROP: ReadonlySet<string> = new Set([
  // Re-set by the agent for the provider's host and the re-framed body.
  'host', 'content-length', 'expect',
  // The relay and agent decode and mask bodies, so the agent picks the encoding it asks the provider for.
  'accept-encoding',
  // Client-address claims: the relay is the edge, nothing upstream may trust what the client says here.
  'forwarded', 'via', 'x-real-ip', 'true-client-ip', 'cf-connecting-ip', 'x-client-ip', 'x-cluster-client-ip',
  'client-ip',
  // Method and URL overrides that some servers honour, which would bypass the route and method policy saw.
  'x-http-method-override', 'x-http-method', 'x-method-override', 'x-original-url', 'x-rewrite-url',
  'x-original-host'
])

/** Request header prefixes dropped: proxy controls, forwarding claims, keyward's namespace, AWS signing. */
const REQUEST_DROP_PREFIXES: readonly string[] = ['proxy-', 'x-forwarded-', RESERVED_HEADER_PREFIX, 'x-amz-']

/** `anthropic-*` request headers that are protocol, not credentials; every other `anthropic-*` is dropped. */
const ANTHROPIC_PROTOCOL: ReadonlySet<string> = new Set(['anthropic-version', 'anthropic-beta'])

/** Response headers dropped besides hop-by-hop ones and credentials. */
const RESPONSE_DROP: ReadonlySet<string> = new Set([
  // The provider's auth challenge would make the client doubt its relay token; the relay sends its own 401s.
  'www-authenticate', 'proxy-authenticate',
  // Identify the provider account behind the key.
  'anthropic-organization-id',
  // Policies of the provider's origin, wrong for the relay's.
  'strict-transport-security', 'alt-svc'
])

/** Response header prefixes dropped. */
const RESPONSE_DROP_PREFIXES: readonly string[] = ['proxy-', RESERVED_HEADER_PREFIX]

/** RFC 9110 §5.6.2 token: the only valid header name characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * Characters not allowed in a header value: controls other than HTAB (so CR, LF, NUL), DEL, and anything past
 * U+00FF (RFC 9110 §5.5; the same rule as Node's own checkInvalidHeaderChar, so values we pass never make
 * `writeHead` throw).
 */
const BAD_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/

/** Exchange ids: short, and nothing that could break a header line. */
const EXCHANGE_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${MAX_EXCHANGE_ID_LENGTH}}$`)

/** Bytes a header takes on the wire beyond its name and value: `: ` and CRLF. */
const HEADER_LINE_OVERHEAD_BYTES = 4

/** Builds an error of the right kind for the direction being filtered. */
type ErrorFactory = (message: string, status?: number) => GatewayError

/** Request-side errors: the client sent something we refuse. */
const requestError: ErrorFactory = (message, status) =>
  new BadHeaderError(message, status === undefined ? {} : { status })

/** Response-side errors: the agent or provider sent something we refuse, which is their failure. */
const responseError: ErrorFactory = (message) => new UpstreamFailedError(`upstream response: ${message}`)

/**
 * Returns the request headers to send to the agent, as lower-case `[name, value]` pairs in arrival order (a
 * multi-valued header gives one pair per value), ending with `x-keyward-exchange-id`.
 *
 * Dropped: hop-by-hop headers and every name listed in `Connection`; `host`, `content-length`, `expect`,
 * `accept-encoding`; credentials (`authorization`, `api-key`, `x-api-key`, `cookie`, `openai-organization`,
 * `openai-project`, …) and `anthropic-*` except `anthropic-version` and `anthropic-beta`; `forwarded`, `via`,
 * `x-forwarded-*`, `x-real-ip` and other client-address claims; method/URL override headers; `proxy-*`,
 * `x-amz-*` and `x-keyward-*`. A `content-encoding` other than `identity` is refused (415), since policy could
 * not read a compressed body. Throws BadHeaderError (400) for an invalid name or a value holding CR, LF, NUL or
 * another control character (even in a header that would be dropped), and with status 431 when the forwarded
 * headers pass `maxCount` or `maxBytes`. Throws RangeError for a malformed `exchangeId` (a relay bug).
 */
export function buildUpstreamHeaders (
  incoming: IncomingHttpHeaders,
  opts: UpstreamHeaderOptions
): Array<[string, string]> {
  if (!EXCHANGE_ID.test(opts.exchangeId)) {
    throw new RangeError('exchangeId must be 1-128 characters of [A-Za-z0-9._:-]')
  }
  const pairs = toPairs(Object.entries(incoming), requestError)
  const listed = connectionTokens(pairs)
  const out: Array<[string, string]> = []
  for (const [name, value] of pairs) {
    if (name === 'content-encoding') {
      if (value.trim().toLowerCase() !== 'identity') {
        throw new BadHeaderError('compressed request bodies are not supported', { status: 415 })
      }
      continue
    }
    if (listed.has(name) || dropRequestHeader(name)) {
      continue
    }
    out.push([name, value])
  }
  out.push([EXCHANGE_ID_HEADER, opts.exchangeId])
  checkLimits(out, opts.maxCount ?? MAX_UPSTREAM_HEADER_COUNT, opts.maxBytes ?? MAX_UPSTREAM_HEADER_BYTES,
    (message) => requestError(message, 431))
  return out
}

/**
 * Returns the provider's response headers to send to the client, as an object for `res.writeHead` (lower-case
 * names, repeated names as arrays; built with Object.fromEntries so a `__proto__` header is a plain key).
 *
 * Dropped: hop-by-hop headers and every name listed in `Connection`; `content-length` and `content-encoding`
 * unless `passthroughBody`; `set-cookie`, `authorization`, `api-key`, `x-api-key`, `openai-organization`,
 * `openai-project` and other credential headers; `www-authenticate`, `proxy-*`, `anthropic-organization-id`,
 * `strict-transport-security`, `alt-svc` and `x-keyward-*`. Everything else is kept, including `content-type`,
 * `cache-control`, `x-request-id`, `openai-processing-ms` and `x-ratelimit-*`. Throws UpstreamFailedError (502)
 * for an invalid name, a value holding CR, LF, NUL or another control character, or more than `maxCount`
 * headers / `maxBytes` bytes kept.
 */
export function buildClientResponseHeaders (
  upstream: ReadonlyArray<readonly [string, string]>,
  opts: ClientResponseHeaderOptions = {}
): OutgoingHttpHeaders {
  const pairs = toPairs(upstream, responseError)
  const listed = connectionTokens(pairs)
  const passthrough = opts.passthroughBody === true
  const kept: Array<[string, string]> = []
  for (const [name, value] of pairs) {
    if (listed.has(name) || dropResponseHeader(name)) {
      continue
    }
    if (!passthrough && (name === 'content-length' || name === 'content-encoding')) {
      continue
    }
    kept.push([name, value])
  }
  checkLimits(kept, opts.maxCount ?? MAX_CLIENT_RESPONSE_HEADER_COUNT,
    opts.maxBytes ?? MAX_CLIENT_RESPONSE_HEADER_BYTES, responseError)

  const merged = new Map<string, string | string[]>()
  for (const [name, value] of kept) {
    const prev = merged.get(name)
    if (prev === undefined) {
      merged.set(name, value)
    } else if (Array.isArray(prev)) {
      prev.push(value)
    } else {
      merged.set(name, [prev, value])
    }
  }
  return Object.fromEntries(merged)
}

/** Validates and flattens headers into lower-case `[name, value]` pairs, one per value. */
function toPairs (
  entries: Iterable<readonly [string, string | readonly string[] | undefined]>,
  fail: ErrorFactory
): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const [rawName, rawValue] of entries) {
    if (rawValue === undefined) {
      continue
    }
    if (!TOKEN.test(rawName)) {
      throw fail('invalid header name')
    }
    const name = rawName.toLowerCase()
    const values: readonly string[] = typeof rawValue === 'string' ? [rawValue] : rawValue
    for (const value of values) {
      if (typeof value !== 'string' || BAD_VALUE_CHAR.test(value)) {
        throw fail('a header value contains a forbidden character (CR, LF, NUL, other control, or non-Latin-1)')
      }
      pairs.push([name, value])
    }
  }
  return pairs
}

/** Lower-case header names listed in `Connection` (RFC 9110 §7.6.1), which are hop-by-hop too. */
function connectionTokens (pairs: ReadonlyArray<readonly [string, string]>): Set<string> {
  const tokens = new Set<string>()
  for (const [name, value] of pairs) {
    if (name !== 'connection') {
      continue
    }
    for (const token of value.split(',')) {
      const t = token.trim().toLowerCase()
      if (t !== '') {
        tokens.add(t)
      }
    }
  }
  return tokens
}

/** True for request headers that never reach the agent. */
function dropRequestHeader (name: string): boolean {
  if (HOP_BY_HOP.has(name) || CREDENTIALS.has(name) || REQUEST_DROP.has(name)) {
    return true
  }
  if (name.startsWith('anthropic-')) {
    return !ANTHROPIC_PROTOCOL.has(name)
  }
  return REQUEST_DROP_PREFIXES.some((p) => name.startsWith(p))
}

/** True for response headers that never reach the client. */
function dropResponseHeader (name: string): boolean {
  return HOP_BY_HOP.has(name) || CREDENTIALS.has(name) || RESPONSE_DROP.has(name) ||
    RESPONSE_DROP_PREFIXES.some((p) => name.startsWith(p))
}

/** Throws `fail(…)` when `pairs` has more than `maxCount` entries or more than `maxBytes` bytes. */
function checkLimits (
  pairs: ReadonlyArray<readonly [string, string]>,
  maxCount: number,
  maxBytes: number,
  fail: (message: string) => GatewayError
): void {
  if (pairs.length > maxCount) {
    throw fail(`too many headers (more than ${maxCount})`)
  }
  let bytes = 0
  for (const [name, value] of pairs) {
    // Every accepted value is latin1 (BAD_VALUE_CHAR), one byte per character on the wire.
    bytes += name.length + value.length + HEADER_LINE_OVERHEAD_BYTES
  }
  if (bytes > maxBytes) {
    throw fail(`headers too large (more than ${maxBytes} bytes)`)
  }
}
