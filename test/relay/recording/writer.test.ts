import { randomBytes } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { RecordingUnavailableError } from '../../../relay/recording/errors.js'
import { toNumber } from '../../../relay/recording/frame-codec.js'
import { LAZY_COMMIT_MS } from '../../../relay/recording/constants.js'
import { recordingIdTime } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { Recorder, SessionEndReason } from '../../../relay/recording/writer.js'
import { errno, gate, openRecorder, sessionStart, spyFileOps } from './helpers.js'

const Reason = keyward.recording.v1.SessionEnd.Reason

t.test('writes FileHeader, SessionStart, appended records, SessionEnd and a signed Trailer that verify', async (t) => {
  const now = 1_700_000_000_000
  const { recorder, dir, signingKey } = await openRecorder(t, { now: () => now })
  const w = await recorder.create({ sessionStart: sessionStart() })
  t.equal(w.path, join(dir, `${w.id}.kwrec`))
  t.equal(recordingIdTime(w.id), now)
  t.equal(recorder.openRecordings, 1)
  w.append({ exchangeStart: { exchangeId: 'ex1', method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o', headers: [{ name: 'content-type', value: 'application/json' }], stream: true, bodyBytes: 5 } })
  w.appendRequestBody('ex1', Buffer.from('hello'))
  w.append({ policy: { exchangeId: 'ex1', outcome: keyward.recording.v1.PolicyDecision.Outcome.ALLOWED, rules: ['r1'] } })
  w.append({ responseHead: { exchangeId: 'ex1', status: 200, headers: [{ name: 'content-type', value: 'text/event-stream' }] } })
  w.appendResponseChunk('ex1', 12, Buffer.from('data: hi\n\n'))
  w.append({ exchangeEnd: { exchangeId: 'ex1', status: 200, completed: true, responseBytes: 10, durationMs: 30 } })
  await w.durable()
  await w.seal({ reason: SessionEndReason.IDLE, detail: 'idle 15m' })
  t.ok(w.sealed)
  t.equal(recorder.openRecordings, 0)
  t.equal((await stat(w.path)).mode & 0o777, 0o600)
  t.equal((await stat(dir)).mode & 0o777, 0o700)
  t.equal((await stat(w.path)).size, w.bytes)

  const rec = await readRecording(w.path)
  t.same(rec.problems, [])
  t.ok(rec.sealed)
  t.notOk(rec.truncated)
  t.match(rec.header, { formatVersion: 1, recordingId: w.id, relayId: 'relay-test', encryptionKeyId: '', signingKeyId: signingKey.keyId, keywardVersion: '0.0.0-test' })
  t.equal(toNumber(rec.header.createdUnixMs), now)
  t.same(rec.records.map((r) => r.body), ['header', 'sessionStart', 'exchangeStart', 'requestBody', 'policy', 'responseHead', 'responseChunk', 'exchangeEnd', 'sessionEnd', 'trailer'])
  // The six appends before the durable() were written together: one Bundle, read back as its records with its seq.
  t.same(rec.records.map((r) => toNumber(r.seq)), [0, 1, 2, 2, 2, 2, 2, 2, 3, 4])
  t.match(rec.records[1]?.sessionStart, { subject: 'alice', groups: ['eng'], connection: 'openai', sessionId: 'jti-1:openai' })
  t.match(rec.records[3]?.requestBody, { exchangeId: 'ex1', data: Buffer.from('hello'), last: true })
  t.match(rec.records[6]?.responseChunk, { atMs: 12, data: Buffer.from('data: hi\n\n') })
  t.match(rec.records[8]?.sessionEnd, { reason: Reason.IDLE, detail: 'idle 15m' })
  t.equal(toNumber(rec.records[9]?.trailer?.recordCount), 4)
  t.ok(rec.records.slice(2, 8).every((r) => toNumber(r.timeUnixMs) === now), 'each bundled record keeps its time')

  const v = await verifyRecording(w.path, { trustedPublicKey: signingKey.publicKey })
  t.match(v, { ok: true, problems: [], recordCount: 5, sealed: true, truncated: false, keyTrusted: true, signingKeyId: signingKey.keyId, encrypted: false, chainChecked: true })

  await t.resolves(w.seal(), 'seal is idempotent')
  t.throws(() => w.append({ usage: { exchangeId: 'ex1' } }), { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /sealed/ })
})

t.test('group commit: 200 appends cost one write and one datasync, and durable() resolves only after the datasync', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  spy.datasyncGate = gate()
  for (let i = 0; i < 200; i++) w.appendResponseChunk('ex', i, Buffer.from(`data: {"i":${i}}\n\n`))
  let resolved = false
  const durable = w.durable().then(() => { resolved = true })
  await spy.datasyncGate.reached
  await new Promise((resolve) => setImmediate(resolve))
  t.notOk(resolved, 'not durable while the datasync is in progress')
  t.equal(spy.datasyncs, 0)
  spy.datasyncGate.open()
  await durable
  t.equal(spy.writes, 1, 'one write for header, session start and 200 chunks')
  t.equal(spy.datasyncs, 1, 'one datasync')
  t.same(spy.events, ['write', 'datasync', 'syncDir'], 'the new file\'s directory entry is synced before durable resolves')
  spy.datasyncGate = undefined
  w.appendResponseChunk('ex', 201, Buffer.from('x'))
  await w.durable()
  t.equal(spy.dirSyncs, 1, 'the directory is synced once per new file')
  t.equal(spy.datasyncs, 2)
  await t.resolves(w.durable(), 'nothing new: resolves at once')
  t.equal(spy.datasyncs, 2)
})

t.test('lazy commit: records nobody waits for start no commit of their own, ride along with the next durable(), and are synced within LAZY_COMMIT_MS otherwise', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  t.equal(spy.datasyncs, 1)
  // The records the proxy appends after the response went out (usage, exchange end): no waiter.
  w.append({ exchangeEnd: { exchangeId: 'ex1', status: 200, completed: true } })
  await new Promise((resolve) => setTimeout(resolve, LAZY_COMMIT_MS / 4))
  t.equal(spy.datasyncs, 1, 'no commit of their own right away')
  // The next exchange's request waits: one commit covers both.
  w.append({ exchangeStart: { exchangeId: 'ex2', method: 'POST', path: '/v1/chat/completions' } })
  await w.durable()
  t.equal(spy.datasyncs, 2, 'one commit for the lazy record and the waited-for one')
  // With no later waiter, a lazy record is still written and synced, within LAZY_COMMIT_MS.
  const started = performance.now()
  w.append({ exchangeEnd: { exchangeId: 'ex2', status: 200, completed: true } })
  while (spy.datasyncs < 3 && performance.now() - started < LAZY_COMMIT_MS * 20) await new Promise((resolve) => setTimeout(resolve, 5))
  t.equal(spy.datasyncs, 3, 'synced without anyone waiting')
  t.ok(performance.now() - started >= LAZY_COMMIT_MS - 5, 'not before the lazy delay')
  const { records } = await readRecording(w.path)
  t.same(records.filter((r) => r.exchangeEnd != null).map((r) => r.exchangeEnd?.exchangeId), ['ex1', 'ex2'], 'both lazy records are on disk')
})

t.test('group commit: appends made during a sync wait for the next one; many recordings share one flush', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  // The 20 files open together: a file system that finishes some opens a turn later would otherwise split them over
  // two group commits (two directory syncs) on a loaded machine.
  spy.openBarrier = 20
  const writers = await Promise.all(Array.from({ length: 20 }, async () => await recorder.create({ sessionStart: sessionStart() })))
  spy.openBarrier = undefined
  await Promise.all(writers.map(async (w) => await w.durable()))
  t.equal(spy.datasyncs, 20, 'one datasync per new recording')
  t.equal(spy.dirSyncs, 1, 'one directory sync for the 20 new files')

  const [a] = writers
  if (a === undefined) return
  spy.datasyncGate = gate()
  a.append({ usage: { exchangeId: 'one' } })
  let firstDone = false
  const first = a.durable().then(() => { firstDone = true })
  await spy.datasyncGate.reached
  const secondGate = gate()
  const firstGate = spy.datasyncGate
  spy.datasyncGate = secondGate
  a.append({ usage: { exchangeId: 'two' } })
  let secondDone = false
  const second = a.durable().then(() => { secondDone = true })
  firstGate.open()
  await first
  t.ok(firstDone)
  await secondGate.reached
  t.notOk(secondDone, 'the second append waits for the second sync')
  secondGate.open()
  await second
  t.equal(spy.datasyncs, 22)

  spy.datasyncGate = undefined
  for (const w of writers) for (let i = 0; i < 10; i++) w.append({ usage: { exchangeId: `x${i}` } })
  await Promise.all(writers.map(async (w) => await w.durable()))
  t.equal(spy.datasyncs, 42, 'ten appends to each of 20 recordings: one datasync each')
})

