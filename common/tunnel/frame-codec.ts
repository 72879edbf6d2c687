/**
 * Encoding and validating decoding of tunnel frames (one protobuf `Frame` per WebSocket message).
 *
 * `decodeFrame` is the only place untrusted tunnel bytes are parsed, so it checks the size before protobufjs
 * sees the bytes and never throws anything but the two coded frame errors (STYLE rules 8 and 13). Header
 * validation is shared by both directions: we refuse to send what we would refuse to receive (STYLE rule 14).
 *
 * Stream frames (Open, Head, Data) are also built by hand with {@link encodeStreamFrame}: Data is the hot frame,
 * and the mux must be able to add `end_stream` to a frame it already built when the writer ends in the same tick.
 * The hand-built bytes equal the generated encoder's for the same fields (test/common/tunnel/frame-codec.test.ts).
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
  /** First request body bytes (CAP_END_STREAM peers only); counted against the acceptor's window. */
  body?: Uint8Array
  /** No request body follows (CAP_END_STREAM peers only). */
  endStream?: boolean
}

/** Fields of a Head to send; headers as {@link HeaderList}. */
export interface HeadInit {
  status: number
  headers: HeaderList
  /** Receive window the acceptor grants for the request body, in bytes. */
  windowBytes: number
  /** First response body bytes (CAP_END_STREAM peers only); counted against the opener's window. */
  body?: Uint8Array
  /** No response body follows (CAP_END_STREAM peers only). */
  endStream?: boolean
}

/** Exactly one body of a frame to send. */
export type FrameBody =
  | { hello: HelloInit }
  | { welcome: WelcomeInit }
  | { open: OpenInit }
  | { head: HeadInit }
  | { data: { chunk: Uint8Array, endStream?: boolean } }
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
  if ('data' in frame) {
    const f = encodeStreamFrame(STREAM_FRAME_DATA, streamId, seq, undefined, frame.data.chunk)
    return frame.data.endStream === true ? f.bytesWithEnd() : f.bytes()
  }
  if ('open' in frame || 'head' in frame) {
    const kind = 'open' in frame ? STREAM_FRAME_OPEN : STREAM_FRAME_HEAD
    const init = 'open' in frame ? frame.open : frame.head
    const fields = 'open' in frame ? encodeOpenFields(frame.open) : encodeHeadFields(frame.head)
    const f = encodeStreamFrame(kind, streamId, seq, fields, init.body)
    return init.endStream === true ? f.bytesWithEnd() : f.bytes()
  }
  return pb.Frame.encode(frame).finish()
}

/**
 * Validates an Open (request line, headers) and encodes its fields 1–6, without `body` and `end_stream`, for
 * {@link encodeStreamFrame}. Throws TunnelFrameMalformedError for an invalid method, path, connection or header.
 */
export function encodeOpenFields (o: OpenInit): Uint8Array {
  validateRequestLine(o.method, o.path, o.connection)
  validateHeaders(o.headers)
  return pb.Open.encode({
    connection: o.connection,
    method: o.method,
    path: o.path,
    headers: headersToProto(o.headers),
    exchangeId: o.exchangeId,
    windowBytes: o.windowBytes
  }).finish()
}

/**
 * Validates a Head (status, headers) and encodes its fields 1–3, without `body` and `end_stream`, for
 * {@link encodeStreamFrame}. Throws TunnelFrameMalformedError for an invalid status or header.
 */
export function encodeHeadFields (h: HeadInit): Uint8Array {
  validateStatus(h.status)
  validateHeaders(h.headers)
  return pb.Head.encode({ status: h.status, headers: headersToProto(h.headers), windowBytes: h.windowBytes }).finish()
}

/**
 * Wire layout of one stream frame kind that {@link encodeStreamFrame} builds by hand: the Frame field that holds
 * the body message, and inside it the tags of the bytes field and of the `end_stream` flag numbered after it.
 * Tags are `field number << 3 | wire type` (2 = length-delimited, 0 = varint) and must match proto/tunnel.proto.
 */
export interface StreamFrameKind {
  /** Tag of the Frame field: open = 5, head = 6, data = 7 (length-delimited). */
  readonly frameTag: number
  /** Tag of the bytes field: Open.body = 7, Head.body = 4, Data.chunk = 1 (length-delimited). */
  readonly bytesTag: number
  /** Tag of the flag: Open.end_stream = 8, Head.end_stream = 5, Data.end_stream = 2 (varint). */
  readonly endTag: number
}

/** Open: fields 1–6, then `body` (7), then `end_stream` (8). */
export const STREAM_FRAME_OPEN: StreamFrameKind = Object.freeze({ frameTag: 5 << 3 | 2, bytesTag: 7 << 3 | 2, endTag: 8 << 3 })
/** Head: fields 1–3, then `body` (4), then `end_stream` (5). */
export const STREAM_FRAME_HEAD: StreamFrameKind = Object.freeze({ frameTag: 6 << 3 | 2, bytesTag: 4 << 3 | 2, endTag: 5 << 3 })
/** Data: `chunk` (1), then `end_stream` (2). */
export const STREAM_FRAME_DATA: StreamFrameKind = Object.freeze({ frameTag: 7 << 3 | 2, bytesTag: 1 << 3 | 2, endTag: 2 << 3 })

