/**
 * The Recorder: one per relay, it owns the recordings folder (lock, crash recovery, retention), creates one
 * {@link RecordingWriter} per session, and runs the group commit that makes them durable.
 *
 * Group commit: an append queues a record and marks its recording dirty. A `durable()` (or seal) waiting on a dirty
 * recording arms a shared timer: `syncIntervalMs` (10 ms by default with `waitFor: write`, whose durable() has
 * already written its records itself; the next turn of the event loop by default with `waitFor: fsync`, so everything
 * appended in the same turn shares a commit and an idle relay adds only one write + sync); records nobody waits for
 * arm only a lazy timer (LAZY_COMMIT_MS) and usually ride along with the next waited-for write or commit. When it
 * fires, every dirty recording gets one write of whatever is still queued and one `fdatasync`, in parallel, then
 * new files get one directory fsync between them, and only then are their `fdatasync` waiters (`waitFor: fsync`,
 * seal) resolved. Appends made while a flush runs go to the next one, which may start while the first is still
 * syncing (up to MAX_CONCURRENT_COMMITS in flight; a recording's writes stay in order, and a sync only counts for
 * writes that finished before it began), so under load each flush batches everything that arrived since the
 * previous one began, a record waits for about one sync, and a 200-chunk SSE stream costs a handful of syncs, not
 * 200.
 *
 * Durability modes (docs/recording.md): in `fail-closed`, the first failed write or sync makes the recorder
 * unhealthy for good (after a failed fsync the kernel may have dropped the dirty pages, so nothing written since
 * can be trusted): `healthy` turns false, 'failure' is emitted, every append and `durable()` of every recording
 * fails with GW_ERR_RECORDING_UNAVAILABLE, `create` rejects, and the other open recordings are sealed
 * RECORDER_FAILED. In `best-effort`, only the failing recording stops; traffic and the other recordings go on.
 *
 * One relay per data dir: the folder lock (dir-lock.ts) makes a second recorder on the same folder fail to open.
 */
import { EventEmitter } from 'node:events'
import { mkdir } from 'node:fs/promises'

import { silentLogger } from '../../common/logger.js'
import { keyward } from '../../proto/gen/recording.js'
import {
  DEFAULT_MAX_PENDING_BYTES, DEFAULT_MAX_PENDING_BYTES_PER_RECORDING, DEFAULT_MAX_SESSION_BYTES, DEFAULT_RETENTION_MAX_AGE_MS,
  DEFAULT_RETENTION_MAX_TOTAL_BYTES, DEFAULT_SYNC_INTERVAL_MS, DEFAULT_WRITE_SYNC_INTERVAL_MS, LAZY_COMMIT_MS, MAX_CONCURRENT_COMMITS, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, RECORDING_FORMAT_VERSION,
  RETENTION_SWEEP_INTERVAL_MS
} from './constants.js'
import { acquireDirLock } from './dir-lock.js'
import { RecordingKeyInvalidError, RecordingUnavailableError } from './errors.js'
import { nodeFileOps } from './file-ops.js'
import { RecordEncoder } from './frame-codec.js'
import { newRecordingId, recordingPath } from './ids.js'
import { RecordingWriter } from './recording-writer.js'
import { recoverRecordings } from './recovery.js'
import { sweepRecordings } from './retention.js'

import type { Logger } from '../../common/logger.js'
import type { DirLock } from './dir-lock.js'
import type { RecordingFileOps } from './file-ops.js'
import type { RecordBody, RecordCipher } from './frame-codec.js'
import type { EncryptionKeyRing, RecordingSigningKey } from './keys.js'
import type { DurabilityMode, SessionStartInit, WaitFor, WriterHost } from './recording-writer.js'
import type { RecoveryReport } from './recovery.js'
import type { RetentionPolicy, SweepResult } from './retention.js'

export { RecordingWriter } from './recording-writer.js'
export type { AppendableBody, DurabilityMode, SealOptions, SessionStartInit, WaitFor } from './recording-writer.js'

/** `SessionEnd.reason` values, for `seal({ reason })`. */
export const SessionEndReason = keyward.recording.v1.SessionEnd.Reason
/** One `SessionEnd.reason` value. */
export type SessionEndReason = keyward.recording.v1.SessionEnd.Reason

