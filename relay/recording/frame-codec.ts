/**
 * Encoding and incremental decoding of recording frames (proto/recording.proto: a varint length, then a `Frame`
 * holding one encoded `Record`, its CRC-32, when encrypted its GCM nonce, and in plaintext the frame chain link and
 * the record's seq).
 *
 * {@link RecordEncoder} is the writer's hot path, once per record: protobuf-encode the Record, optionally seal it with
 * AES-256-GCM, hash the stored bytes for both chains (`Record.prev_hash` of the next record, and this frame's
 * `Frame.chain`), CRC them, and lay the Frame out by hand in one buffer (the bytes equal the generated
 * `Frame.encodeDelimited`; test/relay/recording/frame-codec.test.ts checks it).
 *
 * {@link decodeFrames} is the only place untrusted recording bytes are framed: the length prefix is bounded by
 * MAX_FRAME_BYTES before anything is buffered, and a short, oversized, undecodable or CRC-failing frame stops the
 * scan and is reported (never thrown), with the offset where the intact prefix ends, which is where crash recovery
 * truncates.
 *
 * Encryption binds each record to its recording and position: the GCM additional data is `<recording id>:<seq>`,
 * so a record copied to another recording or moved within one fails to decrypt. The FileHeader (the reader needs it
 * first) and the Trailer (verifiers check it without the key) are always plaintext.
 */
import * as nodeCrypto from 'node:crypto'
import { createCipheriv, createDecipheriv, createHash, randomFillSync, sign } from 'node:crypto'
import { crc32 } from 'node:zlib'

import { keyward } from '../../proto/gen/recording.js'
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, HASH_BYTES, MAX_FRAME_BYTES, MAX_LENGTH_PREFIX_BYTES, NONCE_POOL_NONCES, SIGNATURE_DOMAIN } from './constants.js'
import { RecordingTooLargeError } from './errors.js'
import { BATCH_KINDS } from './record-batch.js'

import type { KeyObject } from 'node:crypto'
import type { RecordBatch } from './record-batch.js'

const pb = keyward.recording.v1

/** One decoded record (generated class); `body` names the one body field that is set. */
export type RecordingRecord = keyward.recording.v1.Record
/** Fields of a Record to encode. */
type RecordProps = keyward.recording.v1.Record.$Properties
/** Names of the Record body fields (`header`, `sessionStart`, … `trailer`). */
export type BodyKind = NonNullable<RecordProps['body']>
/** Exactly one Record body, as `{ <field>: { ...fields } }`, e.g. `{ exchangeStart: { exchangeId, method } }`. */
export type RecordBody = { [K in BodyKind]: { [P in K]: NonNullable<RecordProps[P]> } }[BodyKind]

/**
 * SHA-256 of nothing before the first record: `prev_hash` of seq 0 is 32 zero bytes, and so is the previous chain
 * value the first frame's `chain` is computed from.
 */
export const ZERO_HASH: Buffer = Buffer.alloc(HASH_BYTES)

/** Bodies that are stored in plaintext even in an encrypted recording (see the file comment). */
const PLAINTEXT_KINDS: ReadonlySet<BodyKind> = new Set<BodyKind>(['header', 'trailer'])

const BODY_KINDS: ReadonlySet<string> = new Set<BodyKind>([
  'header', 'sessionStart', 'exchangeStart', 'requestBody', 'policy', 'responseHead', 'responseChunk', 'maskCounts',
  'usage', 'exchangeEnd', 'event', 'sizeCap', 'sessionEnd', 'trailer', 'bundle'
])

/** Bodies a Bundle may hold (proto/recording.proto `Bundle`): the ones callers append, and SizeCapReached. */
export const BUNDLED_KINDS: ReadonlySet<BodyKind> = BATCH_KINDS

/** Bodies callers may append to a recording (the writer writes the others itself). */
export const APPENDABLE_KINDS: ReadonlySet<BodyKind> = new Set<BodyKind>([...BATCH_KINDS].filter((k) => k !== 'sizeCap'))

// Frame field tags (`field number << 3 | wire type`): record = 1 (bytes), crc32 = 2 (fixed32), nonce = 3 (bytes),
// chain = 4 (bytes), seq = 5 (varint).
const TAG_RECORD = 1 << 3 | 2
const TAG_CRC32 = 2 << 3 | 5
const TAG_NONCE = 3 << 3 | 2
const TAG_CHAIN = 4 << 3 | 2
const TAG_SEQ = 5 << 3 | 0
const CRC32_FIELD_BYTES = 5

