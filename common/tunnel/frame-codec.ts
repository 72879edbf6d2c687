/**
 * Encoding and validating decoding of tunnel frames (one protobuf `Frame` per WebSocket message).
 *
 * `decodeFrame` is the only place untrusted tunnel bytes are parsed, so it checks the size before protobufjs
 * sees the bytes and never throws anything but the two coded frame errors (STYLE rules 8 and 13). Header
 * validation is shared by both directions: we refuse to send what we would refuse to receive (STYLE rule 14).
 */
import { keyward } from '../../proto/gen/tunnel.js'
import { MAX_FRAME_BYTES, MAX_HEADER_BYTES, MAX_HEADERS_PER_FRAME } from './constants.js'
import { TunnelFrameMalformedError, TunnelFrameTooLargeError } from './errors.js'

const pb = keyward.tunnel.v1

/** A decoded tunnel frame (generated protobuf class); `kind` names the one body field that is set. */
export type Frame = keyward.tunnel.v1.Frame
/** The body kinds a frame can carry. */
export type FrameKind = NonNullable<Frame['kind']>
/** Agent → relay first frame (stream 0). */
export type Hello = keyward.tunnel.v1.Hello
/** Relay → agent admission (stream 0). */
export type Welcome = keyward.tunnel.v1.Welcome
/** Graceful drain notice (stream 0). */
export type GoAway = keyward.tunnel.v1.GoAway
/** Stream-opening frame body (wire form, headers as protobuf messages). */
export type Open = keyward.tunnel.v1.Open
/** Response-head frame body (wire form). */
export type Head = keyward.tunnel.v1.Head
/** One wire header message. */
export type ProtoHeader = keyward.tunnel.v1.Header

/** HTTP header lines as the rest of keyward handles them: `[lower-case name, value]` in order. */
export type HeaderList = Array<[name: string, value: string]>

/** Fields of a Hello to send. */
export type HelloInit = keyward.tunnel.v1.Hello.$Properties
/** Fields of a Welcome to send. */
export type WelcomeInit = keyward.tunnel.v1.Welcome.$Properties
/** Fields of a GoAway to send. */
export type GoAwayInit = keyward.tunnel.v1.GoAway.$Properties

/** Fields of an Open to send; headers as {@link HeaderList}. */
export interface OpenInit {
  connection: string
  method: string
  path: string
  headers: HeaderList
  exchangeId: string
  /** Receive window the opener grants for the response body, in bytes. */
  windowBytes: number
}

/** Fields of a Head to send; headers as {@link HeaderList}. */
export interface HeadInit {
  status: number
  headers: HeaderList
  /** Receive window the acceptor grants for the request body, in bytes. */
  windowBytes: number
}

/** Exactly one body of a frame to send. */
export type FrameBody =
  | { hello: HelloInit }
  | { welcome: WelcomeInit }
  | { open: OpenInit }
  | { head: HeadInit }
  | { data: { chunk: Uint8Array } }
  | { end: Record<string, never> }
  | { reset: { code: string, message: string } }
  | { credit: { bytes: number } }
  | { goAway: GoAwayInit }

/** A frame to send: stream id, per-stream sequence number and one body. */
export type FrameInit = { streamId: number, seq: number } & FrameBody

// RFC 9110 §5.6.2 token characters, lower-case only (the schema says names are lower-case).
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/
// RFC 9110 §5.5: field values are VCHAR / obs-text / SP / HTAB. CR, LF and NUL (response splitting) and the other
// controls are refused; Node's http layer would throw on them later anyway, far from the cause.
const HEADER_VALUE_BAD_RE = /[\x00-\x08\x0a-\x1f\x7f]/ // eslint-disable-line no-control-regex -- matching control bytes is the point
const METHOD_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// Origin-form (RFC 9112 §3.2.1): starts with "/", no whitespace or controls.
const PATH_RE = /^\/[^\x00-\x20\x7f]*$/ // eslint-disable-line no-control-regex -- matching control bytes is the point
const MIN_STATUS = 100
const MAX_STATUS = 599

/**
 * Checks a header list against the protocol rules: at most `MAX_HEADERS_PER_FRAME` lines, at most
 * `MAX_HEADER_BYTES` of UTF-8 name + value in total, names lower-case tokens, values free of CR/LF/NUL and other
 * control bytes (HTAB allowed). Throws TunnelFrameMalformedError naming the first violation.
 */
export function validateHeaders (headers: ReadonlyArray<readonly [string, string]>): void {
  if (headers.length > MAX_HEADERS_PER_FRAME) {
    throw new TunnelFrameMalformedError(`too many headers: ${headers.length} > ${MAX_HEADERS_PER_FRAME}`)
  }
  let bytes = 0
  for (const [name, value] of headers) {
    if (typeof name !== 'string' || !HEADER_NAME_RE.test(name)) {
      throw new TunnelFrameMalformedError('invalid header name (must be a lower-case token)')
    }
    if (typeof value !== 'string' || HEADER_VALUE_BAD_RE.test(value)) {
      throw new TunnelFrameMalformedError(`invalid bytes in value of header ${name}`)
    }
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value)
    if (bytes > MAX_HEADER_BYTES) {
      throw new TunnelFrameMalformedError(`headers exceed ${MAX_HEADER_BYTES} bytes`)
    }
  }
}

