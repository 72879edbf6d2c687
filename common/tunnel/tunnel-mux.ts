/**
 * The tunnel protocol state machine: multiplexes TunnelStreams over one FrameTransport.
 *
 * Rules enforced on receive (a single place, so both roles agree):
 * - stream 0 carries Hello (agent → relay), Welcome (relay → agent) and GoAway; anything wrong there is tunnel-fatal;
 * - stream ids are odd and allocated by the relay in increasing order, so an id at or below the highest one seen
 *   that is no longer active is a stream that closed recently: frames racing its Reset are dropped quietly, while a
 *   frame for an id above it (never opened) is a protocol error, as for idle streams in RFC 9113 §5.1;
 * - every sender numbers its frames per stream from 0; a gap or duplicate resets that stream (stream 0: closes);
 * - frame-level faults (too large, malformed, ids, roles) close the transport with the error's `closeCode`.
 * Faults are logged and emitted as `'protocol-error'`; the mux never emits `'error'`.
 *
 * Sending is batched per event-loop turn, because on a sandboxed host every socket write is expensive:
 * - the first frame of a turn corks the transport and schedules one `setImmediate` that uncorks it, so all the
 *   frames of the turn (all streams) leave in one TLS write;
 * - once the peer announced CAP_END_STREAM, the last Open, Head or Data frame of each stream is held until that
 *   same `setImmediate`: a Data written right after an Open or Head joins it as `body`, and an end of the stream
 *   becomes `end_stream` on the held frame instead of an End frame. A small exchange is then one frame each way.
 *   Holding costs no latency the cork does not already cost, and held bytes count as buffered for backpressure.
 */
import { EventEmitter } from 'node:events'

import { GatewayError } from '../errors.js'
import { silentLogger } from '../logger.js'
import {
  CAP_END_STREAM, INITIAL_WINDOW_BYTES, LOCAL_CAPABILITIES, MAX_DATA_CHUNK_BYTES, MAX_FRAME_BYTES,
  MAX_STREAMS_PER_TUNNEL, MAX_WINDOW_BYTES, TUNNEL_HIGH_WATER_BYTES, TUNNEL_LOW_WATER_BYTES, WS_CLOSE_GOING_AWAY,
  WS_CLOSE_NORMAL
} from './constants.js'
import {
  TunnelClosedError, TunnelFlowControlError, TunnelFrameTooLargeError, TunnelGoingAwayError, TunnelProtocolError,
  TunnelStreamAbortedError, TunnelTooManyStreamsError
} from './errors.js'
import {
  decodeFrame, encodeFrame, encodeHeadFields, encodeOpenFields, encodeStreamFrame, headersFromProto,
  STREAM_FRAME_DATA, STREAM_FRAME_HEAD, STREAM_FRAME_OPEN
} from './frame-codec.js'
import { TunnelStream } from './tunnel-stream.js'

import type { Logger } from '../logger.js'
import type {
  Frame, FrameBody, FrameInit, GoAway, GoAwayInit, Hello, HelloInit, ProtoHeader, StreamFrame, StreamFrameKind,
  Welcome, WelcomeInit
} from './frame-codec.js'
import type { FrameTransport } from './transport.js'
import type { OpenInfo, StreamControl, StreamHost } from './tunnel-stream.js'

/** Per-tunnel limits; every field defaults to the constant of the same meaning in constants.ts. */
export interface TunnelLimits {
  /** Largest frame sent or accepted, in bytes (MAX_FRAME_BYTES). */
  maxFrameBytes: number
  /** Most concurrent streams (MAX_STREAMS_PER_TUNNEL). */
  maxStreams: number
  /** Per-stream receive window and assumed peer window, in bytes (INITIAL_WINDOW_BYTES); both ends must agree. */
  initialWindowBytes: number
  /** Largest Data chunk sent, in bytes (MAX_DATA_CHUNK_BYTES). */
  maxDataChunkBytes: number
  /** Transport bufferedAmount above which all Data waits, in bytes (TUNNEL_HIGH_WATER_BYTES). */
  highWaterBytes: number
  /** Transport bufferedAmount at or below which waiting Data resumes, in bytes (TUNNEL_LOW_WATER_BYTES). */
  lowWaterBytes: number
}