/** The AES-256-GCM key a recording is encrypted with. */
export interface RecordCipher {
  /** Written into `FileHeader.encryption_key_id`. */
  readonly keyId: string
  readonly key: KeyObject
}

/** Chain state to continue a recording from (crash recovery appends a trailer to an existing file). */
export interface EncoderState {
  /** Seq of the next record. */
  seq: number
  /** SHA-256 of the last record's stored bytes (the next record's `prev_hash`). */
  prevHash: Buffer
  /** `Frame.chain` of the last frame (the next frame's chain is computed from it). */
  chain: Buffer
}

/**
 * The body kind of `body`: its one own key. Throws TypeError when `body` has no known body field or more than one
 * (protobufjs would silently encode both and the reader would see only the last).
 */
export function bodyKind (body: RecordBody): BodyKind {
  let kind: BodyKind | undefined
  for (const key in body) {
    if (!BODY_KINDS.has(key)) throw new TypeError(`unknown record body field ${key}`)
    if (kind !== undefined) throw new TypeError(`a record has one body, got ${kind} and ${key}`)
    kind = key as BodyKind
  }
  if (kind === undefined) throw new TypeError('a record needs a body')
  return kind
}

/**
 * One-shot SHA-256 (`crypto.hash`, Node ≥ 20.12): no Hash object per call. The writer hashes every record twice, and
 * the Hash objects (native handles the garbage collector must finalise) were a sixth of a recorded exchange's CPU.
 * Older Node 20 releases fall back to createHash.
 */
const sha256: (data: Uint8Array) => Buffer = typeof nodeCrypto.hash === 'function'
  ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
  : /* c8 ignore next */ (data) => createHash('sha256').update(data).digest()

/** SHA-256 of a frame's stored record bytes: the next record's `prev_hash`. */
export function hashRecord (stored: Uint8Array): Buffer {
  return sha256(stored)
}

/**
 * `Frame.chain` of a frame: SHA-256(`prevChain` || `stored`), where `prevChain` is the previous frame's chain
 * (ZERO_HASH before the first frame) and `stored` the frame's record bytes as stored (ciphertext when encrypted).
 */
export function chainLink (prevChain: Uint8Array, stored: Uint8Array): Buffer {
  return sha256(Buffer.concat([prevChain, stored]))
}

/** GCM additional data of the record at `seq` of `recordingId`. */
export function recordAad (recordingId: string, seq: number): Buffer {
  return Buffer.from(`${recordingId}:${seq}`, 'utf8')
}

/**
 * Encodes the records of one recording, keeping both chains (seq, prev_hash, and the frame chain). Not thread-safe
 * by design: one writer owns one encoder and encodes in append order.
 */
export class RecordEncoder {
  /** Recording id, used in the encryption additional data. */
  readonly recordingId: string
  readonly #cipher: RecordCipher | undefined
  readonly #maxFrameBytes: number
  #seq: number
  #prevHash: Buffer
  #chain: Buffer
  /** Random nonces drawn in batches: one randomBytes(12) per record costs more than the AES-GCM itself. */
  #nonces: Buffer | undefined
  #noncePos = 0

  constructor (recordingId: string, cipher?: RecordCipher, state?: EncoderState, maxFrameBytes: number = MAX_FRAME_BYTES) {
    this.recordingId = recordingId
    this.#cipher = cipher
    this.#maxFrameBytes = maxFrameBytes
    this.#seq = state?.seq ?? 0
    this.#prevHash = state?.prevHash ?? ZERO_HASH
    this.#chain = state?.chain ?? ZERO_HASH
  }

  /** Seq the next record gets (also the number of records encoded so far, counting from a fresh encoder). */
  get seq (): number {
    return this.#seq
  }

  /** SHA-256 of the last encoded record's stored bytes (ZERO_HASH before the first). */
  get prevHash (): Buffer {
    return this.#prevHash
  }

  /** `Frame.chain` of the last encoded frame (ZERO_HASH before the first): what a trailer signs as its final chain. */
  get chain (): Buffer {
    return this.#chain
  }

  /**
   * Encodes `body` as the next record, stamped `timeUnixMs`, and returns the delimited frame bytes to append.
   * Throws RecordingTooLargeError (leaving the chain unchanged) when the frame would exceed the max frame size, and
   * TypeError for a body without exactly one body field.
   */
  encode (body: RecordBody, timeUnixMs: number): Buffer {
    const kind = bodyKind(body)
    return this.#frame(pb.Record.encode({ seq: this.#seq, timeUnixMs, prevHash: this.#prevHash, ...body }).finish(), kind)
  }

