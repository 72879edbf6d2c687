/**
 * A minimal timed HTTP(S) client and a closed-loop runner: `concurrency` workers each send the next request as soon
 * as the previous one ended, for `durationMs`. Times come from process.hrtime.bigint() (sub-millisecond).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

import type { Endpoint } from './deployment.js'

/** One exchange, timed from just before the request is sent. */
export interface Exchange {
  status: number
  /** Until the first body byte (for SSE: the first `data:` event), in ms. */
  ttfbMs: number
  /** Until the end of the body, in ms. */
  totalMs: number
  /**
   * Until the first non-empty `"content":"…"` in the body (for a chat stream: the first text the user sees; a
   * masking relay may hold text back while it decides), in ms; -1 if none.
   */
  ttfcMs: number
  /** The last bytes of the body (enough to check for `data: [DONE]`). */
  tail: string
  /** The whole body, only from a client created with `keepBody`. */
  body?: string
}

/** A keep-alive client for one endpoint; `sockets` bounds its connections. */
export interface Client {
  post: (path: string, body: string, headers?: Record<string, string>) => Promise<Exchange>
  close: () => void
}

const TAIL_CHARS = 64
/** A JSON `content` string that is not empty: the first text of a chat stream (or of a chat reply). */
const FIRST_CONTENT = /"content":"[^"]/
/** Characters kept from the previous chunk while looking for FIRST_CONTENT across a chunk boundary. */
const CONTENT_CARRY_CHARS = 12

/** `keepBody`: also return the whole body in `Exchange.body` (for checks on the content). */
export function createClient (endpoint: Endpoint, sockets: number, options: { keepBody?: boolean } = {}): Client {
  const keepBody = options.keepBody === true
  const https = endpoint.baseUrl.startsWith('https:')
  const agent = https
    ? new HttpsAgent({ keepAlive: true, maxSockets: sockets, ...(endpoint.ca === undefined ? {} : { ca: endpoint.ca }) })
    : new HttpAgent({ keepAlive: true, maxSockets: sockets })
  const request = https ? httpsRequest : httpRequest
  return {
    close: () => agent.destroy(),
    post: async (path, body, headers = {}) => await new Promise<Exchange>((resolve, reject) => {
      const start = process.hrtime.bigint()
      const ms = (): number => Number(process.hrtime.bigint() - start) / 1e6
      const req = request(endpoint.baseUrl + path, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.bearer}`, ...headers }
      }, (res) => {
        let ttfbMs = -1
        let ttfcMs = -1
        let tail = ''
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          if (ttfbMs < 0) ttfbMs = ms()
          if (ttfcMs < 0 && FIRST_CONTENT.test(tail.slice(-CONTENT_CARRY_CHARS) + chunk)) ttfcMs = ms()
          tail = (tail + chunk).slice(-TAIL_CHARS)
          if (keepBody) body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ttfbMs, ttfcMs, totalMs: ms(), tail, ...(keepBody ? { body } : {}) }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })
  }
}

/** What a closed loop measured. */
export interface LoopResult {
  ok: number
  errors: number
  /** The first few error descriptions, for the report. */
  firstErrors: string[]
  elapsedS: number
  /** Per-exchange times of the successful exchanges, in ms. */
  totalMs: number[]
  ttfbMs: number[]
  ttfcMs: number[]
}

/** Stop a loop early once this many exchanges failed (a broken setup, not a measurement). */
const MAX_ERRORS = 100

/**
 * Runs `concurrency` workers calling `exchange()` back to back for `durationMs`. `check` returns a description of
 * what is wrong with an exchange (counted as an error), or undefined when it is valid.
 */
export async function closedLoop (
  concurrency: number,
  durationMs: number,
  exchange: () => Promise<Exchange>,
  check: (x: Exchange) => string | undefined
): Promise<LoopResult> {
  const result: LoopResult = { ok: 0, errors: 0, firstErrors: [], elapsedS: 0, totalMs: [], ttfbMs: [], ttfcMs: [] }
  const fail = (why: string): void => {
    result.errors++
    if (result.firstErrors.length < 3) result.firstErrors.push(why)
  }
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(durationMs) * 1_000_000n
  const worker = async (): Promise<void> => {
    while (process.hrtime.bigint() < deadline && result.errors < MAX_ERRORS) {
      try {
        const x = await exchange()
        const problem = check(x)
        if (problem !== undefined) {
          fail(problem)
          continue
        }
        result.ok++
        result.totalMs.push(x.totalMs)
        result.ttfbMs.push(x.ttfbMs)
        if (x.ttfcMs >= 0) result.ttfcMs.push(x.ttfcMs)
      } catch (err: unknown) {
        fail(err instanceof Error ? err.message : String(err))
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  result.elapsedS = Number(process.hrtime.bigint() - start) / 1e9
  return result
}
