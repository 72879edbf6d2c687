import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { decodeFrames, decodeRecord, RecordEncoder } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { recoverRecordings } from '../../../relay/recording/recovery.js'
import { errno, openRecorder, reframe, sessionStart, spyFileOps } from './helpers.js'

import type { RecordingSigningKey } from '../../../relay/recording/keys.js'
import type { RecorderOptions } from '../../../relay/recording/writer.js'
import type { TestLike } from './helpers.js'

/**
 * A "crashed" recording: written and synced by a live recorder, then copied as it is on disk (no SessionEnd, no
 * trailer) into a fresh folder, as if the relay had been killed.
 */
async function crashed (t: TestLike, over: Partial<RecorderOptions> = {}): Promise<{ dir: string, name: string, bytes: Buffer, signingKey: RecordingSigningKey }> {
  const { recorder, signingKey } = await openRecorder(t, over)
  const w = await recorder.create({ sessionStart: sessionStart() })
  for (let i = 0; i < 6; i++) {
    w.appendResponseChunk('ex', i, Buffer.from(`chunk ${i} `.repeat(20)))
    // One write per chunk, so each is its own record (appends between two writes share one Bundle).
    await w.durable()
  }
  const bytes = await readFile(w.path)
  const dir = join(t.testdir(), 'copy')
  await mkdir(dir)
  return { dir, name: `${w.id}.kwrec`, bytes, signingKey }
}

t.test('a recording cut mid-frame is truncated to its last intact frame, sealed as truncated, and verifies', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  const frames = decodeFrames(bytes).frames
  t.equal(frames.length, 8, 'header, session start, 6 chunks')
  const cutFrame = frames[5]
  const cut = (cutFrame?.offset ?? 0) + 9
  await writeFile(join(dir, name), bytes.subarray(0, cut))

  const { recorder } = await openRecorder(t, { dir, signingKey })
  t.equal(recorder.recovery.recovered.length, 1)
  const r = recorder.recovery.recovered[0]
  t.match(r, { path: join(dir, name), records: 5, bytesBefore: cut })
  t.match(r?.problems, [/record 5 .*torn frame, 9 bytes/])
  const v = await verifyRecording(join(dir, name), { trustedPublicKey: signingKey.publicKey })
  t.match(v, { ok: true, sealed: true, truncated: true, recordCount: 6, keyTrusted: true })
  const rec = await readRecording(join(dir, name))
  t.same(rec.records.map((x) => x.body), ['header', 'sessionStart', 'responseChunk', 'responseChunk', 'responseChunk', 'trailer'])
  t.equal(Buffer.from(rec.records[4]?.responseChunk?.data ?? []).toString().slice(0, 8), 'chunk 2 ')
  t.equal(rec.records.at(-1)?.trailer?.truncated, true)
  t.equal((await readFile(join(dir, name))).byteLength, r?.bytesAfter)
})

t.test('a recording that simply stopped (no torn frame) is sealed as truncated with every record kept', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  await writeFile(join(dir, name), bytes)
  const report = await recoverRecordings(dir, { signingKey, now: () => 42 })
  t.match(report.recovered, [{ records: 8, problems: [] }])
  const rec = await readRecording(join(dir, name))
  t.equal(rec.records.length, 9)
  t.equal(Number(rec.records.at(-1)?.trailer?.sealedUnixMs), 42)
  t.same(await recoverRecordings(dir, { signingKey }), { recovered: [], skipped: [] }, 'sealed now: left alone')
})

t.test('a chain broken before the end is sealed at the last record that verifies', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  const f = decodeFrames(bytes).frames
  const [a, b] = [f[3], f[4]]
  const swapped = Buffer.concat([bytes.subarray(0, a?.offset), bytes.subarray(b?.offset, b?.end), bytes.subarray(a?.offset, a?.end), bytes.subarray(b?.end)])
  await writeFile(join(dir, name), swapped)
  const report = await recoverRecordings(dir, { signingKey })
  t.match(report.recovered, [{ records: 3, problems: [/record 3 .*frame seq is 4, expected 3/] }])
  t.match(await verifyRecording(join(dir, name)), { ok: true, truncated: true, recordCount: 4 })
  // The new trailer signs the chain and hash of record 2, the last one kept.
  const after = decodeFrames(await readFile(join(dir, name))).frames
  const trailer = decodeRecord(after[3]?.record ?? Buffer.alloc(0)).trailer
  t.ok(Buffer.from(trailer?.finalChain ?? []).equals(f[2]?.chain ?? Buffer.alloc(1)), 'final chain = chain of the last record kept')
  t.equal(after[3]?.seq, 3)
})

t.test('a frame whose chain alone was altered is where the cut goes', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  const f = decodeFrames(bytes).frames
  const g = f[5]
  if (g === undefined) return
  await writeFile(join(dir, name), Buffer.concat([bytes.subarray(0, g.offset), reframe(g, { chain: randomBytes(32) }), bytes.subarray(g.end)]))
  t.match((await recoverRecordings(dir, { signingKey })).recovered, [{ records: 5, problems: [/^record 5 .*chain does not follow from record 4/] }])
  t.match(await verifyRecording(join(dir, name)), { ok: true, truncated: true, recordCount: 6 })
})

