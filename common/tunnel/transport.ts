/**
 * The message transport under a TunnelMux: a WebSocket in production, an in-memory pair in tests.
 *
 * The mux only needs ordered delivery of whole binary messages, a send callback, `bufferedAmount` for tunnel-wide
 * backpressure (STYLE rule 10) and a close. Keeping that surface tiny lets unit tests run the whole protocol
 * without sockets (STYLE rule 23, like ws/test/duplex-pair.js).
 */
import { EventEmitter } from 'node:events'
import { WebSocket } from 'ws'

import { WS_CLOSE_NORMAL, WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_REASON_MAX_BYTES } from './constants.js'
import { TunnelClosedError } from './errors.js'

import type { Socket } from 'node:net'
import type { RawData } from 'ws'

/** Events a {@link FrameTransport} emits. */
export interface FrameTransportEvents {
  /** One whole binary message, in order. */
  message: [data: Uint8Array]
  /** The transport is closed (emitted once); no more messages follow. */
  close: [code: number, reason: string]
}

/**
 * An ordered, message-oriented, binary transport for tunnel frames.
 * `send` never throws: on a closed transport the callback gets a TunnelClosedError.
 */
export interface FrameTransport extends EventEmitter<FrameTransportEvents> {
  /** Queues one message; `cb` runs once it has left the process (or failed). */
  send (data: Uint8Array, cb: (err?: Error) => void): void
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number
  /** Starts closing; `'close'` follows. Idempotent. */
  close (code: number, reason: string): void
  /**
   * Optional: hold the messages sent from now on in the process until {@link uncork}, so that they leave in one
   * socket write. They still count in `bufferedAmount`; callbacks run once they have left. Calls do not nest: one
   * `uncork()` releases everything.
   */
  cork? (): void
  /** Optional: releases what {@link cork} held, in order. A no-op when not corked. */
  uncork? (): void
}

function truncateReason (reason: string): string {
  const buf = Buffer.from(reason)
  if (buf.byteLength <= WS_CLOSE_REASON_MAX_BYTES) return reason
  // Cut on a byte budget, then drop a possibly split trailing code point (decoded as U+FFFD).
  return buf.subarray(0, WS_CLOSE_REASON_MAX_BYTES).toString().replace(/\uFFFD$/, '')
}

class WsTransport extends EventEmitter<FrameTransportEvents> implements FrameTransport {
  readonly #ws: WebSocket
  /** Set once we start closing: whatever the peer still sends during the closing handshake is dropped. */
  #closed = false
  /** The socket we corked, until we uncork it (a later socket is never uncorked by mistake). */
  #corked: Socket | undefined

