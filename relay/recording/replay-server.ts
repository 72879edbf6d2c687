/**
 * `keyward recordings replay <id> --serve`: an OpenAI-compatible HTTP server that answers the requests of a recorded
 * session with their recorded responses, so a team can rerun a LangChain / OpenAI-SDK pipeline offline, with the
 * model's exact replies, and no provider, key or relay.
 *
 * Matching: a request matches a recorded exchange when method, path (with query) and body agree. Bodies are
 * compared in canonical form — JSON parsed and re-serialised with sorted keys and no whitespace — because the relay
 * recorded its own re-serialisation of the client's body (THREATS A.4), not the client's bytes; a body that is not
 * JSON is compared byte for byte. Identical requests are answered by the identical recorded exchanges in recorded
 * order, each once; past the last one the request is unmatched. Limits of matching: a request the relay rewrote
 * before forwarding (request masking replaced a value, a policy rewrote a field) only matches the rewritten form.
 *
 * Answer: the recorded status and headers (minus hop-by-hop headers and Content-Length: the body is re-framed),
 * plus `x-keyward-replay-exchange` naming the exchange; then the recorded chunks — with `timing`, at their
 * recorded offsets divided by `speed`. A response the client did not receive whole (no ExchangeEnd, or one not
 * `completed`) is cut the same way: the socket is destroyed after the last recorded chunk, except for SSE, whose
 * recorded stream already carries the relay's final error event. Unmatched requests get 404
 * GW_ERR_REPLAY_NO_MATCH, an exchange without a recorded response 502 GW_ERR_REPLAY_NO_RESPONSE, both as
 * OpenAI-style error bodies. Any Authorization is accepted: the replay holds no secrets.
 *
 * Bounds: request bodies up to `maxBodyBytes` (default {@link REPLAY_MAX_REQUEST_BODY_BYTES}, counted as they
 * stream; 413 past it), the relay's header count cap, and its header, request and body-idle timeouts. Plain HTTP,
 * bound to loopback by default: it serves recorded content to anyone who can reach it.
 */
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createServer, validateHeaderName, validateHeaderValue } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleepMs } from 'node:timers/promises'

import {
  BODY_IDLE_TIMEOUT_MS, DEFAULT_MAX_BODY_BYTES, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, MAX_REQUEST_HEADERS, REQUEST_TIMEOUT_MS
} from '../constants.js'
import { BodyLimiter, checkContentLength } from '../http/body-limit.js'
import { sendError } from '../http/error-body.js'
import { toNumber } from './frame-codec.js'
import { ReplayNoMatchError, ReplayNoResponseError } from './replay-errors.js'
import { responseMediaType } from './session-model.js'

import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { ExchangeModel, SessionModel } from './session-model.js'

/** Largest request body the replay server reads, in bytes: the relay's own default cap (it recorded nothing larger). */
export const REPLAY_MAX_REQUEST_BODY_BYTES = DEFAULT_MAX_BODY_BYTES

/** Default listen address: loopback only. */
export const DEFAULT_REPLAY_HOST = '127.0.0.1'

/** Default port: any free port (the chosen one is printed). */
export const DEFAULT_REPLAY_PORT = 0

/** Response header naming the recorded exchange that answered. */
export const REPLAY_EXCHANGE_HEADER = 'x-keyward-replay-exchange'

/**
 * Headers never replayed: hop-by-hop headers (RFC 9110 §7.6.1) belong to the original connection, and
 * Content-Length / Transfer-Encoding describe the original framing, which Node redoes.
 */
const DROPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'content-length', REPLAY_EXCHANGE_HEADER
])

/** Media type of Server-Sent Events. */
const SSE_MEDIA_TYPE = 'text/event-stream'

/** `value` serialised as JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>
    return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** Canonical form of a body: sorted-key JSON when it is UTF-8 JSON, else its bytes (hex), '' when empty. */
function canonicalBody (body: Uint8Array): string {
  if (body.length === 0) return ''
  try {
    return 'json:' + canonicalJson(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)))
  } catch {
    // Not UTF-8 or not JSON, or nested deeper than the call stack allows: compare the bytes themselves.
    return 'raw:' + Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('hex')
  }
}

/** The key a request is matched on: SHA-256 over method, path and canonical body. */
export function requestKey (method: string, path: string, body: Uint8Array): string {
  return createHash('sha256').update(`${method.toUpperCase()}\n${path}\n`).update(canonicalBody(body)).digest('hex')
}

/** Dependencies of {@link ReplayServer}. */
export interface ReplayServerComponents {
  /** The recorded session to serve. */
  model: SessionModel
  /** Logger (a child with `component: 'replay-server'` is made); default none. */
  logger?: Logger
}

/** Options of {@link ReplayServer}. */
export interface ReplayServerInit {
  /** Listen address (default DEFAULT_REPLAY_HOST). */
  host?: string
  /** Listen port (default 0: any free port). */
  port?: number
  /** Send chunks at their recorded offsets (default false: as fast as the client reads). */
  timing?: boolean
  /** Divides recorded offsets when `timing` is on (default 1); must be > 0. */
  speed?: number
  /** Largest request body in bytes (default REPLAY_MAX_REQUEST_BODY_BYTES). */
  maxBodyBytes?: number
  /** Waits `ms` (tests inject their own; default timers/promises setTimeout). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
}

/** Serves a recorded session over HTTP; see the module comment. `start()` listens, `stop()` closes. */
export class ReplayServer {
  readonly #queues = new Map<string, ExchangeModel[]>()
  /** How many recorded exchanges each key had, for the "already replayed" message. */
  readonly #recorded = new Map<string, number>()
  readonly #init: Required<Omit<ReplayServerInit, 'sleep'>> & Pick<ReplayServerInit, 'sleep'>
  readonly #logger: Logger | undefined
  #server: Server | undefined