t.test('pipelined commits: an append made during a sync gets its own sync at once, and that sync releases the earlier one too', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  const firstGate = gate()
  spy.datasyncGate = firstGate
  w.append({ usage: { exchangeId: 'one' } })
  let firstDone = false
  const first = w.durable().then(() => { firstDone = true })
  await firstGate.reached
  const secondGate = gate()
  spy.datasyncGate = secondGate
  w.append({ usage: { exchangeId: 'two' } })
  const second = w.durable()
  await secondGate.reached
  t.pass('the second commit started while the first was still syncing')
  secondGate.open()
  await second
  await first
  t.ok(firstDone, 'the later sync covers the earlier write')
  firstGate.open()
  spy.datasyncGate = undefined
  await w.seal()
  const r = await verifyRecording(w.path)
  t.match(r, { ok: true, sealed: true })
  const read = await readRecording(w.path)
  t.same(read.records.filter((x) => x.usage != null).map((x) => x.usage?.exchangeId), ['one', 'two'], 'records on disk in append order')
})

t.test('pipelined commits: a later commit writes only after the earlier write, and not at all once it failed', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  const writes = spy.writes
  const writeGate = gate()
  spy.writeGate = writeGate
  w.append({ usage: { exchangeId: 'one' } })
  const first = t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await writeGate.reached
  spy.writeGate = undefined
  w.append({ usage: { exchangeId: 'two' } })
  const second = t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.equal(spy.writes, writes, 'the second commit has not written while the first write is pending')
  spy.failWrite = errno('EIO')
  writeGate.open()
  await first
  await second
  spy.failWrite = undefined
  t.equal(spy.writes, writes, 'nothing written after the failed write')
  t.ok(w.failed)
})

