/**
 * One exchange at the agent: a tunnel stream from the relay becomes one HTTP request to the connection's upstream,
 * with the provider credential added here, and the upstream response streams back with backpressure both ways.
 *
 * The relay already refused traversal tricks and stripped client credentials; the agent checks again (defence in
 * depth) because it is the component that holds the key. Redirects are never followed (Node's http does not), so
 * the upstream can only ever be the configured base URL.
 */
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

import { GatewayError } from '../common/errors.js'
import { API_PREFIX, UPSTREAM_HEAD_TIMEOUT_MS, UPSTREAM_IDLE_TIMEOUT_MS } from './constants.js'
import {
  AgentBadPathError, AgentUnknownConnectionError, AgentUpstreamFailedError, AgentUpstreamTimeoutError
} from './errors.js'

import type { IncomingMessage, ClientRequest, OutgoingHttpHeaders } from 'node:http'
import type { Logger } from 'pino'
import type { TunnelStream } from '../common/tunnel/tunnel-stream.js'
import type { ResolvedConnection } from './connection-registry.js'

/** Request headers the agent never forwards, whatever the relay sent: credentials and hop-by-hop framing. */
const DROP_REQUEST_HEADERS = new Set([
  'authorization', 'api-key', 'x-api-key', 'cookie', 'host', 'connection', 'keep-alive', 'transfer-encoding', 'te',
  'trailer', 'upgrade', 'proxy-authorization', 'proxy-connection', 'content-length', 'expect'
])

/** Response headers not passed back: hop-by-hop framing (the tunnel re-frames) and cookies from the provider. */
const DROP_RESPONSE_HEADERS = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'set-cookie'
])

/** Path shapes refused even though the relay should already have refused them. */
const SUSPICIOUS_PATH = /(^|\/)\.\.?(\/|$)|\/\/|\\|%2e|%2f|%5c|%00|[\0-\x1f\x7f]/i

/** Timing knobs for {@link handleUpstreamStream}, overridable in tests. */
export interface UpstreamTimeouts {
  headTimeoutMs: number
  idleTimeoutMs: number
}

/** Builds the upstream URL for a relay path: `/v1/chat/completions` + `https://api/v1` → `https://api/v1/chat/completions`. */
export function upstreamUrl (connection: ResolvedConnection, path: string): URL {
  const [pathname = '', query] = splitQuery(path)
  if (!pathname.startsWith(API_PREFIX + '/') || SUSPICIOUS_PATH.test(pathname)) throw new AgentBadPathError()
  const base = connection.upstream.pathname.replace(/\/+$/, '')
  const url = new URL(connection.upstream.origin)
  url.pathname = base + pathname.slice(API_PREFIX.length)
  if (query !== undefined) url.search = query
  // The URL parser must not have moved us anywhere else (it would resolve dot segments).
  if (url.origin !== connection.upstream.origin || !url.pathname.startsWith(base + '/')) throw new AgentBadPathError()
  return url
}

function splitQuery (path: string): [string, string | undefined] {
  const i = path.indexOf('?')
  return i === -1 ? [path, undefined] : [path.slice(0, i), path.slice(i)]
}

function buildRequestHeaders (connection: ResolvedConnection, forwarded: ReadonlyArray<[string, string]>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {}
  for (const [name, value] of forwarded) {
    const lower = name.toLowerCase()
    if (DROP_REQUEST_HEADERS.has(lower) || lower.startsWith('proxy-')) continue
    const prev = headers[lower]
    headers[lower] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [String(prev)]), value]
  }
  for (const [name, value] of connection.extraHeaders) headers[name] = value
  for (const [name, value] of connection.authHeaders) headers[name] = value
  return headers
}

function responseHeaders (res: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const raw = res.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase()
    if (DROP_RESPONSE_HEADERS.has(name)) continue
    out.push([name, raw[i + 1] as string])
  }
  return out
}

function codeOf (err: unknown): string {
  return err instanceof GatewayError ? err.code : 'GW_ERR_AGENT_UPSTREAM_FAILED'
}

