/**
 * The rules of a valid recording, applied frame by frame: one state machine shared by the reader (`readRecording`,
 * `verifyRecording`) and crash recovery, so what recovery seals is exactly what the verifier accepts.
 *
 * For each frame, in order:
 * - its CRC (checked by decodeFrames);
 * - the plaintext frame fields, which need no key: `Frame.seq` equal to its position, and `Frame.chain` equal to
 *   SHA-256(previous frame's chain || its stored record bytes), so the order of every record is checked for every
 *   recording, encrypted or not;
 * - once decrypted when encrypted (only with the key): the record's own `seq` equal to the frame's, and `prev_hash`
 *   equal to the SHA-256 of the previous frame's stored bytes.
 * The first record is a plaintext FileHeader of format 1; a Trailer must be the last record, count the records
 * before it, carry the final hash and the final chain, be stamped with its seal time, and be signed by the header's
 * key over all of those. Problems are collected as sentences naming the record, never thrown; only a file that is
 * not a recording at all (no FileHeader) or a missing or wrong decryption key (when the caller needs the plaintext)
 * throws.
 *
 * After a frame whose chain does not follow, the next frame is checked against the chain value stored in that frame,
 * so one altered record is reported once; a record replaced together with its own chain value breaks the next one.
 */
import { verify } from 'node:crypto'

import { keyward } from '../../proto/gen/recording.js'
import { ED25519_PUBLIC_KEY_BYTES, RECORDING_FORMAT_VERSION } from './constants.js'
import { RecordingCorruptError, RecordingDecryptFailedError, RecordingKeyMissingError } from './errors.js'
import { BUNDLED_KINDS, chainLink, decodeRecord, decryptRecord, hashRecord, toNumber, trailerSigningBytes, ZERO_HASH } from './frame-codec.js'
import { isRecordingId } from './ids.js'
import { signingKeyId, toPublicKey } from './keys.js'

import type { KeyObject } from 'node:crypto'
import type { FrameStop, RecordingRecord, StoredFrame } from './frame-codec.js'
import type { EncryptionKeyRing } from './keys.js'

/** A recording's FileHeader (generated class). */
export type FileHeader = keyward.recording.v1.FileHeader
/** A recording's Trailer (generated class). */
export type Trailer = keyward.recording.v1.Trailer

/** Options of {@link RecordChecker}. */
export interface RecordCheckerOptions {
  /** Keys to decrypt with. */
  keys?: EncryptionKeyRing
  /**
   * The caller needs the plaintext: an encrypted recording whose key id is not in `keys` throws
   * RecordingKeyMissingError, and a key that fails on the first encrypted record throws RecordingDecryptFailedError.
   */
  requireKey?: boolean
  /** Recording id the file name says; a header naming another id is a problem. */
  expectedId?: string
}

/** One record that passed every check up to it, and where it ends. */
export interface IntactPoint {
  /** Records up to and including it (its seq + 1). */
  count: number
  /** File offset just past its frame. */
  end: number
  /** SHA-256 of its stored bytes. */
  hash: Buffer
  /** Its `Frame.chain` (what a trailer appended after it signs as the final chain). */
  chain: Buffer
  /** It is the valid trailer: the intact prefix is a sealed recording. */
  sealed: boolean
}

/** Checks the frames of one recording in order; see the file comment. */
export class RecordChecker {
  /** Problems found so far, each naming the record and its offset. */
  readonly problems: string[] = []
  header: FileHeader | undefined
  /** The valid trailer, once seen. */
  trailer: Trailer | undefined
  /** Frames seen (records read, header and trailer included). */
  count = 0
  /**
   * Records of an encrypted recording were skipped for want of the key: their content and their own seq and
   * prev_hash were not checked (the frame chain, which covers their stored bytes, still was).
   */
  undecrypted = 0
  /** The last record before the first problem (undefined until the header passes). */
  intact: IntactPoint | undefined

