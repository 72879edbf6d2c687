import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { readRecording } from '../../../relay/recording/reader.js'
import { REPLAY_MAX_WAIT_MS, formatDuration, replaySession } from '../../../relay/recording/replay.js'
import { buildSessionModel } from '../../../relay/recording/session-model.js'
import { renderTranscript } from '../../../relay/recording/transcript.js'
import { chatSseChunks, recordExchange, writeRecording } from '../../fixtures/recording-builder.js'

import type { Test } from 'tap'
import type { ReplayOutput } from '../../../relay/recording/replay.js'
import type { TranscriptSource } from '../../../relay/recording/transcript.js'

const pb = keyward.recording.v1
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const HOUR_MS = 3_600_000

/** A session written by the relay's writer and read back: a stream at +1 s, a kill event an hour later, the end. */
async function sample (t: Test): Promise<TranscriptSource> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-replay-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const { path } = await writeRecording({ dataDir, startUnixMs: T0, seal: { reason: pb.SessionEnd.Reason.KILLED, atUnixMs: T0 + 1001 + HOUR_MS } }, (b) => {
    recordExchange(b, {
      id: 's',
      body: { model: 'm', stream: true, messages: [{ role: 'user', content: 'go' }] },
      responseHeaders: { 'content-type': 'text/event-stream' },
      chunks: chatSseChunks(['one', ' two'], { stepMs: 100 })
    }, T0 + 1000)
    b.add({ event: { kind: pb.SessionEvent.Kind.KILLED, actor: 'bob' } }, T0 + 1000 + HOUR_MS)
  })
  const rec = await readRecording(path)
  return { model: buildSessionModel(rec.records), sealed: rec.sealed, truncated: rec.truncated, problems: rec.problems }
}

/** An output that records each write and the waits between them. */
function recorder (): { out: ReplayOutput, log: Array<string | number>, text: () => string, sleep: (ms: number) => Promise<void> } {
  const log: Array<string | number> = []
  const out = new PassThrough()
  out.on('data', () => {})
  return {
    out: { write: (s: string) => { log.push(s); return true }, once: (e, l) => out.once(e, l) },
    log,
    text: () => log.filter((x): x is string => typeof x === 'string').join(''),
    sleep: async (ms: number) => { log.push(ms) }
  }
}

t.test('speed 0 prints exactly the transcript, without waiting', async (t) => {
  const src = await sample(t)
  const r = recorder()
  await replaySession(src, { speed: 0, out: r.out, sleep: r.sleep })
  t.equal(r.text(), renderTranscript(src))
  t.notOk(r.log.some((x) => typeof x === 'number'), 'no waits')
})

t.test('replays the size-cap marker where it was reached', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-replay-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const { path } = await writeRecording({ dataDir, startUnixMs: T0, maxSessionBytes: 1500 }, (b) => {
    recordExchange(b, { id: 'big', body: { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(2000) }] }, chunks: [{ atMs: 1, data: '{}' }] }, T0 + 10)
  })
  const rec = await readRecording(path)
  const src = { model: buildSessionModel(rec.records), sealed: rec.sealed, truncated: rec.truncated, problems: rec.problems }
  const r = recorder()
  await replaySession(src, { speed: 0, out: r.out })
  t.match(r.text(), /\[size cap\] .* 1500 bytes reached/)
  t.equal(r.text(), renderTranscript(src))
})

t.test('waits the recorded gaps, streams the reply chunk by chunk, and shortens long idle gaps', async (t) => {
  const src = await sample(t)
  const r = recorder()
  await replaySession(src, { speed: 1, out: r.out, sleep: r.sleep })
  const waits = r.log.filter((x): x is number => typeof x === 'number')
  // +1000 to the exchange, 5 chunks 100 ms apart (role, two deltas, finish, [DONE]), the rest of the hour to the
  // event (shortened), +1 ms to the end.
  t.same(waits, [1000, 100, 100, 100, 100, 100, REPLAY_MAX_WAIT_MS, 1])
  t.match(r.text(), /\n\[… 59m 59s later\]\n\n\[event\]/, 'the shortened gap is announced')
  t.equal(r.text().replace('[… 59m 59s later]\n\n', ''), renderTranscript(src), 'otherwise the same text')
  // The reply text is written between waits, as it arrived: 'one' right after the second chunk's wait.
  const one = r.log.indexOf('    | one')
  t.ok(one > 0, 'the first delta is written on its own')
  t.equal(r.log[one - 1], 100, 'after waiting for its chunk')
  t.equal(r.log[one + 1], 100)
  t.equal(r.log[one + 2], ' two')
})

t.test('speed divides the waits; maxWaitMs bounds each one', async (t) => {
  const src = await sample(t)
  const r = recorder()
  await replaySession(src, { speed: 4, out: r.out, sleep: r.sleep, maxWaitMs: 200 })
  t.same(r.log.filter((x) => typeof x === 'number'), [200, 25, 25, 25, 25, 25, 200, 0.25])
})

t.test('rejects a negative or non-finite speed', async (t) => {
  const src = await sample(t)
  await t.rejects(replaySession(src, { speed: -1, out: recorder().out }), RangeError)
  await t.rejects(replaySession(src, { speed: Number.NaN, out: recorder().out }), RangeError)
})

t.test('waits for drain when the output asks for it', async (t) => {
  const src = await sample(t)
  const out = new PassThrough({ highWaterMark: 16 })
  let text = ''
  const done = replaySession(src, { speed: 0, out })
  // Nothing reads yet: the replay must stop at the first full buffer rather than buffer the whole session.
  await new Promise((resolve) => setImmediate(resolve))
  t.ok(out.readableLength < renderTranscript(src).length, 'not everything was written at once')
  out.on('data', (c: Buffer) => { text += c.toString() })
  await done
  t.equal(text, renderTranscript(src))
})

t.test('an aborted replay stops waiting (the default sleep honours the signal)', async (t) => {
  const src = await sample(t)
  const ac = new AbortController()
  ac.abort(new Error('stop'))
  await t.rejects(replaySession(src, { speed: 1, out: recorder().out, signal: ac.signal }), { name: 'AbortError' })
})

t.test('formatDuration', async (t) => {
  t.equal(formatDuration(400), '<1s')
  t.equal(formatDuration(61_000), '1m 1s')
  t.equal(formatDuration(HOUR_MS + 2000), '1h 2s')
})
