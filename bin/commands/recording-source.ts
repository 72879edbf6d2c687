/**
 * Where `keyward recordings list|show|export` get recordings from. {@link LocalRecordingSource} reads the relay's
 * recordings folder on this machine (`<dataDir>/recordings/<id>.kwrec`); {@link AdminRecordingSource} reads them
 * through the relay's admin API (`--relay <url> --token <jwt>`, docs/admin-api.md).
 *
 * Sources take recording ids only: an id is checked by `recordingPath` (relay/recording/ids.ts) before it becomes a
 * path, so `../x`, absolute paths and other file names never reach the file system (THREATS F.5).
 */
import { constants as fsConstants, createWriteStream } from 'node:fs'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { MAX_READ_RECORDING_BYTES, PRIVATE_FILE_MODE } from '../../relay/recording/constants.js'
import { RecordingKeyMissingError, RecordingNotFoundError, RecordingTooLargeError } from '../../relay/recording/errors.js'
import { isRecordingId, recordingPath } from '../../relay/recording/ids.js'
import { errnoCode } from '../../relay/recording/keys.js'
import { listRecordings, readRecording } from '../../relay/recording/reader.js'
import { segment } from './admin-client.js'

import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type { EncryptionKeyRing } from '../../relay/recording/keys.js'
import type { RecordingContents, RecordingSummary } from '../../relay/recording/reader.js'
import type { AdminClient } from './admin-client.js'

/** A recording as `list` gives it: the reader's summary, with `path` only for recordings on this machine. */
export type RecordingListing = Omit<RecordingSummary, 'path'> & { path?: string }

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
  list: (filter: RecordingFilter) => Promise<RecordingListing[]>
  /** The decrypted records of recording `id`, with what the reader found wrong. */
  read: (id: string) => Promise<RecordingContents>
  /** The stored bytes of recording `id`, unchanged (for `export --format pb`). */
  openRaw: (id: string) => Promise<Readable>
  /** One JSON object per record, decrypted where the recordings are (for `export --format jsonl`), when offered. */
  openJsonl?: (id: string) => Promise<Readable>
}

/** True when `s` passes every filter that is set. */
export function matchesFilter (s: RecordingListing, filter: RecordingFilter): boolean {
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
  /** The admin API client (relay URL, token, CA). */
  client: AdminClient
  /** Keys for encrypted recordings, to read downloaded copies here; without them use the relay's JSONL export. */
  keys?: EncryptionKeyRing
  /** Largest recording downloaded for `read`, in bytes; default MAX_READ_RECORDING_BYTES (what readRecording reads). */
  maxReadBytes?: number
}

/** A recording summary of the admin API (no path: file paths never leave the relay), or undefined if malformed. */
function summaryOf (v: unknown): RecordingListing | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const r = v as Record<string, unknown>
  if (typeof r.id !== 'string' || !isRecordingId(r.id) || typeof r.bytes !== 'number' || typeof r.createdUnixMs !== 'number') return undefined
  const text = (k: string): Record<string, string> => typeof r[k] === 'string' ? { [k]: r[k] } : {}
  return {
    id: r.id,
    bytes: r.bytes,
    createdUnixMs: r.createdUnixMs,
    sealed: r.sealed === true,
    truncated: r.truncated === true,
    encrypted: r.encrypted === true,
    ...text('subject'),
    ...text('connection'),
    ...text('sessionId'),
    ...text('problem')
  }
}

/** Copies `res` into a new owner-only file at `path`, failing past `maxBytes` (and on a short or broken download). */
async function download (res: Readable, path: string, maxBytes: number, declared: number): Promise<void> {
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy()
    throw new RecordingTooLargeError(`the recording is ${declared} bytes, over the ${maxBytes}-byte read limit; export it with --format pb and verify the copy`)
  }
  let bytes = 0
  const counter = new Transform({
    transform (chunk: Buffer, _enc, cb) {
      bytes += chunk.length
      if (bytes > maxBytes) cb(new RecordingTooLargeError(`the recording is over the ${maxBytes}-byte read limit; export it with --format pb and verify the copy`))
      else cb(null, chunk)
    }
  })
  await pipeline(res, counter, createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE }))
  if (Number.isFinite(declared) && bytes !== declared) throw new Error(`the download of ${basename(path)} stopped after ${bytes} of ${declared} bytes`)
}

/**
 * Recordings through the relay's admin API (`--relay --token [--ca]`, auditor or admin role): `list` is GET
 * /admin/recordings; `read` downloads the stored file (export `pb`) into a private temporary folder, reads it with
 * the same reader as local files (so `show` prints the same transcript) and deletes it; `openRaw` streams the
 * stored file; `openJsonl` streams the relay's decrypted JSONL export. An encrypted recording can be read here only
 * with its key (`--key-file`/`--key-env` + `--key-id`, or `--config`); otherwise the relay's JSONL export, which the
 * relay decrypts, is the way to see it.
 */
export class AdminRecordingSource implements RecordingSource {
  readonly #client: AdminClient
  readonly #keys: EncryptionKeyRing | undefined
  readonly #maxReadBytes: number

  constructor (opts: AdminSourceOptions) {
    this.#client = opts.client
    this.#keys = opts.keys
    this.#maxReadBytes = opts.maxReadBytes ?? MAX_READ_RECORDING_BYTES
  }

  async list (filter: RecordingFilter): Promise<RecordingListing[]> {
    const q = new URLSearchParams()
    if (filter.subject !== undefined) q.set('subject', filter.subject)
    if (filter.connection !== undefined) q.set('connection', filter.connection)
    if (filter.sinceUnixMs !== undefined) q.set('since', new Date(filter.sinceUnixMs).toISOString())
    const query = q.size === 0 ? '' : `?${q.toString()}`
    const answer = await this.#client.json({ method: 'GET', path: `/admin/recordings${query}` })
    const rows = (answer as { recordings?: unknown }).recordings
    if (!Array.isArray(rows)) throw new Error('the relay\'s recordings answer has no recordings list')
    // The relay filtered already; filtering again keeps the result right against a relay that ignores a parameter.
    return rows.flatMap((r) => {
      const s = summaryOf(r)
      return s === undefined ? [] : [s]
    }).filter((s) => matchesFilter(s, filter))
  }

  async read (id: string): Promise<RecordingContents> {
    const dir = await mkdtemp(join(tmpdir(), 'keyward-recording-'))
    try {
      // The reader checks the file name against the id inside it, so the copy keeps the recording's own name.
      const path = recordingPath(dir, id)
      const res = await this.openRaw(id)
      await download(res, path, this.#maxReadBytes, Number(res.headers['content-length']))
      try {
        return await readRecording(path, this.#keys === undefined ? {} : { keys: this.#keys })
      } catch (err: unknown) {
        if (!(err instanceof RecordingKeyMissingError)) throw err
        throw new RecordingKeyMissingError(`${err.message}; give its key here (--key-file/--key-env with --key-id, or --config), ` +
          `or let the relay decrypt it: keyward recordings export ${id} --format jsonl --relay …`, { cause: err })
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  async openRaw (id: string): Promise<IncomingMessage> {
    return await this.#client.open({ method: 'GET', path: `/admin/recordings/${segment(id)}/export?format=pb`, accept: 'application/octet-stream' })
  }

  async openJsonl (id: string): Promise<IncomingMessage> {
    return await this.#client.open({ method: 'GET', path: `/admin/recordings/${segment(id)}/export?format=jsonl`, accept: 'application/x-ndjson' })
  }
}
