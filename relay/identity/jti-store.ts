/**
 * One-time-use tracking for token ids (join tokens, handshake proofs).
 *
 * The store only has to remember an id until the token it came from expires: after that the token itself is
 * refused, so the entry can go. When full of live entries the in-memory store refuses new claims
 * ({@link ReplayStoreFullError}) instead of evicting, because evicting a live entry would re-open a replay window.
 */
import { DEFAULT_JTI_STORE_MAX_ENTRIES, JTI_STORE_PRUNE_EVERY_CLAIMS } from './constants.js'
import { ReplayStoreFullError } from './errors.js'

/** Component that records used token ids; a Redis implementation lets many relays share one view. */
export interface JtiStore {
  /**
   * Atomically records `jti` as used until `expiresAtMs` (ms since epoch). Resolves true if it was not already
   * recorded, false if it was (a replay). Rejects when the store cannot answer; callers must then refuse.
   */
  claim (jti: string, expiresAtMs: number): Promise<boolean>
}

/** Options for {@link memoryJtiStore}. */
export interface MemoryJtiStoreOptions {
  /** Most live entries kept; default DEFAULT_JTI_STORE_MAX_ENTRIES. */
  maxEntries?: number
  /** Clock in ms since epoch; defaults to Date.now (tests inject their own). */
  now?: () => number
}

/**
 * In-process {@link JtiStore}: right for one relay. Expired entries are swept every JTI_STORE_PRUNE_EVERY_CLAIMS
 * claims and whenever the store is full; a claim that finds it still full rejects with ReplayStoreFullError (503).
 */
export function memoryJtiStore (options: MemoryJtiStoreOptions = {}): JtiStore & { readonly size: number } {
  const maxEntries = options.maxEntries ?? DEFAULT_JTI_STORE_MAX_ENTRIES
  const now = options.now ?? Date.now
  const entries = new Map<string, number>()
  let claimsSincePrune = 0

  const prune = (at: number): void => {
    claimsSincePrune = 0
    for (const [jti, expiresAt] of entries) {
      if (expiresAt <= at) entries.delete(jti)
    }
  }

  return {
    get size () { return entries.size },
    async claim (jti: string, expiresAtMs: number): Promise<boolean> {
      const at = now()
      if (++claimsSincePrune >= JTI_STORE_PRUNE_EVERY_CLAIMS) prune(at)
      const known = entries.get(jti)
      if (known !== undefined && known > at) return false
      if (known === undefined && entries.size >= maxEntries) {
        prune(at)
        if (entries.size >= maxEntries) throw new ReplayStoreFullError()
      }
      entries.set(jti, expiresAtMs)
      return true
    }
  }
}
