/**
 * Crash recovery: at Recorder.open, every recording without a valid trailer (left by a crash, a kill -9 or a failed
 * disk) is cut back to its last intact record and sealed with a signed Trailer marked `truncated`.
 *
 * "Intact" is what the verifier accepts (the same RecordChecker): frames up to the first torn, unreadable or
 * CRC-failing frame, or the first frame whose plaintext `seq` or `chain` does not follow (checked with or without
 * the encryption key), and, where the records can be read (plaintext, or the key is in the ring), up to the first
 * record whose own seq or prev_hash does not match or that does not decrypt. Everything after that point is
 * removed, and the new trailer signs the chain and hash of the last record kept, so the sealed file verifies. No
 * SessionEnd is added: `truncated: true` says the session's end was not recorded.
 *
 * Only files signed with this relay's key are sealed (sealing another key's file would make a trailer that does not
 * verify). Must run only while holding the folder lock (dir-lock.ts): a live recorder's open files have no trailer
 * either.
 */
import { readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'

import { silentLogger } from '../../common/logger.js'
import { PRIVATE_FILE_MODE } from './constants.js'
import { RecordingCorruptError } from './errors.js'
import { nodeFileOps, writeFully } from './file-ops.js'
import { RecordEncoder, trailerBody } from './frame-codec.js'
import { recordingIdFromFileName } from './ids.js'
import { RecordChecker } from './record-checker.js'
import { openRecordingFile, readHeadFrames, readSignedTrailer, scanRecordingFile } from './recording-file.js'

import type { Logger } from '../../common/logger.js'
import type { RecordingFileOps } from './file-ops.js'
import type { EncryptionKeyRing, RecordingSigningKey } from './keys.js'
import type { FileHeader } from './record-checker.js'

/** A recording recovery sealed. */
export interface RecoveredRecording {
  id: string
  path: string
  /** Records kept (FileHeader included, the new Trailer not). */
  records: number
  bytesBefore: number
  /** Size after the cut and the new trailer. */
  bytesAfter: number
  /** Why the cut is where it is: the torn frame, the chain break, or none when the file simply ended unsealed. */
  problems: string[]
}

/** A recording recovery left as it was, or removed (an empty file), and why. */
export interface SkippedRecording {
  id: string
  path: string
  reason: string
  /** The file was empty (the relay stopped before its first write) and was deleted. */
  removed: boolean
}

/** Outcome of {@link recoverRecordings}. */
export interface RecoveryReport {
  recovered: RecoveredRecording[]
  skipped: SkippedRecording[]
}

/** Collaborators of recovery. */
export interface RecoveryComponents {
  signingKey: RecordingSigningKey
  /**
   * Keys to also check the seq and prev_hash inside encrypted records; without them, those are cut on framing, CRC
   * and the frame seq and chain (which need no key).
   */
  keys?: EncryptionKeyRing
  fileOps?: RecordingFileOps
  logger?: Logger
  /** Clock for `Trailer.sealed_unix_ms`; default Date.now. */
  now?: () => number
}

/**
 * Recovers every unsealed `<id>.kwrec` in `dir` (see the file comment). Never throws for one bad file: a file that is
 * not a recording, or cannot be repaired, is logged and listed in `skipped`.
 */
export async function recoverRecordings (dir: string, components: RecoveryComponents): Promise<RecoveryReport> {
  const log = (components.logger ?? silentLogger()).child({ component: 'recording-recovery' })
  const report: RecoveryReport = { recovered: [], skipped: [] }
  for (const name of (await readdir(dir)).sort()) {
    const id = recordingIdFromFileName(name)
    if (id === undefined) continue
    const path = join(dir, name)
    try {
      const outcome = await recoverRecording(path, id, components)
      if (outcome === undefined) continue
      if ('reason' in outcome) {
        report.skipped.push(outcome)
        log.warn({ recordingId: id, reason: outcome.reason, removed: outcome.removed }, 'recording not recovered')
      } else {
        report.recovered.push(outcome)
        log.warn({ recordingId: id, records: outcome.records, bytesBefore: outcome.bytesBefore, bytesAfter: outcome.bytesAfter, problems: outcome.problems },
          'recording was not sealed (relay crash?): cut to its last intact record and sealed as truncated')
      }
    } catch (err: unknown) {
      report.skipped.push({ id, path, reason: err instanceof Error ? err.message : String(err), removed: false })
      log.error({ recordingId: id, err }, 'recording recovery failed; the file is left as it is')
    }
  }
  return report
}

/**
 * Recovers one recording: undefined when it is already sealed, a {@link SkippedRecording} when it cannot be, else what
 * was done. Throws on I/O errors.
 */
export async function recoverRecording (path: string, id: string, components: RecoveryComponents): Promise<RecoveredRecording | SkippedRecording | undefined> {
  const handle = await openRecordingFile(path)
  let header: FileHeader | undefined
  let checker: RecordChecker
  let size: number
  try {
    size = (await handle.stat()).size
    if (size === 0) {
      await handle.close()
      await unlink(path)
      return { id, path, reason: 'empty file (the relay stopped before its first write); removed', removed: true }
    }
    const [first] = await readHeadFrames(handle, size, 1)
    try {
      header = first === undefined ? undefined : new RecordChecker().frame(first)?.header as FileHeader | undefined
    } catch (err: unknown) {
      if (!(err instanceof RecordingCorruptError)) throw err
    }
    if (header == null) return { id, path, reason: 'no intact FileHeader: not a recording', removed: false }
    if (await readSignedTrailer(handle, size, header) !== undefined) return undefined
    if (header.signingKeyId !== components.signingKey.keyId) {
      return { id, path, reason: `signed by another relay key (${header.signingKeyId}); this relay cannot seal it`, removed: false }
    }
    checker = new RecordChecker({ keys: components.keys, expectedId: id })
    await scanRecordingFile(handle, size, checker)
  } finally {
    await handle.close().catch(() => undefined)
  }

  const intact = checker.intact
  // The FileHeader decoded, but its own frame fails a check (its chain, seq or prev_hash): nothing can be kept.
  if (intact === undefined) return { id, path, reason: `the FileHeader fails verification: ${checker.problems.join('; ')}`, removed: false }
  const ops = components.fileOps ?? nodeFileOps
  const file = await ops.open(path, 'r+', PRIVATE_FILE_MODE)
  try {
    await file.truncate(intact.end)
    let bytesAfter = intact.end
    // A valid trailer followed by junk only needs the junk cut off.
    if (!intact.sealed) {
      const now = (components.now ?? Date.now)()
      const encoder = new RecordEncoder(id, undefined, { seq: intact.count, prevHash: intact.hash, chain: intact.chain })
      const frame = encoder.encode(trailerBody(components.signingKey, id, intact.count, intact.hash, true, now, intact.chain), now)
      await writeFully(file, frame, intact.end)
      bytesAfter += frame.byteLength
    }
    await file.datasync()
    return { id, path, records: intact.count, bytesBefore: size, bytesAfter, problems: checker.problems }
  } finally {
    await file.close()
  }
}