/** Collaborators of the {@link Recorder}. */
export interface RecorderComponents {
  /** The relay's recording signing key (keys.ts `loadOrCreateSigningKey`). */
  signingKey: RecordingSigningKey
  /** Encrypt new recordings with the ring's active key; recovery also uses it to check inside encrypted records. */
  encryption?: EncryptionKeyRing
  /** Default silent. */
  logger?: Logger
  /** Default node:fs/promises; tests inject faults through it. */
  fileOps?: RecordingFileOps
  /** Clock for record times and retention; default Date.now. */
  now?: () => number
}

/** Retention settings of the {@link Recorder}. */
export interface RecorderRetention extends RetentionPolicy {
  /** Sweep interval, in ms; default RETENTION_SWEEP_INTERVAL_MS. */
  intervalMs?: number
}

/** Options of the {@link Recorder}. */
export interface RecorderInit {
  /** The recordings folder (`<dataDir>/recordings`); created 0700 when missing. */
  dir: string
  /** Written into every FileHeader. */
  relayId: string
  mode: DurabilityMode
  /** What `durable()` waits for; default 'write' (recording-writer.ts {@link WaitFor}). */
  waitFor?: WaitFor
  /**
   * Group-commit delay, in ms; default DEFAULT_WRITE_SYNC_INTERVAL_MS with `waitFor: write`,
   * DEFAULT_SYNC_INTERVAL_MS with `waitFor: fsync`.
   */
  syncIntervalMs?: number
  /** Per-recording size cap for body data, in bytes; default DEFAULT_MAX_SESSION_BYTES. */
  maxSessionBytes?: number
  /** Per-recording queue cap, in bytes; default DEFAULT_MAX_PENDING_BYTES_PER_RECORDING. */
  maxPendingBytesPerRecording?: number
  /** Recorder-wide queue cap, in bytes; default DEFAULT_MAX_PENDING_BYTES. */
  maxPendingBytes?: number
  /** Written into every FileHeader. */
  keywardVersion?: string
  /**
   * Retention; default DEFAULT_RETENTION_MAX_AGE_MS and DEFAULT_RETENTION_MAX_TOTAL_BYTES, swept at open and every
   * RETENTION_SWEEP_INTERVAL_MS. `false` keeps everything.
   */
  retention?: RecorderRetention | false
}

/** Everything `Recorder.open` takes: components and init in one object. */
export type RecorderOptions = RecorderComponents & RecorderInit

/** Events a {@link Recorder} emits. */
export interface RecorderEvents {
  /** A recording failed (write, sync, create, or a full queue): once per failure, with the recording's id if any. */
  failure: [error: RecordingUnavailableError, recordingId: string | undefined]
}

/** What `create` writes into the new recording's SessionStart. */
export interface CreateRecordingInit {
  sessionStart: SessionStartInit
}

