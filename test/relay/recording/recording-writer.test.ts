import { randomBytes } from 'node:crypto'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { BACKLOG_FAILURE_DETAIL, MAX_BODY_PIECE_BYTES } from '../../../relay/recording/constants.js'
import { toNumber } from '../../../relay/recording/frame-codec.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { gate, openRecorder, sessionStart, spyFileOps } from './helpers.js'

import type { AppendableBody } from '../../../relay/recording/writer.js'

const Reason = keyward.recording.v1.SessionEnd.Reason

t.test('splits request bodies into 64 KiB pieces with offsets and last, and large response chunks likewise', async (t) => {
  const { recorder } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  const body = randomBytes(MAX_BODY_PIECE_BYTES * 2 + 100)
  w.appendRequestBody('ex', body)
  w.appendRequestBody('empty', Buffer.alloc(0))
  const response = randomBytes(MAX_BODY_PIECE_BYTES + 1)
  w.appendResponseChunk('ex', 2 ** 40, response)
  w.appendResponseChunk('ex', -5, Buffer.alloc(0))
  await w.seal()
  const rec = await readRecording(w.path)
  const pieces = rec.records.filter((r) => r.body === 'requestBody').map((r) => r.requestBody)
  t.same(pieces.map((p) => [toNumber(p?.offset), p?.data?.byteLength, p?.last]), [
    [0, MAX_BODY_PIECE_BYTES, false], [MAX_BODY_PIECE_BYTES, MAX_BODY_PIECE_BYTES, false], [MAX_BODY_PIECE_BYTES * 2, 100, true]
  ])
  t.ok(Buffer.concat(pieces.map((p) => Buffer.from(p?.data ?? []))).equals(body))
  const chunks = rec.records.filter((r) => r.body === 'responseChunk').map((r) => r.responseChunk)
  t.same(chunks.map((c) => [c?.data?.byteLength, c?.atMs]), [[MAX_BODY_PIECE_BYTES, 0xffffffff], [1, 0xffffffff]], 'atMs is clamped to uint32')
  t.ok(Buffer.concat(chunks.map((c) => Buffer.from(c?.data ?? []))).equals(response))
})

t.test('size cap: writes one SizeCapReached, drops later body data, keeps every other record', async (t) => {
  const { recorder } = await openRecorder(t, { maxSessionBytes: 4096 })
  const w = await recorder.create({ sessionStart: sessionStart() })
  w.appendRequestBody('ex1', randomBytes(1000))
  t.notOk(w.sizeCapReached)
  w.appendRequestBody('ex1', randomBytes(5000))
  t.ok(w.sizeCapReached)
  w.appendResponseChunk('ex1', 1, randomBytes(10))
  w.append({ responseChunk: { exchangeId: 'ex1', atMs: 2, data: randomBytes(10) } })
  w.append({ exchangeEnd: { exchangeId: 'ex1', status: 200, completed: true } })
  w.appendRequestBody('ex2', randomBytes(10))
  w.append({ exchangeStart: { exchangeId: 'ex2', method: 'POST', path: '/v1/x' } })
  await w.seal()
  const kinds = (await readRecording(w.path)).records.map((r) => r.body)
  t.same(kinds, ['header', 'sessionStart', 'requestBody', 'sizeCap', 'exchangeEnd', 'exchangeStart', 'sessionEnd', 'trailer'])
  const cap = (await readRecording(w.path)).records[3]?.sizeCap
  t.equal(toNumber(cap?.limitBytes), 4096)
  t.ok(w.bytes < 4096 + 1024, 'the file stays near the cap')
})

