/**
 * One HTTP exchange multiplexed on a tunnel, as a binary Duplex with per-direction credit windows.
 *
 * Flow control works like HTTP/2's (RFC 9113 §5.2, §6.9), per stream and per direction:
 * - the sender holds a credit (initially the peer's window) and never sends Data beyond it; `_write` keeps its
 *   callback until credit arrives, so Node's own backpressure (`write() === false`, `'drain'`) reaches the producer;
 * - the receiver pushes every Data chunk into the readable buffer at once and returns credit only for bytes the
 *   consumer has actually taken out of that buffer (batched, half a window at a time). A consumer that stops
 *   reading stops the credit, so the unread bytes of a stream never exceed its window;
 * - a peer that sends beyond the window gets the stream reset with GW_ERR_TUNNEL_FLOW_CONTROL.
 * Tunnel-wide send backpressure (ws.bufferedAmount) is the mux's job: before each Data frame the stream asks it.
 */
import { Duplex } from 'node:stream'

import { GatewayError } from '../errors.js'
import { CREDIT_BATCH_DIVISOR, MAX_WINDOW_BYTES } from './constants.js'
import {
  TunnelFlowControlError, TunnelProtocolError, TunnelStreamAbortedError, TunnelStreamResetError
} from './errors.js'
import { headersFromProto } from './frame-codec.js'

import type { Frame, FrameBody, HeaderList, ProtoHeader } from './frame-codec.js'

/** Longest Reset message sent to the peer, in UTF-16 code units; longer messages are cut. */
export const MAX_RESET_MESSAGE_CHARS = 1024

/** What the relay asks the agent to do on a stream (the Open frame, headers as pairs). */
export interface OpenInfo {
  /** Configured upstream name. */
  connection: string
  /** HTTP method token. */
  method: string
  /** Origin-form path + query, starting with "/". */
  path: string
  /** End-to-end request headers, lower-case names. */
  headers: HeaderList
  /** Relay's exchange id, for logs and recordings. */
  exchangeId: string
}

/** The response head as received by the opener. */
export interface ResponseHead {
  status: number
  headers: HeaderList
}

/**
 * The mux side of a stream (internal contract between TunnelStream and TunnelMux; not for application code).
 */
export interface StreamHost {
  /** Sends one Head, Credit or Reset frame on `stream` (the host assigns the seq). May throw for an invalid Head. */
  send (stream: TunnelStream, body: FrameBody): void
  /** Sends one Data frame on `stream` (credit already taken); the host may hold it to coalesce a following end. */
  sendData (stream: TunnelStream, chunk: Uint8Array): void
  /** Ends the sending side of `stream`: an End frame, or `end_stream` on the frame the host still holds. */
  sendEnd (stream: TunnelStream): void
  /** True when a Data frame may go out now; otherwise the host calls `control.resumeWrite()` later. */
  acquire (stream: TunnelStream): boolean
  /** The stream is finished or reset: forget it. Idempotent. */
  release (stream: TunnelStream): void
}

/** Hooks a stream hands its mux so the mux can drive it without public methods (internal contract). */
export interface StreamControl {
  /** Applies one inbound frame (Head/Data/End/Reset/Credit); returns a stream-level fault instead of throwing. */
  handleFrame (frame: Frame): GatewayError | undefined
  /** Applies the `body` and `end_stream` of the Open that created this (acceptor) stream; returns a fault. */
  receiveBody (body: Uint8Array | null | undefined, endStream: boolean): GatewayError | undefined
  /** Tunnel-wide backpressure lifted: continue a held write. */
  resumeWrite (): void
  /** Sends Reset with `err.code` (unless `sendReset` is false), releases and destroys the stream with `err`. */
  fail (err: GatewayError, sendReset: boolean): void
}

/** Construction parameters of a {@link TunnelStream} (created only by TunnelMux). */
export interface TunnelStreamInit {
  id: number
  /** `'opener'` on the relay (writes request, reads response), `'acceptor'` on the agent. */
  side: 'opener' | 'acceptor'
  open: OpenInfo
  host: StreamHost
  /** Receives the stream's control hooks synchronously from the constructor. */
  register: (control: StreamControl) => void
  /** Initial send credit (the peer's receive window), in bytes. */
  sendWindowBytes: number
  /** Our receive window, in bytes: most unread inbound bytes we hold. */
  recvWindowBytes: number
  /** Largest Data chunk to send, in bytes. */
  maxDataChunkBytes: number
}