/** The defaults of {@link TunnelLimits}. */
export const DEFAULT_TUNNEL_LIMITS: Readonly<TunnelLimits> = Object.freeze({
  maxFrameBytes: MAX_FRAME_BYTES,
  maxStreams: MAX_STREAMS_PER_TUNNEL,
  initialWindowBytes: INITIAL_WINDOW_BYTES,
  maxDataChunkBytes: MAX_DATA_CHUNK_BYTES,
  highWaterBytes: TUNNEL_HIGH_WATER_BYTES,
  lowWaterBytes: TUNNEL_LOW_WATER_BYTES
})

/** Largest stream id (uint32 on the wire, kept within 2^31 - 1 as in RFC 9113 §5.1.1). */
const MAX_STREAM_ID = 0x7fffffff

/** Most bytes `StreamFrame.bytesWithEnd()` adds: the 2-byte flag plus one if the length varint grows. */
const END_STREAM_GROWTH_BYTES = 3

/** Which end of the tunnel this mux is. The relay opens streams; the agent accepts them. */
export type TunnelRole = 'relay' | 'agent'

/** Construction parameters of {@link TunnelMux}. */
export interface TunnelMuxInit {
  transport: FrameTransport
  role: TunnelRole
  logger?: Logger
  limits?: Partial<TunnelLimits>
}

/** Events of {@link TunnelMux}. */
export interface TunnelMuxEvents {
  /** Agent role: the relay opened a stream. Without a listener the stream is reset (aborted). */
  stream: [stream: TunnelStream]
  /** Relay role: the agent's Hello arrived. */
  hello: [hello: Hello]
  /** Agent role: the relay's Welcome arrived. */
  welcome: [welcome: Welcome]
  /** The peer is draining: no new streams on this tunnel. */
  goaway: [goAway: GoAway]
  /** A protocol fault was handled (stream reset or tunnel closed); for logging and metrics. */
  'protocol-error': [err: GatewayError]
  /** Emitted once when the tunnel is closed; `err` is set unless the close was clean (local, 1000 or 1001). */
  close: [err?: Error]
}

/** A stream-0 frame body for {@link TunnelMux.sendControl}. */
export type ControlFrame = { hello: HelloInit } | { welcome: WelcomeInit } | { goAway: GoAwayInit }

/** A stream's last Open, Head or Data frame, built (seq assigned) but not yet handed to the transport. */
interface Held {
  kind: StreamFrameKind
  seq: number
  /** Encoded Open/Head fields while no body has joined them; undefined for Data and once a body joined. */
  fields: Uint8Array | undefined
  frame: StreamFrame
}

interface Entry {
  stream: TunnelStream
  control: StreamControl
  sendSeq: number
  recvSeq: number
  held: Held | undefined
  /** True while the entry is in the mux's list of entries to flush at the end of the turn. */
  queued: boolean
}

/**
 * Multiplexes TunnelStreams over one transport, with per-stream flow control and tunnel-wide backpressure on
 * `transport.bufferedAmount` (above `highWaterBytes` every stream's Data waits until it falls to `lowWaterBytes`).
 * Never emits `'error'`: faults become `'protocol-error'` plus a stream reset or a tunnel close.
 */
export class TunnelMux extends EventEmitter<TunnelMuxEvents> {
  /** This end's role. */
  readonly role: TunnelRole
  /** Effective limits. */
  readonly limits: Readonly<TunnelLimits>

  readonly #transport: FrameTransport
  readonly #log: Logger
  readonly #streams = new Map<number, Entry>()
  readonly #waiting = new Set<TunnelStream>()
  readonly #host: StreamHost
  #drainWaiters: Array<() => void> = []
  #highestId = 0
  #nextId = 1
  #sendSeq0 = 0
  #recvSeq0 = 0
  #localGoAway = false
  #remoteGoAway = false
  #closed = false
  #blocked = false
  /** The peer announced CAP_END_STREAM: hold and coalesce stream frames. */
  #coalesce = false
  /** A send batch is open: the transport is corked and `#endBatch` is scheduled. */
  #batchOpen = false
  #heldQueue: Entry[] = []
  /** Encoded bytes of all held frames; counted with `bufferedAmount` against the high-water mark. */
  #heldBytes = 0

