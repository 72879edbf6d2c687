/**
 * Typed errors of the tunnel protocol layer (STYLE rules 6–8).
 *
 * Frame-level errors carry `closeCode`: the WebSocket close code the connection owner closes with (as the
 * `WS_ERR_*` errors of ws/lib/receiver.js do). Stream-level errors travel to the peer as the `code` of a Reset.
 * Codes are append-only; never reuse a retired one.
 */
import { defineError } from '../errors.js'
import { WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_TOO_BIG } from './constants.js'

import type { GatewayErrorOptions } from '../errors.js'

/** A frame larger than `maxFrameBytes` was received or would be sent; the tunnel closes with 1009. */
export class TunnelFrameTooLargeError extends defineError('GW_ERR_TUNNEL_FRAME_TOO_LARGE', 'tunnel frame exceeds the size limit', 502, 'api_error') {
  /** WebSocket close code to use: 1009 (message too big). */
  readonly closeCode: number = WS_CLOSE_TOO_BIG
}

/**
 * A frame could not be decoded or is invalid: protobuf decode failure, no `kind`, CR/LF/NUL or other control
 * bytes in a header, too many or too large headers, bad method/path/status. The tunnel closes with 1002.
 */
export class TunnelFrameMalformedError extends defineError('GW_ERR_TUNNEL_FRAME_MALFORMED', 'tunnel frame is malformed', 502, 'api_error') {
  /** WebSocket close code to use: 1002 (protocol error). */
  readonly closeCode: number = WS_CLOSE_PROTOCOL_ERROR
}

/**
 * A well-formed frame broke the protocol: seq gap or duplicate, frame for a never-opened stream, wrong stream-id
 * parity, Open from the agent, Data before Head, Data after End, and so on. Stream-level cases reset that
 * stream; tunnel-level cases (stream 0, ids, roles) close the tunnel with 1002.
 */
export class TunnelProtocolError extends defineError('GW_ERR_TUNNEL_PROTOCOL', 'tunnel protocol violation', 502, 'api_error') {
  /** WebSocket close code to use when the fault is tunnel-level: 1002 (protocol error). */
  readonly closeCode: number = WS_CLOSE_PROTOCOL_ERROR
}

/** The peer sent more Data than the stream's window allowed, or over-credited a window; the stream is reset. */
export class TunnelFlowControlError extends defineError('GW_ERR_TUNNEL_FLOW_CONTROL', 'tunnel peer exceeded the flow-control window', 502, 'api_error') {
  /** WebSocket close code if an owner chooses to treat it as tunnel-fatal: 1002 (protocol error). */
  readonly closeCode: number = WS_CLOSE_PROTOCOL_ERROR
}

/** Options of {@link TunnelStreamResetError}. */
export interface TunnelStreamResetErrorOptions extends GatewayErrorOptions {
  /** The `code` of the Reset frame (a GW_ERR_* code); defaults to this class's own code. */
  remoteCode?: string
  /** `'remote'` when the peer sent the Reset (default), `'local'` when `TunnelStream.reset()` was called. */
  origin?: 'remote' | 'local'
}

/**
 * A stream was reset: by the peer (a Reset frame arrived) or locally through `TunnelStream.reset()`.
 * `remoteCode` is the Reset's code and `remoteMessage` its message, as sent on the wire.
 */
export class TunnelStreamResetError extends defineError('GW_ERR_TUNNEL_STREAM_RESET', 'tunnel stream was reset', 502, 'api_error') {
  /** The GW_ERR_* code carried by the Reset frame. */
  readonly remoteCode: string
  /** The message carried by the Reset frame ('' when it had none). */
  readonly remoteMessage: string
  /** Which end reset the stream. */
  readonly origin: 'remote' | 'local'

  constructor (message?: string, options: TunnelStreamResetErrorOptions = {}) {
    super(message === undefined || message === '' ? undefined : message, options)
    this.remoteCode = options.remoteCode ?? 'GW_ERR_TUNNEL_STREAM_RESET'
    this.remoteMessage = message ?? ''
    this.origin = options.origin ?? 'remote'
  }
}

/** The stream was destroyed locally without a coded error; sent to the peer as the Reset code. */
export class TunnelStreamAbortedError extends defineError('GW_ERR_TUNNEL_STREAM_ABORTED', 'tunnel stream was aborted', 502, 'api_error') {}

/** The tunnel went away (closed, lost, heartbeat timeout) while the stream was open, or is already closed. */
export class TunnelClosedError extends defineError('GW_ERR_TUNNEL_CLOSED', 'tunnel closed', 502, 'api_error') {}

/** `maxStreams` streams are already open on this tunnel; the new one is refused. */
export class TunnelTooManyStreamsError extends defineError('GW_ERR_TUNNEL_TOO_MANY_STREAMS', 'too many concurrent tunnel streams', 503, 'api_error') {}

/** The tunnel is draining (GoAway sent or received): no new streams; safe to retry on another tunnel. */
export class TunnelGoingAwayError extends defineError('GW_ERR_TUNNEL_GOING_AWAY', 'tunnel is going away', 503, 'api_error') {}

/** No pong or message arrived within the heartbeat timeout; the connection owner should terminate the socket. */
export class TunnelHeartbeatTimeoutError extends defineError('GW_ERR_TUNNEL_HEARTBEAT_TIMEOUT', 'tunnel heartbeat timed out', 502, 'api_error') {}
