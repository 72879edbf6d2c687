/**
 * One recording being written: the per-session half of the recorder (writer.ts holds the Recorder, which owns the
 * shared group-commit timer and the failure policy).
 *
 * `append` is synchronous and cheap: the record's time and body are protobuf-encoded at once and queued in memory,
 * in call order. At the next write, everything queued is framed as one record (a Bundle when there are several:
 * encrypted, hashed for both chains, CRC'd), which fixes its seq and place in the chain. `durable()` waits, as the
 * recorder's `waitFor` says, for the write of everything appended before the call (one write at the end of the
 * event-loop turn, shared by every durable() of that turn) or also for its `fdatasync` (the Recorder's group
 * commit). Appends alone start neither; they are written with the next durable() or within LAZY_COMMIT_MS.
 *
 * Bounds: body pieces ≤ MAX_BODY_PIECE_BYTES; the file ≤ maxSessionBytes of body data (then one SizeCapReached and
 * bodies are dropped); the queue ≤ maxPendingBytesPerRecording (and the Recorder-wide cap). Over the queue cap, a
 * fail-closed recording refuses further appends and is sealed RECORDER_FAILED once its queue is written; a
 * best-effort one drops the record and counts it in its SessionEnd.
 */
import { keyward } from '../../proto/gen/recording.js'
import { BACKLOG_FAILURE_DETAIL, MAX_BODY_PIECE_BYTES, MAX_BUNDLE_BYTES, MAX_FRAME_BYTES, MAX_RECORD_OVERHEAD_BYTES, MAX_SESSION_END_DETAIL_CHARS } from './constants.js'
import { RecordingUnavailableError } from './errors.js'
import { writeFully } from './file-ops.js'
import { APPENDABLE_KINDS, BUNDLED_KINDS, bodyKind, trailerBody } from './frame-codec.js'
import { RecordBatch } from './record-batch.js'
import { errnoCode } from './keys.js'

import type { Logger } from '../../common/logger.js'
import type { RecordingFileHandle } from './file-ops.js'
import type { BodyKind, RecordBody, RecordEncoder } from './frame-codec.js'
import type { BatchKind } from './record-batch.js'
import type { RecordingSigningKey } from './keys.js'

const Reason = keyward.recording.v1.SessionEnd.Reason

/** How a recorder treats a recording it cannot write. */
export type DurabilityMode =
  /** Refuse: appends throw and `durable()` rejects with GW_ERR_RECORDING_UNAVAILABLE, so unrecorded traffic is not forwarded. */
  | 'fail-closed'
  /** Carry on: appends never throw, `durable()` always resolves; lost records are logged and counted. */
  | 'best-effort'

/**
 * What `durable()` waits for, so what the proxy waits for before it forwards a request and before it releases
 * response bytes (docs/recording.md "Durability").
 */
export type WaitFor =
  /**
   * The records are written into the recording file (the kernel's page cache): a relay crash, SIGKILL or OOM kill
   * loses nothing. The group commit `fdatasync`s them within the sync interval, which bounds what an OS crash or a
   * power loss can lose.
   */
  | 'write'
  /** The records are written and `fdatasync`ed: an OS crash or a power loss loses nothing either. */
  | 'fsync'

/** Why a session ended, as `SessionEnd.reason`. */
export type SessionEndReason = keyward.recording.v1.SessionEnd.Reason

/** Fields of the SessionStart record `Recorder.create` writes. */
export type SessionStartInit = keyward.recording.v1.SessionStart.$Properties

/** Record bodies callers append; the recorder itself writes the header, session start and end, size cap and trailer. */
export type AppendableBody = Exclude<RecordBody,
  { header: unknown } | { trailer: unknown } | { sessionStart: unknown } | { sessionEnd: unknown } | { sizeCap: unknown }>

/** What `seal` writes into SessionEnd. */
export interface SealOptions {
  /** Default REASON_UNSPECIFIED. */
  reason?: SessionEndReason
  /** Free text, cut to MAX_SESSION_END_DETAIL_CHARS. */
  detail?: string
}

