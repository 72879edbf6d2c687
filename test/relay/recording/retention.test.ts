import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { recordingIdTime } from '../../../relay/recording/ids.js'
import { isSealedRecording, sweepRecordings } from '../../../relay/recording/retention.js'
import { openRecorder, sessionStart } from './helpers.js'

import type { RecordingWriter } from '../../../relay/recording/writer.js'

const DAY_MS = 24 * 60 * 60 * 1000
const T0 = 1_700_000_000_000

async function kwrecs (dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.kwrec')).sort()
}

t.test('deletes sealed recordings past the max age, oldest first, never an open one', async (t) => {
  let now = T0
  const { recorder, dir } = await openRecorder(t, { now: () => now })
  const made: RecordingWriter[] = []
  for (let day = 0; day < 4; day++) {
    now = T0 + day * DAY_MS
    made.push(await recorder.create({ sessionStart: sessionStart() }))
  }
  const [d0, d1, d2, d3] = made
  await d1?.seal()
  await d2?.seal()
  await d3?.seal()
  await d0?.durable() // day 0 stays open: oldest, but never deleted
  const result = await sweepRecordings(dir, { maxAgeMs: 1.5 * DAY_MS }, T0 + 3 * DAY_MS)
  t.same(result.deleted.map((d) => [d.id, d.reason]), [[d1?.id, 'age']])
  t.same(await kwrecs(dir), [`${d0?.id ?? ''}.kwrec`, `${d2?.id ?? ''}.kwrec`, `${d3?.id ?? ''}.kwrec`])
  t.ok(await isSealedRecording(join(dir, `${d2?.id ?? ''}.kwrec`)))
  t.notOk(await isSealedRecording(join(dir, `${d0?.id ?? ''}.kwrec`)))
  t.equal(recordingIdTime(d2?.id ?? ''), T0 + 2 * DAY_MS)
})

t.test('deletes the oldest sealed recordings while the folder is over its size cap', async (t) => {
  let now = T0
  const { recorder, dir } = await openRecorder(t, { now: () => now++ })
  const ws: RecordingWriter[] = []
  for (let i = 0; i < 5; i++) {
    const w = await recorder.create({ sessionStart: sessionStart() })
    w.appendRequestBody('ex', Buffer.alloc(10_000, i))
    ws.push(w)
  }
  for (const w of ws.slice(1)) await w.seal()
  await ws[0]?.durable()
  const size = ws[1]?.bytes ?? 0
  const total = ws.reduce((n, w) => n + w.bytes, 0)
  const result = await sweepRecordings(dir, { maxTotalBytes: total - size - 1 }, now)
  t.same(result.deleted.map((d) => [d.id, d.reason]), [[ws[1]?.id, 'size'], [ws[2]?.id, 'size']], 'the open oldest one is skipped')
  t.equal(result.totalBytes, total - (ws[1]?.bytes ?? 0) - (ws[2]?.bytes ?? 0))
  const second = await sweepRecordings(dir, { maxTotalBytes: 0 }, now, { exclude: new Set([ws[4]?.id ?? '']) })
  t.same(second.deleted.map((d) => d.id), [ws[3]?.id], 'excluded ids are kept')
  t.same(await sweepRecordings(dir, {}, now + 100 * DAY_MS), { deleted: [], totalBytes: second.totalBytes }, 'no bounds: nothing deleted')
})

t.test('ignores other files, corrupt recordings and a missing folder', async (t) => {
  const dir = t.testdir()
  await writeFile(join(dir, 'rec_00000000000000000000000000.kwrec'), 'not a recording')
  await writeFile(join(dir, 'notes.txt'), 'x')
  t.same(await sweepRecordings(dir, { maxAgeMs: 1, maxTotalBytes: 0 }, T0), { deleted: [], totalBytes: 15 })
  t.same(await sweepRecordings(join(dir, 'missing'), { maxAgeMs: 1 }, T0), { deleted: [], totalBytes: 0 })
})

t.test('the Recorder sweeps at open and on demand, excluding its open recordings', async (t) => {
  let now = T0
  const { recorder, dir, signingKey } = await openRecorder(t, { now: () => now })
  const old = await recorder.create({ sessionStart: sessionStart() })
  await old.seal()
  const live = await recorder.create({ sessionStart: sessionStart() })
  await live.durable()
  now = T0 + 60 * DAY_MS
  t.same(await recorder.sweep(), { deleted: [], totalBytes: 0 }, 'retention off: nothing happens')
  await recorder.close()

  const { recorder: next } = await openRecorder(t, { dir, signingKey, now: () => now, retention: { maxAgeMs: DAY_MS, intervalMs: 60_000 } })
  t.same(await kwrecs(dir), [], 'swept at open: both were sealed by close() and are old')
  const fresh = await next.create({ sessionStart: sessionStart() })
  await fresh.durable()
  now += 2 * DAY_MS
  const result = await next.sweep()
  t.same(result.deleted, [], 'an open recording is never deleted')
  await fresh.seal()
  t.same((await next.sweep()).deleted.map((d) => d.id), [fresh.id])
})