/**
 * A multiplexed tunnel stream (binary Duplex, half-close allowed).
 *
 * Relay side (opener): the writable side is the request body (`end()` sends End), `'head'(status, headers)` fires
 * when the response head arrives, the readable side is the response body.
 * Agent side (acceptor): the readable side is the request body, `respond()` sends the head, the writable side is the
 * response body (writes and `end()` wait for `respond()`).
 * Failure: a remote Reset destroys the stream with TunnelStreamResetError; tunnel loss with TunnelClosedError;
 * protocol faults with TunnelProtocolError / TunnelFlowControlError. Always listen for `'error'`.
 * `destroy(err)` sends Reset with `err.code` (GatewayError) or GW_ERR_TUNNEL_STREAM_ABORTED.
 * Do not use `setEncoding()`: credit is counted in buffered bytes.
 */
export class TunnelStream extends Duplex {
  /** Stream id on the tunnel (odd, allocated by the relay). */
  readonly id: number
  /** The Open this stream carries. */
  readonly open: Readonly<OpenInfo>
  /** Which end of the exchange this is. */
  readonly side: 'opener' | 'acceptor'
  /** Opener only: the response head once it arrived. */
  response: ResponseHead | undefined

  readonly #host: StreamHost
  readonly #maxChunk: number
  readonly #recvWindow: number
  readonly #creditThreshold: number
  readonly #assumedSendWindow: number
  #sendCredit: number
  #received = 0
  #credited = 0
  // The write held for credit or tunnel backpressure: chunk, bytes of it already sent, and its callback.
  #pendingChunk: Buffer | undefined
  #pendingOffset = 0
  #pendingCb: ((err?: Error | null) => void) | undefined
  #pendingFinal: ((err?: Error | null) => void) | undefined
  #headSent = false
  #headReceived = false
  #localEnded = false
  #remoteEnded = false
  #released = false

