/**
 * The relay's shared state (DESIGN.md "State"): one interface, an in-memory implementation for a single relay (the
 * embedded default), and later a Redis one for many relays. Every operation is async and may fail: callers treat a
 * failure as "refuse" (fail closed), never as "no lock".
 *
 * This first part holds what security operations need: locks (refuse a subject, group, token, connection or agent,
 * optionally until a time) and killed tokens (a killed session's token is refused for the rest of its life).
 */
import { randomUUID } from 'node:crypto'

import { MAX_KILLED_TOKENS, MAX_LOCKS } from './constants.js'
import { StateStoreFullError } from './errors.js'

/** What a lock refuses. */
export type LockKind = 'subject' | 'group' | 'token' | 'connection' | 'agent'
export const LOCK_KINDS: readonly LockKind[] = ['subject', 'group', 'token', 'connection', 'agent']

/** One lock. */
export interface Lock {
  id: string
  kind: LockKind
  value: string
  reason: string
  /** Who placed it (the admin's subject). */
  actor: string
  createdUnixMs: number
  /** Lifted by itself at this time; undefined: until removed. */
  untilUnixMs?: number | undefined
}

/** A lock to add (the store assigns id and creation time). */
export type NewLock = Omit<Lock, 'id' | 'createdUnixMs'>

/** The facts of a request that locks are matched against. */
export interface LockSubject {
  subject: string
  groups: readonly string[]
  tokenId: string
  connection: string
  agentId: string
}

/** True when `lock` refuses `who`. */
export function lockMatches (lock: Lock, who: LockSubject): boolean {
  switch (lock.kind) {
    case 'subject': return who.subject === lock.value
    case 'group': return who.groups.includes(lock.value)
    case 'token': return who.tokenId === lock.value
    case 'connection': return who.connection === lock.value
    case 'agent': return who.agentId === lock.value
  }
}

/** The shared-state operations of the relay. */
export interface StateStore {
  addLock: (lock: NewLock, nowMs: number) => Promise<Lock>
  /** The removed lock, or undefined when there was none with that id. */
  removeLock: (id: string) => Promise<Lock | undefined>
  /** Locks in force at `nowMs` (expired ones are dropped). */
  listLocks: (nowMs: number) => Promise<Lock[]>
  /** The first lock in force that refuses `who`, if any. */
  findLock: (who: LockSubject, nowMs: number) => Promise<Lock | undefined>
  /** Refuses token `tokenId` until `untilUnixMs` (its expiry). */
  killToken: (tokenId: string, untilUnixMs: number) => Promise<void>
  isTokenKilled: (tokenId: string, nowMs: number) => Promise<boolean>
}

/** {@link StateStore} in this process's memory; bounded (MAX_LOCKS, MAX_KILLED_TOKENS). */
export class MemoryStateStore implements StateStore {
  readonly #locks = new Map<string, Lock>()
  readonly #killed = new Map<string, number>()

  async addLock (lock: NewLock, nowMs: number): Promise<Lock> {
    this.#expire(nowMs)
    if (this.#locks.size >= MAX_LOCKS) throw new StateStoreFullError(`at most ${MAX_LOCKS} locks can be in force; remove some first`)
    const stored: Lock = { ...lock, id: `lock_${randomUUID()}`, createdUnixMs: nowMs }
    this.#locks.set(stored.id, stored)
    return { ...stored }
  }

  async removeLock (id: string): Promise<Lock | undefined> {
    const lock = this.#locks.get(id)
    this.#locks.delete(id)
    return lock === undefined ? undefined : { ...lock }
  }

  async listLocks (nowMs: number): Promise<Lock[]> {
    this.#expire(nowMs)
    return [...this.#locks.values()].map((l) => ({ ...l }))
  }

  async findLock (who: LockSubject, nowMs: number): Promise<Lock | undefined> {
    if (this.#locks.size === 0) return undefined
    this.#expire(nowMs)
    for (const lock of this.#locks.values()) if (lockMatches(lock, who)) return { ...lock }
    return undefined
  }

  async killToken (tokenId: string, untilUnixMs: number): Promise<void> {
    if (!this.#killed.has(tokenId) && this.#killed.size >= MAX_KILLED_TOKENS) {
      this.#sweepKilled(Date.now())
      if (this.#killed.size >= MAX_KILLED_TOKENS) throw new StateStoreFullError(`at most ${MAX_KILLED_TOKENS} killed tokens can be tracked`)
    }
    this.#killed.set(tokenId, Math.max(untilUnixMs, this.#killed.get(tokenId) ?? 0))
  }

  async isTokenKilled (tokenId: string, nowMs: number): Promise<boolean> {
    const until = this.#killed.get(tokenId)
    if (until === undefined) return false
    if (nowMs >= until) {
      this.#killed.delete(tokenId)
      return false
    }
    return true
  }

  #expire (nowMs: number): void {
    for (const [id, lock] of this.#locks) if (lock.untilUnixMs !== undefined && nowMs >= lock.untilUnixMs) this.#locks.delete(id)
  }

  #sweepKilled (nowMs: number): void {
    for (const [id, until] of this.#killed) if (nowMs >= until) this.#killed.delete(id)
  }
}