t.test('a FileHeader frame that fails its own checks is left as it is: nothing before it could be kept', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  const h = decodeFrames(bytes).frames[0]
  if (h === undefined) return
  const broken = Buffer.concat([reframe(h, { chain: randomBytes(32) }), bytes.subarray(h.end)])
  await writeFile(join(dir, name), broken)
  const report = await recoverRecordings(dir, { signingKey })
  t.same(report.recovered, [])
  t.match(report.skipped, [{ removed: false, reason: /^the FileHeader fails verification: record 0 .*chain does not follow from the start of the file/ }])
  t.ok((await readFile(join(dir, name))).equals(broken), 'the file is untouched')
})

t.test('encrypted recordings are cut at the first frame whose seq or chain breaks, with or without the key', async (t) => {
  const ring = createEncryptionKeyRing([['k', randomBytes(32)]], 'k')
  const { dir, name, bytes, signingKey } = await crashed(t, { encryption: ring })
  const f = decodeFrames(bytes).frames
  const swapped = Buffer.concat([bytes.subarray(0, f[3]?.offset), bytes.subarray(f[4]?.offset, f[4]?.end), bytes.subarray(f[3]?.offset, f[3]?.end), bytes.subarray(f[4]?.end)])
  await writeFile(join(dir, name), swapped)
  t.match((await recoverRecordings(dir, { signingKey, keys: ring })).recovered, [{ records: 3 }])
  t.match(await verifyRecording(join(dir, name), { keys: ring }), { ok: true, truncated: true, chainChecked: true })

  await writeFile(join(dir, name), swapped.subarray(0, swapped.byteLength - 3))
  t.match((await recoverRecordings(dir, { signingKey })).recovered, [{ records: 3, problems: [/^record 3 .*frame seq is 4, expected 3/] }],
    'without the key the frame seq and chain still find the swap')
  t.match(await verifyRecording(join(dir, name)), { ok: true, truncated: true, chainChecked: true, recordCount: 4 })
  t.match(await verifyRecording(join(dir, name), { keys: ring }), { ok: true, truncated: true })
})

t.test('a crash while sealing (SessionEnd written, trailer torn) seals after the SessionEnd', async (t) => {
  const { recorder, signingKey } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.seal()
  const bytes = await readFile(w.path)
  const dir = join(t.testdir(), 'copy')
  await mkdir(dir)
  await writeFile(join(dir, `${w.id}.kwrec`), bytes.subarray(0, bytes.byteLength - 20))
  await recoverRecordings(dir, { signingKey })
  const rec = await readRecording(join(dir, `${w.id}.kwrec`))
  t.same(rec.records.map((r) => r.body), ['header', 'sessionStart', 'sessionEnd', 'trailer'])
  t.match(rec, { sealed: true, truncated: true, problems: [] })
})

t.test('empty files are removed; non-recordings, other relays\' files and sealed files are left as they are', async (t) => {
  const dir = t.testdir()
  const signingKey = generateSigningKey()
  const other = generateSigningKey()
  const emptyId = newRecordingId()
  const junkId = newRecordingId()
  const foreignId = newRecordingId()
  await writeFile(join(dir, `${emptyId}.kwrec`), '')
  await writeFile(join(dir, `${junkId}.kwrec`), randomBytes(100))
  const enc = new RecordEncoder(foreignId)
  await writeFile(join(dir, `${foreignId}.kwrec`), enc.encode({ header: { formatVersion: 1, recordingId: foreignId, signingPublicKey: other.publicKeyRaw, signingKeyId: other.keyId } }, 1))
  await writeFile(join(dir, 'unrelated.txt'), 'x')
  const report = await recoverRecordings(dir, { signingKey })
  t.same(report.recovered, [])
  t.match(report.skipped, [
    { id: emptyId, removed: true, reason: /empty/ },
    { id: junkId, removed: false, reason: /not a recording/ },
    { id: foreignId, removed: false, reason: new RegExp(`another relay key \\(${other.keyId}\\)`) }
  ].sort((a, b) => a.id < b.id ? -1 : 1))
  t.same((await readdir(dir)).sort(), [`${foreignId}.kwrec`, `${junkId}.kwrec`, 'unrelated.txt'].sort())

  const sealedDir = join(t.testdir(), 'sealed')
  const { recorder } = await openRecorder(t, { dir: sealedDir, signingKey: other })
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.seal()
  const before = await readFile(w.path)
  t.same(await recoverRecordings(sealedDir, { signingKey }), { recovered: [], skipped: [] }, 'a sealed file of another key is not reported')
  t.ok((await readFile(w.path)).equals(before))
})

t.test('junk after a valid trailer is cut without a second trailer', async (t) => {
  const { recorder, signingKey, dir } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  await w.seal()
  await recorder.close()
  const bytes = await readFile(w.path)
  await writeFile(w.path, Buffer.concat([bytes, Buffer.from([0x05, 0x01, 0x02])]))
  t.match((await recoverRecordings(dir, { signingKey })).recovered, [{ records: 4, bytesAfter: bytes.byteLength }])
  t.ok((await readFile(w.path)).equals(bytes))
  t.match(await verifyRecording(w.path), { ok: true, truncated: false })
})

t.test('a recovery write that fails is reported and does not stop the others', async (t) => {
  const { dir, name, bytes, signingKey } = await crashed(t)
  await writeFile(join(dir, name), bytes)
  const spy = spyFileOps()
  spy.failWrite = errno('EROFS')
  const report = await recoverRecordings(dir, { signingKey, fileOps: spy.ops })
  t.match(report.skipped, [{ reason: /EROFS/, removed: false }])
  t.same(report.recovered, [])
})
