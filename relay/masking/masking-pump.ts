/**
 * Drives a {@link BodyMasker} inline from a flowing source (the proxy's tunnel stream), without a stream stage (a
 * Transform's write, callback, nextTick and push per chunk were most of what masking cost per event at one stream
 * at a time). Input is masked on the next microtask: chunks the tunnel hands over in one synchronous run (one event
 * each, often) are masked together, as one input, and their output leaves as one buffer.
 *
 * Batching is the same as the Transform it replaced: until some output has left, one SSE event is masked before the
 * pump yields (the first bytes leave at once); after that up to SSE_EVENTS_PER_BATCH per turn, each batch emitted as
 * one buffer. While a chunk is being worked through over several turns the pump reports `busy(true)` (the caller
 * pauses its source) and queues anything written meanwhile, in order; `busy(false)` when it can take input again.
 * The queue is bounded by that pause: it holds at most what the source delivered before pausing (for the proxy's
 * tunnel stream, no more than the stream's receive window, since credit is only returned for bytes read).
 */
import { SSE_EVENTS_FIRST_BATCH, SSE_EVENTS_PER_BATCH } from './constants.js'

import type { BodyMasker } from './response-masker.js'

/** Callbacks of a {@link MaskingPump}. */
export interface MaskingPumpOptions {
  /** Masked output, in order (never empty). */
  emit: (out: Buffer) => void
  /** True: stop writing (pause the source); false: writes are taken at once again. */
  busy: (busy: boolean) => void
  /** Masking failed (a coded GatewayError: oversize body or event, hold-back overflow); nothing more is emitted. */
  fail: (err: unknown) => void
  /** Everything written so far is masked and emitted (the pump waits for input); optional. */
  idle?: () => void
}

/** See the file comment. */
export class MaskingPump {
  readonly #m: BodyMasker
  readonly #o: MaskingPumpOptions
  /** Input not yet handed to the masker, oldest first. */
  #pending: Buffer[] = []
  /** Masking is scheduled: on the next microtask, or (busy) on a later turn of the event loop. */
  #scheduled = false
  #busy = false
  #pushed = false
  #stopped = false
  /** Set by `end`: called once everything is masked and emitted. */
  #onEnd: (() => void) | undefined
  #ended = false

  constructor (masker: BodyMasker, options: MaskingPumpOptions) {
    this.#m = masker
    this.#o = options
  }

  /** Matches replaced so far, per detector name (a copy). */
  get counts (): Record<string, number> {
    return this.#m.counts
  }

  /** A chunk is still being worked through over later turns: writes are queued, not masked at once. */
  get busy (): boolean {
    return this.#busy
  }

  /** Queues `chunk`; it is masked on the next microtask, or once the input before it is done. */
  write (chunk: Buffer): void {
    if (this.#stopped || this.#onEnd !== undefined) return
    this.#pending.push(chunk)
    this.#kick()
  }

  /** No more input: `done` is called once the rest is masked and emitted (never after a failure or `stop`). */
  end (done: () => void): void {
    if (this.#stopped || this.#onEnd !== undefined) return
    this.#onEnd = done
    this.#kick()
  }

  /** Stops for good (the exchange ended): nothing more is masked or emitted. */
  stop (): void {
    this.#stopped = true
    this.#pending = []
  }

  #kick (): void {
    if (this.#scheduled) return
    this.#scheduled = true
    queueMicrotask(() => { this.#run(this.#max()) })
  }

  #max (): number {
    return this.#pushed ? SSE_EVENTS_PER_BATCH : SSE_EVENTS_FIRST_BATCH
  }

  #take (chunk: Buffer): boolean {
    try {
      this.#m.write(chunk)
      return true
    } catch (err: unknown) {
      this.#failed(err)
      return false
    }
  }

  #failed (err: unknown): void {
    this.stop()
    this.#o.fail(err)
  }

  /** Masks until the masker is idle with no queued input (or yields for a later turn). */
  #run (max: number): void {
    this.#scheduled = false
    while (!this.#stopped) {
      let step: { out: Buffer, more: boolean } | undefined
      try {
        step = this.#m.next(max)
      } catch (err: unknown) {
        this.#failed(err)
        return
      }
      if (step !== undefined && step.out.length > 0) {
        this.#pushed = true
        this.#o.emit(step.out)
        if (this.#stopped) return
      }
      if (step?.more === true) {
        this.#scheduled = true
        this.#setBusy(true)
        setImmediate(() => { this.#run(SSE_EVENTS_PER_BATCH) })
        return
      }
      if (this.#pending.length > 0) {
        const input = this.#pending.length === 1 ? this.#pending[0] as Buffer : Buffer.concat(this.#pending)
        this.#pending = []
        if (!this.#take(input)) return
        max = this.#max()
        continue
      }
      if (this.#onEnd === undefined) {
        this.#setBusy(false)
        this.#o.idle?.()
        return
      }
      if (!this.#ended) {
        this.#ended = true
        try {
          this.#m.end()
        } catch (err: unknown) {
          this.#failed(err)
          return
        }
        max = this.#max()
        continue
      }
      const done = this.#onEnd
      this.#stopped = true
      this.#setBusy(false)
      done()
      return
    }
  }

  #setBusy (busy: boolean): void {
    if (this.#busy === busy) return
    this.#busy = busy
    this.#o.busy(busy)
  }
}
