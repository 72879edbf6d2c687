/**
 * `keyward recordings export`: a recording as its original file (`pb`) or as one JSON object per record (`jsonl`).
 *
 * - `pb` copies the file byte for byte, so the copy verifies exactly like the original (`keyward recordings verify
 *   <file>`); nothing is decoded or re-encoded on the way.
 * - `jsonl` writes every record (decrypted, in file order) on its own line, in the shape protobufjs' `toObject`
 *   gives with `defaults` and `oneofs` on: fields in `.proto` order with their camelCase names, defaults included,
 *   `body` naming the record's kind. 64-bit integers are JSON numbers when they are safe integers and decimal
 *   strings otherwise; enums are their names (`ALLOWED`, `KILLED`, …; the number for values this version does not
 *   know). A body piece's `data` becomes `text` when it is valid UTF-8 and `base64` otherwise; every other bytes
 *   field (hashes, the signing key, the signature, nonces) is lower-case hex.
 *
 * Both honour backpressure (`write() === false` waits for `drain`) and never buffer more than one chunk or line.
 */
import { once } from 'node:events'

import { ENUM_NAMES } from './session-model.js'

import type { Readable, Writable } from 'node:stream'
import type { RecordLike } from './session-model.js'

/** Export formats, as `--format` takes them. */
export const EXPORT_FORMATS = ['pb', 'jsonl'] as const

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = typeof EXPORT_FORMATS[number]

/**
 * Enum name tables by field name. Only numeric values are looked up, so `SessionEvent.reason` (a string) is left
 * alone while `SessionEnd.reason` (an enum) is named.
 */
const ENUM_FIELDS = ENUM_NAMES as unknown as Readonly<Record<string, Record<number, string | undefined>>>

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

/** Duck type of a `long` Long (protobufjs decodes 64-bit fields to these when `long` is installed). */
interface LongLike {
  low: number
  high: number
  unsigned: boolean
  toString: () => string
  toNumber: () => number
}

function isLong (v: unknown): v is LongLike {
  return typeof v === 'object' && v !== null && typeof (v as LongLike).low === 'number' && typeof (v as LongLike).high === 'number' &&
    typeof (v as LongLike).toNumber === 'function'
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The JSON value of one field. */
function fieldToJson (key: string, v: unknown): Json {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
  if (isLong(v)) {
    const n = v.toNumber()
    return Number.isSafeInteger(n) ? n : v.toString()
  }
  if (typeof v === 'number') {
    const names = ENUM_FIELDS[key]
    return names === undefined ? v : (names[v] ?? v)
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map((item) => fieldToJson(key, item))
  if (typeof v === 'object' && v !== null) return messageToJson(v)
  return null
}

/** The JSON object of a decoded message: declared fields in order (from its prototype), unset oneof members left out. */
function messageToJson (msg: object): { [k: string]: Json } {
  const proto: unknown = Object.getPrototypeOf(msg)
  // Generated classes declare every field (with its default) on the prototype, in .proto order; plain objects
  // (a map field such as MaskCounts.counts, or a hand-built message) only have their own keys.
  const keys = proto === Object.prototype || proto === null ? Object.keys(msg) : [...new Set([...Object.keys(proto as object), ...Object.keys(msg)])]
  const out: { [k: string]: Json } = {}
  const m = msg as Record<string, unknown>
  for (const key of keys) {
    if (key === '$unknowns') continue
    const v = m[key]
    if (v === null || v === undefined || typeof v === 'function') continue
    if (key === 'data' && v instanceof Uint8Array) {
      // Body pieces: text when they are text (almost always JSON or SSE), base64 otherwise.
      try {
        out.text = utf8.decode(v)
      } catch {
        out.base64 = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
      }
      continue
    }
    out[key] = fieldToJson(key, v)
  }
  return out
}

/** The JSON object of one record (see the module comment for the mapping). */
export function recordToJson (record: RecordLike): { [k: string]: Json } {
  const json = messageToJson(record)
  const body = (record as { body?: unknown }).body
  if (typeof body === 'string') json.body = body
  return json
}

/** Writes `text` to `out`, waiting for `drain` when the stream asks for it. */
async function writeWithBackpressure (out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain')
}

/** Writes one JSON line per record to `out`; does not end `out`. */
export async function writeJsonl (records: readonly RecordLike[], out: Writable): Promise<void> {
  for (const r of records) await writeWithBackpressure(out, JSON.stringify(recordToJson(r)) + '\n')
}

/** Copies a recording file's bytes from `src` to `out` unchanged; does not end `out`. Rejects if `src` fails. */
export async function copyRecordingBytes (src: Readable, out: Writable): Promise<number> {
  let bytes = 0
  for await (const chunk of src) {
    const buf = chunk as Buffer
    bytes += buf.length
    await writeWithBackpressure(out, buf)
  }
  return bytes
}
