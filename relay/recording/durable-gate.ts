/**
 * Holds response bytes until the recording has them on disk, then hands them on in order (issue 5: "response
 * bytes are recorded before they are released to the client").
 *
 * Chunks pushed in one synchronous run are cut into one batch on the next microtask: the batch is recorded as one
 * ResponseChunk record (it reaches the client in one write, so that is also how the client received it), a
 * `durable()` is asked for it, and it is delivered as one buffer once that resolves and every earlier batch has been
 * delivered. A batch does not wait for the commit of the one before it: the recorder may run commits in parallel
 * (writer.ts), and a commit that covers a later batch covers the earlier ones too. Fewer, larger records and writes
 * are what keep recording and masking cheap on a stream of many small events. Without a recording the gate
 * records nothing and delivers each batch on that microtask: one client write per synchronous run of tunnel chunks
 * rather than one per chunk (an unrecorded relay spent 15% more CPU per 200-chunk stream writing them one by one).
 *
 * Bounded: `push` returns false once more than MAX_GATED_BYTES are held, and the caller stops reading its source
 * until `onRoom` is called.
 */
import { MAX_GATED_BYTES } from '../constants.js'

/** Callbacks of a {@link DurableGate}. */
export interface DurableGateOptions {
  /** Resolves when everything recorded so far is durable; undefined when nothing is recorded. */
  durable: (() => Promise<void>) | undefined
  /** Appends one batch to the recording (may throw: the gate then fails); called in order, before `durable`. */
  record: (batch: Buffer) => void
  /** Receives released batches, in order. */
  deliver: (chunk: Buffer) => void
  /** The recording failed: nothing more is delivered. */
  onError: (err: unknown) => void
  /** Held bytes dropped back under MAX_GATED_BYTES after `push` returned false. */
  onRoom: () => void
}

/** A batch waiting for its commit. */
interface Batch { data: Buffer, durable: boolean }

/** See the file comment. */
export class DurableGate {
  readonly #o: DurableGateOptions
  /** Chunks pushed since the last cut. */
  #next: Buffer[] = []
  /** Recorded batches not yet delivered, oldest first. */
  #waiting: Batch[] = []
  #held = 0
  #full = false
  #cutScheduled = false
  #failed = false
  #onEnd: (() => void) | undefined

  constructor (options: DurableGateOptions) {
    this.#o = options
  }

  /** Queues a chunk; false when the caller should pause its source. */
  push (chunk: Buffer): boolean {
    if (this.#failed) return false
    this.#next.push(chunk)
    this.#held += chunk.length
    if (!this.#cutScheduled) {
      this.#cutScheduled = true
      // Cut after the current synchronous run, so chunks pushed together share one record and one commit.
      queueMicrotask(() => { this.#cut() })
    }
    if (this.#held > MAX_GATED_BYTES) this.#full = true
    return !this.#full
  }

  /** Calls `done` once every pushed chunk has been delivered (at once when none is held). */
  end (done: () => void): void {
    if (this.#failed) return
    if (this.#idle()) done()
    else this.#onEnd = done
  }

  #idle (): boolean {
    return !this.#cutScheduled && this.#waiting.length === 0
  }

  #cut (): void {
    this.#cutScheduled = false
    const durable = this.#o.durable
    if (this.#failed || this.#next.length === 0) return
    const chunks = this.#next
    this.#next = []
    const batch: Batch = { data: chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks), durable: durable === undefined }
    this.#waiting.push(batch)
    if (durable === undefined) {
      // Nothing to record: the batch goes out at once, still as one write.
      this.#release()
      return
    }
    try {
      this.#o.record(batch.data)
    } catch (err: unknown) {
      this.#fail(err)
      return
    }
    durable().then(() => {
      // Everything recorded before this batch was appended is durable too.
      for (const b of this.#waiting) {
        b.durable = true
        if (b === batch) break
      }
      this.#release()
    }, (err: unknown) => { this.#fail(err) })
  }

  #release (): void {
    if (this.#failed) return
    while (this.#waiting.length > 0 && (this.#waiting[0] as Batch).durable) {
      const b = this.#waiting.shift() as Batch
      this.#held -= b.data.length
      this.#o.deliver(b.data)
      if (this.#failed) return
    }
    if (this.#full && this.#held <= MAX_GATED_BYTES) {
      this.#full = false
      this.#o.onRoom()
    }
    if (this.#onEnd !== undefined && this.#idle()) {
      const done = this.#onEnd
      this.#onEnd = undefined
      done()
    }
  }

  #fail (err: unknown): void {
    if (this.#failed) return
    this.#failed = true
    this.#waiting = []
    this.#next = []
    this.#o.onError(err)
  }
}
