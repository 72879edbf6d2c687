/**
 * `waitFor: write` (the default): durable() resolves once the records are in the file, and the group commit
 * `fdatasync`s them within the sync interval. writer.test.ts covers `waitFor: fsync`.
 */
import { randomBytes } from 'node:crypto'

import t from 'tap'

import { DEFAULT_WRITE_SYNC_INTERVAL_MS } from '../../../relay/recording/constants.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { errno, gate, openRecorder, sessionStart, spyFileOps } from './helpers.js'

/** Waits until `done()` or `ms` have passed. */
async function until (done: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms
  while (!done() && performance.now() < end) await new Promise((resolve) => setTimeout(resolve, 2))
}

/** Records in the file right now, as a reader after a crash would find them. */
async function recordsOnDisk (path: string): Promise<Array<string | undefined>> {
  return (await readRecording(path)).records.map((r) => r.body)
}

t.test('durable() resolves once the records are written, before their datasync; the sync follows within the interval', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops, syncIntervalMs: undefined })
  t.equal(recorder.waitFor, 'write', 'the default')
  const w = await recorder.create({ sessionStart: sessionStart() })
  spy.datasyncGate = gate()
  w.append({ exchangeStart: { exchangeId: 'ex1', method: 'POST', path: '/v1/chat/completions' } })
  w.appendRequestBody('ex1', Buffer.from('{"model":"m"}'))
  const started = performance.now()
  await w.durable()
  t.equal(spy.datasyncs, 0, 'no datasync has finished')
  t.same(await recordsOnDisk(w.path), ['header', 'sessionStart', 'exchangeStart', 'requestBody'], 'a crash now loses none of them')
  await spy.datasyncGate.reached
  t.ok(performance.now() - started >= DEFAULT_WRITE_SYNC_INTERVAL_MS - 2, 'the sync waits for the interval')
  spy.datasyncGate.open()
  await until(() => spy.datasyncs === 1 && spy.dirSyncs === 1, 2000)
  t.equal(spy.datasyncs, 1)
  t.equal(spy.dirSyncs, 1, 'the new file\'s directory entry is synced too')
  spy.datasyncGate = undefined
  await w.seal()
  t.equal(spy.datasyncs, 2, 'seal waits for its own datasync')
  t.match(await verifyRecording(w.path), { ok: true, sealed: true, truncated: false })
})

t.test('one datasync covers every exchange written within the interval', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops, syncIntervalMs: 300 })
  const [a, b] = await Promise.all([recorder.create({ sessionStart: sessionStart() }), recorder.create({ sessionStart: sessionStart() })])
  for (let i = 0; i < 20; i++) {
    const w = i % 2 === 0 ? a : b
    w.append({ exchangeStart: { exchangeId: `ex${i}`, method: 'POST', path: '/v1/chat/completions' } })
    await w.durable()
    w.appendResponseChunk(`ex${i}`, 1, Buffer.from('data: [DONE]\n\n'))
    await w.durable()
  }
  t.equal(spy.writes, 40, 'each durable() wrote its records at once')
  t.equal(spy.datasyncs, 0, 'and waited for no sync')
  await until(() => spy.datasyncs >= 2, 3000)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(spy.datasyncs, 2, 'one datasync per recording')
  t.equal((await recordsOnDisk(a.path)).length, 2 + 20)
})

t.test('a durable() while a write is in flight waits for it; with nothing new it writes nothing', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  const held = gate()
  spy.writeGate = held
  const first = w.durable()
  await held.reached
  spy.writeGate = undefined
  let second = false
  const again = w.durable().then(() => { second = true })
  await new Promise((resolve) => setImmediate(resolve))
  t.notOk(second, 'the second durable() waits for the write the first one started')
  held.open()
  await Promise.all([first, again])
  t.equal(spy.writes, 1, 'one write for both')
  await w.durable()
  t.equal(spy.writes, 1, 'nothing new: no write')
})

t.test('the durable() calls of one turn share one write at its end', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  const writes = spy.writes
  // An immediate queued before the durable() calls runs first: the write is at the end of the turn.
  let checked = false
  setImmediate(() => { checked = true })
  w.append({ exchangeStart: { exchangeId: 'ex1', method: 'POST', path: '/v1/chat/completions' } })
  const first = w.durable()
  w.append({ exchangeStart: { exchangeId: 'ex2', method: 'POST', path: '/v1/chat/completions' } })
  t.equal(w.durable(), first, 'one promise for the turn')
  await first
  t.ok(checked, 'written at the end of the turn')
  t.equal(spy.writes, writes + 1, 'in one write')
  t.same((await recordsOnDisk(w.path)).slice(2), ['exchangeStart', 'exchangeStart'])
  await w.seal()
  t.match(await verifyRecording(w.path), { ok: true, sealed: true })
})

t.test('fail-closed: a failed write rejects durable() at once and fails the recorder', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.durable()
  spy.failWrite = errno('ENOSPC')
  w.appendRequestBody('ex', randomBytes(1000))
  await t.rejects(w.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE', message: /ENOSPC/ })
  t.notOk(recorder.healthy)
  await t.rejects(recorder.create({ sessionStart: sessionStart() }), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
})

t.test('fail-closed: a failed datasync after durable() resolved fails the recorder within the interval', async (t) => {
  const spy = spyFileOps()
  const { recorder } = await openRecorder(t, { fileOps: spy.ops, syncIntervalMs: 20 })
  const w = await recorder.create({ sessionStart: sessionStart() })
  const other = await recorder.create({ sessionStart: sessionStart() })
  await Promise.all([w.durable(), other.durable()])
  await until(() => spy.datasyncs === 2, 2000)
  const failures: string[] = []
  recorder.on('failure', (err) => failures.push(err.message))
  spy.failDatasync = errno('EIO')
  w.appendResponseChunk('ex', 1, Buffer.from('data: released\n\n'))
  await t.resolves(w.durable(), 'the bytes are written, so they may be released')
  await until(() => !recorder.healthy, 2000)
  t.notOk(recorder.healthy, 'the failed sync is found within the interval')
  t.match(failures[0], /EIO/)
  t.throws(() => w.append({ usage: { exchangeId: 'ex' } }), { code: 'GW_ERR_RECORDING_UNAVAILABLE' })
  await t.rejects(other.durable(), { code: 'GW_ERR_RECORDING_UNAVAILABLE' }, 'live recordings are refused too')
})