  constructor (ws: WebSocket) {
    super()
    this.#ws = ws
    // With 'nodebuffer', ws always hands a single Buffer to 'message' listeners.
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.#closed) return
      if (!isBinary) {
        // Every tunnel frame is a binary protobuf message; text is a peer bug or a confused client.
        this.close(WS_CLOSE_PROTOCOL_ERROR, 'tunnel accepts binary messages only')
        return
      }
      this.emit('message', data as Buffer)
    })
    // ws emits 'close' after 'error'; the listener only keeps an 'error' from crashing the process.
    ws.on('error', () => {})
    ws.on('close', (code: number, reason: Buffer) => {
      this.#closed = true
      this.emit('close', code, reason.toString())
    })
    if (ws.readyState === WebSocket.CLOSED) {
      this.#closed = true
      process.nextTick(() => this.emit('close', WS_CLOSE_NORMAL, 'already closed'))
    }
  }

  get bufferedAmount (): number {
    return this.#ws.bufferedAmount
  }

  send (data: Uint8Array, cb: (err?: Error) => void): void {
    if (this.#ws.readyState !== WebSocket.OPEN) {
      process.nextTick(cb, new TunnelClosedError('websocket is not open'))
      return
    }
    this.#ws.send(data, { binary: true }, cb)
  }

  cork (): void {
    if (this.#corked !== undefined || this.#ws.readyState !== WebSocket.OPEN) return
    // `_socket` is ws's net/tls socket (undocumented but stable across ws 8). Corking it makes the frames that ws
    // writes one by one (each already corked in pairs by ws's Sender) leave as one writev: one TLS record and one
    // syscall instead of one per message. ws's `bufferedAmount` reads the socket's writableLength, which includes
    // corked bytes, so the mux's high-water logic still sees them.
    const socket = (this.#ws as unknown as { _socket?: Socket })._socket
    if (socket === undefined || socket === null || socket.destroyed) return
    socket.cork()
    this.#corked = socket
  }

  uncork (): void {
    const socket = this.#corked
    if (socket === undefined) return
    this.#corked = undefined
    socket.uncork()
  }

  close (code: number, reason: string): void {
    this.#closed = true
    // Let what was sent before the close frame leave now rather than wait for the owner's uncork.
    this.uncork()
    if (this.#ws.readyState === WebSocket.CLOSING || this.#ws.readyState === WebSocket.CLOSED) return
    try {
      this.#ws.close(code, truncateReason(reason))
    } catch {
      // Invalid close code (e.g. 1006 passed through): closing is what matters, not the code.
      this.#ws.terminate()
    }
  }
}

/**
 * Wraps a `ws` WebSocket (either end) as a FrameTransport. Binary messages only: a text message closes the socket
 * with 1002. The size limit is the socket owner's job: construct the server/client with
 * `maxPayload: MAX_FRAME_BYTES` (ws then closes with 1009 itself). Reasons are truncated to 123 bytes.
 */
export function wsTransport (ws: WebSocket): FrameTransport {
  return new WsTransport(ws)
}

/** Options of {@link memoryTransportPair}. */
export interface MemoryTransportOptions {
  /** Delivery delay per message, in milliseconds; 0 (default) delivers on the next `setImmediate`. */
  latencyMs?: number
  /**
   * Maps the simulated `bufferedAmount` (bytes sent but not yet delivered) to the reported value,
   * e.g. to inflate it for backpressure tests. Defaults to the identity.
   */
  bufferedAmountFn?: (simulatedBytes: number) => number
}

/** One end of an in-memory pair: a FrameTransport whose outbound delivery can be paused. */
export interface MemoryTransport extends FrameTransport {
  /** Holds outbound messages (and their callbacks): they count in `bufferedAmount` like a stalled socket. */
  pause (): void
  /** Releases held outbound messages in order. */
  resume (): void
  /** Number of messages this end has sent (delivered or not). */
  readonly sentMessages: number
}

type Outbound = { data: Uint8Array, cb: (err?: Error) => void } | { close: [number, string] }

class MemoryEnd extends EventEmitter<FrameTransportEvents> implements MemoryTransport {
  peer!: MemoryEnd
  #queued = 0
  #paused = false
  #held: Outbound[] = []
  #closing = false
  #closed = false
  #sent = 0
  readonly #latencyMs: number
  readonly #bufferedAmountFn: (n: number) => number

  constructor (options: MemoryTransportOptions) {
    super()
    this.#latencyMs = options.latencyMs ?? 0
    this.#bufferedAmountFn = options.bufferedAmountFn ?? ((n) => n)
  }

  get bufferedAmount (): number {
    return this.#bufferedAmountFn(this.#queued)
  }

  get sentMessages (): number {
    return this.#sent
  }

  send (data: Uint8Array, cb: (err?: Error) => void): void {
    if (this.#closing || this.#closed) {
      process.nextTick(cb, new TunnelClosedError('memory transport is closed'))
      return
    }
    this.#sent++
    // Copy, as a socket would: the sender may reuse its buffer once send() returns.
    const copy = Buffer.from(data)
    this.#queued += copy.byteLength
    this.#enqueue({ data: copy, cb })
  }

  close (code: number, reason: string): void {
    if (this.#closing || this.#closed) return
    this.#closing = true
    this.#enqueue({ close: [code, reason] })
  }

  pause (): void {
    this.#paused = true
  }

  resume (): void {
    this.#paused = false
    const held = this.#held
    this.#held = []
    for (const item of held) this.#schedule(item)
  }

  #enqueue (item: Outbound): void {
    if (this.#paused) this.#held.push(item)
    else this.#schedule(item)
  }

  #schedule (item: Outbound): void {
    const run = (): void => { this.#deliver(item) }
    // Equal delays fire in insertion order (Node timer lists), so order is preserved either way.
    if (this.#latencyMs > 0) setTimeout(run, this.#latencyMs)
    else setImmediate(run)
  }

  #deliver (item: Outbound): void {
    if ('close' in item) {
      const [code, reason] = item.close
      this.#shut(code, reason)
      this.peer.#shut(code, reason)
      return
    }
    this.#queued -= item.data.byteLength
    if (this.#closed) {
      item.cb(new TunnelClosedError('memory transport is closed'))
      return
    }
    this.peer.#receive(item.data)
    item.cb()
  }

  #receive (data: Uint8Array): void {
    if (!this.#closed) this.emit('message', data)
  }

  #shut (code: number, reason: string): void {
    if (this.#closed) return
    this.#closed = true
    this.#closing = true
    this.emit('close', code, reason)
  }
}

/**
 * Two connected in-memory transports for tests: what one sends the other receives, asynchronously and in order
 * (setImmediate, or `latencyMs`). `bufferedAmount` counts bytes sent and not yet delivered; `close` on either end
 * is delivered after earlier messages and closes both ends with the same code and reason.
 */
export function memoryTransportPair (options: MemoryTransportOptions = {}): [MemoryTransport, MemoryTransport] {
  const a = new MemoryEnd(options)
  const b = new MemoryEnd(options)
  a.peer = b
  b.peer = a
  return [a, b]
}