/** Checks a positive integer option. */
function positive (name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback
  if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`)
  return v
}

/** The relay's session recorder; see the file comment. Long-lived: `close()` on shutdown. */
export class Recorder extends EventEmitter<RecorderEvents> {
  /** The recordings folder. */
  readonly dir: string
  readonly mode: DurabilityMode
  readonly waitFor: WaitFor
  /** What crash recovery did at open. */
  readonly recovery: RecoveryReport

  readonly #relayId: string
  readonly #keywardVersion: string
  readonly #signingKey: RecordingSigningKey
  readonly #cipher: RecordCipher | undefined
  readonly #fileOps: RecordingFileOps
  readonly #log: Logger
  readonly #now: () => number
  readonly #syncIntervalMs: number
  readonly #maxPendingBytes: number
  readonly #retention: RecorderRetention | false
  readonly #lock: DirLock
  readonly #host: WriterHost
  readonly #open = new Set<RecordingWriter>()
  readonly #dirty = new Set<RecordingWriter>()
  #backlogBytes = 0
  #failure: RecordingUnavailableError | undefined
  #closing: Promise<void> | undefined
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined
  /** The armed timer is the lazy one (LAZY_COMMIT_MS), which an urgent schedule replaces. */
  #timerLazy = false
  /** Someone waits for a dirty recording's records (durable(), seal): commit after the group-commit delay. */
  #urgent = false
  /** Group commits in flight (at most MAX_CONCURRENT_COMMITS). */
  readonly #flushing = new Set<Promise<void>>()
  #retentionTimer: NodeJS.Timeout | undefined
  #sweeping: Promise<SweepResult> | undefined

  private constructor (options: RecorderOptions, lock: DirLock, recovery: RecoveryReport, cipher: RecordCipher | undefined) {
    super()
    this.dir = options.dir
    this.mode = options.mode
    this.waitFor = options.waitFor ?? 'write'
    this.recovery = recovery
    this.#relayId = options.relayId
    this.#keywardVersion = options.keywardVersion ?? ''
    this.#signingKey = options.signingKey
    this.#cipher = cipher
    this.#fileOps = options.fileOps ?? nodeFileOps
    this.#log = (options.logger ?? silentLogger()).child({ component: 'recorder' })
    this.#now = options.now ?? Date.now
    this.#syncIntervalMs = options.syncIntervalMs ?? (this.waitFor === 'write' ? DEFAULT_WRITE_SYNC_INTERVAL_MS : DEFAULT_SYNC_INTERVAL_MS)
    if (!Number.isSafeInteger(this.#syncIntervalMs) || this.#syncIntervalMs < 0) throw new RangeError(`syncIntervalMs must be a non-negative integer, got ${String(options.syncIntervalMs)}`)
    this.#maxPendingBytes = positive('maxPendingBytes', options.maxPendingBytes, DEFAULT_MAX_PENDING_BYTES)
    this.#retention = options.retention === false
      ? false
      : { maxAgeMs: DEFAULT_RETENTION_MAX_AGE_MS, maxTotalBytes: DEFAULT_RETENTION_MAX_TOTAL_BYTES, ...options.retention }
    this.#lock = lock
    this.#host = {
      mode: options.mode,
      waitFor: this.waitFor,
      maxSessionBytes: positive('maxSessionBytes', options.maxSessionBytes, DEFAULT_MAX_SESSION_BYTES),
      maxPendingBytesPerRecording: positive('maxPendingBytesPerRecording', options.maxPendingBytesPerRecording, DEFAULT_MAX_PENDING_BYTES_PER_RECORDING),
      signingKey: options.signingKey,
      now: this.#now,
      failure: () => this.#failure,
      overBacklog: () => this.#backlogBytes >= this.#maxPendingBytes,
      backlog: (bytes) => { this.#backlogBytes += bytes },
      schedule: (writer, urgent) => this.#schedule(writer, urgent),
      failed: (writer, error, io) => this.#failed(writer, error, io),
      closed: (writer) => {
        this.#open.delete(writer)
        this.#dirty.delete(writer)
      }
    }
  }

  /**
   * Opens the recorder on `options.dir`: creates the folder, takes its lock (RecordingDirLockedError when another
   * live process has it), seals crashed recordings (recovery.ts), sweeps retention once and starts its timer.
   * Throws RecordingKeyInvalidError for an encryption ring without an active key, RangeError for a bad number.
   */
  static async open (options: RecorderOptions): Promise<Recorder> {
    if (options.mode !== 'fail-closed' && options.mode !== 'best-effort') throw new RangeError(`unknown recording mode ${String(options.mode)}`)
    if (options.waitFor !== undefined && options.waitFor !== 'write' && options.waitFor !== 'fsync') throw new RangeError(`unknown recording waitFor ${String(options.waitFor)}`)
    if (options.relayId === '') throw new RangeError('relayId must not be empty')
    let cipher: RecordCipher | undefined
    if (options.encryption !== undefined) {
      const keyId = options.encryption.activeKeyId
      const key = keyId === undefined ? undefined : options.encryption.keys.get(keyId)
      if (keyId === undefined || key === undefined) throw new RecordingKeyInvalidError('recording encryption needs an active key id that is in the key ring')
      cipher = { keyId, key }
    }
    await mkdir(options.dir, { recursive: true, mode: PRIVATE_DIR_MODE })
    const lock = await acquireDirLock(options.dir)
    let recorder: Recorder
    try {
      const recovery = await recoverRecordings(options.dir, {
        signingKey: options.signingKey, keys: options.encryption, fileOps: options.fileOps, logger: options.logger, now: options.now
      })
      recorder = new Recorder(options, lock, recovery, cipher)
    } catch (err: unknown) {
      await lock.release()
      throw err
    }
    if (recorder.#retention !== false) {
      await recorder.#sweepLogged()
      recorder.#retentionTimer = setInterval(() => { void recorder.#sweepLogged() }, recorder.#retention.intervalMs ?? RETENTION_SWEEP_INTERVAL_MS)
      // Retention must never keep a relay alive on its own.
      recorder.#retentionTimer.unref()
    }
    return recorder
  }

  /**
   * False once a write or sync failed in fail-closed mode (for good: restart to recover), and after `close()`. New
   * exchanges should then be refused with GW_ERR_RECORDING_UNAVAILABLE. Always true in best-effort mode until close.
   */
  get healthy (): boolean {
    return this.#failure === undefined && this.#closing === undefined
  }

  /** Recordings open (created and not yet sealed). */
  get openRecordings (): number {
    return this.#open.size
  }

  /** Bytes appended to all recordings and not yet written. */
  get backlogBytes (): number {
    return this.#backlogBytes
  }

  /**
   * Creates a recording and queues its FileHeader and SessionStart. Fail-closed: rejects with
   * RecordingUnavailableError when the recorder is unhealthy, closed, or the file cannot be created (that last
   * does not make the recorder unhealthy: nothing written was lost). Best-effort: a file that cannot be created
   * yields a writer that drops everything (`failed` is true).
   */
  async create (init: CreateRecordingInit): Promise<RecordingWriter> {
    this.#checkUsable()
    const now = this.#now()
    const id = newRecordingId(now)
    const path = recordingPath(this.dir, id)
    const log = this.#log.child({ recordingId: id })
    const encoder = new RecordEncoder(id, this.#cipher)
    let first: Buffer[]
    try {
      // Encoded before the file exists, so a SessionStart over MAX_FRAME_BYTES leaves nothing behind.
      first = [encoder.encode(this.#headerBody(id, now), now), encoder.encode({ sessionStart: init.sessionStart }, now)]
    } catch (err: unknown) {
      if (this.mode === 'fail-closed') throw err
      log.warn({ err }, 'cannot start a recording (best-effort mode: the session is not recorded)')
      return new RecordingWriter(this.#host, id, path, undefined, encoder, log, [])
    }
    let handle
    try {
      handle = await this.#fileOps.open(path, 'wx', PRIVATE_FILE_MODE)
    } catch (err: unknown) {
      const error = new RecordingUnavailableError(`cannot create recording ${path}`, { cause: err })
      this.#failed(undefined, error, false)
      if (this.mode === 'fail-closed') throw error
      return new RecordingWriter(this.#host, id, path, undefined, encoder, log, [])
    }
    const writer = new RecordingWriter(this.#host, id, path, handle, encoder, log, first)
    this.#open.add(writer)
    if (this.#closing !== undefined || this.#failure !== undefined) {
      // The recorder failed or closed while the file was being created: seal it at once and refuse.
      await writer.seal({ reason: this.#closing !== undefined ? SessionEndReason.RELAY_SHUTDOWN : SessionEndReason.RECORDER_FAILED })
      this.#checkUsable()
    }
    return writer
  }

  /** Runs retention now (it also runs at open and on its interval). Deletes sealed recordings only, never open ones. */
  async sweep (): Promise<SweepResult> {
    if (this.#retention === false) return { deleted: [], totalBytes: 0 }
    const policy = this.#retention
    this.#sweeping ??= sweepRecordings(this.dir, policy, this.#now(), { exclude: new Set([...this.#open].map((w) => w.id)) })
      .finally(() => { this.#sweeping = undefined })
    return await this.#sweeping
  }

  /**
   * Seals every open recording with RELAY_SHUTDOWN, waits for the last flush, stops the timers and releases the
   * folder lock. Idempotent; never rejects for a recording that fails to seal (recovery handles it next start).
   */
  async close (): Promise<void> {
    this.#closing ??= this.#close()
    await this.#closing
  }

  async #close (): Promise<void> {
    clearInterval(this.#retentionTimer)
    const seals = [...this.#open].map(async (w) => await w.seal({ reason: SessionEndReason.RELAY_SHUTDOWN }))
    this.#flushNow()
    await Promise.all(seals)
    while (this.#flushing.size > 0) await Promise.all(this.#flushing)
    await this.#sweeping?.catch(() => undefined)
    this.#clearTimer()
    await this.#lock.release()
  }

  #checkUsable (): void {
    if (this.#closing !== undefined) throw new RecordingUnavailableError('the recorder is closed')
    if (this.#failure !== undefined) throw this.#failure
  }

  /** The FileHeader of a new recording. */
  #headerBody (recordingId: string, now: number): RecordBody {
    return {
      header: {
        formatVersion: RECORDING_FORMAT_VERSION,
        recordingId,
        relayId: this.#relayId,
        createdUnixMs: now,
        encryptionKeyId: this.#cipher?.keyId ?? '',
        signingPublicKey: this.#signingKey.publicKeyRaw,
        signingKeyId: this.#signingKey.keyId,
        keywardVersion: this.#keywardVersion
      }
    }
  }

  #schedule (writer: RecordingWriter, urgent: boolean): void {
    this.#dirty.add(writer)
    if (urgent) this.#urgent = true
    this.#arm()
  }

  /**
   * Arms the commit timer: the group-commit delay when someone waits, else LAZY_COMMIT_MS (replaced by the shorter
   * one as soon as someone waits). Nothing while MAX_CONCURRENT_COMMITS run: the first to end re-arms.
   */
  #arm (): void {
    if (this.#flushing.size >= MAX_CONCURRENT_COMMITS || this.#dirty.size === 0) return
    if (this.#timer !== undefined) {
      if (!this.#timerLazy || !this.#urgent) return
      this.#clearTimer()
    }
    this.#timerLazy = !this.#urgent
    if (this.#timerLazy) this.#timer = setTimeout(() => { this.#flushNow() }, Math.max(LAZY_COMMIT_MS, this.#syncIntervalMs))
    else this.#timer = this.#syncIntervalMs === 0 ? setImmediate(() => { this.#flushNow() }) : setTimeout(() => { this.#flushNow() }, this.#syncIntervalMs)
  }

  #clearTimer (): void {
    const timer = this.#timer
    this.#timer = undefined
    if (timer === undefined) return
    if (this.#timerLazy || this.#syncIntervalMs !== 0) clearTimeout(timer as NodeJS.Timeout)
    else clearImmediate(timer as NodeJS.Immediate)
  }

  /** Starts a flush now unless MAX_CONCURRENT_COMMITS are running (then the next one follows the first to end). */
  #flushNow (): void {
    this.#clearTimer()
    if (this.#flushing.size >= MAX_CONCURRENT_COMMITS || this.#dirty.size === 0) return
    const batch = [...this.#dirty]
    this.#dirty.clear()
    this.#urgent = false
    const flush: Promise<void> = this.#flushBatch(batch).finally(() => {
      this.#flushing.delete(flush)
      // Closing: flush what was queued during this flush at once rather than after another interval.
      if (this.#closing !== undefined) this.#flushNow()
      else this.#arm()
    })
    this.#flushing.add(flush)
  }

  /** One group commit: write + fdatasync each recording in parallel, one directory fsync for new files, then resolve. */
  async #flushBatch (batch: RecordingWriter[]): Promise<void> {
    const targets = await Promise.all(batch.map(async (w) => await w.flush()))
    const done: Array<[RecordingWriter, number]> = []
    batch.forEach((w, i) => {
      const target = targets[i]
      if (target !== undefined) done.push([w, target])
    })
    const fresh = done.filter(([w]) => w.needsDirSync)
    if (fresh.length > 0) {
      try {
        await this.#fileOps.syncDir(this.dir)
      } catch (err: unknown) {
        for (const [w] of fresh) w.ioFailed(err)
        for (const [w, target] of done) if (!w.failed) w.synced(target)
        return
      }
    }
    for (const [w, target] of done) w.synced(target)
  }

  #failed (writer: RecordingWriter | undefined, error: RecordingUnavailableError, io: boolean): void {
    this.#log.error({ recordingId: writer?.id, err: error }, 'session recording failed')
    if (this.mode === 'fail-closed' && io && this.#failure === undefined) {
      this.#failure = new RecordingUnavailableError(`session recording failed; refusing traffic until restart: ${error.message}`, { cause: error })
      for (const other of this.#open) if (other !== writer) other.refuse(this.#failure, `recorder failed: ${error.message}`)
    }
    try {
      this.emit('failure', error, writer?.id)
    } catch (err: unknown) {
      // A throwing listener must not break the flush that reported the failure (its other recordings' waiters).
      this.#log.error({ err }, 'a recorder failure listener threw')
    }
  }

  async #sweepLogged (): Promise<void> {
    try {
      const { deleted, totalBytes } = await this.sweep()
      if (deleted.length > 0) this.#log.info({ deleted: deleted.map((d) => d.id), totalBytes }, 'retention deleted recordings')
    } catch (err: unknown) {
      this.#log.error({ err }, 'recording retention sweep failed')
    }
  }
}
