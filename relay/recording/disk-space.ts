/**
 * Pre-admission free-space check of the recordings folder (THREATS D.4, after Boundary's minimum free space): when
 * the file system holding the recordings has less than the configured minimum free, new exchanges are refused
 * with 503 before anything is forwarded, instead of starting traffic that the recorder would then fail on. The
 * reading is cached for FREE_SPACE_CHECK_INTERVAL_MS so the check costs one statfs(2) per interval, not per request.
 */
import { statfs } from 'node:fs/promises'

import { FREE_SPACE_CHECK_INTERVAL_MS } from '../constants.js'
import { RecordingUnavailableError } from './errors.js'

/** See the file comment. */
export class DiskSpaceGuard {
  readonly #dir: string
  readonly #minFreeBytes: number
  readonly #now: () => number
  #checkedAt = Number.NEGATIVE_INFINITY
  #freeBytes = Number.POSITIVE_INFINITY
  #pending: Promise<void> | undefined

  constructor (dir: string, minFreeBytes: number, now: () => number = Date.now) {
    this.#dir = dir
    this.#minFreeBytes = minFreeBytes
    this.#now = now
  }

  /** Free bytes at the last reading. */
  get freeBytes (): number {
    return this.#freeBytes
  }

  /** Throws RecordingUnavailableError when the last reading (refreshed when stale) is below the minimum. */
  async check (): Promise<void> {
    if (this.#minFreeBytes <= 0) return
    if (this.#now() - this.#checkedAt >= FREE_SPACE_CHECK_INTERVAL_MS) {
      this.#pending ??= this.#read().finally(() => { this.#pending = undefined })
      await this.#pending
    }
    if (this.#freeBytes < this.#minFreeBytes) {
      throw new RecordingUnavailableError(`the recordings disk has ${this.#freeBytes} bytes free, below the ${this.#minFreeBytes} bytes required (recording.minFreeBytes); new requests are refused`)
    }
  }

  async #read (): Promise<void> {
    try {
      const s = await statfs(this.#dir)
      this.#freeBytes = Number(s.bavail) * Number(s.bsize)
    } catch {
      // Cannot tell: fail closed, as for a full disk.
      this.#freeBytes = 0
    }
    this.#checkedAt = this.#now()
  }
}