/** @internal What a writer needs from its Recorder. */
export interface WriterHost {
  readonly mode: DurabilityMode
  readonly waitFor: WaitFor
  readonly maxSessionBytes: number
  readonly maxPendingBytesPerRecording: number
  readonly signingKey: RecordingSigningKey
  now: () => number
  /** The Recorder's failure (fail-closed), once it has one. */
  failure: () => RecordingUnavailableError | undefined
  /** All recordings' queues together are at or over the Recorder-wide cap. */
  overBacklog: () => boolean
  /** Count `bytes` into (positive) or out of (negative) the Recorder-wide queue. */
  backlog: (bytes: number) => void
  /**
   * The writer has records to write or sync: flush it on the next group commit. `urgent`: someone waits for them
   * (durable(), seal) or they are written and wait for their sync, so commit after the group-commit delay;
   * otherwise within LAZY_COMMIT_MS or with the next urgent commit.
   */
  schedule: (writer: RecordingWriter, urgent: boolean) => void
  /** The writer failed (`io`: a write or sync failed, rather than a full queue). */
  failed: (writer: RecordingWriter, error: RecordingUnavailableError, io: boolean) => void
  /** The writer is sealed or closed. */
  closed: (writer: RecordingWriter) => void
}

type WriterState = 'open' | 'refusing' | 'sealing' | 'closed' | 'failed'

/** A `durable()` (or seal) waiting for the records before `target` to be synced. */
interface Waiter { target: number, settle: (ok: boolean) => void }

/** One recording being written. Made by `Recorder.create`; see the file comment. */
export class RecordingWriter {
  /** Recording id (`rec_…`). */
  readonly id: string
  /** The file. */
  readonly path: string
  readonly #host: WriterHost
  readonly #encoder: RecordEncoder
  readonly #log: Logger
  #handle: RecordingFileHandle | undefined
  #state: WriterState
  #error: RecordingUnavailableError | undefined
  /** Framed records, ready to write. */
  #pending: Buffer[] = []
  /**
   * Records appended since the last write, encoded but not yet chained: the next write frames them as one record
   * (a Bundle when there are several; proto/recording.proto), so they cost one frame and two hashes together.
   */
  readonly #batch = new RecordBatch()
  /** Bytes appended but not yet written (queued or in flight). */
  #backlogBytes = 0
  /** File size once everything appended is written. */
  #bytes = 0
  /** Bytes written so far: where the next write goes. */
  #written = 0
  #appended = 0
  /** Records whose write has finished. */
  #writtenRecords = 0
  /** Highest record count a started `fdatasync` covers. */
  #syncStarted = 0
  #synced = 0
  #newFile = true
  /** The last write issued: a later one writes only after it (offsets and sync coverage stay in order). */
  #lastWrite: Promise<boolean> = Promise.resolve(true)
  /** What the durable() calls of this event-loop turn return (waitFor: write): the write, then its outcome. */
  #writeSoon: Promise<void> | undefined
  #waiters: Waiter[] = []
  #capReached = false
  #dropped = 0
  #sealing: Promise<void> | undefined

  /**
   * @internal Made by Recorder.create, with the encoded FileHeader and SessionStart frames in `first`; `handle`
   * undefined makes a writer that drops everything (best-effort mode, the file could not be created).
   */
  constructor (host: WriterHost, id: string, path: string, handle: RecordingFileHandle | undefined, encoder: RecordEncoder, log: Logger, first: Buffer[]) {
    this.#host = host
    this.id = id
    this.path = path
    this.#handle = handle
    this.#encoder = encoder
    this.#log = log
    this.#state = handle === undefined ? 'failed' : 'open'
    if (handle !== undefined) for (const frame of first) this.#queue(frame)
  }

  /** File size once everything appended so far is written, in bytes. */
  get bytes (): number {
    return this.#bytes
  }

  /** The size cap was reached: body data is no longer recorded. */
  get sizeCapReached (): boolean {
    return this.#capReached
  }