  readonly #options: RecordCheckerOptions
  #key: KeyObject | undefined
  #signer: KeyObject | undefined
  /** Hash of the previous frame's stored bytes; undefined after a frame whose bytes could not be trusted. */
  #prevHash: Buffer | undefined = ZERO_HASH
  /** `Frame.chain` of the previous frame as stored; undefined after a frame that could not be read. */
  #prevChain: Buffer | undefined = ZERO_HASH
  #decrypted = 0
  #afterTrailerReported = false

  constructor (options: RecordCheckerOptions = {}) {
    this.#options = options
  }

  /** The frame chain was walked: true once a FileHeader was read (every later frame's chain is then checked). */
  get chainChecked (): boolean {
    return this.header !== undefined
  }

  /** True when the recording's records (after the header) are encrypted. */
  get encrypted (): boolean {
    return (this.header?.encryptionKeyId ?? '') !== ''
  }

  /**
   * Checks the next frame at absolute file offset `frame.offset` and returns its decoded record, or undefined when it
   * could not be decoded (encrypted without a key, or bad). Throws RecordingCorruptError when the first frame is not
   * a FileHeader, and the key errors described in {@link RecordCheckerOptions.requireKey}.
   */
  frame (frame: StoredFrame): RecordingRecord | undefined {
    const index = this.count++
    const hash = hashRecord(frame.record)
    const record = index === 0 ? this.#first(frame) : this.#next(frame, index)
    // Recovery cuts after the last record before the first problem: a record after a break does not count.
    if (this.problems.length === 0) this.intact = { count: index + 1, end: frame.end, hash, chain: frame.chain, sealed: this.trailer !== undefined }
    this.#prevHash = hash
    this.#prevChain = frame.chain
    return record
  }

  /**
   * Records why framing stopped at `stop` (offsets absolute) with `eof` telling whether the file ends inside the
   * frame. Returns true when checking can go on at `stop.next` (a frame that is intact as a frame but bad inside).
   */
  stopped (stop: FrameStop, fileSize: number): boolean {
    const where = this.#where(this.count, stop.offset)
    if (this.count === 0) throw new RecordingCorruptError(`not a recording: no intact FileHeader (${stop.reason} frame at offset 0)`)
    if (stop.reason === 'short') {
      this.problems.push(`${where}: torn frame, ${fileSize - stop.offset} bytes at the end of the file (an unfinished write)`)
      return false
    }
    if (stop.next !== undefined) {
      this.problems.push(`${where}: ${stop.reason === 'crc' ? 'CRC mismatch (the record bytes were altered or damaged)' : 'malformed frame'}`)
      this.count++
      this.#prevHash = undefined
      this.#prevChain = undefined
      return true
    }
    this.problems.push(`${where}: unreadable frame (${stop.reason}); the ${fileSize - stop.offset} bytes from here on were not checked`)
    return false
  }

  /** Adds the end-of-file problem "not sealed" when no valid trailer was seen. */
  finish (): void {
    if (this.trailer === undefined) this.problems.push('not sealed: no valid trailer (the recording is still open, or the relay stopped without sealing it)')
  }

