/**
 * Live sessions at the relay (DESIGN.md "session"): one identity's token on one connection, keyed by token id +
 * connection. A session holds its in-flight exchanges and, when recording is on, its recording (one file per
 * session). It ends, and its recording is sealed, when its token expires, after SESSION_IDLE_TIMEOUT_MS without an
 * exchange, or when the relay stops; the next request under the same token then opens a new session.
 *
 * Fail closed: with a fail-closed recorder that has failed, `acquire` throws RecordingUnavailableError (503) and
 * every live exchange is ended with that error, so no unrecorded traffic flows.
 */
import { randomUUID } from 'node:crypto'

import { keyward as recordingProto } from '../../proto/gen/recording.js'
import { RecordingUnavailableError } from '../recording/errors.js'
import { SessionExpiredError } from '../state/errors.js'
import { SessionEndReason } from '../recording/writer.js'
import { SESSION_IDLE_TIMEOUT_MS, SESSION_SWEEP_INTERVAL_MS, TERMINATE_DRAIN_MS, TERMINATE_POLL_MS } from './constants.js'

import type { Logger } from 'pino'
import type { GatewayError } from '../../common/errors.js'
import type { Identity } from '../identity/jwt-verifier.js'
import type { DiskSpaceGuard } from '../recording/disk-space.js'
import type { keyward } from '../../proto/gen/recording.js'
import type { Recorder, RecordingWriter } from '../recording/writer.js'

const EventKind = recordingProto.recording.v1.SessionEvent.Kind

/** `SessionEvent.kind` values. */
type SessionEventKind = keyward.recording.v1.SessionEvent.Kind

/** One in-flight exchange, as the session sees it. */
export interface LiveExchange {
  readonly id: string
  readonly method: string
  readonly path: string
  model: string | undefined
  readonly startedAt: number
  /** Where it is: checked by policy, held for approval, forwarded and waiting for the head, or responding. */
  state: 'checking' | 'held' | 'forwarded' | 'responding'
  /** Response bytes sent to the client so far. */
  responseBytes: number
  /** Ends the exchange now with `err` (the client gets it; the agent aborts the upstream call). */
  readonly abort: (err: GatewayError) => void
}

/** What opens a session. */
export interface SessionInit {
  identity: Identity
  connection: string
  /** Hex SHA-256 of the bearer token (the token itself is never kept). */
  tokenSha256: string
  clientAddress: string
  agentId: string
}

/** One live session. */
export class Session {
  /** `<token id>|<connection>`. */
  readonly key: string
  /** Unique per opening (a new session under the same key gets a new id). */
  readonly id: string
  readonly identity: Identity
  readonly connection: string
  /** The agent that served the session's first exchange. */
  readonly agentId: string
  readonly startedAt: number
  lastActivity: number
  /** The session's recording, when recording is on. */
  readonly recording: RecordingWriter | undefined
  readonly exchanges = new Map<string, LiveExchange>()
  #ended = false

  constructor (key: string, init: SessionInit, recording: RecordingWriter | undefined, now: number) {
    this.key = key
    this.id = randomUUID()
    this.identity = init.identity
    this.connection = init.connection
    this.agentId = init.agentId
    this.startedAt = now
    this.lastActivity = now
    this.recording = recording
  }

  get ended (): boolean {
    return this.#ended
  }

  /** @internal Marks the session ended (the registry seals its recording). */
  markEnded (): void {
    this.#ended = true
  }
}

/** Collaborators and settings of the {@link SessionRegistry}. */
export interface SessionRegistryOptions {
  /** Records every session when set. */
  recorder?: Recorder | undefined
  /** Refuses new exchanges while the recordings disk is nearly full. */
  diskSpace?: DiskSpaceGuard | undefined
  logger?: Logger
  /** Default SESSION_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number
  /** Sessions older than this end even mid-exchange, in ms; default none. */
  maxDurationMs?: number
  /** Default Date.now. */
  now?: () => number
}