  /** A write or sync failed, or the file could not be created: nothing more is written. */
  get failed (): boolean {
    return this.#state === 'failed'
  }

  /** `seal` was called (or the recorder sealed it). */
  get sealed (): boolean {
    return this.#sealing !== undefined
  }

  /** Records dropped in best-effort mode because the queue was full or a record too large. */
  get droppedRecords (): number {
    return this.#dropped
  }

  /**
   * Queues one record. Synchronous. Fail-closed: throws RecordingUnavailableError when this recording or the
   * recorder failed, the queue is full, or it is sealed; RecordingTooLargeError for a record over MAX_FRAME_BYTES.
   * Best-effort: never throws for those (the record is dropped). Throws TypeError / RangeError for misuse: a body
   * the recorder writes itself, or a body piece over MAX_BODY_PIECE_BYTES (use the append…Body helpers).
   * Request and response body bytes count toward the size cap (see {@link appendRequestBody}).
   */
  append (body: AppendableBody): void {
    const kind = bodyKind(body)
    if (!APPENDABLE_KINDS.has(kind)) throw new TypeError(`${kind} records are written by the recorder, not append()`)
    if (!this.#accepting()) return
    if ('requestBody' in body || 'responseChunk' in body) {
      const data = 'requestBody' in body ? body.requestBody.data : body.responseChunk.data
      const len = data?.byteLength ?? 0
      if (len > MAX_BODY_PIECE_BYTES) throw new RangeError(`body pieces are at most ${MAX_BODY_PIECE_BYTES} bytes, got ${len}`)
      if (!this.#admitBody(len)) return
    }
    this.#enqueue(body, false, undefined, kind)
  }

  /**
   * Appends response bytes as the client received them, `atMs` after the exchange started, split into pieces of at
   * most MAX_BODY_PIECE_BYTES. Empty data writes nothing. Throws as {@link append}.
   */
  appendResponseChunk (exchangeId: string, atMs: number, data: Uint8Array): void {
    const at = Math.max(0, Math.min(Math.floor(atMs), 0xffffffff))
    for (let offset = 0; offset < data.byteLength; offset += MAX_BODY_PIECE_BYTES) {
      this.append({ responseChunk: { exchangeId, atMs: at, data: data.subarray(offset, offset + MAX_BODY_PIECE_BYTES) } })
    }
  }

  /**
   * Appends a whole request body as forwarded, as RequestBody pieces of at most MAX_BODY_PIECE_BYTES with their
   * offsets, the last one flagged `last`. Empty bodies write nothing (ExchangeStart.body_bytes says 0). Once the
   * session size cap is passed, one SizeCapReached is written and this and later body pieces are dropped.
   */
  appendRequestBody (exchangeId: string, body: Uint8Array): void {
    for (let offset = 0; offset < body.byteLength; offset += MAX_BODY_PIECE_BYTES) {
      const end = Math.min(offset + MAX_BODY_PIECE_BYTES, body.byteLength)
      this.append({ requestBody: { exchangeId, offset, data: body.subarray(offset, end), last: end === body.byteLength } })
    }
  }

  /**
   * Resolves once every record appended before the call is durable as the recorder's `waitFor` says: written into
   * the file (`write`; its `fdatasync` follows within the sync interval) or written and `fdatasync`ed (`fsync`, the
   * next group commit). Fail-closed: rejects with RecordingUnavailableError once this recording or the recorder
   * failed. Best-effort: always resolves.
   */
  durable (): Promise<void> {
    try {
      this.#throwIfRefused()
    } catch (err: unknown) {
      return Promise.reject(err)
    }
    if (this.#host.waitFor === 'write') return this.#whenWritten()
    return this.#whenSynced().then((ok) => { this.#outcome(ok) })
  }

  /** Settles a durable() whose records' write or sync ended `ok`: throws (fail-closed) when the recording failed. */
  #outcome (ok: boolean): void {
    if (this.#host.mode === 'best-effort') return
    this.#throwIfRefused()
    /* c8 ignore next -- a failed write or sync always sets #error first; kept so a false never resolves */
    if (!ok) throw new RecordingUnavailableError(`recording ${this.id} could not be written`)
  }

  /**
   * Writes SessionEnd and the signed Trailer, syncs and closes the file. Idempotent: later calls return the first
   * call's promise. Never rejects: a recording whose write fails here (or earlier) is closed without a trailer and
   * sealed as truncated by crash recovery at the next start.
   */
  async seal (end: SealOptions = {}): Promise<void> {
    this.#sealing ??= this.#seal(end)
    await this.#sealing
  }

  /**
   * @internal Writes the queue and syncs everything written; returns the record count now durable, or undefined
   * (nothing new to sync, or failed). Flushes may overlap (the Recorder runs up to MAX_CONCURRENT_COMMITS): writes
   * are issued in order, each at the offset reserved for it, and a sync starts only once every earlier write has
   * finished, so it covers every record before its target whichever sync finishes first.
   */
  async flush (): Promise<number | undefined> {
    const handle = this.#handle
    if (this.#state === 'failed' || handle === undefined) return undefined
    if (!await this.#writeQueued()) return undefined
    const target = this.#writtenRecords
    if (target <= this.#syncStarted || this.failed) return undefined
    this.#syncStarted = target
    try {
      await handle.datasync()
      return target
    } catch (err: unknown) {
      this.ioFailed(err)
      return undefined
    }
  }

  /**
   * Issues one write of the queue (after every earlier write) and resolves once it and every earlier write have
   * finished: true, or false when this recording failed. With nothing queued it waits for the writes in flight.
   */
  #writeQueued (): Promise<boolean> {
    const handle = this.#handle
    this.#chainUnchained()
    if (this.#pending.length === 0 || handle === undefined) return this.#lastWrite
    const bufs = this.#pending
    this.#pending = []
    const target = this.#appended
    const data = bufs.length === 1 && bufs[0] !== undefined ? bufs[0] : Buffer.concat(bufs)
    const at = this.#written
    this.#written += data.byteLength
    // After a failed write (this recording is then failed) a later one writes nothing.
    const write = this.#lastWrite.then(async () => {
      if (this.failed) return false
      try {
        await writeFully(handle, data, at)
        this.#writtenRecords = target
        return true
      } catch (err: unknown) {
        this.ioFailed(err)
        return false
      } finally {
        this.#backlogBytes -= data.byteLength
        this.#host.backlog(-data.byteLength)
      }
    })
    this.#lastWrite = write
    return write
  }

  /** @internal The file is new: its directory entry must be synced before its records count as durable. */
  get needsDirSync (): boolean {
    return this.#newFile
  }

  /** @internal Records up to `target` are durable (file and directory entry). */
  synced (target: number): void {
    this.#newFile = false
    this.#synced = Math.max(this.#synced, target)
    this.#settle((w) => w.target <= this.#synced, true)
  }

  /** @internal A write, sync or directory sync failed: stop writing, fail waiters, report. */
  ioFailed (err: unknown): void {
    if (this.#state === 'failed') return
    this.#state = 'failed'
    this.#error = new RecordingUnavailableError(
      `recording ${this.id}: ${errnoCode(err) ?? 'I/O error'} while writing; it is closed without a trailer (recovered at the next start)`, { cause: err })
    this.#dropPending()
    this.#settle(() => true, false)
    void this.#closeHandle()
    this.#host.failed(this, this.#error, true)
  }

  /** @internal The recorder failed (fail-closed): refuse appends, fail waiters, seal RECORDER_FAILED. */
  refuse (error: RecordingUnavailableError, detail: string): void {
    if (this.#state !== 'open') return
    this.#state = 'refusing'
    this.#error = error
    this.#settle(() => true, false)
    void this.seal({ reason: Reason.RECORDER_FAILED, detail })
  }

  #throwIfRefused (): void {
    if (this.#host.mode === 'best-effort') return
    const err = this.#error ?? this.#host.failure()
    if (err !== undefined) throw err
  }

  /** True when a record may be queued; false (best-effort) or throws (fail-closed) otherwise. */
  #accepting (): boolean {
    if (this.#state === 'open' && this.#host.failure() === undefined) return true
    if (this.#host.mode === 'best-effort') return false
    this.#throwIfRefused()
    throw new RecordingUnavailableError(`recording ${this.id} is sealed`)
  }

  /** Size cap: true when `len` body bytes may be recorded; writes the one SizeCapReached when it is passed. */
  #admitBody (len: number): boolean {
    if (this.#capReached) return false
    if (this.#bytes + len <= this.#host.maxSessionBytes) return true
    this.#capReached = true
    this.#enqueue({ sizeCap: { limitBytes: this.#host.maxSessionBytes } }, false)
    return false
  }

  /**
   * Encodes and queues `body`, stamped `timeUnixMs` (default: now); `forced` skips the queue caps (seal). Returns
   * false when best-effort dropped it. Records a Bundle may hold wait unchained for the next write; the others
   * (SessionEnd, the Trailer) are chained at once, after everything appended before them.
   */
  #enqueue (body: RecordBody, forced: boolean, timeUnixMs?: number, kind: BodyKind = bodyKind(body)): boolean {
    if (!forced && (this.#backlogBytes >= this.#host.maxPendingBytesPerRecording || this.#host.overBacklog())) {
      if (this.#host.mode === 'best-effort') return this.#drop('queue full')
      const error = new RecordingUnavailableError(`recording ${this.id}: ${BACKLOG_FAILURE_DETAIL}`)
      this.refuse(error, BACKLOG_FAILURE_DETAIL)
      this.#host.failed(this, error, false)
      throw error
    }
    const time = timeUnixMs ?? this.#host.now()
    if (!forced && BUNDLED_KINDS.has(kind)) {
      const batch = this.#batch
      let bytes: number
      try {
        // A record that fits MAX_FRAME_BYTES with its frame: the rest of the frame adds at most MAX_RECORD_OVERHEAD_BYTES.
        bytes = batch.encode(kind as BatchKind, (body as Record<string, unknown>)[kind], time, MAX_FRAME_BYTES - MAX_RECORD_OVERHEAD_BYTES)
      } catch (err: unknown) {
        if (this.#host.mode === 'best-effort') return this.#drop(err instanceof Error ? err.message : String(err))
        throw err
      }
      if (batch.count > 0 && batch.byteLength + bytes > MAX_BUNDLE_BYTES) this.#chainUnchained()
      batch.push()
      this.#count(bytes)
      return true
    }
    this.#chainUnchained()
    let frame: Buffer
    try {
      frame = this.#encoder.encode(body, time)
    } catch (err: unknown) {
      if (this.#host.mode === 'best-effort' && !forced) return this.#drop(err instanceof Error ? err.message : String(err))
      throw err
    }
    this.#queue(frame)
    return true
  }

  #queue (frame: Buffer): void {
    this.#pending.push(frame)
    this.#count(frame.byteLength)
  }

  /** Counts one appended record of `bytes` into the queue, the file size and the record count. */
  #count (bytes: number): void {
    this.#adjust(bytes)
    this.#appended++
    this.#host.schedule(this, false)
  }

  /** Frames the unchained records as the next record (a Bundle of them when there are several). */
  #chainUnchained (): void {
    const batch = this.#batch
    if (batch.count === 0) return
    const estimate = batch.byteLength
    let frame: Buffer
    try {
      frame = this.#encoder.encodeBatch(batch, this.#host.now())
    } catch (err: unknown) {
      /* c8 ignore next 5 -- records are checked against the frame limit when appended and bundles are bounded */
      batch.clear()
      this.#adjust(-estimate)
      this.ioFailed(err)
      return
    }
    this.#pending.push(frame)
    this.#adjust(frame.byteLength - estimate)
  }

  /** Corrects the queue and file size by `delta` bytes (a record's framed size against its estimate). */
  #adjust (delta: number): void {
    this.#backlogBytes += delta
    this.#host.backlog(delta)
    this.#bytes += delta
  }

  #drop (why: string): false {
    // Logged once per recording, not per record: a full queue drops many in a row.
    if (this.#dropped++ === 0) this.#log.warn({ recordingId: this.id, why }, 'recording dropped a record (best-effort mode)')
    return false
  }

  #whenSynced (): Promise<boolean> {
    if (this.#state === 'failed') return Promise.resolve(false)
    if (this.#synced >= this.#appended) return Promise.resolve(true)
    // Records already taken by a flush in flight are settled by it; the others need a commit started.
    if (this.#queued() || this.#writtenRecords > this.#syncStarted) this.#host.schedule(this, true)
    return new Promise((resolve) => this.#waiters.push({ target: this.#appended, settle: resolve }))
  }

  /**
   * `waitFor: write`: writes the queue at the end of this turn of the event loop (setImmediate), so every durable()
   * of the turn shares one write and one Bundle; its sync follows at the group-commit delay. In the relay under load
   * (one session, 16 concurrent chat exchanges) that gave 1.03–1.09× the throughput of a write at once, with less
   * CPU per exchange; `npm run bench:recording`, whose exchanges spin the CPU between waits, prefers a write at once.
   * The durable() calls of a turn share one promise, settled as {@link durable} says.
   */
  #whenWritten (): Promise<void> {
    if (this.#state === 'failed') return Promise.resolve().then(() => { this.#outcome(false) })
    if (!this.#queued()) return this.#lastWrite.then((ok) => { this.#outcome(ok) })
    this.#host.schedule(this, true)
    this.#writeSoon ??= new Promise<boolean>((resolve) => {
      setImmediate(() => {
        this.#writeSoon = undefined
        resolve(this.#writeQueued())
      })
    }).then((ok) => { this.#outcome(ok) })
    return this.#writeSoon
  }

  /** Records are appended and not yet written. */
  #queued (): boolean {
    return this.#pending.length > 0 || this.#batch.count > 0
  }

  #settle (which: (w: { target: number }) => boolean, ok: boolean): void {
    const keep: Waiter[] = []
    for (const w of this.#waiters) {
      if (which(w)) w.settle(ok)
      else keep.push(w)
    }
    this.#waiters = keep
  }

  #dropPending (): void {
    const bytes = this.#pending.reduce((n, b) => n + b.byteLength, 0) + this.#batch.byteLength
    this.#pending = []
    this.#batch.clear()
    this.#backlogBytes -= bytes
    this.#host.backlog(-bytes)
  }

  async #closeHandle (): Promise<void> {
    const handle = this.#handle
    this.#handle = undefined
    if (handle === undefined) return
    try {
      await handle.close()
    } catch (err: unknown) {
      this.#log.warn({ recordingId: this.id, err }, 'closing a recording failed')
    }
  }

  async #seal (end: SealOptions): Promise<void> {
    if (this.#state === 'open' || this.#state === 'refusing') {
      this.#state = 'sealing'
      let detail = end.detail ?? ''
      if (this.#dropped > 0) detail = `${detail}${detail === '' ? '' : '; '}${this.#dropped} records not recorded (best-effort mode)`
      try {
        this.#enqueue({ sessionEnd: { reason: end.reason ?? Reason.REASON_UNSPECIFIED, detail: detail.slice(0, MAX_SESSION_END_DETAIL_CHARS) } }, true)
        const now = this.#host.now()
        // The trailer record is stamped with the signed seal time: verify requires the two to be equal.
        this.#enqueue(trailerBody(this.#host.signingKey, this.id, this.#encoder.seq, this.#encoder.prevHash, false, now, this.#encoder.chain), true, now)
        await this.#whenSynced()
      } catch (err: unknown) {
        /* c8 ignore next 2 -- encoding a SessionEnd and a Trailer cannot fail with a cut detail; kept for the contract */
        this.#log.error({ recordingId: this.id, err }, 'sealing a recording failed')
      }
    }
    await this.#closeHandle()
    if (this.#state !== 'failed') this.#state = 'closed'
    this.#host.closed(this)
  }
}
