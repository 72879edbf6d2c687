/**
 * Bundles (proto/recording.proto `Bundle`): records appended between two writes share one frame. Encoding, reading
 * back as the records that were appended, and tampering with a bundle.
 */
import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { MAX_FRAME_BYTES } from '../../../relay/recording/constants.js'
import { decodeFrames, decodeRecord, decryptRecord, flattenRecord, RecordEncoder, toNumber, trailerBody } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { RecordBatch } from '../../../relay/recording/record-batch.js'
import { openRecorder, sessionStart } from './helpers.js'

import type { RecordBody } from '../../../relay/recording/frame-codec.js'

const pb = keyward.recording.v1

const BODIES: RecordBody[] = [
  { exchangeStart: { exchangeId: 'ex1', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o' } },
  { requestBody: { exchangeId: 'ex1', offset: 0, data: Buffer.from('{"model":"gpt-4o"}'), last: true } },
  { policy: { exchangeId: 'ex1', outcome: pb.PolicyDecision.Outcome.ALLOWED, rules: ['r1'] } }
]

/** A batch of `bodies`, the i-th stamped `time + i`. */
function batchOf (bodies: RecordBody[], time: number): RecordBatch {
  const batch = new RecordBatch()
  bodies.forEach((body, i) => {
    const [kind, value] = Object.entries(body)[0] as [Parameters<RecordBatch['encode']>[0], unknown]
    batch.encode(kind, value, time + i, MAX_FRAME_BYTES)
    batch.push()
  })
  return batch
}

t.test('encodeBatch: one record is stored as itself, several as a Bundle; both decode to what encode() writes', async (t) => {
  const id = newRecordingId(1)
  for (const body of BODIES) {
    // Same seq and prev_hash on both sides (the stored bytes differ in field order, so the chains part after one).
    const state = { seq: 3, prevHash: Buffer.alloc(32, 7), chain: Buffer.alloc(32, 8) }
    const single = new RecordEncoder(id, undefined, state)
    const plain = new RecordEncoder(id, undefined, state)
    const a = decodeFrames(single.encodeBatch(batchOf([body], 7), 9)).frames[0]
    const b = decodeFrames(plain.encode(body, 7)).frames[0]
    const ra = decodeRecord(a?.record ?? new Uint8Array())
    t.not(ra.body, 'bundle')
    // Re-encoding writes fields in .proto order, so equal bytes mean equal records.
    t.same(Buffer.from(pb.Record.encode(ra).finish()), Buffer.from(pb.Record.encode(decodeRecord(b?.record ?? new Uint8Array())).finish()), `${Object.keys(body)[0] ?? ''} alone`)
  }
  const enc = new RecordEncoder(id, undefined, { seq: 5, prevHash: Buffer.alloc(32, 1), chain: Buffer.alloc(32, 2) })
  const frame = decodeFrames(enc.encodeBatch(batchOf(BODIES, 100), 200)).frames[0]
  const bundle = decodeRecord(frame?.record ?? new Uint8Array())
  t.equal(bundle.body, 'bundle')
  t.equal(toNumber(bundle.timeUnixMs), 200)
  const flat = flattenRecord(bundle)
  t.same(flat.map((r) => r.body), ['exchangeStart', 'requestBody', 'policy'])
  t.same(flat.map((r) => [toNumber(r.seq), toNumber(r.timeUnixMs)]), [[5, 100], [5, 101], [5, 102]], 'the bundle\'s seq, each record\'s own time')
  t.ok(flat.every((r) => Buffer.from(r.prevHash).equals(Buffer.alloc(32, 1))), 'the bundle\'s prev_hash')
  t.equal(enc.seq, 6, 'one seq for the bundle')
  t.throws(() => enc.encodeBatch(new RecordBatch(), 1), RangeError)
})

t.test('a recording written with bundles reads back as the records appended, encrypted or not, and verifies', async (t) => {
  for (const encrypted of [false, true]) {
    const ring = createEncryptionKeyRing([['k1', randomBytes(32)]], 'k1')
    const { recorder, signingKey } = await openRecorder(t, encrypted ? { encryption: ring } : {})
    const w = await recorder.create({ sessionStart: sessionStart() })
    for (const body of BODIES) w.append(body as Parameters<typeof w.append>[0])
    await w.durable()
    w.append({ responseHead: { exchangeId: 'ex1', status: 200 } })
    await w.durable()
    w.appendResponseChunk('ex1', 3, Buffer.from('data: [DONE]\n\n'))
    w.append({ exchangeEnd: { exchangeId: 'ex1', status: 200, completed: true } })
    await w.seal()
    const frames = decodeFrames(await readFile(w.path)).frames
    t.equal(frames.length, 2 + 3 + 2, `header, session start, bundle, lone head, bundle, end, trailer (encrypted: ${String(encrypted)})`)
    if (encrypted) {
      const f = frames[2]
      t.equal(f?.nonce.byteLength, 12, 'the bundle is encrypted')
      const key = ring.keys.get('k1')
      if (key !== undefined && f !== undefined) t.equal(decodeRecord(decryptRecord(f.record, f.nonce, key, w.id, 2)).body, 'bundle')
    }
    const rec = await readRecording(w.path, encrypted ? { keys: ring } : {})
    t.same(rec.problems, [])
    t.same(rec.records.map((r) => r.body), ['header', 'sessionStart', 'exchangeStart', 'requestBody', 'policy', 'responseHead', 'responseChunk', 'exchangeEnd', 'sessionEnd', 'trailer'])
    t.match(await verifyRecording(w.path, { trustedPublicKey: signingKey.publicKey }), { ok: true, recordCount: 7, sealed: true })
  }
})

t.test('a byte flipped inside a bundle is caught, and all its records are left out', async (t) => {
  const { recorder } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  for (const body of BODIES) w.append(body as Parameters<typeof w.append>[0])
  await w.seal()
  const bytes = await readFile(w.path)
  const f = decodeFrames(bytes).frames[2]
  const copy = Buffer.from(bytes)
  const at = ((f?.offset ?? 0) + (f?.end ?? 0)) >> 1
  copy[at] = (copy[at] ?? 0) ^ 0x01
  await writeFile(w.path, copy)
  const v = await verifyRecording(w.path)
  t.notOk(v.ok)
  t.match(v.problems[0], /^record 2 \(offset \d+\): CRC mismatch/)
  const rec = await readRecording(w.path)
  t.same(rec.records.map((r) => r.body), ['header', 'sessionStart', 'sessionEnd', 'trailer'])
})

t.test('a bundle that is empty or holds a record a bundle cannot hold is reported', async (t) => {
  const dir = t.testdir()
  const key = generateSigningKey()
  const id = newRecordingId(Date.now())
  const enc = new RecordEncoder(id)
  const frames = [
    enc.encode({ header: { formatVersion: 1, recordingId: id, signingPublicKey: key.publicKeyRaw, signingKeyId: key.keyId } }, 1),
    enc.encode({ bundle: { records: [] } }, 2),
    enc.encode({ bundle: { records: [{ timeUnixMs: 2, header: { formatVersion: 1 } }, { timeUnixMs: 2, usage: { exchangeId: 'x' } }, { timeUnixMs: 2 }] } }, 2),
    enc.encode({ bundle: { records: [{ timeUnixMs: 2, bundle: { records: [] } }, { timeUnixMs: 2, trailer: {} }] } }, 2)
  ]
  frames.push(enc.encode(trailerBody(key, id, enc.seq, enc.prevHash, false, 3, enc.chain), 3))
  const path = join(dir, `${id}.kwrec`)
  await writeFile(path, Buffer.concat(frames))
  const v = await verifyRecording(path, { trustedPublicKey: key.publicKey })
  t.notOk(v.ok)
  t.same(v.problems.map((p) => p.replace(/ \(offset \d+\)/, '')), [
    'record 1: an empty Bundle',
    'record 2: record 0 of the Bundle is a header, which a Bundle cannot hold',
    'record 2: record 2 of the Bundle is without a body',
    'record 3: record 0 of the Bundle is a bundle, which a Bundle cannot hold',
    'record 3: record 1 of the Bundle is a trailer, which a Bundle cannot hold'
  ])
})
