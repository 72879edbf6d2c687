/**
 * Bounded reads of recording files: streaming every frame through a {@link RecordChecker}, reading only the first
 * records (listing), and finding a signed trailer from the last bytes alone (listing, retention, recovery).
 *
 * Memory stays bounded whatever the file holds: bytes are read READ_CHUNK_BYTES at a time and only an unfinished
 * frame (at most MAX_FRAME_BYTES, checked from its length prefix) is carried over between reads.
 */
import { open } from 'node:fs/promises'

import { HEAD_READ_BYTES, MAX_FRAME_BYTES, READ_CHUNK_BYTES, TAIL_READ_BYTES } from './constants.js'
import { RecordingNotFoundError } from './errors.js'
import { decodeFrames, flattenRecord } from './frame-codec.js'
import { errnoCode } from './keys.js'
import { isSignedTrailer } from './record-checker.js'

import type { FileHandle } from 'node:fs/promises'
import type { FrameScan, RecordingRecord, StoredFrame } from './frame-codec.js'
import type { FileHeader, RecordChecker, Trailer } from './record-checker.js'

/** Opens a recording for reading; a missing file is RecordingNotFoundError. */
export async function openRecordingFile (path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r')
  } catch (err: unknown) {
    if (errnoCode(err) === 'ENOENT') throw new RecordingNotFoundError(`no recording at ${path}`, { cause: err })
    throw err
  }
}

/** Reads up to `length` bytes at `position` (fewer at end of file). */
export async function readAt (handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return buf.subarray(0, got)
}

/** A scan with frame and stop offsets moved by `base` (frames of a chunk read at file offset `base`). */
function shift (scan: FrameScan, base: number): FrameScan {
  if (base === 0) return scan
  const frames = scan.frames.map((f): StoredFrame => ({ ...f, offset: f.offset + base, end: f.end + base }))
  const stop = scan.stop === undefined
    ? undefined
    : { ...scan.stop, offset: scan.stop.offset + base, next: scan.stop.next === undefined ? undefined : scan.stop.next + base }
  return stop === undefined ? { frames, end: scan.end + base } : { frames, end: scan.end + base, stop }
}

/**
 * Feeds every frame of the first `size` bytes of `handle` to `checker`, in order, calling `onRecord` with each
 * record it decodes (a Bundle's records one by one, flattenRecord). Stops at a frame that cannot be framed (the
 * checker records why); goes on past a frame that is intact as a frame but bad inside (CRC). Throws whatever the
 * checker throws (no FileHeader, key errors).
 */
export async function scanRecordingFile (handle: FileHandle, size: number, checker: RecordChecker, onRecord?: (record: RecordingRecord, frame: StoredFrame) => void): Promise<void> {
  let buf: Buffer = Buffer.alloc(0)
  let base = 0
  let pos = 0
  for (;;) {
    if (pos < size) {
      const chunk = await readAt(handle, pos, Math.min(READ_CHUNK_BYTES, size - pos))
      /* c8 ignore next -- the file shrank under us; treat the rest as absent */
      if (chunk.byteLength === 0) size = pos
      pos += chunk.byteLength
      buf = buf.byteLength === 0 ? chunk : Buffer.concat([buf, chunk])
    }
    let start = 0
    for (;;) {
      const scan = shift(decodeFrames(buf, start, MAX_FRAME_BYTES), base)
      for (const frame of scan.frames) {
        const record = checker.frame(frame)
        if (record !== undefined && onRecord !== undefined) for (const r of flattenRecord(record)) onRecord(r, frame)
      }
      const stop = scan.stop
      if (stop === undefined || (stop.reason === 'short' && pos < size)) {
        start = scan.end - base
        break
      }
      if (!checker.stopped(stop, size) || stop.next === undefined) return
      start = stop.next - base
    }
    buf = buf.subarray(start)
    base += start
    if (pos >= size && buf.byteLength === 0) return
  }
}

/** The first records of a recording, for listing: decoded frames of its head, at most `count`. */
export async function readHeadFrames (handle: FileHandle, size: number, count: number): Promise<StoredFrame[]> {
  let head = await readAt(handle, 0, Math.min(size, HEAD_READ_BYTES))
  let scan = decodeFrames(head)
  if (scan.frames.length < count && scan.stop?.reason === 'short' && head.byteLength < size) {
    // A large SessionStart (many groups): read enough for `count` frames of the largest size.
    head = await readAt(handle, 0, Math.min(size, count * MAX_FRAME_BYTES + HEAD_READ_BYTES))
    scan = decodeFrames(head)
  }
  return scan.frames.slice(0, count)
}

/**
 * The recording's trailer when its last frame is a trailer signed by `header`'s key, found from the last
 * TAIL_READ_BYTES alone (frames are not self-delimiting backwards, so every start offset in the tail is tried).
 * Undefined for an open, crashed or damaged recording. The rest of the chain is not checked: that is verify's job.
 */
export async function readSignedTrailer (handle: FileHandle, size: number, header: FileHeader): Promise<{ trailer: Trailer, offset: number } | undefined> {
  const from = Math.max(0, size - TAIL_READ_BYTES)
  const tail = await readAt(handle, from, size - from)
  for (let s = 0; s < tail.byteLength; s++) {
    const scan = decodeFrames(tail, s)
    const last = scan.frames[scan.frames.length - 1]
    if (scan.stop !== undefined || last === undefined || scan.end !== tail.byteLength) continue
    const trailer = isSignedTrailer(last, header)
    if (trailer !== undefined) return { trailer, offset: from + last.offset }
  }
  return undefined
}