t.test('fail-closed: a failed write makes durable() reject, healthy false, emits failure once, and refuses appends and new recordings', async (t) => {
  const spy = spyFileOps()
  const { recorder, dir, signingKey } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const other = await recorder.create({ sessionStart: sessionStart({ subject: 'bob' }) })
  await other.durable()
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  const failures: Array<[RecordingUnavailableError, string | undefined]> = []
  recorder.on('failure', (err, id) => {
    failures.push([err, id])
    spy.failWrite = undefined // the disk recovers: the other recording can still be sealed
  })
  spy.failWrite = errno('EIO')
  w.append({ usage: { exchangeId: 'ex' } })
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE', status: 503, message: /EIO/ })
  t.equal(failures.length, 1)
  t.equal(failures[0]?.[1], w.id)
  t.type(failures[0]?.[0], RecordingUnavailableError)
  t.notOk(recorder.healthy)
  t.ok(w.failed)
  t.throws(() => w.append({ usage: { exchangeId: 'ex' } }), RecordingUnavailableError)
  t.throws(() => other.append({ usage: { exchangeId: 'ex' } }), { code: 'GW_ERR_RECORDING_UNAVAILABLE' }, 'every recording refuses')
  await t.rejects(other.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await t.rejects(recorder.create({ sessionStart: sessionStart() }), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await w.seal()
  await other.seal()
  const sealedOther = await readRecording(other.path)
  t.ok(sealedOther.sealed, 'the other open recording was sealed')
  t.match(sealedOther.records.at(-2)?.sessionEnd, { reason: Reason.RECORDER_FAILED, detail: /recorder failed/ })
  t.notOk((await verifyRecording(w.path)).sealed, 'the failed one is left for recovery')
  await recorder.close()

  const { recorder: next } = await openRecorder(t, { dir, signingKey })
  t.same(next.recovery.recovered.map((r) => r.id), [w.id], 'recovered at the next start')
  t.same(next.recovery.skipped, [])
  t.match(await verifyRecording(w.path), { ok: true, sealed: true, truncated: true })
})

t.test('fail-closed: ENOSPC on datasync fails the recorder the same way', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  let failures = 0
  recorder.on('failure', () => { failures++ })
  spy.failDatasync = errno('ENOSPC')
  w.appendRequestBody('ex', randomBytes(1000))
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /ENOSPC/ })
  t.equal(failures, 1)
  t.notOk(recorder.healthy)
  t.throws(() => w.appendResponseChunk('ex', 1, Buffer.from('x')), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
})

