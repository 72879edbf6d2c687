/**
 * Request-body size and idle limits for the relay.
 *
 * The byte cap is enforced on what actually streams in, never on what Content-Length claims (THREATS A.2): the
 * declared length is only used for an early 413 before any byte is read. The idle timer answers slow-POST
 * attacks (THREATS A.3) but only runs while the relay is waiting on the client: when the limiter's output is
 * full because the tunnel is slow, the stall is ours and the timer is paused.
 */
import { Transform } from 'node:stream'

import { BadHeaderError, BodyTooLargeError, HttpTimeoutError } from './errors.js'

import type { IncomingHttpHeaders } from 'node:http'
import type { TransformCallback } from 'node:stream'

/** Options of {@link BodyLimiter}. */
export interface BodyLimiterOptions {
  /** Most body bytes allowed through; byte `maxBytes + 1` fails the stream. Non-negative integer. */
  maxBytes: number
  /**
   * Longest wait for the next body chunk, in milliseconds, while the body is unfinished and the limiter can
   * accept data; 0 or absent disables the timer. Positive values must be integers.
   */
  idleMs?: number
}

/** HTTP status of a request body that went idle: 408 Request Timeout (RFC 9110 §15.5.9). */
const BODY_IDLE_STATUS = 408

/** Longest Content-Length value (in digits) parsed exactly; anything longer is far beyond any cap. */
const MAX_SAFE_LENGTH_DIGITS = 15

/**
 * A pass-through Transform that counts request-body bytes as they stream.
 *
 * Fails with BodyTooLargeError (413) on the chunk that takes the total past `maxBytes`; that chunk is not
 * passed on, nor is any part of it, so downstream never sees more than `maxBytes` bytes. With `idleMs`, fails
 * with HttpTimeoutError (status 408) when the client sends nothing for `idleMs` while the body is unfinished;
 * time during which the readable side is full (the consumer, not the client, is slow) does not count, so the
 * client always gets at least `idleMs` once there is room again. The timer starts at construction and stops
 * once the body ends or the stream is destroyed. Errors are emitted as 'error' events: use it inside
 * `stream.pipeline` so the request is torn down with it.
 */
export class BodyLimiter extends Transform {
  /** Byte cap given at construction. */
  readonly maxBytes: number
  /** Idle limit in milliseconds; 0 when disabled. */
  readonly idleMs: number
  #received = 0
  #timer: NodeJS.Timeout | undefined
  /** The last idle check found the readable side full, so the client has not had a full period since. */
  #consumerStalled = false

  constructor (opts: BodyLimiterOptions) {
    super()
    if (!Number.isSafeInteger(opts.maxBytes) || opts.maxBytes < 0) {
      throw new RangeError('maxBytes must be a non-negative integer')
    }
    const idleMs = opts.idleMs ?? 0
    if (!Number.isSafeInteger(idleMs) || idleMs < 0) {
      throw new RangeError('idleMs must be a non-negative integer')
    }
    this.maxBytes = opts.maxBytes
    this.idleMs = idleMs
    this.#arm()
  }

  /** Body bytes seen so far, including those of a chunk that was refused. */
  get bytesReceived (): number {
    return this.#received
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#disarm()
    this.#consumerStalled = false
    this.#received += chunk.length
    if (this.#received > this.maxBytes) {
      callback(new BodyTooLargeError(`request body is larger than ${this.maxBytes} bytes`))
      return
    }
    this.push(chunk)
    // After end() the client owes nothing more; _flush follows.
    if (!this.writableEnded) {
      this.#arm()
    }
    callback()
  }

  override _read (size: number): void {
    // The consumer wants more, so from here on a stall is the client's again: give it a full idle period.
    if (!this.writableEnded) {
      this.#consumerStalled = false
      this.#arm()
    }
    super._read(size)
  }

  override _flush (callback: TransformCallback): void {
    this.#disarm()
    callback()
  }

  override _destroy (err: Error | null, callback: (error?: Error | null) => void): void {
    this.#disarm()
    callback(err)
  }

  /** Starts or restarts the idle timer, if enabled. */
  #arm (): void {
    if (this.idleMs === 0 || this.destroyed) {
      return
    }
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => { this.#onIdle() }, this.idleMs)
    } else {
      this.#timer.refresh()
    }
  }

  /** Stops the idle timer. */
  #disarm (): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer)
      this.#timer = undefined
    }
  }

  #onIdle (): void {
    this.#timer = undefined
    // A full readable side means the consumer is the slow one, not the client: check again later. Readable does
    // not always call _read when the consumer resumes (it skips it while an earlier _read is unanswered), so
    // once there is room the client gets one more full period before it is blamed: at least idleMs in all.
    if (this.readableLength >= this.readableHighWaterMark) {
      this.#consumerStalled = true
      this.#arm()
      return
    }
    if (this.#consumerStalled) {
      this.#consumerStalled = false
      this.#arm()
      return
    }
    this.destroy(new HttpTimeoutError(`no request body data for ${this.idleMs} ms`, { status: BODY_IDLE_STATUS }))
  }
}

/**
 * Early check of a declared Content-Length against `maxBytes`, so an oversized body is refused with 413
 * before any of it is read. Returns the declared length, or undefined when there is none or Transfer-Encoding
 * is present (it overrides Content-Length, RFC 9112 §6.3; Node refuses requests that carry both). Throws
 * BodyTooLargeError (413) when the length exceeds `maxBytes`, BadHeaderError (400) when it is not a decimal
 * number. The streamed byte count ({@link BodyLimiter}) is still what enforces the cap.
 */
export function checkContentLength (headers: IncomingHttpHeaders, maxBytes: number): number | undefined {
  const raw = headers['content-length']
  if (raw === undefined || headers['transfer-encoding'] !== undefined) {
    return undefined
  }
  const value = raw.trim()
  if (!/^[0-9]+$/.test(value)) {
    throw new BadHeaderError('invalid Content-Length header')
  }
  const digits = value.replace(/^0+(?=.)/, '')
  const length = digits.length > MAX_SAFE_LENGTH_DIGITS ? Number.POSITIVE_INFINITY : Number(digits)
  if (length > maxBytes) {
    throw new BodyTooLargeError(`request body is larger than ${maxBytes} bytes`)
  }
  return length
}
