/**
 * RecordBatch: records encoded straight into a reused writer must give exactly the bytes the generated Record.encode
 * gives (a lone record, and a Bundle of several), and a record that fails (too large, malformed) must leave the batch
 * as it was.
 */
import fc from 'fast-check'
import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { RETAINED_BATCH_BUFFER_BYTES } from '../../../relay/recording/constants.js'
import { RecordingTooLargeError } from '../../../relay/recording/errors.js'
import { BATCH_KINDS, RecordBatch } from '../../../relay/recording/record-batch.js'

import type { BatchKind } from '../../../relay/recording/record-batch.js'

const pb = keyward.recording.v1
const LIMIT = 1024 * 1024

/** One sample value per kind a batch holds (every field set, so each field's tag is checked). */
const SAMPLES: Record<BatchKind, unknown> = {
  exchangeStart: { exchangeId: 'ex_1', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o', headers: [{ name: 'content-type', value: 'application/json' }], stream: true, agentId: 'a1', bodyBytes: 42 },
  requestBody: { exchangeId: 'ex_1', offset: 7, data: Buffer.from('{"model":"gpt-4o"}'), last: true },
  policy: { exchangeId: 'ex_1', outcome: pb.PolicyDecision.Outcome.BLOCKED, rules: ['r1', 'r2'], message: 'no', actor: 'alice', comment: 'c', code: 'x' },
  responseHead: { exchangeId: 'ex_1', status: 200, headers: [{ name: 'x-request-id', value: 'req_1' }] },
  responseChunk: { exchangeId: 'ex_1', atMs: 12, data: Buffer.from('data: {}\n\n') },
  maskCounts: { exchangeId: 'ex_1', side: pb.MaskCounts.Side.RESPONSE, counts: { email: 2, card: 1 } },
  usage: { exchangeId: 'ex_1', model: 'gpt-4o', inputTokens: 5, outputTokens: 7, cachedTokens: 1, estimated: true, costMicroUsd: 3, costNanoUsd: 3210 },
  exchangeEnd: { exchangeId: 'ex_1', status: 200, completed: true, errorCode: 'e', errorMessage: 'm', responseBytes: 99, durationMs: 12 },
  event: { kind: pb.SessionEvent.Kind.KILLED, actor: 'bob', reason: 'test' },
  sizeCap: { limitBytes: 1024 }
}

const PREV = Buffer.alloc(32, 9)

/** What the generated code writes for one record of `kind` stamped `time`, without seq and prev_hash. */
const generated = (kind: BatchKind, value: unknown, time: number): Uint8Array =>
  pb.Record.encode({ timeUnixMs: time, [kind]: value } as keyward.recording.v1.Record.$Properties).finish()

function add (batch: RecordBatch, kind: BatchKind, value: unknown, time: number): number {
  const bytes = batch.encode(kind, value, time, LIMIT)
  batch.push()
  return bytes
}

t.test('every kind a Bundle holds has a sample, and a lone record is stored as Record.encode would store it', async (t) => {
  t.same([...BATCH_KINDS].sort(), Object.keys(SAMPLES).sort())
  for (const kind of BATCH_KINDS) {
    for (const [seq, time] of [[0, 0], [1, 1_700_000_000_123], [2 ** 40, 5]] as const) {
      const batch = new RecordBatch()
      const bytes = add(batch, kind, SAMPLES[kind], time)
      t.equal(batch.byteLength, bytes, `${kind}: the batch counts the entry`)
      const expected = Buffer.concat([pb.Record.encode({ seq, prevHash: PREV }).finish(), generated(kind, SAMPLES[kind], time)])
      t.same(batch.toRecord(seq, PREV, 77), expected, `${kind} at seq ${seq}, time ${time}`)
      t.equal(batch.count, 0, 'emptied')
    }
  }
})

t.test('several records are one Bundle record, byte for byte the generated encoding', async (t) => {
  const kinds = [...BATCH_KINDS]
  await fc.assert(fc.property(
    fc.array(fc.record({ kind: fc.constantFrom(...kinds), time: fc.nat(), text: fc.string() }), { minLength: 2, maxLength: 20 }),
    fc.nat(), fc.nat(),
    (entries, seq, time) => {
      const batch = new RecordBatch()
      const records = entries.map(({ kind, time, text }) => {
        const value = kind === 'responseChunk' ? { exchangeId: text, atMs: time % 1000, data: Buffer.from(text) } : SAMPLES[kind]
        add(batch, kind, value, time)
        return { timeUnixMs: time, [kind]: value }
      })
      const expected = pb.Record.encode({ seq, timeUnixMs: time, prevHash: PREV, bundle: { records } } as keyward.recording.v1.Record.$Properties).finish()
      return Buffer.from(expected).equals(batch.toRecord(seq, PREV, time))
    }))
})

t.test('a record over the limit, or one the encoder rejects, leaves the batch as it was', async (t) => {
  const batch = new RecordBatch()
  add(batch, 'usage', SAMPLES.usage, 1)
  const before = batch.byteLength
  const big = { exchangeId: 'ex_1', atMs: 1, data: Buffer.alloc(2000) }
  t.throws(() => batch.encode('responseChunk', big, 2, 1000), RecordingTooLargeError)
  t.throws(() => batch.push(), RangeError, 'nothing to push after a refused record')
  // A header list holding null makes the generated encoder throw part-way through a nested message.
  t.throws(() => batch.encode('exchangeStart', { exchangeId: 'ex_1', headers: [null] }, 3, LIMIT))
  t.equal(batch.count, 1)
  t.equal(batch.byteLength, before)
  add(batch, 'exchangeEnd', SAMPLES.exchangeEnd, 4)
  const expected = pb.Record.encode({ seq: 3, timeUnixMs: 9, prevHash: PREV, bundle: { records: [{ timeUnixMs: 1, usage: SAMPLES.usage }, { timeUnixMs: 4, exchangeEnd: SAMPLES.exchangeEnd }] } } as keyward.recording.v1.Record.$Properties).finish()
  t.same(batch.toRecord(3, PREV, 9), Buffer.from(expected))
  t.throws(() => batch.toRecord(4, PREV, 9), RangeError, 'an empty batch is not a record')
  add(batch, 'sizeCap', SAMPLES.sizeCap, 5)
  const roomy = batch.toRecord(4, PREV, 9, 32)
  t.same(roomy.subarray(32), Buffer.concat([pb.Record.encode({ seq: 4, prevHash: PREV }).finish(), generated('sizeCap', SAMPLES.sizeCap, 5)]), 'the record after the room asked for')
})

t.test('a record encoded before the batch is framed is pushed into the next batch (a bundle at its size limit)', async (t) => {
  const batch = new RecordBatch()
  add(batch, 'usage', SAMPLES.usage, 1)
  add(batch, 'sizeCap', SAMPLES.sizeCap, 2)
  batch.encode('exchangeEnd', SAMPLES.exchangeEnd, 3, LIMIT)
  const first = pb.Record.encode({ seq: 1, timeUnixMs: 5, prevHash: PREV, bundle: { records: [{ timeUnixMs: 1, usage: SAMPLES.usage }, { timeUnixMs: 2, sizeCap: SAMPLES.sizeCap }] } } as keyward.recording.v1.Record.$Properties).finish()
  t.same(batch.toRecord(1, PREV, 5), Buffer.from(first))
  batch.push()
  t.same(batch.toRecord(2, PREV, 6), Buffer.concat([pb.Record.encode({ seq: 2, prevHash: PREV }).finish(), generated('exchangeEnd', SAMPLES.exchangeEnd, 3)]))
})

t.test('a batch that grew large encodes correctly afterwards (its big buffers are let go)', async (t) => {
  const batch = new RecordBatch()
  const piece = { exchangeId: 'ex_1', atMs: 1, data: Buffer.alloc(RETAINED_BATCH_BUFFER_BYTES * 2, 0x61) }
  add(batch, 'responseChunk', piece, 1)
  add(batch, 'responseChunk', piece, 2)
  t.ok(batch.toRecord(1, PREV, 3).byteLength > RETAINED_BATCH_BUFFER_BYTES * 4)
  add(batch, 'sizeCap', SAMPLES.sizeCap, 5)
  t.same(batch.toRecord(2, PREV, 6), Buffer.concat([pb.Record.encode({ seq: 2, prevHash: PREV }).finish(), generated('sizeCap', SAMPLES.sizeCap, 5)]))
})