t.test('a throwing failure listener does not stall the other recordings of the flush', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops, mode: 'best-effort' })
  const [a, b] = await Promise.all([recorder.create({ sessionStart: sessionStart() }), recorder.create({ sessionStart: sessionStart() })])
  await Promise.all([a.durable(), b.durable()])
  recorder.on('failure', () => { throw new Error('listener bug') })
  const real = spy.ops.open
  let opened = 0
  // Only the next file opened fails its datasync.
  spy.ops.open = async (path, flags, mode) => {
    const h = await real(path, flags, mode)
    return opened++ === 0 ? { ...h, datasync: async () => { throw errno('EIO') } } : h
  }
  const c = await recorder.create({ sessionStart: sessionStart() })
  a.append({ usage: { exchangeId: 'a' } })
  await Promise.all([a.durable(), c.durable()])
  t.ok(c.failed)
  t.notOk(a.failed)
  b.append({ usage: { exchangeId: 'b' } })
  await t.resolves(b.durable())
})

t.test('fail-closed: a failed directory sync fails the new recordings', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  spy.failSyncDir = errno('EIO')
  const w = await recorder.create({ sessionStart: sessionStart() })
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  t.notOk(recorder.healthy)
})

t.test('best-effort: a failed recording stops alone; appends never throw, durable() resolves, traffic goes on', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops, mode: 'best-effort' })
  const good = await recorder.create({ sessionStart: sessionStart({ subject: 'bob' }) })
  await good.durable()
  const w = await recorder.create({ sessionStart: sessionStart() })
  const failures: string[] = []
  recorder.on('failure', (err) => failures.push(err.code))
  spy.failDatasync = errno('ENOSPC')
  w.append({ usage: { exchangeId: 'ex' } })
  good.append({ usage: { exchangeId: 'ex' } })
  await t.resolves(w.durable())
  await t.resolves(good.durable())
  t.same(failures, ['GW_ERR_RECORDING_UNAVAILABLE', 'GW_ERR_RECORDING_UNAVAILABLE'])
  t.ok(recorder.healthy, 'best-effort stays healthy')
  t.ok(w.failed)
  t.doesNotThrow(() => w.append({ usage: { exchangeId: 'ex' } }))
  spy.failDatasync = undefined
  const fresh = await recorder.create({ sessionStart: sessionStart() })
  fresh.append({ usage: { exchangeId: 'ex' } })
  await fresh.durable()
  await fresh.seal()
  t.match(await verifyRecording(fresh.path), { ok: true })
  await t.resolves(w.seal())
})

t.test('a file that cannot be created: fail-closed rejects (recorder stays healthy), best-effort gets a writer that drops', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { waitFor: 'fsync', fileOps: spy.ops })
  let failures = 0
  recorder.on('failure', () => { failures++ })
  spy.failOpen = errno('EMFILE')
  await t.rejects(recorder.create({ sessionStart: sessionStart() }), { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /cannot create recording/ })
  t.ok(recorder.healthy, 'nothing written was lost')
  t.equal(failures, 1)

  const be = spyFileOps()
  const { recorder: lax, dir } = await openRecorder(t, { waitFor: 'fsync', fileOps: be.ops, mode: 'best-effort' })
  be.failOpen = errno('EMFILE')
  const w = await lax.create({ sessionStart: sessionStart() })
  t.ok(w.failed)
  t.doesNotThrow(() => w.appendRequestBody('ex', Buffer.from('x')))
  await t.resolves(w.durable())
  await t.resolves(w.seal())
  t.same((await readdir(dir)).filter((n) => n.endsWith('.kwrec')), [])
  const huge = await lax.create({ sessionStart: sessionStart({ groups: [('g'.repeat(1024) + ',').repeat(1100)] }) })
  t.ok(huge.failed, 'a SessionStart over the frame limit is not recorded in best-effort mode')
})

t.test('fail-closed: a SessionStart over the frame limit rejects with GW_ERR_RECORDING_TOO_LARGE and leaves no file', async (t) => {
  const { recorder, dir } = await openRecorder(t)
  await t.rejects(recorder.create({ sessionStart: sessionStart({ groups: [('g'.repeat(1024) + ',').repeat(1100)] }) }), { code: 'GW_ERR_RECORDING_TOO_LARGE' })
  t.same((await readdir(dir)).filter((n) => n.endsWith('.kwrec')), [])
})

