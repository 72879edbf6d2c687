/**
 * Reading, verifying and listing recordings (the admin API and `keyward recordings` build on these).
 *
 * - {@link readRecording} decrypts and returns every record, for files up to MAX_READ_RECORDING_BYTES.
 * - {@link verifyRecording} streams a file of any size and needs no decryption key: CRCs, frame seq continuity, the
 *   frame chain over every record's stored bytes (encrypted or not), and the trailer signature over the count, the
 *   final hash, the final chain and the seal time, against the FileHeader's key and, when given, against the key the
 *   caller trusts. With the key it also checks each record's own seq and prev_hash (record-checker.ts).
 * - {@link listRecordings} reads only each file's first two records and its last bytes.
 *
 * A damaged recording is reported, not thrown: every function returns `problems`, sentences that name the record
 * and its file offset. Only a file that is not a recording at all throws GW_ERR_RECORDING_CORRUPT.
 */
import { readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'

import { MAX_READ_RECORDING_BYTES } from './constants.js'
import { RecordingCorruptError, RecordingTooLargeError } from './errors.js'
import { decodeRecord, decryptRecord, toNumber } from './frame-codec.js'
import { recordingIdFromFileName, recordingIdTime } from './ids.js'
import { errnoCode, rawPublicKey, toPublicKey } from './keys.js'
import { RecordChecker } from './record-checker.js'
import { openRecordingFile, readHeadFrames, readSignedTrailer, scanRecordingFile } from './recording-file.js'

import type { KeyObject } from 'node:crypto'
import type { RecordingRecord } from './frame-codec.js'
import type { EncryptionKeyRing } from './keys.js'
import type { FileHeader } from './record-checker.js'

export type { FileHeader, Trailer } from './record-checker.js'
export type { RecordingRecord } from './frame-codec.js'

/** Options of {@link readRecording}. */
export interface ReadRecordingOptions {
  /** Keys for an encrypted recording; required when it is encrypted. */
  keys?: EncryptionKeyRing
  /** Largest file read, in bytes; default MAX_READ_RECORDING_BYTES. */
  maxBytes?: number
}

/** A recording, read. */
export interface RecordingContents {
  header: FileHeader
  /** Every record that could be read, in order, decrypted: the FileHeader first, the Trailer last when sealed. */
  records: RecordingRecord[]
  /** It ends with a valid signed trailer. */
  sealed: boolean
  /** Sealed by crash recovery: records after the last intact frame were lost. */
  truncated: boolean
  /** What is wrong with it, each naming the record; empty for an intact recording. */
  problems: string[]
}

/**
 * Reads and decrypts the recording at `path`. Throws RecordingNotFoundError (no file), RecordingTooLargeError (over
 * `maxBytes`; stream it with verifyRecording instead), RecordingCorruptError (no FileHeader),
 * RecordingKeyMissingError (encrypted with a key id not in `keys`) and RecordingDecryptFailedError (the key under
 * that id does not decrypt it). Records that fail a check are left out and named in `problems`.
 */
export async function readRecording (path: string, options: ReadRecordingOptions = {}): Promise<RecordingContents> {
  const handle = await openRecordingFile(path)
  try {
    const { size } = await handle.stat()
    const maxBytes = options.maxBytes ?? MAX_READ_RECORDING_BYTES
    if (size > maxBytes) throw new RecordingTooLargeError(`recording ${path} is ${size} bytes, over the ${maxBytes}-byte read limit`)
    const checker = new RecordChecker({ keys: options.keys, requireKey: true, expectedId: idOf(path) })
    const records: RecordingRecord[] = []
    await scanRecordingFile(handle, size, checker, (record) => records.push(record))
    checker.finish()
    /* c8 ignore next -- scanRecordingFile throws RecordingCorruptError before returning without a header */
    if (checker.header === undefined) throw new RecordingCorruptError(`recording ${path} has no FileHeader`)
    return {
      header: checker.header,
      records,
      sealed: checker.trailer !== undefined,
      truncated: checker.trailer?.truncated === true,
      problems: checker.problems
    }
  } finally {
    await handle.close()
  }
}

/** Options of {@link verifyRecording}. */
export interface VerifyRecordingOptions {
  /**
   * The relay's public signing key as the verifier knows it (a KeyObject, raw 32 bytes, or `signing-key.pub.pem`
   * text). When given, a recording signed by any other key fails, even with a valid signature.
   */
  trustedPublicKey?: KeyObject | Uint8Array | string
  /**
   * Keys to also decrypt encrypted records and check the seq and prev_hash inside them; optional (the order of the
   * records is checked without them, through the frame chain).
   */
  keys?: EncryptionKeyRing
}

/** Outcome of {@link verifyRecording}. */
export interface VerifyResult {
  /** No problem found: every check passed and the recording is sealed (a crash-recovered one counts). */
  ok: boolean
  problems: string[]
  /** Records read, the FileHeader and Trailer included. */
  recordCount: number
  sealed: boolean
  truncated: boolean
  /** `FileHeader.signing_key_id` ('' when the header could not be read). */
  signingKeyId: string
  /** A trusted key was given and it is the FileHeader's signing key. */
  keyTrusted: boolean
  /** The recording's records are encrypted. */
  encrypted: boolean
  /**
   * The frame chain and frame seqs were walked, so the order of every record read was checked (with or without a
   * decryption key). True for every file whose FileHeader could be read; false only for a file that is not a
   * recording.
   */
  chainChecked: boolean
}

/**
 * Verifies the recording at `path`, streaming it (any size). Never throws for a damaged file (a file that is not a
 * recording gives `ok: false` with one problem); throws RecordingNotFoundError for a missing one and
 * RecordingKeyInvalidError for a malformed `trustedPublicKey`.
 */
export async function verifyRecording (path: string, options: VerifyRecordingOptions = {}): Promise<VerifyResult> {
  const trusted = options.trustedPublicKey === undefined ? undefined : rawPublicKey(toPublicKey(options.trustedPublicKey))
  const handle = await openRecordingFile(path)
  const checker = new RecordChecker({ keys: options.keys, expectedId: idOf(path) })
  try {
    const { size } = await handle.stat()
    await scanRecordingFile(handle, size, checker)
    checker.finish()
  } catch (err: unknown) {
    if (!(err instanceof RecordingCorruptError)) throw err
    checker.problems.push(err.message)
  } finally {
    await handle.close()
  }
  const header = checker.header
  let keyTrusted = false
  if (trusted !== undefined && header !== undefined) {
    keyTrusted = trusted.equals(header.signingPublicKey)
    if (!keyTrusted) checker.problems.push(`the recording is signed by key ${header.signingKeyId}, which is not the trusted key`)
  }
  return {
    ok: checker.problems.length === 0,
    problems: checker.problems,
    recordCount: checker.count,
    sealed: checker.trailer !== undefined,
    truncated: checker.trailer?.truncated === true,
    signingKeyId: header?.signingKeyId ?? '',
    keyTrusted,
    encrypted: checker.encrypted,
    chainChecked: checker.chainChecked
  }
}

/** One line of {@link listRecordings}. */
export interface RecordingSummary {
  id: string
  path: string
  /** File size. */
  bytes: number
  /** `FileHeader.created_unix_ms` (the id's time when the header is unreadable). */
  createdUnixMs: number
  sealed: boolean
  truncated: boolean
  /** The records are encrypted; without the key, the session fields below are absent. */
  encrypted: boolean
  subject?: string
  connection?: string
  sessionId?: string
  /** Why the file could not be summarised (no FileHeader, unreadable); the other fields are then defaults. */
  problem?: string
}

/** Options of {@link listRecordings}. */
export interface ListRecordingsOptions {
  /** Keys to read the SessionStart of encrypted recordings. */
  keys?: EncryptionKeyRing
}

/**
 * Summaries of every `<id>.kwrec` in `dir`, oldest first (ids sort by creation time). Reads each file's first two
 * records and last bytes only. A missing `dir` is an empty list; other files in it are ignored.
 */
export async function listRecordings (dir: string, options: ListRecordingsOptions = {}): Promise<RecordingSummary[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err: unknown) {
    if (errnoCode(err) === 'ENOENT') return []
    throw err
  }
  const ids = names.flatMap((name) => {
    const id = recordingIdFromFileName(name)
    return id === undefined ? [] : [id]
  }).sort()
  const out: RecordingSummary[] = []
  for (const id of ids) {
    const summary = await summarise(join(dir, `${id}.kwrec`), id, options.keys)
    if (summary !== undefined) out.push(summary)
  }
  return out
}

