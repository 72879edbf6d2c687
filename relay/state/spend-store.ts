/**
 * Spend counters of the relay's shared state (issue 7, DESIGN.md "State"): windowed counters of requests, tokens and
 * cost, concurrency slots, and hourly usage for queries.
 *
 * Every check-and-reserve is one call of the store, atomic: {@link SpendStore.reserve} checks every counter a request
 * touches and adds to all of them or to none, so concurrent requests of one identity can never together pass a
 * limit by more than one request's reservation (the last one admitted). The in-memory implementation does it in one
 * synchronous step; a Redis implementation is one Lua script over the same keys (INCRBY with PEXPIREAT per window),
 * so this interface is what it ports. Every method may reject: callers refuse the request (503), never "no spend".
 */
import { randomUUID } from 'node:crypto'

import { MAX_SPEND_COUNTERS, MAX_USAGE_BUCKETS, USAGE_RETENTION_MS } from '../spend/constants.js'
import { StateStoreFullError } from './errors.js'

/** What a counter counts. */
export type SpendMetric = 'requests' | 'concurrent' | 'tokens' | 'cost'

/** A window: fixed length in ms (aligned to the Unix epoch, so days are UTC days), calendar `month` (UTC), or none. */
export type SpendWindow = number | 'month' | 'none'

/** One counter a request is checked against and charged to. */
export interface SpendCounter {
  /** Rule name (reported in refusals). */
  rule: string
  /** Whose counter, e.g. `subject:alice` (with the rule name, the counter's identity). */
  key: string
  metric: SpendMetric
  window: SpendWindow
  limit: number
  /** What this request adds (reserved). */
  amount: number
}

/** A counter's state after a reservation or a refusal. */
export interface CounterState {
  counter: SpendCounter
  used: number
  /** When the window ends (Unix ms); undefined for concurrency. */
  resetUnixMs: number | undefined
}

/** Result of {@link SpendStore.reserve}. */
export type Reservation =
  | { ok: true, id: string, counters: CounterState[] }
  | { ok: false, refused: CounterState, counters: CounterState[] }

/** Actual use of a settled exchange, replacing what was reserved for `tokens` and `cost` counters. */
export interface SpendActual { tokens: number, costNano: number }

/** One exchange's usage, for the hourly history. */
export interface UsageEntry {
  subject: string
  groups: readonly string[]
  connection: string
  model: string
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  costNano: number
  estimated: boolean
}

/** Aggregated usage of one group of exchanges. */
export interface UsageRow {
  /** The value grouped by (`by`), or `all`. */
  key: string
  requests: number
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  costNano: number
  /** Exchanges whose usage was estimated. */
  estimated: number
}

/** Filter of {@link SpendStore.queryUsage}. */
export interface UsageQuery {
  subject?: string | undefined
  group?: string | undefined
  connection?: string | undefined
  model?: string | undefined
  sinceUnixMs: number
  by: 'model' | 'subject' | 'connection' | 'none'
}

/** The spend operations of the state store. */
export interface SpendStore {
  /** Current use of `counters` (no change). */
  peek: (counters: readonly SpendCounter[], nowMs: number) => Promise<CounterState[]>
  /** Atomically: if every counter stays within its limit after adding its amount, add them all. */
  reserve: (counters: readonly SpendCounter[], nowMs: number) => Promise<Reservation>
  /** Replaces the reserved tokens and cost with `actual` and frees the concurrency slots. Idempotent per id. */
  settle: (id: string, actual: SpendActual) => Promise<void>
  recordUsage: (entry: UsageEntry, nowMs: number) => Promise<void>
  queryUsage: (q: UsageQuery, nowMs: number) => Promise<UsageRow[]>
}

/** Hours in ms, the usage bucket size. */
const HOUR_MS = 3600 * 1000

/** The id of the window `w` holds `nowMs` in, and when it ends. */
function windowOf (w: SpendWindow, nowMs: number): { id: string, endUnixMs: number | undefined } {
  if (w === 'none') return { id: '-', endUnixMs: undefined }
  if (w === 'month') {
    const d = new Date(nowMs)
    return { id: `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}`, endUnixMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) }
  }
  const n = Math.floor(nowMs / w)
  return { id: String(n), endUnixMs: (n + 1) * w }
}

/** Storage key of a counter in its current window. */
function storeKey (c: SpendCounter, windowId: string): string {
  return `${c.rule}\u0000${c.key}\u0000${c.metric}\u0000${String(c.window)}\u0000${windowId}`
}

interface Cell { value: number, expiresUnixMs: number | undefined }
interface Held { cells: Array<{ key: string, metric: SpendMetric, amount: number }>, settled: boolean }

/** {@link SpendStore} in this process's memory; bounded (MAX_SPEND_COUNTERS, MAX_USAGE_BUCKETS). */
export class MemorySpendStore implements SpendStore {
  readonly #cells = new Map<string, Cell>()
  readonly #held = new Map<string, Held>()
  readonly #usage = new Map<string, UsageEntry & { hour: number, requests: number, estimatedCount: number }>()

