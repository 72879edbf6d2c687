/**
 * Full-jitter exponential backoff for tunnel reconnects: the n-th delay is uniform in [0, min(max, base·2ⁿ)].
 * Full jitter spreads a fleet of agents that lost the same relay, so they do not reconnect in lock step.
 */
import { RECONNECT_BASE_DELAY_MS, RECONNECT_MAX_DELAY_MS } from './constants.js'

/** Options for {@link ReconnectBackoff}; `random` is injectable for tests. */
export interface BackoffOptions {
  baseMs?: number
  maxMs?: number
  random?: () => number
}

/** Stateful backoff: call `next()` for each failed attempt, `reset()` after a connection that held. */
export class ReconnectBackoff {
  private attempt = 0
  private readonly baseMs: number
  private readonly maxMs: number
  private readonly random: () => number

  constructor (options: BackoffOptions = {}) {
    this.baseMs = options.baseMs ?? RECONNECT_BASE_DELAY_MS
    this.maxMs = options.maxMs ?? RECONNECT_MAX_DELAY_MS
    this.random = options.random ?? Math.random
  }

  /** Delay before the next attempt, in ms. */
  next (): number {
    // 2^attempt stops growing once it passes max; cap the exponent so the number never overflows.
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.attempt, 30))
    this.attempt++
    return Math.floor(this.random() * ceiling)
  }

  /** Back to the first delay. */
  reset (): void {
    this.attempt = 0
  }

  /** Attempts made since the last reset. */
  get attempts (): number {
    return this.attempt
  }
}