t.test('close() seals every open recording with RELAY_SHUTDOWN and releases the folder lock', async (t) => {
  const { recorder, dir, signingKey } = await openRecorder(t)
  await t.rejects(Recorder.open({ dir, relayId: 'r2', signingKey, mode: 'fail-closed', retention: false }), { code: 'GW_ERR_RECORDING_DIR_LOCKED' })
  const ws = await Promise.all([1, 2, 3].map(async () => await recorder.create({ sessionStart: sessionStart() })))
  for (const w of ws) w.append({ usage: { exchangeId: 'ex' } })
  await recorder.close()
  await recorder.close()
  t.notOk(recorder.healthy)
  await t.rejects(recorder.create({ sessionStart: sessionStart() }), { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /closed/ })
  for (const w of ws) {
    const rec = await readRecording(w.path)
    t.ok(rec.sealed)
    t.match(rec.records.at(-2)?.sessionEnd, { reason: Reason.RELAY_SHUTDOWN })
    t.equal(rec.records.at(-3)?.body, 'usage')
  }
  t.notOk((await readdir(dir)).includes('.lock'))
  const { recorder: again } = await openRecorder(t, { dir, signingKey })
  t.same(again.recovery, { recovered: [], skipped: [] }, 'nothing to recover after a clean close')
})

t.test('encrypts with the active key; readable with a rotated ring; verifiable without any key', async (t) => {
  const a = randomBytes(32)
  const b = randomBytes(32)
  const ringA = createEncryptionKeyRing([['key-a', a]], 'key-a')
  const { recorder } = await openRecorder(t, { encryption: ringA })
  const w = await recorder.create({ sessionStart: sessionStart({ subject: 'carol' }) })
  w.appendRequestBody('ex', Buffer.from('top secret prompt'))
  await w.seal({ reason: SessionEndReason.KILLED })
  const bytes = await readFile(w.path)
  t.notOk(bytes.includes(Buffer.from('top secret prompt')), 'no plaintext body on disk')
  t.notOk(bytes.includes(Buffer.from('carol')), 'no plaintext subject on disk')

  const rotated = createEncryptionKeyRing([['key-a', a], ['key-b', b]], 'key-b')
  const rec = await readRecording(w.path, { keys: rotated })
  t.same(rec.problems, [])
  t.equal(rec.header.encryptionKeyId, 'key-a')
  t.equal(rec.records[1]?.sessionStart?.subject, 'carol')
  t.same(Buffer.from(rec.records[2]?.requestBody?.data ?? []).toString(), 'top secret prompt')

  t.match(await verifyRecording(w.path), { ok: true, sealed: true, encrypted: true, chainChecked: true })
  t.match(await verifyRecording(w.path, { keys: rotated }), { ok: true, encrypted: true, chainChecked: true })
  await t.rejects(readRecording(w.path), { code: 'GW_ERR_RECORDING_KEY_MISSING' })
  await t.rejects(readRecording(w.path, { keys: createEncryptionKeyRing([['key-b', b]]) }), { code: 'GW_ERR_RECORDING_KEY_MISSING', message: /key-a/ })
  await t.rejects(readRecording(w.path, { keys: createEncryptionKeyRing([['key-a', b]]) }), { code: 'GW_ERR_RECORDING_DECRYPT_FAILED' })

  await t.rejects(openRecorder(t, { encryption: createEncryptionKeyRing([['key-a', a]]) }), { code: 'GW_ERR_RECORDING_KEY_INVALID' })
})

t.test('validates its options', async (t) => {
  const signingKey = generateSigningKey()
  const dir = t.testdir()
  await t.rejects(Recorder.open({ dir, relayId: 'r', signingKey, mode: 'sometimes' as 'best-effort' }), RangeError)
  await t.rejects(Recorder.open({ dir, relayId: '', signingKey, mode: 'best-effort' }), RangeError)
  await t.rejects(Recorder.open({ dir, relayId: 'r', signingKey, mode: 'best-effort', syncIntervalMs: -1, retention: false }), RangeError)
  await t.rejects(Recorder.open({ dir, relayId: 'r', signingKey, mode: 'best-effort', maxSessionBytes: -1, retention: false }), /maxSessionBytes/)
  const ok = await Recorder.open({ dir, relayId: 'r', signingKey, mode: 'best-effort', retention: false })
  await ok.close()
})