  async peek (counters: readonly SpendCounter[], nowMs: number): Promise<CounterState[]> {
    return counters.map((c) => {
      const w = windowOf(c.window, nowMs)
      return { counter: c, used: this.#value(storeKey(c, w.id), nowMs), resetUnixMs: w.endUnixMs }
    })
  }

  async reserve (counters: readonly SpendCounter[], nowMs: number): Promise<Reservation> {
    // One synchronous step from here to the end: nothing else runs in between (that is the atomicity).
    const states: CounterState[] = []
    const keys: string[] = []
    let refused: CounterState | undefined
    for (const c of counters) {
      const w = windowOf(c.window, nowMs)
      const key = storeKey(c, w.id)
      const used = this.#value(key, nowMs)
      const state = { counter: c, used, resetUnixMs: w.endUnixMs }
      states.push(state)
      keys.push(key)
      if (refused === undefined && used + c.amount > c.limit) refused = state
    }
    if (refused !== undefined) return { ok: false, refused, counters: states }
    this.#makeRoom(counters.length, nowMs)
    const held: Held = { cells: [], settled: false }
    counters.forEach((c, i) => {
      const key = keys[i] as string
      const w = windowOf(c.window, nowMs)
      const cell = this.#cells.get(key) ?? { value: 0, expiresUnixMs: w.endUnixMs }
      cell.value += c.amount
      this.#cells.set(key, cell)
      held.cells.push({ key, metric: c.metric, amount: c.amount });
      (states[i] as CounterState).used += c.amount
    })
    const id = randomUUID()
    this.#held.set(id, held)
    return { ok: true, id, counters: states }
  }

  async settle (id: string, actual: SpendActual): Promise<void> {
    const held = this.#held.get(id)
    if (held === undefined || held.settled) return
    held.settled = true
    this.#held.delete(id)
    for (const h of held.cells) {
      const cell = this.#cells.get(h.key)
      if (cell === undefined) continue
      if (h.metric === 'concurrent') cell.value -= h.amount
      else if (h.metric === 'tokens') cell.value += actual.tokens - h.amount
      else if (h.metric === 'cost') cell.value += actual.costNano - h.amount
      if (cell.value < 0) cell.value = 0
    }
  }

  async recordUsage (e: UsageEntry, nowMs: number): Promise<void> {
    const hour = Math.floor(nowMs / HOUR_MS)
    const key = `${hour}\u0000${e.subject}\u0000${e.connection}\u0000${e.model}`
    let b = this.#usage.get(key)
    if (b === undefined) {
      if (this.#usage.size >= MAX_USAGE_BUCKETS) this.#pruneUsage(nowMs)
      if (this.#usage.size >= MAX_USAGE_BUCKETS) throw new StateStoreFullError(`at most ${MAX_USAGE_BUCKETS} usage buckets are kept`)
      b = { ...e, groups: [...e.groups], inputTokens: 0, outputTokens: 0, cachedTokens: 0, costNano: 0, hour, requests: 0, estimatedCount: 0 }
      this.#usage.set(key, b)
    }
    b.requests++
    b.inputTokens += e.inputTokens
    b.outputTokens += e.outputTokens
    b.cachedTokens += e.cachedTokens
    b.costNano += e.costNano
    if (e.estimated) b.estimatedCount++
  }

  async queryUsage (q: UsageQuery, nowMs: number): Promise<UsageRow[]> {
    this.#pruneUsage(nowMs)
    const fromHour = Math.floor(q.sinceUnixMs / HOUR_MS)
    const rows = new Map<string, UsageRow>()
    for (const b of this.#usage.values()) {
      if (b.hour < fromHour) continue
      if (q.subject !== undefined && b.subject !== q.subject) continue
      if (q.group !== undefined && !b.groups.includes(q.group)) continue
      if (q.connection !== undefined && b.connection !== q.connection) continue
      if (q.model !== undefined && b.model !== q.model) continue
      const key = q.by === 'none' ? 'all' : b[q.by]
      const r = rows.get(key) ?? { key, requests: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, costNano: 0, estimated: 0 }
      r.requests += b.requests
      r.inputTokens += b.inputTokens
      r.outputTokens += b.outputTokens
      r.cachedTokens += b.cachedTokens
      r.costNano += b.costNano
      r.estimated += b.estimatedCount
      rows.set(key, r)
    }
    return [...rows.values()].sort((a, b) => b.costNano - a.costNano || a.key.localeCompare(b.key))
  }

  #value (key: string, nowMs: number): number {
    const cell = this.#cells.get(key)
    if (cell === undefined) return 0
    if (cell.expiresUnixMs !== undefined && nowMs >= cell.expiresUnixMs) {
      this.#cells.delete(key)
      return 0
    }
    return cell.value
  }

  /** Drops expired windows when `more` new cells would pass the bound; fails closed when that is not enough. */
  #makeRoom (more: number, nowMs: number): void {
    if (this.#cells.size + more <= MAX_SPEND_COUNTERS) return
    for (const [key, cell] of this.#cells) if (cell.expiresUnixMs !== undefined && nowMs >= cell.expiresUnixMs) this.#cells.delete(key)
    if (this.#cells.size + more > MAX_SPEND_COUNTERS) throw new StateStoreFullError(`at most ${MAX_SPEND_COUNTERS} spend counters are kept`)
  }

  #pruneUsage (nowMs: number): void {
    const oldest = Math.floor((nowMs - USAGE_RETENTION_MS) / HOUR_MS)
    for (const [key, b] of this.#usage) if (b.hour < oldest) this.#usage.delete(key)
  }
}