  constructor (init: TunnelMuxInit) {
    super()
    this.role = init.role
    this.limits = Object.freeze({ ...DEFAULT_TUNNEL_LIMITS, ...init.limits })
    this.#transport = init.transport
    this.#log = (init.logger ?? silentLogger()).child({ component: 'tunnel-mux', role: init.role })
    this.#host = {
      send: (stream, body) => { this.#sendOnStream(stream, body) },
      sendData: (stream, chunk) => { this.#sendData(stream, chunk) },
      sendEnd: (stream) => { this.#sendEnd(stream) },
      acquire: (stream) => this.#acquire(stream),
      release: (stream) => { this.#release(stream) }
    }
    this.#transport.on('message', (data) => { this.#onMessage(data) })
    this.#transport.on('close', (code, reason) => { this.#onTransportClose(code, reason) })
  }

  /** Streams currently open (not yet finished in both directions nor reset). */
  get activeStreams (): number {
    return this.#streams.size
  }

  /** True once the tunnel is closed; every operation then fails or is a no-op. */
  get closed (): boolean {
    return this.#closed
  }

  /** True once a GoAway was sent or received: no new streams. */
  get goingAway (): boolean {
    return this.#localGoAway || this.#remoteGoAway
  }

  /**
   * Relay role: opens a stream for one exchange (odd ids 1, 3, 5, …) and sends its Open.
   * Throws TunnelClosedError when closed, TunnelGoingAwayError after a GoAway either way (or when ids run out),
   * TunnelTooManyStreamsError at `maxStreams`, TunnelProtocolError on the agent role, TunnelFrameMalformedError
   * for an invalid method/path/header and TunnelFrameTooLargeError when the Open exceeds `maxFrameBytes`.
   */
  openStream (open: OpenInfo): TunnelStream {
    if (this.#closed) throw new TunnelClosedError()
    if (this.role !== 'relay') throw new TunnelProtocolError('only the relay opens streams')
    if (this.goingAway) throw new TunnelGoingAwayError()
    if (this.#streams.size >= this.limits.maxStreams) {
      throw new TunnelTooManyStreamsError(`tunnel already has ${this.#streams.size} streams`)
    }
    const id = this.#nextId
    if (id > MAX_STREAM_ID) throw new TunnelGoingAwayError('tunnel stream ids exhausted')
    // Encode before creating anything, so an invalid Open leaves no trace.
    const fields = encodeOpenFields({ ...open, windowBytes: this.limits.initialWindowBytes })
    const frame = this.#checkSize(encodeStreamFrame(STREAM_FRAME_OPEN, id, 0, fields, undefined))
    this.#nextId += 2
    this.#highestId = id
    const entry = this.#createStream(id, 'opener', open, this.limits.initialWindowBytes)
    entry.sendSeq = 1
    if (this.#coalesce) this.#hold(entry, { kind: STREAM_FRAME_OPEN, seq: 0, fields, frame })
    else this.#write(frame.bytes())
    return entry.stream
  }

  /**
   * Sends a stream-0 frame: Hello (agent only), Welcome (relay only) or GoAway (either; also refuses new streams
   * from then on, as {@link goAway}). Throws TunnelClosedError when closed and TunnelProtocolError for a frame the
   * role may not send (the peer would close the tunnel for it).
   */
  sendControl (frame: ControlFrame): void {
    if (this.#closed) throw new TunnelClosedError()
    if ('hello' in frame && this.role !== 'agent') throw new TunnelProtocolError('only the agent sends Hello')
    if ('welcome' in frame && this.role !== 'relay') throw new TunnelProtocolError('only the relay sends Welcome')
    if ('goAway' in frame) this.#localGoAway = true
    // Stream-0 frames keep their order relative to the stream frames sent before them.
    this.#flushHeld()
    // The mux, not its owner, knows which protocol features it implements: it announces them itself.
    let body: ControlFrame = frame
    if ('hello' in frame) body = { hello: { ...frame.hello, capabilities: frame.hello.capabilities ?? LOCAL_CAPABILITIES } }
    else if ('welcome' in frame) body = { welcome: { ...frame.welcome, capabilities: frame.welcome.capabilities ?? LOCAL_CAPABILITIES } }
    this.#sendFrame({ streamId: 0, seq: this.#sendSeq0, ...body })
    this.#sendSeq0 = (this.#sendSeq0 + 1) >>> 0
  }

  /**
   * Starts a graceful drain: sends GoAway (last_stream_id = highest id seen) and refuses new streams from then on,
   * locally and from the peer (their Opens are reset with GW_ERR_TUNNEL_GOING_AWAY). Idempotent; a no-op if closed.
   */
  goAway (code: string = TunnelGoingAwayError.code, message = 'tunnel is going away'): void {
    if (this.#closed || this.#localGoAway) return
    this.sendControl({ goAway: { code, message, lastStreamId: this.#highestId } })
  }

  /**
   * Resolves when no stream is active, or after `timeoutMs` milliseconds, when the remaining streams are reset
   * with GW_ERR_TUNNEL_GOING_AWAY first. Also resolves when the tunnel closes. Never rejects.
   */
  async drain (timeoutMs: number): Promise<void> {
    if (this.#streams.size === 0 || this.#closed) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        for (const entry of [...this.#streams.values()]) {
          entry.control.fail(new TunnelGoingAwayError('drain timed out'), true)
        }
        done()
      }, timeoutMs)
      this.#drainWaiters.push(done)
    })
  }

  /**
   * Closes the tunnel: destroys every open stream with TunnelClosedError (no Resets are sent) and closes the
   * transport with `code` and `reason`. Emits `'close'` without an error. Idempotent.
   */
  close (code: number = WS_CLOSE_NORMAL, reason = 'tunnel closed'): void {
    this.#shutdown(code, reason, undefined)
  }

  #createStream (id: number, side: 'opener' | 'acceptor', open: OpenInfo, sendWindow: number): Entry {
    // Declared this way so TypeScript does not narrow it to `undefined`: the constructor assigns it synchronously.
    let control = undefined as StreamControl | undefined
    const stream = new TunnelStream({
      id,
      side,
      open,
      host: this.#host,
      register: (c) => { control = c },
      sendWindowBytes: sendWindow,
      recvWindowBytes: this.limits.initialWindowBytes,
      maxDataChunkBytes: this.limits.maxDataChunkBytes
    })
    /* c8 ignore next - the TunnelStream constructor always registers */
    if (control === undefined) throw new TunnelProtocolError('stream did not register')
    const entry: Entry = { stream, control, sendSeq: 0, recvSeq: 0, held: undefined, queued: false }
    this.#streams.set(id, entry)
    return entry
  }

  #encode (frame: FrameInit): Uint8Array {
    const bytes = encodeFrame(frame)
    if (bytes.byteLength > this.limits.maxFrameBytes) {
      throw new TunnelFrameTooLargeError(`outgoing frame of ${bytes.byteLength} bytes exceeds ${this.limits.maxFrameBytes}`)
    }
    return bytes
  }

  #checkSize (frame: StreamFrame): StreamFrame {
    if (frame.byteLength > this.limits.maxFrameBytes) {
      throw new TunnelFrameTooLargeError(`outgoing frame of ${frame.byteLength} bytes exceeds ${this.limits.maxFrameBytes}`)
    }
    return frame
  }

  #write (bytes: Uint8Array): void {
    if (!this.#batchOpen) this.#openBatch()
    this.#transport.send(bytes, this.#onSent)
  }

  #openBatch (): void {
    this.#batchOpen = true
    this.#transport.cork?.()
    setImmediate(this.#endBatch)
  }

  // Runs once per turn in which anything was sent: held frames go out, then the corked writes leave together.
  readonly #endBatch = (): void => {
    this.#flushHeld()
    this.#batchOpen = false
    this.#transport.uncork?.()
  }

  #hold (entry: Entry, held: Held): void {
    entry.held = held
    this.#heldBytes += held.frame.byteLength
    if (!entry.queued) {
      entry.queued = true
      this.#heldQueue.push(entry)
    }
    if (!this.#batchOpen) this.#openBatch()
  }

  /** Hands `entry`'s held frame to the transport as it is (no end_stream). */
  #flushEntry (entry: Entry): void {
    const held = entry.held
    if (held === undefined) return
    entry.held = undefined
    this.#heldBytes -= held.frame.byteLength
    this.#write(held.frame.bytes())
  }

  #flushHeld (): void {
    if (this.#heldQueue.length === 0) return
    const queue = this.#heldQueue
    this.#heldQueue = []
    for (let i = 0; i < queue.length; i++) {
      const entry = queue[i] as Entry
      entry.queued = false
      this.#flushEntry(entry)
    }
  }

  #liveEntry (stream: TunnelStream): Entry | undefined {
    if (this.#closed) return undefined
    const entry = this.#streams.get(stream.id)
    return entry === undefined || entry.stream !== stream ? undefined : entry
  }

  #sendData (stream: TunnelStream, chunk: Uint8Array): void {
    const entry = this.#liveEntry(stream)
    if (entry === undefined) return
    const id = stream.id
    const held = entry.held
    if (held !== undefined) {
      if (held.fields !== undefined) {
        // The first body bytes after an Open or Head ride in it (`body`), if the frame stays within the limit.
        const joined = encodeStreamFrame(held.kind, id, held.seq, held.fields, chunk)
        if (joined.byteLength + END_STREAM_GROWTH_BYTES <= this.limits.maxFrameBytes) {
          this.#heldBytes += joined.byteLength - held.frame.byteLength
          held.frame = joined
          held.fields = undefined
          return
        }
      }
      this.#flushEntry(entry)
    }
    const frame = this.#checkSize(encodeStreamFrame(STREAM_FRAME_DATA, id, entry.sendSeq, undefined, chunk))
    const seq = entry.sendSeq
    entry.sendSeq = (seq + 1) >>> 0
    if (this.#coalesce) this.#hold(entry, { kind: STREAM_FRAME_DATA, seq, fields: undefined, frame })
    else this.#write(frame.bytes())
  }

  #sendEnd (stream: TunnelStream): void {
    const entry = this.#liveEntry(stream)
    if (entry === undefined) return
    const held = entry.held
    if (held !== undefined && held.frame.byteLength + END_STREAM_GROWTH_BYTES <= this.limits.maxFrameBytes) {
      entry.held = undefined
      this.#heldBytes -= held.frame.byteLength
      this.#write(held.frame.bytesWithEnd())
      return
    }
    this.#flushEntry(entry)
    this.#sendFrame({ streamId: stream.id, seq: entry.sendSeq, end: {} })
    entry.sendSeq = (entry.sendSeq + 1) >>> 0
  }

