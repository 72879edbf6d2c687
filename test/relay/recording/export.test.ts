import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { finished } from 'node:stream/promises'

import Long from 'long'
import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { copyRecordingBytes, recordToJson, writeJsonl } from '../../../relay/recording/export.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { chatCompletion, recordExchange, writeRecording } from '../../fixtures/recording-builder.js'

import type { WrittenRecording } from '../../fixtures/recording-builder.js'

const pb = keyward.recording.v1
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)

/**
 * A sealed recording written by the relay's writer, with text and binary bodies, enums, a map, an unknown enum value
 * and a 64-bit value past 2^53.
 */
async function writeSample (dataDir: string): Promise<WrittenRecording> {
  return await writeRecording({ dataDir, startUnixMs: T0, seal: { reason: pb.SessionEnd.Reason.KILLED, detail: 'done' } }, (b) => {
    recordExchange(b, {
      id: 'ex1',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'héllo' }] },
      chunks: [{ atMs: 7, data: JSON.stringify(chatCompletion('hi')) }],
      maskCounts: [{ side: pb.MaskCounts.Side.RESPONSE, counts: { email: 2 } }],
      usage: { inputTokens: Long.fromString('18446744073709551615', true), outputTokens: 3, costMicroUsd: 27 }
    }, T0 + 1000)
    recordExchange(b, { id: 'bin', path: '/v1/audio/transcriptions', body: Buffer.from([0xff, 0x00, 0x80]), chunks: [{ atMs: 1, data: Buffer.from([0xc3]) }] }, T0 + 2000)
    b.add({ event: { kind: pb.SessionEvent.Kind.KILLED, actor: 'bob', reason: 'leak' } })
    b.add({ policy: { exchangeId: 'ex1', outcome: 42 as keyward.recording.v1.PolicyDecision.Outcome } })
  })
}

t.test('pb export copies the file byte for byte and the copy still verifies', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-export-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const { path, signingKey } = await writeSample(dir)
  const copy = join(dir, 'copy.kwrec')
  const out = createWriteStream(copy)
  const bytes = await copyRecordingBytes(createReadStream(path, { highWaterMark: 64 }), out)
  out.end()
  await finished(out)
  t.equal(bytes, readFileSync(path).length)
  t.ok(readFileSync(copy).equals(readFileSync(path)), 'identical bytes')
  const v = await verifyRecording(copy, { trustedPublicKey: signingKey.publicKey.export({ format: 'pem', type: 'spki' }).toString() })
  t.ok(v.ok, `verifies: ${v.problems.join('; ')}`)
  t.ok(v.keyTrusted)
})

t.test('pb export waits for drain when the destination is full', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-export-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const { path } = await writeSample(dir)
  const got: Buffer[] = []
  // highWaterMark 1: every write returns false and the copy must wait for 'drain'.
  const slow = new Writable({
    highWaterMark: 1,
    write (chunk: Buffer, _enc, cb) { got.push(chunk); setImmediate(cb) }
  })
  await copyRecordingBytes(createReadStream(path, { highWaterMark: 100 }), slow)
  t.ok(Buffer.concat(got).equals(readFileSync(path)))
})

t.test('jsonl export: one object per record with names, text/base64 bodies, hex hashes and safe 64-bit numbers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-export-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const { path } = await writeSample(dir)
  const rec = await readRecording(path)
  const sink = new PassThrough()
  let text = ''
  sink.on('data', (c: Buffer) => { text += c.toString('utf8') })
  await writeJsonl(rec.records, sink)
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  t.equal(lines.length, rec.records.length, 'one line per record')
  t.same(lines.map((l) => l.body).slice(0, 3), ['header', 'sessionStart', 'exchangeStart'])
  const seqs = lines.map((l) => l.seq as number)
  t.ok(seqs.every((seq, i) => typeof seq === 'number' && (i === 0 ? seq === 0 : seq >= (seqs[i - 1] ?? 0))), 'seq as numbers, in order; records of a Bundle share its seq')
  t.ok(new Set(seqs).size < seqs.length, 'the sample has bundled records')

  const header = lines[0] as { prevHash: string, timeUnixMs: number, header: Record<string, unknown> }
  t.equal(header.prevHash, '0'.repeat(64), 'hashes are hex')
  t.equal(header.timeUnixMs, T0)
  t.match(header.header, { formatVersion: 1, recordingId: /^rec_[0-9A-Z]{26}$/, createdUnixMs: T0, encryptionKeyId: '', signingPublicKey: /^[0-9a-f]{64}$/ })
  t.same(Object.keys(header), ['seq', 'timeUnixMs', 'prevHash', 'header', 'body'], 'fields in .proto order, unset oneof members left out')

  const find = (kind: string, pred: (v: Record<string, unknown>) => boolean = () => true): Record<string, unknown> | undefined =>
    lines.find((l) => l.body === kind && pred(l[kind] as Record<string, unknown>))?.[kind] as Record<string, unknown> | undefined
  t.same(find('sessionStart')?.groups, ['eng', 'ml'])
  t.same(find('requestBody', (v) => v.exchangeId === 'ex1'), { exchangeId: 'ex1', offset: 0, text: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'héllo' }] }), last: true })
  t.same(find('requestBody', (v) => v.exchangeId === 'bin'), { exchangeId: 'bin', offset: 0, base64: Buffer.from([0xff, 0x00, 0x80]).toString('base64'), last: true })
  t.same(find('responseChunk', (v) => v.exchangeId === 'bin'), { exchangeId: 'bin', atMs: 1, base64: 'ww==' }, 'a lone lead byte is not valid UTF-8')
  t.match(find('responseHead'), { status: 200, headers: [{ name: 'content-type', value: 'application/json' }] })
  t.match(find('usage'), { inputTokens: '18446744073709551615', outputTokens: 3, cachedTokens: 0, estimated: false, costMicroUsd: 27 }, 'past 2^53 as a string')
  t.match(find('maskCounts'), { side: 'RESPONSE', counts: { email: 2 } })
  t.match(find('policy', (v) => v.exchangeId === 'ex1'), { outcome: 'ALLOWED', rules: [] })
  t.match(find('policy', (v) => v.outcome === 42), { outcome: 42 }, 'unknown enum values stay numbers')
  t.same(find('event'), { kind: 'KILLED', actor: 'bob', reason: 'leak', lockId: '' }, 'SessionEvent.reason is a string, not an enum')
  t.same(find('sessionEnd'), { reason: 'KILLED', detail: 'done' })
  t.match(find('exchangeEnd'), { status: 200, completed: true, errorCode: '', errorMessage: '', durationMs: 7 }, 'defaults included')
  t.match(find('trailer'), { truncated: false, finalHash: /^[0-9a-f]{64}$/, signature: /^[0-9a-f]{128}$/ })
})

t.test('recordToJson takes plain objects too', async (t) => {
  t.same(recordToJson({ seq: 3, responseChunk: { exchangeId: 'x', data: new TextEncoder().encode('ok') } }), { seq: 3, responseChunk: { exchangeId: 'x', text: 'ok' } })
  t.same(recordToJson({ responseHead: { headers: [null as unknown as keyward.recording.v1.Header] } }), { responseHead: { headers: [null] } }, 'nulls inside lists stay null')
})

t.test('jsonl export waits for drain', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kw-export-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const rec = await readRecording((await writeSample(dir)).path)
  const got: string[] = []
  const slow = new Writable({ highWaterMark: 1, write (chunk: Buffer, _enc, cb) { got.push(chunk.toString()); setImmediate(cb) } })
  await writeJsonl(rec.records, slow)
  t.equal(got.length, rec.records.length)
})