  constructor (components: ReplayServerComponents, init: ReplayServerInit = {}) {
    const speed = init.speed ?? 1
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`replay speed must be a number > 0, got ${speed}`)
    this.#init = {
      host: init.host ?? DEFAULT_REPLAY_HOST,
      port: init.port ?? DEFAULT_REPLAY_PORT,
      timing: init.timing ?? false,
      speed,
      maxBodyBytes: init.maxBodyBytes ?? REPLAY_MAX_REQUEST_BODY_BYTES,
      sleep: init.sleep
    }
    this.#logger = components.logger?.child({ component: 'replay-server' })
    for (const ex of components.model.exchanges) {
      const key = requestKey(ex.start.method ?? '', ex.start.path ?? '', ex.requestBody)
      const queue = this.#queues.get(key) ?? []
      queue.push(ex)
      this.#queues.set(key, queue)
      this.#recorded.set(key, queue.length)
    }
  }

  /** Listens on host:port; resolves once listening. */
  async start (): Promise<void> {
    const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        // Reached only when writing the answer itself failed (the client went away): nothing left to tell it.
        this.#logger?.debug({ err }, 'replay response failed')
        res.destroy()
      })
    })
    server.maxHeadersCount = MAX_REQUEST_HEADERS
    this.#server = server
    server.listen(this.#init.port, this.#init.host)
    await once(server, 'listening')
  }

  /** Stops listening and closes every connection, including streams in progress. */
  async stop (): Promise<void> {
    const server = this.#server
    if (server === undefined) return
    this.#server = undefined
    const closed = new Promise<void>((resolve) => { server.close(() => { resolve() }) })
    server.closeAllConnections()
    await closed
  }

  /** The bound address (after `start()`). */
  get address (): AddressInfo {
    return this.#server?.address() as AddressInfo
  }

  /** The base URL OpenAI clients take: `http://<host>:<port>/v1`. */
  get baseUrl (): string {
    const { address, port, family } = this.address
    return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/v1`
  }

  /** Recorded exchanges not yet replayed. */
  get remaining (): number {
    let n = 0
    for (const q of this.#queues.values()) n += q.length
    return n
  }

  async #handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const path = req.url ?? '/'
    let body: Buffer
    try {
      checkContentLength(req.headers, this.#init.maxBodyBytes)
      const parts: Buffer[] = []
      await pipeline(req, new BodyLimiter({ maxBytes: this.#init.maxBodyBytes, idleMs: BODY_IDLE_TIMEOUT_MS }), async function * (source) {
        for await (const chunk of source) parts.push(chunk as Buffer)
      })
      body = Buffer.concat(parts)
    } catch (err) {
      sendError(res, err, { close: true })
      return
    }
    const key = requestKey(method, path, body)
    const ex = this.#queues.get(key)?.shift()
    if (ex === undefined) {
      const recorded = this.#recorded.get(key) ?? 0
      const message = recorded > 0
        ? `all ${recorded} recorded exchange${recorded === 1 ? '' : 's'} matching ${method} ${path} with this body were already replayed`
        : `no recorded exchange matches ${method} ${path} with this body (the replay answers only requests identical to recorded ones)`
      this.#logger?.info({ method, path }, 'replay: no match')
      sendError(res, new ReplayNoMatchError(message))
      return
    }
    this.#logger?.info({ method, path, exchangeId: ex.id }, 'replay: answering')
    const head = ex.responseHead
    const capped = ex.bodiesCapped && (ex.end === undefined || toNumber(ex.end.responseBytes) !== ex.responseBytes)
    if (head === undefined || capped) {
      sendError(res, new ReplayNoResponseError(head === undefined
        ? `recorded exchange ${ex.id} has no recorded response: the recording ends before it`
        : `the response body of recorded exchange ${ex.id} was not recorded: the session's size cap had been reached`))
      return
    }
    await this.#answer(ex, res)
  }

  /** Writes the recorded head and chunks of `ex`. */
  async #answer (ex: ExchangeModel, res: ServerResponse): Promise<void> {
    const headers: OutgoingHttpHeaders = {}
    for (const h of ex.responseHead?.headers ?? []) {
      const name = (h.name ?? '').toLowerCase()
      if (DROPPED_RESPONSE_HEADERS.has(name)) continue
      try {
        validateHeaderName(name)
        validateHeaderValue(name, h.value ?? '')
      } catch {
        // The relay never sends such a header (relay/http/headers.ts refuses them); skip rather than fail the reply.
        continue
      }
      const prev = headers[name]
      headers[name] = prev === undefined ? (h.value ?? '') : [...(Array.isArray(prev) ? prev : [String(prev)]), h.value ?? '']
    }
    headers[REPLAY_EXCHANGE_HEADER] = ex.id
    res.writeHead(ex.responseHead?.status ?? 200, headers)
    res.flushHeaders()

    const closed = new AbortController()
    res.once('close', () => { closed.abort() })
    const sleep = this.#init.sleep ?? (async (ms: number, signal: AbortSignal) => { await sleepMs(ms, undefined, { signal }) })
    let at = 0
    for (const chunk of ex.responseChunks) {
      if (this.#init.timing && chunk.atMs > at) await sleep((chunk.atMs - at) / this.#init.speed, closed.signal)
      at = Math.max(at, chunk.atMs)
      if (res.destroyed) return
      if (!res.write(chunk.data)) await once(res, 'drain', { signal: closed.signal })
    }
    if (ex.end?.completed === true || responseMediaType(ex) === SSE_MEDIA_TYPE) res.end()
    else res.destroy()
  }
}