  #sendFrame (frame: FrameInit): void {
    this.#write(this.#encode(frame))
  }

  // Send callbacks are where bufferedAmount falls, so they are where a blocked tunnel is re-checked (no polling).
  readonly #onSent = (): void => {
    if (!this.#blocked || this.#closed) return
    if (this.#transport.bufferedAmount > this.limits.lowWaterBytes) return
    this.#blocked = false
    this.#resumeWaiting()
  }

  #resumeWaiting (): void {
    const queue = [...this.#waiting]
    this.#waiting.clear()
    for (let i = 0; i < queue.length; i++) {
      if (this.#blocked) {
        // Round robin: streams that did not get a turn go first next time, then those that just re-blocked.
        const reblocked = [...this.#waiting]
        this.#waiting.clear()
        for (const s of queue.slice(i)) this.#waiting.add(s)
        for (const s of reblocked) this.#waiting.add(s)
        return
      }
      const stream = queue[i]
      /* c8 ignore next - index is in range */
      if (stream === undefined) continue
      this.#streams.get(stream.id)?.control.resumeWrite()
    }
  }

  #acquire (stream: TunnelStream): boolean {
    if (this.#closed) return false
    if (!this.#blocked && this.#transport.bufferedAmount + this.#heldBytes > this.limits.highWaterBytes) this.#blocked = true
    if (this.#blocked) {
      this.#waiting.add(stream)
      return false
    }
    return true
  }

  #sendOnStream (stream: TunnelStream, body: FrameBody): void {
    const entry = this.#liveEntry(stream)
    if (entry === undefined) return
    if ('head' in body) {
      // Validated and size-checked now, so respond() still throws synchronously for an invalid head.
      const fields = encodeHeadFields(body.head)
      const frame = this.#checkSize(encodeStreamFrame(STREAM_FRAME_HEAD, stream.id, entry.sendSeq, fields, undefined))
      this.#flushEntry(entry)
      const seq = entry.sendSeq
      entry.sendSeq = (seq + 1) >>> 0
      if (this.#coalesce) this.#hold(entry, { kind: STREAM_FRAME_HEAD, seq, fields, frame })
      else this.#write(frame.bytes())
      return
    }
    // Credit and Reset go out at once, after whatever this stream still holds (its seq came first).
    this.#flushEntry(entry)
    this.#sendFrame({ streamId: stream.id, seq: entry.sendSeq, ...body } as FrameInit)
    entry.sendSeq = (entry.sendSeq + 1) >>> 0
  }

  #release (stream: TunnelStream): void {
    const entry = this.#streams.get(stream.id)
    if (entry === undefined || entry.stream !== stream) return
    this.#streams.delete(stream.id)
    this.#waiting.delete(stream)
    if (this.#streams.size === 0) this.#resolveDrain()
  }

  #resolveDrain (): void {
    const waiters = this.#drainWaiters
    this.#drainWaiters = []
    for (const done of waiters) done()
  }

  #onMessage (data: Uint8Array): void {
    if (this.#closed) return
    let frame: Frame
    try {
      frame = decodeFrame(data, this.limits.maxFrameBytes)
    } catch (err: unknown) {
      // decodeFrame only throws the two coded frame errors.
      this.#fatal(err as TunnelFrameTooLargeError)
      return
    }
    const id = frame.streamId
    if (id === 0) {
      this.#onControl(frame)
      return
    }
    // protobufjs computes a oneof's `kind` on every read (Object.keys of the frame): read it once per frame.
    const kind = frame.kind
    if (kind === 'hello' || kind === 'welcome' || kind === 'goAway') {
      this.#fatal(new TunnelProtocolError(`${kind} on stream ${id}, expected stream 0`))
      return
    }
    if (id % 2 === 0) {
      this.#fatal(new TunnelProtocolError(`even stream id ${id}: only the relay allocates (odd) ids`))
      return
    }
    if (kind === 'open') {
      this.#onOpen(frame)
      return
    }
    const entry = this.#streams.get(id)
    if (entry === undefined) {
      if (id <= this.#highestId) {
        // A stream that finished or was reset recently; this frame raced the Reset or End (RFC 9113 §5.1).
        this.#log.debug({ streamId: id, kind }, 'dropping frame for closed stream')
        return
      }
      this.#fatal(new TunnelProtocolError(`${String(kind)} for stream ${id} that was never opened`))
      return
    }
    if (frame.seq !== entry.recvSeq) {
      this.#streamFault(entry, new TunnelProtocolError(`stream ${id}: expected seq ${entry.recvSeq}, got ${frame.seq}`))
      return
    }
    entry.recvSeq = (entry.recvSeq + 1) >>> 0
    const fault = entry.control.handleFrame(frame)
    if (fault !== undefined) this.#streamFault(entry, fault)
  }

  #onControl (frame: Frame): void {
    if (frame.seq !== this.#recvSeq0) {
      this.#fatal(new TunnelProtocolError(`stream 0: expected seq ${this.#recvSeq0}, got ${frame.seq}`))
      return
    }
    this.#recvSeq0 = (this.#recvSeq0 + 1) >>> 0
    if (frame.kind === 'hello' && this.role === 'relay' && frame.hello != null) {
      this.#coalesce = ((frame.hello.capabilities ?? 0) & CAP_END_STREAM) !== 0
      this.emit('hello', frame.hello as Hello)
    } else if (frame.kind === 'welcome' && this.role === 'agent' && frame.welcome != null) {
      this.#coalesce = ((frame.welcome.capabilities ?? 0) & CAP_END_STREAM) !== 0
      this.emit('welcome', frame.welcome as Welcome)
    } else if (frame.kind === 'goAway' && frame.goAway != null) {
      this.#remoteGoAway = true
      this.#log.info({ code: frame.goAway.code, lastStreamId: frame.goAway.lastStreamId }, 'peer is going away')
      this.emit('goaway', frame.goAway as GoAway)
    } else {
      this.#fatal(new TunnelProtocolError(`unexpected ${String(frame.kind)} on stream 0 (role ${this.role})`))
    }
  }

  #onOpen (frame: Frame): void {
    const id = frame.streamId
    if (this.role !== 'agent') {
      this.#fatal(new TunnelProtocolError('Open sent by the agent: only the relay opens streams'))
      return
    }
    if (id <= this.#highestId) {
      this.#fatal(new TunnelProtocolError(`Open for stream ${id} at or below the highest id ${this.#highestId}`))
      return
    }
    if (frame.seq !== 0) {
      this.#fatal(new TunnelProtocolError(`Open for stream ${id} with seq ${frame.seq}, expected 0`))
      return
    }
    this.#highestId = id
    if (this.#localGoAway) {
      this.#refuse(id, new TunnelGoingAwayError())
      return
    }
    if (this.#streams.size >= this.limits.maxStreams) {
      this.#refuse(id, new TunnelTooManyStreamsError(`tunnel already has ${this.#streams.size} streams`))
      return
    }
    /* c8 ignore next - decodeFrame guarantees the body named by `kind` */
    const o = frame.open ?? {}
    const bodyBytes = o.body == null ? 0 : o.body.byteLength
    if (bodyBytes > this.limits.initialWindowBytes) {
      // Refused before a stream exists: nobody could observe its error yet.
      const err = new TunnelFlowControlError(`Open body of ${bodyBytes} bytes exceeds the ${this.limits.initialWindowBytes}-byte window`)
      this.#log.warn({ streamId: id, code: err.code }, 'tunnel stream protocol fault; resetting stream')
      this.emit('protocol-error', err)
      this.#refuse(id, err)
      return
    }
    const open: OpenInfo = {
      connection: o.connection ?? '',
      method: o.method ?? '',
      path: o.path ?? '',
      headers: headersFromProto(o.headers as ProtoHeader[] | null | undefined),
      exchangeId: o.exchangeId ?? ''
    }
    const window = o.windowBytes ?? 0
    const entry = this.#createStream(id, 'acceptor', open, window > 0 ? Math.min(window, MAX_WINDOW_BYTES) : this.limits.initialWindowBytes)
    entry.recvSeq = 1
    const stream = entry.stream
    // Request body bytes and end carried by the Open itself (CAP_END_STREAM), buffered before anyone listens. The
    // size was checked against the window above, and a new stream has not ended, so this cannot fault.
    if (o.endStream === true || bodyBytes > 0) entry.control.receiveBody(o.body, o.endStream === true)
    if (this.listenerCount('stream') === 0) {
      // Nobody can observe this stream, so its 'error' must not become an uncaught exception.
      stream.on('error', () => {})
      stream.destroy(new TunnelStreamAbortedError('agent has no stream handler'))
      return
    }
    this.emit('stream', stream)
  }

  #refuse (id: number, err: GatewayError): void {
    this.#log.debug({ streamId: id, code: err.code }, 'refusing stream')
    this.#sendFrame({ streamId: id, seq: 0, reset: { code: err.code, message: err.message } })
  }

  #streamFault (entry: Entry, err: GatewayError): void {
    this.#log.warn({ streamId: entry.stream.id, code: err.code, err }, 'tunnel stream protocol fault; resetting stream')
    this.emit('protocol-error', err)
    entry.control.fail(err, true)
  }

  #fatal (err: GatewayError & { closeCode: number }): void {
    this.#log.warn({ code: err.code, closeCode: err.closeCode, err }, 'tunnel protocol fault; closing tunnel')
    this.emit('protocol-error', err)
    this.#shutdown(err.closeCode, err.message, err)
  }

  #onTransportClose (code: number, reason: string): void {
    if (this.#closed) return
    const clean = code === WS_CLOSE_NORMAL || code === WS_CLOSE_GOING_AWAY
    const err = clean ? undefined : new TunnelClosedError(`tunnel transport closed with code ${code}${reason === '' ? '' : `: ${reason}`}`)
    this.#teardown(err, `tunnel transport closed (${code})`)
  }

  #shutdown (code: number, reason: string, err: Error | undefined): void {
    if (this.#closed) return
    // Held frames were sent as far as their streams know (a finished exchange may be waiting in one): they go out
    // before the close.
    this.#flushHeld()
    this.#teardown(err, `tunnel closed: ${reason}`)
    this.#transport.close(code, reason)
  }

  #teardown (err: Error | undefined, message: string): void {
    this.#closed = true
    this.#waiting.clear()
    for (const entry of this.#heldQueue) entry.held = undefined
    this.#heldQueue = []
    this.#heldBytes = 0
    const entries = [...this.#streams.values()]
    for (const entry of entries) {
      entry.control.fail(new TunnelClosedError(message, err === undefined ? {} : { cause: err }), false)
    }
    this.#streams.clear()
    this.#resolveDrain()
    this.emit('close', err)
  }
}