/** Converts a {@link HeaderList} to wire Header messages (no validation; see {@link validateHeaders}). */
export function headersToProto (headers: ReadonlyArray<readonly [string, string]>): ProtoHeader[] {
  return headers.map(([name, value]) => pb.Header.create({ name, value }))
}

/** Converts wire Header messages to a {@link HeaderList} (no validation; `decodeFrame` already validated). */
export function headersFromProto (headers: readonly ProtoHeader[] | null | undefined): HeaderList {
  return (headers ?? []).map((h): [string, string] => [h.name, h.value])
}

function validateRequestLine (method: string, path: string, connection: string): void {
  if (!METHOD_RE.test(method)) throw new TunnelFrameMalformedError('invalid method in Open')
  if (!PATH_RE.test(path)) throw new TunnelFrameMalformedError('invalid path in Open (origin-form required)')
  if (connection === '' || HEADER_VALUE_BAD_RE.test(connection)) {
    throw new TunnelFrameMalformedError('invalid connection in Open')
  }
}

function validateStatus (status: number): void {
  if (!Number.isInteger(status) || status < MIN_STATUS || status > MAX_STATUS) {
    throw new TunnelFrameMalformedError(`invalid status in Head: ${status}`)
  }
}

/**
 * Encodes one frame to the bytes of one WebSocket message.
 * Open/Head headers and request lines are validated as on receive; throws TunnelFrameMalformedError when they are
 * invalid. The size is not checked here: the caller compares against its `maxFrameBytes`.
 */
export function encodeFrame (frame: FrameInit): Uint8Array {
  const { streamId, seq } = frame
  let props: keyward.tunnel.v1.Frame.$Properties
  if ('open' in frame) {
    const o = frame.open
    validateRequestLine(o.method, o.path, o.connection)
    validateHeaders(o.headers)
    props = {
      streamId,
      seq,
      open: {
        connection: o.connection,
        method: o.method,
        path: o.path,
        headers: headersToProto(o.headers),
        exchangeId: o.exchangeId,
        windowBytes: o.windowBytes
      }
    }
  } else if ('head' in frame) {
    validateStatus(frame.head.status)
    validateHeaders(frame.head.headers)
    props = { streamId, seq, head: { status: frame.head.status, headers: headersToProto(frame.head.headers), windowBytes: frame.head.windowBytes } }
  } else {
    props = frame
  }
  return pb.Frame.encode(props).finish()
}

function validateDecoded (frame: Frame): void {
  if (frame.kind === undefined) throw new TunnelFrameMalformedError('frame has no kind')
  if (frame.kind === 'open') {
    const o = frame.open
    /* c8 ignore next - protobufjs always sets the field named by `kind` */
    if (o == null) throw new TunnelFrameMalformedError('open frame without body')
    validateRequestLine(o.method ?? '', o.path ?? '', o.connection ?? '')
    validateHeaders(headersFromProto(o.headers as ProtoHeader[] | null | undefined))
  } else if (frame.kind === 'head') {
    const h = frame.head
    /* c8 ignore next - protobufjs always sets the field named by `kind` */
    if (h == null) throw new TunnelFrameMalformedError('head frame without body')
    validateStatus(h.status ?? 0)
    validateHeaders(headersFromProto(h.headers as ProtoHeader[] | null | undefined))
  }
}

/**
 * Decodes and validates one WebSocket message as a Frame.
 * Throws TunnelFrameTooLargeError (closeCode 1009) when `buf` exceeds `maxFrameBytes`, checked before any
 * parsing; TunnelFrameMalformedError (closeCode 1002) for any protobuf failure, a missing `kind`, or an invalid
 * Open/Head. Never throws anything else.
 */
export function decodeFrame (buf: Uint8Array, maxFrameBytes: number = MAX_FRAME_BYTES): Frame {
  if (buf.byteLength > maxFrameBytes) {
    throw new TunnelFrameTooLargeError(`tunnel frame of ${buf.byteLength} bytes exceeds ${maxFrameBytes}`)
  }
  let frame: Frame
  try {
    frame = pb.Frame.decode(buf)
  } catch (err: unknown) {
    throw new TunnelFrameMalformedError('tunnel frame failed to decode', { cause: err })
  }
  try {
    validateDecoded(frame)
  } catch (err: unknown) {
    if (err instanceof TunnelFrameMalformedError) throw err
    /* c8 ignore next 2 - defensive: validation only throws the coded error, but this keeps the contract */
    throw new TunnelFrameMalformedError('tunnel frame failed validation', { cause: err })
  }
  return frame
}