  /**
   * The next record's frame from the records of `batch` (at least one): one record stored as itself, several as one
   * Bundle record stamped `timeUnixMs`. Empties the batch. Throws as {@link encode}.
   */
  encodeBatch (batch: RecordBatch, timeUnixMs: number): Buffer {
    const kind = batch.count === 1 ? 'record' : 'bundle'
    if (this.#cipher !== undefined) return this.#frame(batch.toRecord(this.#seq, this.#prevHash, timeUnixMs), kind)
    // Stored as is: the record is laid out after room for the previous chain value, so the chain link hashes it in place.
    const linked = batch.toRecord(this.#seq, this.#prevHash, timeUnixMs, HASH_BYTES)
    return this.#frame(linked.subarray(HASH_BYTES), kind, linked)
  }

  /**
   * Encrypts (unless plaintext), chains and frames the next record's plaintext bytes. `linked`, when given, is `plain`
   * preceded by HASH_BYTES of room: a plaintext record's chain link is then hashed there (the previous chain value
   * copied into the room) instead of from a concatenated copy of the record.
   */
  #frame (plain: Uint8Array, kind: string, linked?: Buffer): Buffer {
    const seq = this.#seq
    let stored: Uint8Array = plain
    let nonce: Buffer | undefined
    if (this.#cipher !== undefined && !PLAINTEXT_KINDS.has(kind as BodyKind)) {
      nonce = this.#nextNonce()
      stored = encryptRecord(plain, this.#cipher.key, nonce, recordAad(this.recordingId, seq))
    }
    let chain: Buffer
    if (linked !== undefined && stored === plain) {
      this.#chain.copy(linked, 0)
      chain = sha256(linked)
    } else chain = chainLink(this.#chain, stored)
    const frame = buildFrame(stored, nonce, chain, seq)
    if (frame.byteLength > this.#maxFrameBytes) {
      throw new RecordingTooLargeError(`a ${kind} record of ${frame.byteLength} bytes exceeds the ${this.#maxFrameBytes}-byte frame limit`)
    }
    this.#prevHash = hashRecord(stored)
    this.#chain = chain
    this.#seq = seq + 1
    return frame
  }

  /**
   * The next fresh random nonce: a view of the pool, valid until the next call (encode copies it into the frame and
   * the cipher copies its IV before that).
   */
  #nextNonce (): Buffer {
    if (this.#nonces === undefined || this.#noncePos >= this.#nonces.byteLength) {
      this.#nonces ??= Buffer.allocUnsafe(GCM_NONCE_BYTES * NONCE_POOL_NONCES)
      randomFillSync(this.#nonces)
      this.#noncePos = 0
    }
    const nonce = this.#nonces.subarray(this.#noncePos, this.#noncePos + GCM_NONCE_BYTES)
    this.#noncePos += GCM_NONCE_BYTES
    return nonce
  }
}

/** AES-256-GCM: ciphertext || 16-byte tag. */
function encryptRecord (plain: Uint8Array, key: KeyObject, nonce: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES })
  cipher.setAAD(aad)
  const head = cipher.update(plain)
  const tail = cipher.final()
  return Buffer.concat([head, tail, cipher.getAuthTag()])
}

/**
 * Decrypts a stored record (ciphertext || tag) of `recordingId` at `seq`. Throws when authentication fails: a wrong
 * key, altered bytes, or a record moved from another position or recording (the additional data differs).
 */
export function decryptRecord (stored: Uint8Array, nonce: Uint8Array, key: KeyObject, recordingId: string, seq: number): Buffer {
  if (nonce.byteLength !== GCM_NONCE_BYTES || stored.byteLength < GCM_TAG_BYTES) throw new Error('malformed encrypted record')
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES })
  decipher.setAAD(recordAad(recordingId, seq))
  decipher.setAuthTag(stored.subarray(stored.byteLength - GCM_TAG_BYTES))
  const head = decipher.update(stored.subarray(0, stored.byteLength - GCM_TAG_BYTES))
  return Buffer.concat([head, decipher.final()])
}

/**
 * The records a stored record stands for: a Bundle's records in order, each with the bundle's seq and prev_hash (and
 * its own time and body); any other record alone.
 */
export function flattenRecord (record: RecordingRecord): RecordingRecord[] {
  if (record.body !== 'bundle' || record.bundle == null) return [record]
  return (record.bundle.records ?? []).map((r) => {
    const inner = r as RecordingRecord
    inner.seq = record.seq
    inner.prevHash = record.prevHash
    return inner
  })
}

