/**
 * The records a recording has appended since its last write, encoded as they come into one reused protobuf writer,
 * each as a `Bundle.records` entry (proto/recording.proto): the tag and length, then the record's `time_unix_ms` and
 * its one body field. The next write makes them one stored Record ({@link RecordBatch.toRecord}): a Bundle when there
 * are several, the record itself when there is one.
 *
 * This is the recorder's per-record hot path. Encoding each body with its own message type's generated encoder into
 * a writer whose buffer is kept from one write to the next costs no allocation per record, where encoding through
 * `Record.encode` cost a writer, a buffer and a spread object per record and checked all fifteen body fields of an
 * object whose shape differs per kind (megamorphic property loads): about half of a recorded chat exchange's
 * encoding CPU. The bytes are the same as `Record.encode` writes (test/relay/recording/record-batch.test.ts).
 */
import $protobuf from 'protobufjs/minimal.js'

import { keyward } from '../../proto/gen/recording.js'
import { RETAINED_BATCH_BUFFER_BYTES } from './constants.js'
import { RecordingTooLargeError } from './errors.js'

const pb = keyward.recording.v1

/** Record fields: names of the bodies a Bundle may hold. */
export type BatchKind = 'exchangeStart' | 'requestBody' | 'policy' | 'responseHead' | 'responseChunk' | 'maskCounts' |
'usage' | 'exchangeEnd' | 'event' | 'sizeCap'

type Encoder = (message: never, writer: $protobuf.Writer) => $protobuf.Writer

/** Wire tag (`field << 3 | 2`) of each body field in Record, and its message's generated encoder. */
const BODY_FIELDS: Readonly<Record<BatchKind, { tag: number, encode: Encoder }>> = {
  exchangeStart: { tag: 12 << 3 | 2, encode: pb.ExchangeStart.encode },
  requestBody: { tag: 13 << 3 | 2, encode: pb.RequestBody.encode },
  policy: { tag: 14 << 3 | 2, encode: pb.PolicyDecision.encode },
  responseHead: { tag: 15 << 3 | 2, encode: pb.ResponseHead.encode },
  responseChunk: { tag: 16 << 3 | 2, encode: pb.ResponseChunk.encode },
  maskCounts: { tag: 17 << 3 | 2, encode: pb.MaskCounts.encode },
  usage: { tag: 18 << 3 | 2, encode: pb.Usage.encode },
  exchangeEnd: { tag: 19 << 3 | 2, encode: pb.ExchangeEnd.encode },
  event: { tag: 20 << 3 | 2, encode: pb.SessionEvent.encode },
  sizeCap: { tag: 21 << 3 | 2, encode: pb.SizeCapReached.encode }
}

// Record.seq (1, varint), Record.time_unix_ms (2, varint), Record.prev_hash (3, bytes), Record.bundle (24, bytes),
// Bundle.records (1, bytes).
const TAG_SEQ = 1 << 3 | 0
const TAG_TIME = 2 << 3 | 0
const TAG_PREV_HASH = 3 << 3 | 2
const TAG_BUNDLE = 24 << 3 | 2
const TAG_BUNDLE_RECORD = 1 << 3 | 2

/** The bodies a batch (so a Bundle) can hold. */
export const BATCH_KINDS: ReadonlySet<BatchKind> = new Set(Object.keys(BODY_FIELDS) as BatchKind[])

/**
 * Records waiting for the next write of one recording; see the file comment. Appending is two steps, so the caller can
 * frame the batch between them when the next record would take it past its size limit: {@link encode} the record
 * (into a scratch writer), then {@link push} it. Not shared between recordings.
 */
export class RecordBatch {
  #w: $protobuf.Writer = $protobuf.Writer.create()
  /** The record being appended, as its whole entry (tag, length, record); reused. */
  #scratch: $protobuf.Writer = $protobuf.Writer.create()
  /** Bytes of the record in #scratch, without its entry tag and length. */
  #scratchRecord = 0
  /** Writes the Record fields before the records in {@link toRecord}; reused. */
  #head: $protobuf.Writer = $protobuf.Writer.create()
  #count = 0
  /** Where the first record's own bytes start and end (after its entry tag and length): the one-record case. */
  #firstStart = 0
  #firstEnd = 0