  #where (index: number, offset: number): string {
    return `record ${index} (offset ${offset})`
  }

  #first (frame: StoredFrame): RecordingRecord {
    let record: RecordingRecord
    try {
      if (frame.nonce.byteLength !== 0) throw new Error('the FileHeader is encrypted')
      record = decodeRecord(frame.record)
    } catch (err: unknown) {
      throw new RecordingCorruptError('not a recording: the first frame is not a FileHeader', { cause: err })
    }
    const header = record.header
    if (record.body !== 'header' || header == null || toNumber(record.seq) !== 0) {
      throw new RecordingCorruptError('not a recording: the first frame is not a FileHeader')
    }
    const h = header as FileHeader
    if (h.formatVersion !== RECORDING_FORMAT_VERSION) {
      throw new RecordingCorruptError(`unsupported recording format version ${h.formatVersion} (this keyward reads ${RECORDING_FORMAT_VERSION})`)
    }
    if (!isRecordingId(h.recordingId)) throw new RecordingCorruptError('not a recording: the FileHeader has no valid recording id')
    this.header = h
    const where = this.#where(0, frame.offset)
    // Its own seq is 0 (checked above), so the frame seq check also pins the two together.
    this.#checkFrame(frame, 0, where)
    if (!ZERO_HASH.equals(record.prevHash)) this.problems.push(`${where}: prev_hash of the FileHeader is not zero`)
    if (this.#options.expectedId !== undefined && this.#options.expectedId !== h.recordingId) {
      this.problems.push(`${where}: the FileHeader names recording ${h.recordingId}, but the file is ${this.#options.expectedId}`)
    }
    if (h.signingPublicKey.byteLength !== ED25519_PUBLIC_KEY_BYTES || signingKeyId(h.signingPublicKey) !== h.signingKeyId) {
      this.problems.push(`${where}: the FileHeader's signing key id does not match its public key`)
    } else {
      this.#signer = toPublicKey(h.signingPublicKey)
    }
    if (this.encrypted) {
      this.#key = this.#options.keys?.keys.get(h.encryptionKeyId)
      if (this.#key === undefined && this.#options.requireKey === true) {
        throw new RecordingKeyMissingError(`recording ${h.recordingId} is encrypted with key ${JSON.stringify(h.encryptionKeyId)}, which is not in the key ring`)
      }
    }
    return record
  }

  #next (frame: StoredFrame, index: number): RecordingRecord | undefined {
    const where = this.#where(index, frame.offset)
    if (this.trailer !== undefined) {
      if (!this.#afterTrailerReported) this.problems.push(`${where}: data after the trailer`)
      this.#afterTrailerReported = true
      return undefined
    }
    this.#checkFrame(frame, index, where)
    let plain: Uint8Array = frame.record
    if (frame.nonce.byteLength !== 0) {
      if (!this.encrypted) {
        this.problems.push(`${where}: an encrypted record in a plaintext recording`)
        return undefined
      }
      if (this.#key === undefined) {
        this.undecrypted++
        return undefined
      }
      try {
        plain = decryptRecord(frame.record, frame.nonce, this.#key, this.header?.recordingId ?? '', index)
        this.#decrypted++
      } catch (err: unknown) {
        if (this.#decrypted === 0 && this.#options.requireKey === true) {
          throw new RecordingDecryptFailedError(
            `key ${JSON.stringify(this.header?.encryptionKeyId)} does not decrypt recording ${this.header?.recordingId ?? ''} (wrong key, or the first record was altered)`,
            { cause: err })
        }
        this.problems.push(`${where}: cannot be decrypted (a wrong key, or the record was altered or moved from another position or recording)`)
        return undefined
      }
    }
    let record: RecordingRecord
    try {
      record = decodeRecord(plain)
    } catch {
      this.problems.push(`${where}: the record does not decode`)
      return undefined
    }
    if (record.body === undefined) this.problems.push(`${where}: the record has no body`)
    if (frame.nonce.byteLength === 0 && this.encrypted && record.body !== 'trailer') {
      this.problems.push(`${where}: a plaintext ${record.body ?? 'record'} in an encrypted recording`)
    }
    // The frame's seq was compared with the position above, so this also pins the record's own seq to it.
    const seq = toNumber(record.seq)
    if (seq !== frame.seq) this.problems.push(`${where}: seq inside the record is ${seq}, its frame says ${frame.seq}`)
    if (this.#prevHash !== undefined && !this.#prevHash.equals(record.prevHash)) {
      this.problems.push(`${where}: prev_hash does not match record ${index - 1} (the chain is broken: a record was removed, reordered or altered)`)
    }
    if (record.body === 'header') this.problems.push(`${where}: a second FileHeader`)
    if (record.body === 'trailer') this.#checkTrailer(record, index, where)
    if (record.body === 'bundle') this.#checkBundle(record, where)
    return record
  }

  /**
   * The checks that need no key, on the plaintext frame fields: seq against the position, chain against the previous
   * frame's chain and this frame's stored bytes.
   */
  #checkFrame (frame: StoredFrame, index: number, where: string): void {
    if (frame.seq !== index) this.problems.push(`${where}: frame seq is ${frame.seq}, expected ${index} (a record was removed, inserted or reordered)`)
    if (this.#prevChain !== undefined && !chainLink(this.#prevChain, frame.record).equals(frame.chain)) {
      const after = index === 0 ? 'the start of the file' : `record ${index - 1}`
      this.problems.push(`${where}: chain does not follow from ${after} (a record was removed, inserted, reordered, replaced or altered)`)
    }
  }

  /** A Bundle holds one or more records, each with one body a bundle may hold (proto/recording.proto). */
  #checkBundle (record: RecordingRecord, where: string): void {
    const records = record.bundle?.records ?? []
    if (records.length === 0) this.problems.push(`${where}: an empty Bundle`)
    records.forEach((r, i) => {
      const body = (r as RecordingRecord).body
      if (body === undefined || !BUNDLED_KINDS.has(body)) this.problems.push(`${where}: record ${i} of the Bundle is ${body === undefined ? 'without a body' : `a ${body}, which a Bundle cannot hold`}`)
    })
  }

  #checkTrailer (record: RecordingRecord, index: number, where: string): void {
    const t = record.trailer as Trailer
    const count = toNumber(t.recordCount)
    const bad: string[] = []
    if (count !== index) bad.push(`it counts ${count} records before it, the file has ${index}`)
    if (this.#prevHash !== undefined && !this.#prevHash.equals(t.finalHash)) bad.push('its final hash is not the hash of the last record')
    if (!Buffer.from(t.finalHash).equals(record.prevHash)) bad.push('its final hash differs from its prev_hash')
    if (this.#prevChain !== undefined && !this.#prevChain.equals(t.finalChain)) bad.push('its final chain is not the chain of the last record')
    // The record's own time is not signed; requiring it to equal the signed seal time leaves no trailer field unsigned.
    if (record.timeUnixMs.toString() !== t.sealedUnixMs.toString()) bad.push('its time differs from its seal time')
    if (this.#signer === undefined ||
        !verify(null, trailerSigningBytes(this.header?.recordingId ?? '', count, t.finalHash, t.truncated, t.finalChain, t.sealedUnixMs), this.#signer, t.signature)) {
      bad.push('its signature does not verify against the FileHeader\'s signing key')
    }
    if (bad.length > 0) {
      this.problems.push(`${where}: invalid trailer: ${bad.join('; ')}`)
      return
    }
    this.trailer = t
  }
}

/**
 * Checks that `frame` (a whole file's last frame) is a trailer signed by `header`'s key, without reading the rest of
 * the file: the quick "is it sealed" of listing and retention. A forged trailer would need the signing key.
 */
export function isSignedTrailer (frame: StoredFrame, header: FileHeader): Trailer | undefined {
  if (frame.nonce.byteLength !== 0 || header.signingPublicKey.byteLength !== ED25519_PUBLIC_KEY_BYTES) return undefined
  let record: RecordingRecord
  try {
    record = decodeRecord(frame.record)
  } catch {
    return undefined
  }
  const t = record.trailer as Trailer | null | undefined
  if (record.body !== 'trailer' || t == null) return undefined
  const count = toNumber(t.recordCount)
  if (toNumber(record.seq) !== count || frame.seq !== count || !Buffer.from(t.finalHash).equals(record.prevHash)) return undefined
  if (!chainLink(t.finalChain, frame.record).equals(frame.chain) || record.timeUnixMs.toString() !== t.sealedUnixMs.toString()) return undefined
  const ok = verify(null, trailerSigningBytes(header.recordingId, count, t.finalHash, t.truncated, t.finalChain, t.sealedUnixMs), toPublicKey(header.signingPublicKey), t.signature)
  return ok ? t : undefined
}