/** Decodes a Record's plaintext bytes (throws on malformed protobuf). */
export function decodeRecord (bytes: Uint8Array): RecordingRecord {
  return pb.Record.decode(bytes)
}

/** A protobuf 64-bit integer as decoded (a Long when the `long` package is present) or a JS number. */
export type Int64 = number | { toNumber: () => number, toString: () => string }

/**
 * The bytes the trailer signature covers (proto/recording.proto, `Trailer.signature`): one value per line, numbers in
 * decimal, hashes in lower-case hex. `sealedUnixMs` is printed exactly (a Long by its own decimal form, not through
 * a double), so no two different stored seal times sign the same bytes.
 */
export function trailerSigningBytes (recordingId: string, recordCount: number, finalHash: Uint8Array, truncated: boolean, finalChain: Uint8Array, sealedUnixMs: Int64): Buffer {
  return Buffer.from([
    SIGNATURE_DOMAIN,
    recordingId,
    String(recordCount),
    Buffer.from(finalHash).toString('hex'),
    Buffer.from(finalChain).toString('hex'),
    sealedUnixMs.toString(),
    truncated ? 'truncated' : 'sealed'
  ].join('\n'), 'utf8')
}

/** Signing half of a recording signing key, as {@link trailerBody} needs it. */
export interface TrailerSigner {
  readonly privateKey: KeyObject
}

/**
 * The Trailer body that seals a recording whose last record is number `recordCount - 1`, with stored-bytes hash
 * `finalHash` and frame chain `finalChain` (an encoder's `seq`, `prevHash` and `chain`), sealed at `sealedUnixMs`,
 * signed with `signer` (Ed25519 over {@link trailerSigningBytes}).
 */
export function trailerBody (signer: TrailerSigner, recordingId: string, recordCount: number, finalHash: Buffer, truncated: boolean, sealedUnixMs: number, finalChain: Buffer): RecordBody {
  const signature = sign(null, trailerSigningBytes(recordingId, recordCount, finalHash, truncated, finalChain, sealedUnixMs), signer.privateKey)
  return { trailer: { recordCount, finalHash, finalChain, truncated, sealedUnixMs, signature } }
}

/** Bytes of the varint of a non-negative safe integer (seq may pass 2^32, so no 32-bit shortcuts). */
function varintBytes (v: number): number {
  let n = 1
  while (v >= 0x80) {
    v = Math.floor(v / 0x80)
    n++
  }
  return n
}

function writeVarint (buf: Buffer, pos: number, v: number): number {
  while (v >= 0x80) {
    buf[pos++] = (v % 0x80) | 0x80
    v = Math.floor(v / 0x80)
  }
  buf[pos++] = v
  return pos
}

/** Writes a length-delimited field (tag, varint length, bytes) at `pos`; returns the position after it. */
function writeBytesField (frame: Buffer, pos: number, tag: number, bytes: Uint8Array): number {
  frame[pos] = tag
  const at = writeVarint(frame, pos + 1, bytes.byteLength)
  frame.set(bytes, at)
  return at + bytes.byteLength
}

/**
 * Lays out `varint(len) Frame{record, crc32, nonce, chain, seq}` in one buffer. As proto3 encoders do, a zero CRC,
 * an empty nonce and a zero seq are not written (a reader sees their defaults), so the bytes equal
 * `Frame.encodeDelimited`.
 */
function buildFrame (stored: Uint8Array, nonce: Buffer | undefined, chain: Buffer, seq: number): Buffer {
  const crc = crc32(stored)
  const bodyLen = 1 + varintBytes(stored.byteLength) + stored.byteLength +
    (crc !== 0 ? CRC32_FIELD_BYTES : 0) + (nonce !== undefined ? 1 + varintBytes(nonce.byteLength) + nonce.byteLength : 0) +
    1 + varintBytes(chain.byteLength) + chain.byteLength + (seq !== 0 ? 1 + varintBytes(seq) : 0)
  const frame = Buffer.allocUnsafe(varintBytes(bodyLen) + bodyLen)
  let pos = writeVarint(frame, 0, bodyLen)
  frame[pos++] = TAG_RECORD
  pos = writeVarint(frame, pos, stored.byteLength)
  frame.set(stored, pos)
  pos += stored.byteLength
  if (crc !== 0) {
    frame[pos++] = TAG_CRC32
    pos = frame.writeUInt32LE(crc, pos)
  }
  if (nonce !== undefined) pos = writeBytesField(frame, pos, TAG_NONCE, nonce)
  pos = writeBytesField(frame, pos, TAG_CHAIN, chain)
  if (seq !== 0) {
    frame[pos++] = TAG_SEQ
    writeVarint(frame, pos, seq)
  }
  return frame
}