  constructor (init: TunnelStreamInit) {
    super({ allowHalfOpen: true, writableHighWaterMark: init.maxDataChunkBytes })
    this.id = init.id
    this.side = init.side
    this.open = Object.freeze({ ...init.open, headers: init.open.headers.map(([n, v]): [string, string] => [n, v]) })
    this.#host = init.host
    this.#maxChunk = init.maxDataChunkBytes
    this.#recvWindow = init.recvWindowBytes
    this.#creditThreshold = Math.max(1, Math.floor(init.recvWindowBytes / CREDIT_BATCH_DIVISOR))
    this.#assumedSendWindow = init.sendWindowBytes
    this.#sendCredit = init.sendWindowBytes
    init.register({
      handleFrame: (frame) => this.#handleFrame(frame),
      receiveBody: (body, endStream) => this.#receive(body, endStream),
      resumeWrite: () => { this.#pump() },
      fail: (err, sendReset) => { this.#fail(err, sendReset) }
    })
  }

  /** Bytes this end may still send before the peer grants more credit (may be negative after a window shrink). */
  get sendCredit (): number {
    return this.#sendCredit
  }

  /**
   * Agent side: sends the response head (once). `headers` are lower-case `[name, value]` pairs.
   * Throws TunnelProtocolError on the relay side or when called twice, TunnelFrameMalformedError for invalid
   * status or headers (nothing is sent then). A no-op if the stream was already reset or the tunnel closed.
   */
  respond (status: number, headers: HeaderList): void {
    if (this.side !== 'acceptor') throw new TunnelProtocolError('respond() is only for the accepting (agent) side')
    if (this.#headSent) throw new TunnelProtocolError('respond() called twice on one stream')
    if (this.#released || this.destroyed) return
    this.#host.send(this, { head: { status, headers, windowBytes: this.#recvWindow } })
    this.#headSent = true
    this.#pump()
    const final = this.#pendingFinal
    if (final !== undefined) {
      this.#pendingFinal = undefined
      this.#sendEnd(final)
    }
  }

  /**
   * Sends Reset(`code`, `message`) to the peer and destroys this stream with a TunnelStreamResetError whose
   * `origin` is `'local'`. A no-op if the stream already finished or was reset.
   */
  reset (code: string, message: string): void {
    if (this.#released || this.destroyed) return
    this.#sendReset(code, message)
    this.#host.release(this)
    this.#released = true
    this.destroy(new TunnelStreamResetError(message, { remoteCode: code, origin: 'local' }))
  }

  // Every consumption path (read(), 'data' in flowing mode, async iteration, pipe) goes through read() or through
  // push() emitting directly; both are followed by a credit check, so credit tracks what was really consumed.
  override read (size?: number): Buffer | string | null {
    const chunk = super.read(size) as Buffer | string | null
    this.#maybeCredit()
    return chunk
  }

  /**
   * Async iteration over the readable side that, unlike Node's default, does not destroy the stream when the
   * readable side ends normally: the agent reads the whole request body with `for await` and then responds.
   * Leaving the loop early (break, throw) still destroys the stream, which resets it (GW_ERR_TUNNEL_STREAM_ABORTED).
   */
  override async * [Symbol.asyncIterator] (): AsyncIterableIterator<Buffer> {
    let completed = false
    try {
      for await (const chunk of this.iterator({ destroyOnReturn: false })) yield chunk as Buffer
      completed = true
    } finally {
      if (!completed) this.destroy()
    }
  }

  override _read (): void {
    // Data is pushed as it arrives (bounded by the window), so there is nothing to pull here.
    this.#maybeCredit()
  }

  override _write (chunk: Buffer, _encoding: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.#pendingChunk = chunk
    this.#pendingOffset = 0
    this.#pendingCb = cb
    this.#pump()
  }

  override _final (cb: (err?: Error | null) => void): void {
    // The relay treats Data or End before Head as a protocol error, so the agent's End waits for respond().
    if (this.side === 'acceptor' && !this.#headSent) {
      this.#pendingFinal = cb
      return
    }
    this.#sendEnd(cb)
  }

  override _destroy (err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.#released) {
      const code = err instanceof GatewayError ? err.code : TunnelStreamAbortedError.code
      this.#sendReset(code, err?.message ?? 'stream aborted')
      this.#host.release(this)
      this.#released = true
    }
    const pending = this.#pendingCb
    const final = this.#pendingFinal
    if (pending !== undefined || final !== undefined) {
      // Built only when a held write or end must fail: a coded error captures a stack, and every successful
      // exchange passes through here too.
      const abort = err ?? new TunnelStreamAbortedError()
      this.#pendingChunk = undefined
      this.#pendingCb = undefined
      this.#pendingFinal = undefined
      pending?.(abort)
      final?.(abort)
    }
    cb(err)
  }

  #sendReset (code: string, message: string): void {
    this.#host.send(this, { reset: { code, message: message.slice(0, MAX_RESET_MESSAGE_CHARS) } })
  }

  #sendEnd (cb: (err?: Error | null) => void): void {
    // After a reset the host drops the frame; the stream is being destroyed anyway.
    this.#host.sendEnd(this)
    this.#localEnded = true
    cb()
    this.#maybeComplete()
  }

  /** Sends as much of the held write as credit and the tunnel allow; completes it when all is sent. */
  #pump (): void {
    const chunk = this.#pendingChunk
    if (chunk === undefined || this.#released) return
    if (this.side === 'acceptor' && !this.#headSent) return
    const size = chunk.byteLength
    let offset = this.#pendingOffset
    while (offset < size) {
      if (this.#sendCredit <= 0) break // resumed by a Credit frame
      if (!this.#host.acquire(this)) break // resumed by the mux when bufferedAmount falls below low water
      const n = Math.min(size - offset, this.#sendCredit, this.#maxChunk)
      this.#host.sendData(this, n === size ? chunk : chunk.subarray(offset, offset + n))
      offset += n
      this.#sendCredit -= n
    }
    this.#pendingOffset = offset
    if (offset < size) return
    const cb = this.#pendingCb
    this.#pendingChunk = undefined
    this.#pendingCb = undefined
    cb?.()
  }

  /** Takes body bytes (Data, or the body of Open/Head) and an end flag off the wire, enforcing the window. */
  #receive (chunk: Uint8Array | null | undefined, end: boolean): GatewayError | undefined {
    if (this.#remoteEnded) return new TunnelProtocolError('Data after End')
    const n = chunk == null ? 0 : chunk.byteLength
    if (n > 0) {
      if (this.#received + n - this.#credited > this.#recvWindow) {
        return new TunnelFlowControlError(`peer sent beyond the ${this.#recvWindow}-byte window on stream ${this.id}`)
      }
      this.#received += n
      this.push(chunk)
    }
    if (end) this.#onRemoteEnd()
    else if (n > 0) this.#maybeCredit()
    return undefined
  }

  #onRemoteEnd (): void {
    this.#remoteEnded = true
    this.push(null)
    this.#maybeComplete()
  }

  #maybeCredit (): void {
    if (this.#remoteEnded || this.#released) return
    const unacknowledged = this.#received - this.readableLength - this.#credited
    if (unacknowledged < this.#creditThreshold) return
    this.#credited += unacknowledged
    this.#host.send(this, { credit: { bytes: unacknowledged } })
  }

  #maybeComplete (): void {
    if (this.#localEnded && this.#remoteEnded && !this.#released) {
      this.#released = true
      this.#host.release(this)
    }
  }

  #fail (err: GatewayError, sendReset: boolean): void {
    if (this.#released) return
    if (sendReset) this.#sendReset(err.code, err.message)
    this.#released = true
    this.#host.release(this)
    this.destroy(err)
  }

  #handleFrame (frame: Frame): GatewayError | undefined {
    switch (frame.kind) {
      case 'head': {
        if (this.side !== 'opener') return new TunnelProtocolError('Head sent to the accepting side')
        if (this.#headReceived) return new TunnelProtocolError('duplicate Head')
        const head = frame.head
        /* c8 ignore next - protobufjs always sets the field named by `kind` */
        if (head == null) return new TunnelProtocolError('Head without body')
        this.#headReceived = true
        const window = head.windowBytes ?? 0
        // The request body may have been sent on the assumed window; apply the difference (RFC 9113 §6.9.2).
        if (window > 0) this.#sendCredit += Math.min(window, MAX_WINDOW_BYTES) - this.#assumedSendWindow
        const headers = headersFromProto(head.headers as ProtoHeader[] | null | undefined)
        const status = head.status ?? 0
        this.response = { status, headers }
        this.emit('head', status, headers)
        this.#pump()
        const body = head.body
        const end = head.endStream === true
        // The 'head' listener may have reset the stream; what the Head still carries is then moot.
        if ((end || (body != null && body.byteLength > 0)) && !this.#released) return this.#receive(body, end)
        return undefined
      }
      case 'data': {
        if (this.side === 'opener' && !this.#headReceived) return new TunnelProtocolError('Data before Head')
        const data = frame.data
        /* c8 ignore next - protobufjs always sets the field named by `kind` */
        if (data == null) return new TunnelProtocolError('Data without body')
        return this.#receive(data.chunk, data.endStream === true)
      }
      case 'end': {
        if (this.side === 'opener' && !this.#headReceived) return new TunnelProtocolError('End before Head')
        if (this.#remoteEnded) return new TunnelProtocolError('duplicate End')
        this.#onRemoteEnd()
        return undefined
      }
      case 'reset': {
        const code = frame.reset?.code ?? ''
        const message = frame.reset?.message ?? ''
        this.#fail(new TunnelStreamResetError(message, { remoteCode: code === '' ? TunnelStreamResetError.code : code }), false)
        return undefined
      }
      case 'credit': {
        const bytes = frame.credit?.bytes ?? 0
        // A zero increment carries no information and signals a broken peer (RFC 9113 §6.9).
        if (bytes === 0) return new TunnelProtocolError('Credit of 0 bytes')
        this.#sendCredit += bytes
        if (this.#sendCredit > MAX_WINDOW_BYTES) return new TunnelFlowControlError('credit overflows the window limit')
        this.#pump()
        return undefined
      }
      /* c8 ignore next 2 - TunnelMux handles open/hello/welcome/goAway itself; kept so a new kind fails loudly */
      default:
        return new TunnelProtocolError(`unexpected ${String(frame.kind)} frame on stream ${this.id}`)
    }
  }
}