const TAG_STREAM_ID = 1 << 3
const TAG_SEQ = 2 << 3
/** Bytes `end_stream = true` adds to a body message: its one-byte tag and the varint 1. */
const END_FIELD_BYTES = 2

function varintBytes (v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5
}

function writeVarint (buf: Buffer, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80
    v >>>= 7
  }
  buf[pos++] = v
  return pos
}

/**
 * One encoded Open, Head or Data frame that can still be ended: {@link bytes} is the frame as built,
 * {@link bytesWithEnd} the same frame with `end_stream = true`. The buffer has room for the flag, so ending it
 * normally rewrites the length in place; neither method copies the body again (unless the length varint grows).
 * Use one of the two methods once: `bytesWithEnd` changes the buffer.
 */
export class StreamFrame {
  readonly #buf: Buffer
  readonly #size: number
  readonly #lenAt: number
  readonly #bodyLen: number
  readonly #endTag: number

  /** @internal Built by {@link encodeStreamFrame}. */
  constructor (buf: Buffer, size: number, lenAt: number, bodyLen: number, endTag: number) {
    this.#buf = buf
    this.#size = size
    this.#lenAt = lenAt
    this.#bodyLen = bodyLen
    this.#endTag = endTag
  }

  /** Encoded size without `end_stream`, in bytes; `bytesWithEnd()` is 2 or 3 bytes longer. */
  get byteLength (): number {
    return this.#size
  }

  /** The frame without `end_stream` (a view of the internal buffer). */
  bytes (): Buffer {
    return this.#buf.subarray(0, this.#size)
  }

  /** The frame with `end_stream = true`. */
  bytesWithEnd (): Buffer {
    const bodyLen = this.#bodyLen + END_FIELD_BYTES
    const lenAt = this.#lenAt
    const oldWidth = varintBytes(this.#bodyLen)
    let buf = this.#buf
    let end = this.#size
    if (varintBytes(bodyLen) !== oldWidth) {
      // The body length crossed a varint boundary (e.g. 127 -> 129): shift the body by one byte. Rare.
      const grown = Buffer.allocUnsafe(this.#size + 1 + END_FIELD_BYTES)
      buf.copy(grown, 0, 0, lenAt)
      buf.copy(grown, lenAt + oldWidth + 1, lenAt + oldWidth, this.#size)
      buf = grown
      end += 1
    }
    writeVarint(buf, lenAt, bodyLen)
    buf[end] = this.#endTag
    buf[end + 1] = 1
    return buf.subarray(0, end + END_FIELD_BYTES)
  }
}

/**
 * Builds a stream frame by hand: `stream_id`, `seq`, then the body message of `kind` made of `fields` (already
 * encoded lower-numbered fields, e.g. from {@link encodeOpenFields}) and `bytes` (omitted when empty, as proto3
 * does). The result equals the generated encoder's output for the same values. No validation and no size check.
 */
export function encodeStreamFrame (kind: StreamFrameKind, streamId: number, seq: number, fields: Uint8Array | undefined, bytes: Uint8Array | undefined): StreamFrame {
  const fieldsLen = fields === undefined ? 0 : fields.byteLength
  const bytesLen = bytes === undefined ? 0 : bytes.byteLength
  const bodyLen = fieldsLen + (bytesLen > 0 ? 1 + varintBytes(bytesLen) + bytesLen : 0)
  // proto3: zero stream_id / seq are not written (the generated encoder omits default scalars too).
  const headLen = (streamId !== 0 ? 1 + varintBytes(streamId) : 0) + (seq !== 0 ? 1 + varintBytes(seq) : 0)
  const lenAt = headLen + 1
  const size = lenAt + varintBytes(bodyLen) + bodyLen
  const buf = Buffer.allocUnsafe(size + END_FIELD_BYTES)
  let pos = 0
  if (streamId !== 0) {
    buf[pos++] = TAG_STREAM_ID
    pos = writeVarint(buf, pos, streamId)
  }
  if (seq !== 0) {
    buf[pos++] = TAG_SEQ
    pos = writeVarint(buf, pos, seq)
  }
  buf[pos++] = kind.frameTag
  pos = writeVarint(buf, pos, bodyLen)
  if (fields !== undefined && fieldsLen > 0) {
    buf.set(fields, pos)
    pos += fieldsLen
  }
  if (bytes !== undefined && bytesLen > 0) {
    buf[pos++] = kind.bytesTag
    pos = writeVarint(buf, pos, bytesLen)
    buf.set(bytes, pos)
  }
  return new StreamFrame(buf, size, lenAt, bodyLen, kind.endTag)
}

function validateDecoded (frame: Frame): void {
  // Read once: protobufjs computes a oneof's `kind` on every read.
  const kind = frame.kind
  if (kind === undefined) throw new TunnelFrameMalformedError('frame has no kind')
  if (kind === 'open') {
    const o = frame.open
    /* c8 ignore next - protobufjs always sets the field named by `kind` */
    if (o == null) throw new TunnelFrameMalformedError('open frame without body')
    validateRequestLine(o.method ?? '', o.path ?? '', o.connection ?? '')
    validateHeaders(headersFromProto(o.headers as ProtoHeader[] | null | undefined))
  } else if (kind === 'head') {
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