/**
 * Serves one tunnel stream: calls the upstream and streams the response back. Never throws; every failure
 * becomes a Reset on the stream with a GW_ERR_* code, and a stream closed by the relay aborts the upstream call
 * (so a client that hangs up stops the provider from generating, and billing, more tokens).
 */
export function handleUpstreamStream (
  stream: TunnelStream,
  connections: ReadonlyMap<string, ResolvedConnection>,
  logger: Logger,
  timeouts: UpstreamTimeouts = { headTimeoutMs: UPSTREAM_HEAD_TIMEOUT_MS, idleTimeoutMs: UPSTREAM_IDLE_TIMEOUT_MS }
): void {
  const { open } = stream
  // Plain fields rather than a child logger: a child per exchange is measurable on the hot path.
  const where = { exchangeId: open.exchangeId, connection: open.connection }
  const log = logger
  // A reset (ours or the relay's) or tunnel loss surfaces as 'error' on the stream; the 'close' handler below
  // does the cleanup, so the error only needs to be observed here (an unobserved one would crash the agent).
  stream.on('error', (err: Error) => { log.debug({ ...where, err: err.message }, 'tunnel stream ended with an error') })
  const connection = connections.get(open.connection)
  let url: URL
  try {
    if (connection === undefined) throw new AgentUnknownConnectionError(`this agent does not serve connection '${open.connection}'`)
    url = upstreamUrl(connection, open.path)
  } catch (err) {
    const e = err as GatewayError
    log.warn({ ...where, code: e.code }, 'refusing exchange')
    stream.reset(e.code, e.message)
    return
  }

  const doRequest = url.protocol === 'https:' ? httpsRequest : httpRequest
  let req: ClientRequest
  let headTimer: NodeJS.Timeout | undefined
  let finished = false
  const fail = (err: GatewayError): void => {
    if (finished) return
    finished = true
    clearTimeout(headTimer)
    log.warn({ ...where, code: err.code, err: err.message }, 'upstream exchange failed')
    req.destroy()
    if (!stream.destroyed) stream.reset(err.code, err.message)
  }

  req = doRequest(url, {
    method: open.method,
    headers: buildRequestHeaders(connection as ResolvedConnection, open.headers),
    agent: (connection as ResolvedConnection).socketPool
  })
  headTimer = setTimeout(() => fail(new AgentUpstreamTimeoutError('the upstream provider sent no response head in time')), timeouts.headTimeoutMs)
  headTimer.unref()

  req.on('error', (err: NodeJS.ErrnoException) => {
    fail(new AgentUpstreamFailedError(`the upstream provider could not be reached (${err.code ?? 'error'})`, { cause: err }))
  })
  req.setTimeout(timeouts.idleTimeoutMs, () => fail(new AgentUpstreamTimeoutError('the upstream provider stopped sending')))

  // The relay closing the stream (client gone, kill, tunnel loss) aborts the upstream request at once.
  stream.on('close', () => {
    if (!finished) {
      finished = true
      clearTimeout(headTimer)
      req.destroy()
      log.debug(where, 'exchange closed before the upstream finished; upstream request aborted')
    }
  })

  // Request body: tunnel → upstream, with backpressure. pipe() rather than pipeline(): this runs per exchange and
  // both ends' errors are already handled above (req 'error') and in the stream's 'error'/'close' listeners.
  stream.pipe(req)

  req.on('response', (res) => {
    clearTimeout(headTimer)
    if (stream.destroyed) {
      res.destroy()
      return
    }
    stream.respond(res.statusCode ?? 502, responseHeaders(res))
    // A provider that dies mid-body makes `res` emit 'error' (Node reports the premature close as one).
    res.on('error', (err) => fail(new AgentUpstreamFailedError(`upstream response failed mid-body (${codeOf(err)})`, { cause: err })))
    res.on('end', () => { finished = true })
    res.pipe(stream)
  })
}