t.test('fail-closed: a full queue refuses appends with GW_ERR_RECORDING_UNAVAILABLE and seals the recording RECORDER_FAILED', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops, maxPendingBytesPerRecording: 8192 })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  spy.datasyncGate = gate()
  const failures: string[] = []
  recorder.on('failure', (err, id) => failures.push(`${err.code} ${id ?? ''}`))
  let threw: unknown
  try {
    for (let i = 0; i < 100; i++) w.appendResponseChunk('ex', i, randomBytes(1024))
  } catch (err: unknown) {
    threw = err
  }
  t.match(threw, { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /backlog/ })
  t.ok(recorder.backlogBytes <= 8192 + 2048, 'the queue went over its cap by at most one record (plus the seal)')
  t.same(failures, [`GW_ERR_RECORDING_UNAVAILABLE ${w.id}`])
  t.ok(recorder.healthy, 'a slow disk fails the recording, not the recorder')
  t.throws(() => w.append({ usage: { exchangeId: 'ex' } }), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  spy.datasyncGate.open()
  spy.datasyncGate = undefined
  await w.seal()
  const rec = await readRecording(w.path)
  t.ok(rec.sealed)
  t.match(rec.records.at(-2)?.sessionEnd, { reason: Reason.RECORDER_FAILED, detail: BACKLOG_FAILURE_DETAIL })
  t.equal(recorder.backlogBytes, 0)
})

t.test('best-effort: a full queue drops records and counts them in SessionEnd; the recorder-wide cap applies too', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops, mode: 'best-effort', maxPendingBytes: 8192 })
  const a = await recorder.create({ sessionStart: sessionStart() })
  const b = await recorder.create({ sessionStart: sessionStart() })
  await Promise.all([a.durable(), b.durable()])
  spy.datasyncGate = gate()
  for (let i = 0; i < 10; i++) a.appendResponseChunk('ex', i, randomBytes(1024))
  t.doesNotThrow(() => { for (let i = 0; i < 10; i++) b.appendResponseChunk('ex', i, randomBytes(1024)) })
  t.ok(a.droppedRecords + b.droppedRecords >= 10)
  t.ok(b.droppedRecords > 0, 'b is refused by the recorder-wide cap')
  spy.datasyncGate.open()
  spy.datasyncGate = undefined
  await b.seal({ detail: 'bye' })
  const rec = await readRecording(b.path)
  t.match(rec.records.at(-2)?.sessionEnd?.detail, new RegExp(`^bye; ${b.droppedRecords} records not recorded`))
  t.match(await verifyRecording(b.path), { ok: true }, 'dropped records leave no gap in the chain')
  t.doesNotThrow(() => b.append({ usage: { exchangeId: 'late' } }), 'best-effort appends after seal are ignored')
})

t.test('a record over the frame limit: fail-closed throws GW_ERR_RECORDING_TOO_LARGE and carries on; best-effort drops it', async (t) => {
  const huge: AppendableBody = { exchangeStart: { exchangeId: 'ex', headers: [{ name: 'x-big', value: 'v'.repeat(1_100_000) }] } }
  const { recorder } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  t.throws(() => w.append(huge), { code: 'GW_ERR_RECORDING_TOO_LARGE' })
  w.append({ usage: { exchangeId: 'ex' } })
  await w.seal()
  t.match(await verifyRecording(w.path), { ok: true })

  const { recorder: lax } = await openRecorder(t, { mode: 'best-effort' })
  const l = await lax.create({ sessionStart: sessionStart() })
  t.doesNotThrow(() => l.append(huge))
  t.equal(l.droppedRecords, 1)
})

t.test('refuses misuse: bodies the recorder writes itself, body pieces over 64 KiB', async (t) => {
  const { recorder } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  t.throws(() => w.append({ sessionEnd: {} } as unknown as AppendableBody), TypeError)
  t.throws(() => w.append({ trailer: {} } as unknown as AppendableBody), /written by the recorder/)
  t.throws(() => w.append({ header: {} } as unknown as AppendableBody), TypeError)
  t.throws(() => w.append({ requestBody: { data: Buffer.alloc(MAX_BODY_PIECE_BYTES + 1) } }), RangeError)
  t.throws(() => w.append({ responseChunk: { data: Buffer.alloc(MAX_BODY_PIECE_BYTES + 1) } }), RangeError)
  t.doesNotThrow(() => w.append({ responseChunk: {} }), 'a chunk without data is an empty chunk')
})