/** One frame as stored, framed and CRC-checked but not decrypted or decoded. */
export interface StoredFrame {
  /** Offset of the frame's length prefix in the scanned buffer. */
  offset: number
  /** Offset just past the frame. */
  end: number
  /** The stored record bytes (ciphertext || tag when `nonce` is set); a view of the scanned buffer. */
  record: Buffer
  /** GCM nonce; empty for a plaintext record. */
  nonce: Buffer
  /** `Frame.chain` as stored (not checked here: see record-checker.ts); empty when the frame has none. */
  chain: Buffer
  /** `Frame.seq` as stored (not checked here). */
  seq: number
}

/** Why {@link decodeFrames} stopped before the end of its buffer. */
export type FrameStopReason =
  /** The buffer ends inside this frame (more bytes may follow; at end of file it is a torn write). */
  | 'short'
  /** The length prefix is over the max frame size, or longer than MAX_LENGTH_PREFIX_BYTES. */
  | 'too-large'
  /** The frame's bytes are not a Frame, or hold an empty record. */
  | 'malformed'
  /** The frame decodes but its CRC does not match its record bytes. */
  | 'crc'

/** Where and why a scan stopped. */
export interface FrameStop {
  /** Offset of the frame that stopped the scan. */
  offset: number
  reason: FrameStopReason
  /** For 'crc' and 'malformed': where the bad frame ends, so a verifier can report it and go on. */
  next?: number
}

/** Result of {@link decodeFrames}. */
export interface FrameScan {
  /** The intact frames, in order. */
  frames: StoredFrame[]
  /** Offset just past the last intact frame (the start offset when there is none). */
  end: number
  /** Set when the scan stopped before the end of the buffer. */
  stop?: FrameStop
}

/**
 * Frames `buf` from `start` and returns every intact frame up to the first short, oversized, malformed or
 * CRC-failing one. Never throws; never reads a length prefix over `maxFrameBytes`. Call again with the unconsumed
 * tail plus more bytes to decode a stream incrementally.
 */
export function decodeFrames (buf: Buffer, start = 0, maxFrameBytes: number = MAX_FRAME_BYTES): FrameScan {
  const frames: StoredFrame[] = []
  let pos = start
  while (pos < buf.byteLength) {
    // Varint length prefix, read by hand so its size is bounded before anything else happens.
    let len = 0
    let shift = 0
    let p = pos
    let done = false
    while (p < buf.byteLength && p - pos < MAX_LENGTH_PREFIX_BYTES) {
      const b = buf[p++] ?? 0
      len += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) {
        done = true
        break
      }
    }
    if (!done) {
      const reason = p - pos >= MAX_LENGTH_PREFIX_BYTES ? 'too-large' : 'short'
      return { frames, end: pos, stop: { offset: pos, reason } }
    }
    if (len > maxFrameBytes) return { frames, end: pos, stop: { offset: pos, reason: 'too-large' } }
    const end = p + len
    if (end > buf.byteLength) return { frames, end: pos, stop: { offset: pos, reason: 'short' } }
    let frame: keyward.recording.v1.Frame
    try {
      frame = pb.Frame.decode(buf.subarray(p, end))
    } catch {
      return { frames, end: pos, stop: { offset: pos, reason: 'malformed', next: end } }
    }
    if (frame.record.byteLength === 0) return { frames, end: pos, stop: { offset: pos, reason: 'malformed', next: end } }
    const record = Buffer.from(frame.record.buffer, frame.record.byteOffset, frame.record.byteLength)
    if (crc32(record) !== frame.crc32) return { frames, end: pos, stop: { offset: pos, reason: 'crc', next: end } }
    frames.push({
      offset: pos,
      end,
      record,
      nonce: Buffer.from(frame.nonce.buffer, frame.nonce.byteOffset, frame.nonce.byteLength),
      chain: Buffer.from(frame.chain.buffer, frame.chain.byteOffset, frame.chain.byteLength),
      seq: toNumber(frame.seq)
    })
    pos = end
  }
  return { frames, end: pos }
}

/**
 * A protobuf 64-bit value (protobufjs gives a Long when the `long` package is present) as a JS number; values over
 * 2^53 lose precision, which is fine for comparing a seq or count with a position.
 */
export function toNumber (value: number | { toNumber: () => number } | null | undefined): number {
  if (value === null || value === undefined) return 0
  return typeof value === 'number' ? value : value.toNumber()
}