/** Summary of one file, or undefined when it disappeared meanwhile (retention). */
async function summarise (path: string, id: string, keys: EncryptionKeyRing | undefined): Promise<RecordingSummary | undefined> {
  let handle
  try {
    handle = await openRecordingFile(path)
  } catch {
    return undefined
  }
  const summary: RecordingSummary = { id, path, bytes: 0, createdUnixMs: recordingIdTime(id), sealed: false, truncated: false, encrypted: false }
  try {
    summary.bytes = (await handle.stat()).size
    const [first, second] = await readHeadFrames(handle, summary.bytes, 2)
    const header = first === undefined ? undefined : new RecordChecker().frame(first)?.header as FileHeader | undefined
    if (header == null) throw new RecordingCorruptError('no intact FileHeader')
    summary.createdUnixMs = toNumber(header.createdUnixMs)
    summary.encrypted = header.encryptionKeyId !== ''
    const sealed = await readSignedTrailer(handle, summary.bytes, header)
    summary.sealed = sealed !== undefined
    summary.truncated = sealed?.trailer.truncated === true
    if (second !== undefined) {
      const key = summary.encrypted ? keys?.keys.get(header.encryptionKeyId) : undefined
      try {
        const plain = summary.encrypted ? (key === undefined ? undefined : decryptRecord(second.record, second.nonce, key, id, 1)) : second.record
        const start = plain === undefined ? undefined : decodeRecord(plain).sessionStart
        if (start != null) {
          summary.subject = start.subject ?? ''
          summary.connection = start.connection ?? ''
          summary.sessionId = start.sessionId ?? ''
        }
      } catch {
        summary.problem = 'the SessionStart record cannot be read'
      }
    }
  } catch (err: unknown) {
    summary.problem = err instanceof Error ? err.message : String(err)
  } finally {
    await handle.close()
  }
  return summary
}

/** The recording id a path's file name holds, if any. */
function idOf (path: string): string | undefined {
  return recordingIdFromFileName(basename(path))
}