  /** Records in the batch. */
  get count (): number {
    return this.#count
  }

  /** Encoded bytes of the batch: its records with their entry tags and lengths (the Bundle's size). */
  get byteLength (): number {
    return this.#w.pos
  }

  /**
   * Encodes a record of `kind` holding `value`, stamped `timeUnixMs`, as the next entry, without adding it yet; returns
   * the bytes it will add (the record, its entry tag and length). Throws RecordingTooLargeError when the record's own
   * bytes exceed `maxRecordBytes`, and whatever the generated encoder throws for a malformed value; a later encode
   * replaces an entry that was not pushed.
   */
  encode (kind: BatchKind, value: unknown, timeUnixMs: number, maxRecordBytes: number): number {
    const w = this.#scratch = reuse(this.#scratch)
    this.#scratchRecord = 0
    w.uint32(TAG_BUNDLE_RECORD).fork()
    const start = w.pos
    // proto3 leaves a zero time out, as Record.encode does.
    if (timeUnixMs !== 0) w.uint32(TAG_TIME).int64(timeUnixMs)
    const field = BODY_FIELDS[kind]
    field.encode(value as never, w.uint32(field.tag).fork()).ldelim()
    const length = w.pos - start
    if (length > maxRecordBytes) throw new RecordingTooLargeError(`a ${kind} record of ${length} bytes exceeds the ${maxRecordBytes}-byte record limit`)
    w.ldelim()
    this.#scratchRecord = length
    return w.pos
  }

  /** Adds the record the last {@link encode} prepared. Throws RangeError when there is none. */
  push (): void {
    if (this.#scratchRecord === 0) throw new RangeError('no encoded record to push')
    const entry = this.#scratch.finish(true)
    this.#w.raw(entry)
    if (this.#count++ === 0) {
      this.#firstEnd = this.#w.pos
      this.#firstStart = this.#firstEnd - this.#scratchRecord
    }
    this.#scratchRecord = 0
  }

  /**
   * The batch as one stored Record's plaintext bytes, at `seq` after the record whose stored bytes hash to
   * `prevHash`: several records as a Bundle stamped `timeUnixMs`, one as itself (its own time). Empties the batch; a
   * record encoded and not yet pushed stays ready to push into the next one. The returned buffer starts with `room`
   * bytes left for the caller (unset), then the record. Throws RangeError when it is empty.
   */
  toRecord (seq: number, prevHash: Uint8Array, timeUnixMs: number, room = 0): Buffer {
    if (this.#count === 0) throw new RangeError('a batch holds at least one record')
    const head = this.#head
    head.pos = 0
    if (seq !== 0) head.uint32(TAG_SEQ).uint64(seq)
    let body: Uint8Array
    if (this.#count === 1) {
      // seq and prev_hash, then the record's time and body: the order the writer has always used for a lone record.
      head.uint32(TAG_PREV_HASH).bytes(prevHash)
      body = this.#w.buf.subarray(this.#firstStart, this.#firstEnd)
    } else {
      if (timeUnixMs !== 0) head.uint32(TAG_TIME).int64(timeUnixMs)
      head.uint32(TAG_PREV_HASH).bytes(prevHash)
      body = this.#w.finish(true)
      head.uint32(TAG_BUNDLE).uint32(body.byteLength)
    }
    const record = Buffer.allocUnsafe(room + head.pos + body.byteLength)
    head.finishInto(record, room)
    record.set(body, room + head.pos)
    this.#count = 0
    this.#w = reuse(this.#w)
    return record
  }

  /** Drops every record, and a record encoded but not pushed. */
  clear (): void {
    this.#count = 0
    this.#w = reuse(this.#w)
    this.#scratchRecord = 0
  }
}

/** `w` emptied, or a new writer when its buffer grew past RETAINED_BATCH_BUFFER_BYTES (open recordings each keep theirs). */
function reuse (w: $protobuf.Writer): $protobuf.Writer {
  if (w.buf.byteLength > RETAINED_BATCH_BUFFER_BYTES) return $protobuf.Writer.create()
  w.pos = 0
  w.states = null
  return w
}
