/**
 * Retention: deletes sealed recordings older than a maximum age, then the oldest sealed ones while the folder is over
 * a maximum size. A recording without a valid signed trailer (open, or not yet recovered) is never deleted, and the
 * Recorder also passes the ids it has open.
 *
 * Age comes from the recording id (its ULID time is the creation time), so only candidates are opened, to check the
 * trailer from the file's last bytes.
 */
import { readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'

import { RecordingCorruptError } from './errors.js'
import { recordingIdFromFileName, recordingIdTime } from './ids.js'
import { errnoCode } from './keys.js'
import { RecordChecker } from './record-checker.js'
import { openRecordingFile, readHeadFrames, readSignedTrailer } from './recording-file.js'

import type { FileHeader } from './record-checker.js'

/** What to keep. Omitted bounds are not enforced; with neither, nothing is deleted. */
export interface RetentionPolicy {
  /** Delete sealed recordings created more than this long before `nowMs`, in ms. */
  maxAgeMs?: number
  /** Delete the oldest sealed recordings while all recordings together are over this, in bytes. */
  maxTotalBytes?: number
}

/** One deleted recording. */
export interface DeletedRecording {
  id: string
  bytes: number
  /** Which bound deleted it. */
  reason: 'age' | 'size'
}

/** Outcome of {@link sweepRecordings}. */
export interface SweepResult {
  deleted: DeletedRecording[]
  /** Bytes of the recordings left. */
  totalBytes: number
}

/** Options of {@link sweepRecordings}. */
export interface SweepOptions {
  /** Recording ids that must not be deleted (the Recorder's open recordings). */
  exclude?: ReadonlySet<string>
}

/** True when the recording at `path` ends with a trailer signed by its header's key. */
export async function isSealedRecording (path: string): Promise<boolean> {
  const handle = await openRecordingFile(path)
  try {
    const { size } = await handle.stat()
    const [first] = await readHeadFrames(handle, size, 1)
    if (first === undefined) return false
    const header = new RecordChecker().frame(first)?.header as FileHeader | undefined
    return header != null && (await readSignedTrailer(handle, size, header)) !== undefined
  } catch (err: unknown) {
    if (err instanceof RecordingCorruptError) return false
    throw err
  } finally {
    await handle.close()
  }
}

/**
 * Applies `policy` to the recordings in `dir` at time `nowMs`, oldest first, deleting sealed recordings only.
 * A missing folder is empty. Files that vanish meanwhile are skipped.
 */
export async function sweepRecordings (dir: string, policy: RetentionPolicy, nowMs: number, options: SweepOptions = {}): Promise<SweepResult> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err: unknown) {
    if (errnoCode(err) === 'ENOENT') return { deleted: [], totalBytes: 0 }
    throw err
  }
  const files: Array<{ id: string, path: string, bytes: number }> = []
  for (const name of names) {
    const id = recordingIdFromFileName(name)
    if (id === undefined) continue
    const path = join(dir, name)
    const info = await stat(path).catch(() => undefined)
    if (info !== undefined) files.push({ id, path, bytes: info.size })
  }
  files.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  let totalBytes = files.reduce((sum, f) => sum + f.bytes, 0)
  const deleted: DeletedRecording[] = []
  for (const f of files) {
    const old = policy.maxAgeMs !== undefined && nowMs - recordingIdTime(f.id) > policy.maxAgeMs
    const over = policy.maxTotalBytes !== undefined && totalBytes > policy.maxTotalBytes
    // Oldest first: once a file is neither too old nor needed for space, no later one is.
    if (!old && !over) break
    if (options.exclude?.has(f.id) === true) continue
    if (!(await isSealedRecording(f.path).catch(() => false))) continue
    try {
      await unlink(f.path)
    } catch (err: unknown) {
      /* c8 ignore next -- deleted by someone else between the check and the unlink */
      if (errnoCode(err) === 'ENOENT') continue
      throw err
    }
    totalBytes -= f.bytes
    deleted.push({ id: f.id, bytes: f.bytes, reason: old ? 'age' : 'size' })
  }
  return { deleted, totalBytes }
}