/** The relay's live sessions; see the file comment. */
export class SessionRegistry {
  readonly #sessions = new Map<string, Session>()
  /** Sessions being opened (their recording is being created): concurrent first requests share one. */
  readonly #opening = new Map<string, Promise<Session>>()
  readonly #recorder: Recorder | undefined
  readonly #diskSpace: DiskSpaceGuard | undefined
  readonly #log: Logger | undefined
  readonly #idleMs: number
  readonly #maxDurationMs: number | undefined
  readonly #now: () => number
  readonly #timer: NodeJS.Timeout
  #closed = false

  constructor (options: SessionRegistryOptions = {}) {
    this.#recorder = options.recorder
    this.#diskSpace = options.diskSpace
    this.#log = options.logger
    this.#idleMs = options.idleTimeoutMs ?? SESSION_IDLE_TIMEOUT_MS
    this.#maxDurationMs = options.maxDurationMs
    this.#now = options.now ?? Date.now
    this.#timer = setInterval(() => { this.sweep() }, Math.min(SESSION_SWEEP_INTERVAL_MS, this.#idleMs, this.#maxDurationMs ?? Infinity))
    this.#timer.unref()
    this.#recorder?.on('failure', (err, recordingId) => { this.#recorderFailed(err, recordingId) })
  }

