/**
 * Where `keyward recordings list|show|export` get recordings from. {@link LocalRecordingSource} reads the relay's
 * recordings folder on this machine (`<dataDir>/recordings/<id>.kwrec`); {@link AdminRecordingSource} is the
 * relay's admin API (`--relay <url> --token <jwt>`), not wired into the CLI yet: every call fails with
 * GW_ERR_REPLAY_ADMIN_UNAVAILABLE until it is implemented against the admin API's recordings routes.
 *
 * Sources take recording ids only: an id is checked by `recordingPath` (relay/recording/ids.ts) before it becomes a
 * path, so `../x`, absolute paths and other file names never reach the file system (THREATS F.5).
 */
import { constants as fsConstants } from 'node:fs'
import { open } from 'node:fs/promises'

import { RecordingNotFoundError } from '../../relay/recording/errors.js'
import { recordingPath } from '../../relay/recording/ids.js'
import { errnoCode } from '../../relay/recording/keys.js'
import { listRecordings, readRecording } from '../../relay/recording/reader.js'
import { ReplayAdminUnavailableError } from '../../relay/recording/replay-errors.js'

import type { Readable } from 'node:stream'
import type { EncryptionKeyRing } from '../../relay/recording/keys.js'
import type { RecordingContents, RecordingSummary } from '../../relay/recording/reader.js'

/** Filters of `keyward recordings list`; every given filter must match. */
export interface RecordingFilter {
  /** Exact subject. Encrypted recordings whose SessionStart cannot be read never match. */
  subject?: string
  /** Exact connection name (same rule). */
  connection?: string
  /** Only recordings created at or after this time, in Unix ms. */
  sinceUnixMs?: number
}

/** A place recordings can be listed, read and exported from. */
export interface RecordingSource {
  /** Summaries of the recordings that pass `filter`, oldest first. */
  list: (filter: RecordingFilter) => Promise<RecordingSummary[]>
  /** The decrypted records of recording `id`, with what the reader found wrong. */
  read: (id: string) => Promise<RecordingContents>
  /** The stored bytes of recording `id`, unchanged (for `export --format pb`). */
  openRaw: (id: string) => Promise<Readable>
}

/** True when `s` passes every filter that is set. */
export function matchesFilter (s: RecordingSummary, filter: RecordingFilter): boolean {
  if (filter.subject !== undefined && s.subject !== filter.subject) return false
  if (filter.connection !== undefined && s.connection !== filter.connection) return false
  if (filter.sinceUnixMs !== undefined && s.createdUnixMs < filter.sinceUnixMs) return false
  return true
}

/** Options of {@link LocalRecordingSource}. */
export interface LocalSourceOptions {
  /** The recordings folder (`<dataDir>/recordings`, or the relay config's `recording.dir`). */
  dir: string
  /** Keys for encrypted recordings. */
  keys?: EncryptionKeyRing
}

/** Recordings in a folder on this machine. */
export class LocalRecordingSource implements RecordingSource {
  /** The recordings folder. */
  readonly dir: string
  readonly #keys: EncryptionKeyRing | undefined

  constructor (opts: LocalSourceOptions) {
    this.dir = opts.dir
    this.#keys = opts.keys
  }

  async list (filter: RecordingFilter): Promise<RecordingSummary[]> {
    const all = await listRecordings(this.dir, this.#keys === undefined ? {} : { keys: this.#keys })
    return all.filter((s) => matchesFilter(s, filter))
  }

  async read (id: string): Promise<RecordingContents> {
    return await readRecording(recordingPath(this.dir, id), this.#keys === undefined ? {} : { keys: this.#keys })
  }

  async openRaw (id: string): Promise<Readable> {
    const path = recordingPath(this.dir, id)
    let handle
    try {
      // O_NOFOLLOW: a symlink planted in the recordings folder must not export some other file (THREATS F.5).
      handle = await open(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW)
    } catch (err: unknown) {
      if (errnoCode(err) === 'ENOENT') throw new RecordingNotFoundError(`no recording ${id} in ${this.dir}`, { cause: err })
      throw err
    }
    return handle.createReadStream()
  }
}

/** Options of {@link AdminRecordingSource}. */
export interface AdminSourceOptions {
  /** Relay base URL (`https://relay.example:8443`). */
  relay: string
  /** Admin identity token. */
  token: string
  /** PEM of the CA that signed the relay's certificate, when it is not a public CA. */
  ca?: string
}

/**
 * Recordings through the relay's admin API. Not available yet: every method rejects with
 * ReplayAdminUnavailableError. The options are kept so the implementation only has to fill in the methods.
 */
export class AdminRecordingSource implements RecordingSource {
  readonly options: AdminSourceOptions

  constructor (opts: AdminSourceOptions) {
    this.options = opts
  }

  #unavailable (): never {
    throw new ReplayAdminUnavailableError(`admin API not available yet: cannot read recordings from ${this.options.relay}; ` +
      'run the command where the relay\'s data dir is (--data-dir)')
  }

  async list (): Promise<RecordingSummary[]> {
    this.#unavailable()
  }

  async read (): Promise<RecordingContents> {
    this.#unavailable()
  }

  async openRaw (): Promise<Readable> {
    this.#unavailable()
  }
}
