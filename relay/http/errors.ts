/**
 * Typed errors of the relay's HTTP front door (`GW_ERR_HTTP_*`).
 *
 * Each class maps to the HTTP status the client sees and an OpenAI-style error `type`, so
 * `error-body.ts` can answer with a body the OpenAI SDK understands. Codes are append-only.
 */
import { defineError } from '../../common/errors.js'

import type { GatewayErrorOptions } from '../../common/errors.js'

/**
 * The request-target is not a plain origin-form path we are willing to forward (400): absolute-form,
 * authority-form, `*`, dot segments raw or encoded, `//`, backslashes, encoded separators, NUL or other control
 * characters, invalid percent-encoding, or longer than MAX_REQUEST_TARGET_BYTES. The path is refused, never repaired.
 */
export class BadTargetError extends defineError('GW_ERR_HTTP_BAD_TARGET', 'invalid request target', 400, 'invalid_request_error') {}

/** No such route: an unknown connection in the Host or `/c/<connection>/` prefix, or no connection selected (404). */
export class NotFoundError extends defineError('GW_ERR_HTTP_NOT_FOUND', 'not found', 404, 'invalid_request_error') {}

/** Options of {@link MethodNotAllowedError}. */
export interface MethodNotAllowedOptions extends GatewayErrorOptions {
  /** Methods to list in the `Allow` response header (RFC 9110 §15.5.6); empty means no header. */
  allow?: readonly string[]
}

/** The method is never served by the relay, such as CONNECT or TRACE (405). */
export class MethodNotAllowedError extends defineError('GW_ERR_HTTP_METHOD_NOT_ALLOWED', 'method not allowed', 405, 'invalid_request_error') {
  /** Methods for the `Allow` header; sendError emits it when non-empty. */
  readonly allow: readonly string[]

  constructor (message?: string, options: MethodNotAllowedOptions = {}) {
    super(message, options)
    this.allow = Object.freeze([...(options.allow ?? [])])
  }
}

/** The request body passed its byte cap, counted while streaming or declared by Content-Length (413). */
export class BodyTooLargeError extends defineError('GW_ERR_HTTP_BODY_TOO_LARGE', 'request body too large', 413, 'invalid_request_error') {}

/**
 * A request header is unacceptable (400): CR/LF/NUL or another control character in a value, an invalid name,
 * an invalid Content-Length, a compressed request body, or too many / too large headers (then 431).
 */
export class BadHeaderError extends defineError('GW_ERR_HTTP_BAD_HEADER', 'invalid request header', 400, 'invalid_request_error') {}

/** The connection exists but no agent serving it is connected to this relay (503); the message names the connection. */
export class NoAgentError extends defineError('GW_ERR_HTTP_NO_AGENT', 'no agent is connected', 503, 'api_error') {
  /** The connection that has no agent. */
  readonly connection: string

  /** `connection` must be a validated connection name: it is placed in the client-visible message. */
  constructor (connection: string, options: GatewayErrorOptions = {}) {
    super(`no agent is connected for connection '${connection}'`, options)
    this.connection = connection
  }
}

/** The agent or provider failed: the tunnel stream was reset, or the agent sent an invalid response head (502). */
export class UpstreamFailedError extends defineError('GW_ERR_HTTP_UPSTREAM_FAILED', 'upstream request failed', 502, 'api_error') {}

/**
 * The client read the response too slowly and its write buffer passed the high-water mark, so it was dropped.
 * By then headers are usually sent, so the client normally sees a closed socket rather than this 503.
 */
export class ClientTooSlowError extends defineError('GW_ERR_HTTP_CLIENT_TOO_SLOW', 'client is reading too slowly', 503, 'api_error') {}

/**
 * A deadline passed: 504 when the upstream took too long; the body limiter raises it with status 408 when the
 * client's request body goes idle.
 */
export class HttpTimeoutError extends defineError('GW_ERR_HTTP_TIMEOUT', 'request timed out', 504, 'api_error') {}

/**
 * Stand-in for any error that is not a GatewayError when it reaches the client (500). The message is always the
 * generic INTERNAL_ERROR_MESSAGE; the original is kept only as `cause`, for logs.
 */
export class InternalError extends defineError('GW_ERR_HTTP_INTERNAL', 'internal error', 500, 'api_error') {}

/** The client went away before the response completed; sent to the agent as the Reset code so it aborts upstream. */
export class ClientClosedError extends defineError('GW_ERR_HTTP_CLIENT_CLOSED', 'client disconnected', 499, 'api_error') {}

/** A JSON body the relay reads (API requests checked by policy, agent join) is not valid UTF-8 JSON of the expected shape (400). */
export class BadJsonError extends defineError('GW_ERR_HTTP_BAD_JSON', 'request body is not valid JSON', 400, 'invalid_request_error') {}