  /** Live sessions. */
  list (): Session[] {
    return [...this.#sessions.values()]
  }

  /**
   * The live session of this token on this connection, opened (and its recording created) if there is none.
   * Throws RecordingUnavailableError when recording is fail-closed and cannot be written, or its disk is below the
   * minimum free space.
   */
  async acquire (init: SessionInit): Promise<Session> {
    const key = `${init.identity.tokenId}|${init.connection}`
    if (this.#recorder?.mode === 'fail-closed' && !this.#recorder.healthy) {
      throw new RecordingUnavailableError('session recording is failing; requests are refused until it is fixed (fail closed)')
    }
    await this.#diskSpace?.check()
    const now = this.#now()
    const live = this.#sessions.get(key)
    const tooOld = live !== undefined && this.#maxDurationMs !== undefined && now - live.startedAt >= this.#maxDurationMs
    if (live !== undefined && !live.ended && !this.#expired(live, now) && !tooOld) {
      live.lastActivity = now
      return live
    }
    if (live !== undefined) void this.#end(live, this.#expired(live, now) ? SessionEndReason.TOKEN_EXPIRED : tooOld ? SessionEndReason.MAX_DURATION : SessionEndReason.IDLE)
    const pending = this.#opening.get(key)
    if (pending !== undefined) return await pending
    const opening = this.#open(key, init)
    this.#opening.set(key, opening)
    try {
      return await opening
    } finally {
      this.#opening.delete(key)
    }
  }

  /** Adds an in-flight exchange to its session. */
  begin (session: Session, exchange: LiveExchange): void {
    session.exchanges.set(exchange.id, exchange)
    session.lastActivity = this.#now()
  }

  /** Removes a finished exchange. */
  finish (session: Session, exchangeId: string): void {
    session.exchanges.delete(exchangeId)
    session.lastActivity = this.#now()
  }

  /** The live session with this id (Session.id). */
  find (id: string): Session | undefined {
    for (const s of this.#sessions.values()) if (s.id === id) return s
    return undefined
  }

  /**
   * Ends a session now (kill, lock): records `event` in its recording, ends every in-flight exchange with `err` (the
   * client sees it; the tunnel stream is reset so the agent aborts the upstream call), waits up to
   * TERMINATE_DRAIN_MS for those exchanges to finish recording their end, then seals the recording with `reason`.
   */
  async terminate (session: Session, event: { kind: SessionEventKind, actor: string, reason: string, lockId?: string }, err: GatewayError, reason: SessionEndReason): Promise<void> {
    if (session.ended) return
    try {
      session.recording?.append({ event: { kind: event.kind, actor: event.actor, reason: event.reason, lockId: event.lockId ?? '' } })
    } catch (e) {
      this.#log?.warn({ err: e, session: session.id }, 'could not record a session event')
    }
    for (const ex of [...session.exchanges.values()]) ex.abort(err)
    const deadline = this.#now() + TERMINATE_DRAIN_MS
    while (session.exchanges.size > 0 && this.#now() < deadline) await new Promise((resolve) => setTimeout(resolve, TERMINATE_POLL_MS))
    await this.#end(session, reason, event.reason)
  }

  /** Ends sessions whose token expired, and idle ones (no exchange in flight for the idle timeout). */
  sweep (): void {
    const now = this.#now()
    for (const s of this.#sessions.values()) {
      if (this.#maxDurationMs !== undefined && now - s.startedAt >= this.#maxDurationMs) {
        const err = new SessionExpiredError(`the session reached its maximum duration of ${Math.round(this.#maxDurationMs / 1000)} s; send the request again to start a new one`)
        void this.terminate(s, { kind: EventKind.MAX_DURATION, actor: 'relay', reason: 'maximum session duration' }, err, SessionEndReason.MAX_DURATION)
        continue
      }
      if (s.exchanges.size > 0) continue
      if (this.#expired(s, now)) this.#end(s, SessionEndReason.TOKEN_EXPIRED)
      else if (now - s.lastActivity >= this.#idleMs) this.#end(s, SessionEndReason.IDLE)
    }
  }

  /** Ends every session (their recordings sealed with RELAY_SHUTDOWN); in-flight exchanges are left to finish. */
  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    await Promise.allSettled([...this.#opening.values()])
    const seals = this.list().map(async (s) => await this.#end(s, SessionEndReason.RELAY_SHUTDOWN))
    await Promise.allSettled(seals)
  }

  async #open (key: string, init: SessionInit): Promise<Session> {
    if (this.#closed) throw new RecordingUnavailableError('the relay is shutting down')
    let recording: RecordingWriter | undefined
    if (this.#recorder !== undefined) {
      const id = init.identity
      recording = await this.#recorder.create({
        sessionStart: {
          sessionId: key,
          subject: id.subject,
          groups: id.groups,
          tokenId: id.tokenId,
          tokenSha256: init.tokenSha256,
          tokenExpiresUnixMs: id.expiresAt,
          issuer: id.issuer,
          clientAddress: init.clientAddress,
          connection: init.connection,
          agentId: init.agentId
        }
      })
    }
    const session = new Session(key, init, recording, this.#now())
    this.#sessions.set(key, session)
    this.#log?.debug({ session: session.id, subject: init.identity.subject, connection: init.connection, recording: recording?.id }, 'session opened')
    return session
  }

  /** Ends a session and seals its recording (errors are logged: sealing never throws at callers). */
  async #end (session: Session, reason: SessionEndReason, detail?: string): Promise<void> {
    if (session.ended) return
    session.markEnded()
    if (this.#sessions.get(session.key) === session) this.#sessions.delete(session.key)
    this.#log?.debug({ session: session.id, reason: SessionEndReason[reason] }, 'session ended')
    try {
      await session.recording?.seal({ reason, ...(detail === undefined ? {} : { detail }) })
    } catch (err) {
      this.#log?.warn({ err, recording: session.recording?.id }, 'could not seal a recording')
    }
  }

  #expired (s: Session, now: number): boolean {
    return now >= s.identity.expiresAt
  }

  /**
   * Fail closed: a failed recording ends its session's live exchanges, and a failed recorder (disk full, I/O error)
   * every live exchange. Best-effort recording carries on.
   */
  #recorderFailed (err: RecordingUnavailableError, recordingId: string | undefined): void {
    const recorder = this.#recorder
    if (recorder?.mode !== 'fail-closed') return
    for (const s of this.#sessions.values()) {
      if (recorder.healthy && (recordingId === undefined || s.recording?.id !== recordingId)) continue
      for (const ex of s.exchanges.values()) ex.abort(err)
    }
  }
}
