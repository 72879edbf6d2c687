/**
 * Holds response bytes until the recording has them on disk, then hands them on in order (issue 5: "response
 * bytes are recorded before they are released to the client"). Chunks pushed in one synchronous run share a commit;
 * chunks that arrive while a group commit is in flight wait for the next one, so one fdatasync releases everything recorded before it. Without a recording the
 * gate delivers synchronously.
 *
 * Bounded: `push` returns false once more than MAX_GATED_BYTES are held, and the caller stops reading its source
 * until `onRoom` is called.
 */
import { MAX_GATED_BYTES } from '../constants.js'

/** Callbacks of a {@link DurableGate}. */
export interface DurableGateOptions {
  /** Resolves when everything recorded so far is durable; undefined when nothing is recorded. */
  durable: (() => Promise<void>) | undefined
  /** Receives released chunks, in order. */
  deliver: (chunk: Buffer) => void
  /** The recording failed: nothing more is delivered. */
  onError: (err: unknown) => void
  /** Held bytes dropped back under MAX_GATED_BYTES after `push` returned false. */
  onRoom: () => void
}

/** See the file comment. */
export class DurableGate {
  readonly #o: DurableGateOptions
  /** Chunks covered by the commit in flight. */
  #committing: Buffer[] = []
  /** Chunks recorded after that commit started. */
  #next: Buffer[] = []
  #held = 0
  #full = false
  #busy = false
  #failed = false
  #onEnd: (() => void) | undefined

  constructor (options: DurableGateOptions) {
    this.#o = options
  }

  /** Queues a chunk already appended to the recording; false when the caller should pause its source. */
  push (chunk: Buffer): boolean {
    if (this.#failed) return false
    if (this.#o.durable === undefined) {
      this.#o.deliver(chunk)
      return true
    }
    this.#next.push(chunk)
    this.#held += chunk.length
    this.#commit()
    if (this.#held > MAX_GATED_BYTES) this.#full = true
    return !this.#full
  }

  /** Calls `done` once every pushed chunk has been delivered (at once when none is held). */
  end (done: () => void): void {
    if (this.#failed) return
    if (!this.#busy && this.#next.length === 0) done()
    else this.#onEnd = done
  }

  #commit (): void {
    const durable = this.#o.durable
    if (this.#busy || this.#next.length === 0 || durable === undefined) return
    this.#busy = true
    // Start the commit after the current synchronous run, so chunks pushed together share one.
    queueMicrotask(() => { this.#start(durable) })
  }

  #start (durable: () => Promise<void>): void {
    if (this.#failed) return
    this.#committing = this.#next
    this.#next = []
    durable().then(() => {
      this.#busy = false
      if (this.#failed) return
      const batch = this.#committing
      this.#committing = []
      for (const chunk of batch) {
        this.#held -= chunk.length
        this.#o.deliver(chunk)
      }
      if (this.#full && this.#held <= MAX_GATED_BYTES) {
        this.#full = false
        this.#o.onRoom()
      }
      if (this.#next.length > 0) this.#commit()
      else if (this.#onEnd !== undefined) {
        const done = this.#onEnd
        this.#onEnd = undefined
        done()
      }
    }, (err: unknown) => {
      this.#busy = false
      this.#failed = true
      this.#committing = []
      this.#next = []
      this.#o.onError(err)
    })
  }
}
