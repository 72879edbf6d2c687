/**
 * OpenAI-style error responses for the relay's HTTP front door.
 *
 * Every refusal the relay makes is a body the OpenAI SDK parses into an APIError:
 * `{"error":{"message","type","code","param":null}}`. Errors raised after the response head has gone out cannot
 * change the status any more: an SSE stream gets one final `data:` event carrying the same object (the SDK
 * throws on a `data:` payload that has an `error` field), anything else is cut by destroying the socket so the
 * client sees a truncated body rather than a silently complete one.
 */
import { GatewayError } from '../../common/errors.js'
import { INTERNAL_ERROR_MESSAGE, SSE_CONTENT_TYPE, WWW_AUTHENTICATE_BEARER } from './constants.js'
import { ClientTooSlowError, InternalError, MethodNotAllowedError } from './errors.js'

import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'

/** The fields of an error body, for callers that do not hold a GatewayError. */
export interface OpenAiErrorFields {
  /** Human-readable reason, shown to the client as is. */
  message: string
  /** OpenAI error type, e.g. `invalid_request_error`. */
  type: string
  /** Stable keyward code, `GW_ERR_<AREA>_<WHAT>`. */
  code: string
  /** HTTP status; not part of the body, kept so the same object can drive {@link sendError}. */
  status: number
}

/** Options of {@link sendError}. */
export interface SendErrorOptions {
  /** Ask the client to close the connection (`Connection: close`), e.g. after a refused body that was not read. */
  close?: boolean
  /**
   * The response is an SSE stream. Needed when its head was written with `writeHead(status, headers)`, since
   * Node then keeps no copy of those headers; otherwise the `content-type` set with `setHeader` is checked.
   */
  eventStream?: boolean
}

/**
 * Serialises `err` as an OpenAI-style error body. The result is one line of JSON (JSON.stringify escapes every
 * control character), so it is also safe as a single SSE `data:` line.
 */
export function openAiErrorBody (err: GatewayError | OpenAiErrorFields): string {
  return JSON.stringify({ error: { message: err.message, type: err.type, code: err.code, param: null } })
}

/**
 * Converts anything thrown into the error the client may see: GatewayErrors as they are, everything else as an
 * {@link InternalError} with a generic message (the original is only its `cause`, never shown). A GatewayError
 * whose status is not a 4xx/5xx is reported as 500 too, since an error must never look like a success.
 */
export function toClientError (err: unknown): GatewayError {
  if (err instanceof GatewayError && Number.isInteger(err.status) && err.status >= 400 && err.status <= 599) {
    return err
  }
  return new InternalError(INTERNAL_ERROR_MESSAGE, { cause: err })
}

/**
 * Answers `res` with `err` in the best form still possible:
 * - head not sent: discards any headers set so far, then sends the status, the JSON body, `content-type:
 *   application/json`, `www-authenticate: Bearer realm="keyward"` on a 401, `allow` on a 405 that names methods,
 *   and `connection: close` when `opts.close` is set;
 * - head sent and the response is SSE: writes a final `data: {"error":…}` event and ends the response; this
 *   assumes the writer stopped at an event boundary, which the relay's per-event flushing guarantees;
 * - otherwise (or when the client is too slow to take even that event): destroys the response's socket.
 * Does nothing if the response already ended or was destroyed. Never throws.
 */
export function sendError (res: ServerResponse, err: unknown, opts: SendErrorOptions = {}): void {
  if (res.writableEnded || res.destroyed) {
    return
  }
  const clientErr = toClientError(err)
  const body = openAiErrorBody(clientErr)

  if (!res.headersSent) {
    // Headers set for the success path (content-length, content-type, provider headers) must not leak into the
    // error response, and a stale content-length would corrupt the framing.
    for (const name of res.getHeaderNames()) {
      res.removeHeader(name)
    }
    const headers: OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store'
    }
    if (clientErr.status === 401) {
      headers['www-authenticate'] = WWW_AUTHENTICATE_BEARER
    }
    if (clientErr instanceof MethodNotAllowedError && clientErr.allow.length > 0) {
      headers.allow = clientErr.allow.join(', ')
    }
    if (opts.close === true) {
      headers.connection = 'close'
    }
    // Errors that tell the client when to retry (spend limits: retry-after, x-ratelimit-*).
    const extra = (clientErr as { responseHeaders?: Record<string, string> }).responseHeaders
    if (extra !== undefined) Object.assign(headers, extra)
    res.writeHead(clientErr.status, headers)
    res.end(body)
    return
  }

  if ((opts.eventStream === true || isEventStream(res)) && !(clientErr instanceof ClientTooSlowError)) {
    res.end(`data: ${body}\n\n`)
    return
  }
  // No in-band way left to report the failure: cut the connection so the client cannot mistake a truncated
  // body for a complete one. No error is passed to destroy(), so no extra 'error' event is raised on the socket.
  res.destroy()
}

/** True when the response's content-type set with `setHeader` is `text/event-stream` (any case, any parameters). */
function isEventStream (res: ServerResponse): boolean {
  const value = res.getHeader('content-type')
  if (typeof value !== 'string') {
    return false
  }
  const semi = value.indexOf(';')
  const mediaType = semi === -1 ? value : value.slice(0, semi)
  return mediaType.trim().toLowerCase() === SSE_CONTENT_TYPE
}
