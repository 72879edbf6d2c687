import { createSecretKey, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { MAX_BUNDLE_BYTES } from '../../../relay/recording/constants.js'
import { chainLink, decodeFrames, RecordEncoder, trailerBody, ZERO_HASH } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { listRecordings, readRecording, verifyRecording } from '../../../relay/recording/reader.js'
import { openRecorder, reframe, sessionStart } from './helpers.js'

import type { RecordBody, StoredFrame } from '../../../relay/recording/frame-codec.js'
import type { RecordingSigningKey } from '../../../relay/recording/keys.js'
import type { Recorder } from '../../../relay/recording/writer.js'

/**
 * A sealed recording of 2 exchanges (records 0..11: header … trailer) and its frames. Each append is written on its
 * own, so each is its own record (appends between two writes would share one Bundle).
 */
async function sample (recorder: Recorder): Promise<{ path: string, bytes: Buffer, frames: StoredFrame[] }> {
  const w = await recorder.create({ sessionStart: sessionStart() })
  for (const ex of ['ex1', 'ex2']) {
    w.append({ exchangeStart: { exchangeId: ex, method: 'POST', path: '/v1/chat/completions' } })
    await w.durable()
    w.appendRequestBody(ex, Buffer.from(`{"prompt":"${ex}"}`))
    await w.durable()
    w.append({ responseHead: { exchangeId: ex, status: 200 } })
    await w.durable()
    w.appendResponseChunk(ex, 5, Buffer.from(`answer to ${ex}`))
    await w.durable()
  }
  await w.seal()
  const bytes = await readFile(w.path)
  return { path: w.path, bytes, frames: decodeFrames(bytes).frames }
}

function frameBytes (bytes: Buffer, f: StoredFrame | undefined): Buffer {
  return bytes.subarray(f?.offset ?? 0, f?.end ?? 0)
}

/** `frames` swapped at `i` and `i + 1`. */
function swapAt (frames: StoredFrame[], i: number): StoredFrame[] {
  const out = [...frames]
  const [a, b] = [out[i], out[i + 1]]
  if (a === undefined || b === undefined) throw new Error('no such frames')
  out.splice(i, 2, b, a)
  return out
}

/**
 * What a forger without the signing key can write at best: `frames` in the given order with every frame's seq set
 * to its position, and every plaintext chain value (the trailer frame's too) recomputed from the start.
 */
function rechain (frames: StoredFrame[]): Buffer {
  let chain = ZERO_HASH
  return Buffer.concat(frames.map((f, seq) => {
    chain = chainLink(chain, f.record)
    return reframe(f, { chain, seq })
  }))
}

/** Writes a recording by hand: header, the bodies, and (when `sealWith` is given) a trailer signed by that key. */
async function handMade (path: string, id: string, headerKey: RecordingSigningKey, bodies: RecordBody[], sealWith?: RecordingSigningKey): Promise<void> {
  const enc = new RecordEncoder(id)
  const frames = [enc.encode({ header: { formatVersion: 1, recordingId: id, signingPublicKey: headerKey.publicKeyRaw, signingKeyId: headerKey.keyId } }, 1)]
  for (const body of bodies) frames.push(enc.encode(body, 2))
  if (sealWith !== undefined) frames.push(enc.encode(trailerBody(sealWith, id, enc.seq, enc.prevHash, false, 3, enc.chain), 3))
  await writeFile(path, Buffer.concat(frames))
}

t.test('an intact recording verifies against the trusted key', async (t) => {
  const { recorder, signingKey } = await openRecorder(t)
  const { path, frames } = await sample(recorder)
  t.equal(frames.length, 12)
  t.match(await verifyRecording(path, { trustedPublicKey: signingKey.publicKeyRaw }), { ok: true, recordCount: 12, sealed: true, keyTrusted: true, chainChecked: true })
  t.match(await verifyRecording(path), { ok: true, keyTrusted: false }, 'no trusted key given: the header key is used')
})

t.test('a byte flipped in the middle fails verification naming the record', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  const f = frames[5]
  const copy = Buffer.from(bytes)
  const at = ((f?.offset ?? 0) + (f?.end ?? 0)) >> 1
  copy[at] = (copy[at] ?? 0) ^ 0x20
  await writeFile(path, copy)
  const v = await verifyRecording(path)
  t.equal(v.ok, false)
  t.match(v.problems[0], new RegExp(`^record 5 \\(offset ${f?.offset ?? 0}\\): CRC mismatch`))
  t.equal(v.sealed, true, 'the rest still reads: the trailer is found and the damage is reported')
  const rec = await readRecording(path)
  t.equal(rec.records.length, 11, 'the damaged record is left out')
  t.match(rec.problems, [/record 5/])
})

t.test('a flipped length prefix stops the scan and says how much was not checked', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  const copy = Buffer.from(bytes)
  copy[frames[4]?.offset ?? 0] = 0xff
  copy[(frames[4]?.offset ?? 0) + 1] = 0xff
  copy[(frames[4]?.offset ?? 0) + 2] = 0xff
  await writeFile(path, copy)
  const v = await verifyRecording(path)
  t.notOk(v.ok)
  t.same(v.problems.map((p) => p.replace(/\d+ bytes/, 'N bytes')), [
    `record 4 (offset ${frames[4]?.offset ?? 0}): unreadable frame (too-large); the N bytes from here on were not checked`,
    'not sealed: no valid trailer (the recording is still open, or the relay stopped without sealing it)'
  ])
  t.equal(v.recordCount, 4)
})

t.test('a removed record breaks the chain', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  await writeFile(path, Buffer.concat([bytes.subarray(0, frames[6]?.offset), bytes.subarray(frames[6]?.end)]))
  const v = await verifyRecording(path)
  t.notOk(v.ok)
  t.match(v.problems.join('\n'), /record 6 .*frame seq is 7, expected 6/)
  t.match(v.problems.join('\n'), /record 6 .*chain does not follow from record 5/)
  t.match(v.problems.join('\n'), /record 6 .*prev_hash does not match record 5/)
  t.match(v.problems.join('\n'), /invalid trailer: it counts 11 records before it, the file has 10/)
  t.notOk(v.sealed)
})

t.test('two swapped records are detected', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  const [a, b] = [frames[3], frames[4]]
  await writeFile(path, Buffer.concat([bytes.subarray(0, a?.offset), frameBytes(bytes, b), frameBytes(bytes, a), bytes.subarray(b?.end)]))
  const v = await verifyRecording(path)
  t.notOk(v.ok)
  t.match(v.problems.join('\n'), /record 3 .*frame seq is 4, expected 3/)
  t.match(v.problems.join('\n'), /record 5 .*chain does not follow from record 4/)
  t.match(v.problems.join('\n'), /record 5 .*prev_hash does not match record 4/)
})

t.test('a swap with every seq and chain value recomputed fails on the signed final chain', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, frames } = await sample(recorder)
  await writeFile(path, rechain(swapAt(frames, 3)))
  const v = await verifyRecording(path)
  t.match(v, { ok: false, sealed: false })
  t.same(v.problems.map((p) => p.replace(/ \(offset \d+\)/, '').replace(/ \(the chain is .*\)$/, '')), [
    'record 3: seq inside the record is 4, its frame says 3',
    'record 3: prev_hash does not match record 2',
    'record 4: seq inside the record is 3, its frame says 4',
    'record 4: prev_hash does not match record 3',
    'record 5: prev_hash does not match record 4',
    'record 11: invalid trailer: its final chain is not the chain of the last record',
    'not sealed: no valid trailer (the recording is still open, or the relay stopped without sealing it)'
  ], 'the frame seqs and chain look right; the records inside and the signed final chain do not')
})

t.test('a removed trailer reads as not sealed', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  await writeFile(path, bytes.subarray(0, frames[11]?.offset))
  const v = await verifyRecording(path)
  t.match(v, { ok: false, sealed: false, recordCount: 11 })
  t.match(v.problems, [/^not sealed/])
  t.match(await readRecording(path), { sealed: false, problems: [/not sealed/] })
})

t.test('a torn last frame is reported', async (t) => {
  const { recorder } = await openRecorder(t)
  const { path, bytes, frames } = await sample(recorder)
  await writeFile(path, bytes.subarray(0, (frames[11]?.offset ?? 0) + 7))
  const v = await verifyRecording(path)
  t.match(v.problems, [/^record 11 .*torn frame, 7 bytes/, /not sealed/])
})

t.test('a trailer signed by another key fails; a valid recording signed by an untrusted key fails with keyTrusted false', async (t) => {
  const dir = t.testdir()
  const relay = generateSigningKey()
  const attacker = generateSigningKey()
  const id = newRecordingId()
  const path = join(dir, `${id}.kwrec`)
  await handMade(path, id, relay, [{ usage: { exchangeId: 'x' } }], attacker)
  const v = await verifyRecording(path)
  t.notOk(v.ok)
  t.match(v.problems, [/invalid trailer: its signature does not verify against the FileHeader's signing key/, /not sealed/])

  await handMade(path, id, attacker, [{ usage: { exchangeId: 'x' } }], attacker)
  t.match(await verifyRecording(path), { ok: true, keyTrusted: false }, 'self-consistent on its own')
  const trusted = await verifyRecording(path, { trustedPublicKey: relay.publicKey })
  t.match(trusted, { ok: false, keyTrusted: false, signingKeyId: attacker.keyId })
  t.match(trusted.problems, [new RegExp(`signed by key ${attacker.keyId}, which is not the trusted key`)])
  await t.rejects(verifyRecording(path, { trustedPublicKey: 'junk' }), { code: 'GW_ERR_RECORDING_KEY_INVALID' })
})

t.test('records after the trailer, a second header, a header naming another id are problems', async (t) => {
  const dir = t.testdir()
  const key = generateSigningKey()
  const id = newRecordingId()
  const path = join(dir, `${id}.kwrec`)
  await handMade(path, id, key, [{ header: { formatVersion: 1, recordingId: id } }], key)
  const extra = new RecordEncoder(id, undefined, { seq: 3, prevHash: Buffer.alloc(32), chain: Buffer.alloc(32) }).encode({ usage: {} }, 1)
  await writeFile(path, Buffer.concat([await readFile(path), extra, extra]))
  const v = await verifyRecording(path)
  t.match(v.problems, [/record 1 .*a second FileHeader/, /record 3 .*data after the trailer/])
  t.equal(v.problems.length, 2, 'data after the trailer is reported once')

  const other = join(dir, `${newRecordingId()}.kwrec`)
  await rename(path, other)
  t.match((await verifyRecording(other)).problems, [/names recording .* but the file is/, /second FileHeader/, /data after/])
})

t.test('without the key, verify catches encrypted records swapped, replaced from another recording, or with a forged frame seq', async (t) => {
  const ring = createEncryptionKeyRing([['k', randomBytes(32)]], 'k')
  const { recorder } = await openRecorder(t, { encryption: ring })
  const one = await sample(recorder)
  const two = await sample(recorder)
  t.match(await verifyRecording(one.path), { ok: true, encrypted: true, chainChecked: true, problems: [] }, 'intact: verifies without the key')

  // Two middle records swapped, as they are on disk (CRCs intact).
  const [a, b] = [one.frames[3], one.frames[4]]
  await writeFile(one.path, Buffer.concat([one.bytes.subarray(0, a?.offset), frameBytes(one.bytes, b), frameBytes(one.bytes, a), one.bytes.subarray(b?.end)]))
  const swapped = await verifyRecording(one.path)
  t.match(swapped, { ok: false, encrypted: true, chainChecked: true })
  t.match(swapped.problems, [
    /^record 3 .*frame seq is 4, expected 3/, /^record 3 .*chain does not follow from record 2/,
    /^record 4 .*frame seq is 3, expected 4/, /^record 4 .*chain does not follow from record 3/,
    /^record 5 .*chain does not follow from record 4/
  ])
  t.equal(swapped.problems.length, 5)
  // With the key, the records inside are checked too: moved, they no longer decrypt (the GCM data binds the seq).
  const withKey = await readRecording(one.path, { keys: ring })
  t.match(withKey.problems.filter((p) => /decrypted|prev_hash/.test(p)), [/^record 3 .*cannot be decrypted/, /^record 4 .*cannot be decrypted/, /^record 5 .*prev_hash does not match/])
  t.match(await verifyRecording(one.path, { keys: ring }), { ok: false, chainChecked: true })

  // The swapped frames' seq fields rewritten to match their new places (seq is outside the CRC): the chain still breaks.
  await writeFile(one.path, Buffer.concat(swapAt(one.frames, 3).map((f, i) => i === 3 || i === 4 ? reframe(f, { seq: i }) : frameBytes(one.bytes, f))))
  const reseqd = await verifyRecording(one.path)
  t.notOk(reseqd.ok)
  t.notOk(reseqd.problems.some((p) => p.includes('seq')), 'the seqs look continuous')
  t.match(reseqd.problems, [/^record 3 .*chain does not follow/, /^record 4 .*chain does not follow/, /^record 5 .*chain does not follow/])

  // Every seq and chain value recomputed after the swap: the trailer's signed final chain no longer matches.
  await writeFile(one.path, rechain(swapAt(one.frames, 3)))
  const rechained = await verifyRecording(one.path)
  t.match(rechained, { ok: false, sealed: false })
  t.same(rechained.problems.map((p) => p.replace(/ \(offset \d+\)/, '')), [
    'record 11: invalid trailer: its final chain is not the chain of the last record',
    'not sealed: no valid trailer (the recording is still open, or the relay stopped without sealing it)'
  ])

  // A forged frame seq on an otherwise intact frame.
  const f5 = one.frames[5]
  if (f5 === undefined) return
  await writeFile(one.path, Buffer.concat([one.bytes.subarray(0, f5.offset), reframe(f5, { seq: 9 }), one.bytes.subarray(f5.end)]))
  const forged = await verifyRecording(one.path)
  t.match(forged, { ok: false, sealed: true })
  t.same(forged.problems, [`record 5 (offset ${f5.offset}): frame seq is 9, expected 5 (a record was removed, inserted or reordered)`])
  t.match((await verifyRecording(one.path, { keys: ring })).problems, [/^record 5 .*frame seq is 9, expected 5/, /^record 5 .*seq inside the record is 5, its frame says 9/])

  // Record 6 of recording one put in place of record 6 of recording two, as it is on disk (its CRC is intact).
  const f1 = one.frames[6]
  const f2 = two.frames[6]
  if (f1 === undefined || f2 === undefined) return
  const copied = Buffer.concat([two.bytes.subarray(0, f2.offset), frameBytes(one.bytes, f1), two.bytes.subarray(f2.end)])
  await writeFile(two.path, copied)
  const moved = await verifyRecording(two.path)
  t.match(moved, { ok: false, sealed: true, chainChecked: true })
  t.match(moved.problems, [/^record 6 .*chain does not follow from record 5/, /^record 7 .*chain does not follow from record 6/])
  t.equal(moved.problems.length, 2)
  const movedWithKey = await readRecording(two.path, { keys: ring })
  t.match(movedWithKey.problems, [/^record 6 .*chain does not follow/, /^record 6 .*cannot be decrypted/, /^record 7 .*chain does not follow/, /^record 7 .*prev_hash does not match record 6/])
  t.notOk(movedWithKey.records.some((r) => Number(r.seq) === 6), 'the foreign record is not returned')

  // The same, with the CRC recomputed and this frame's chain recomputed to follow record 5: the next frame's breaks.
  const prev = two.frames[5]
  if (prev === undefined) return
  const refit = Buffer.concat([two.bytes.subarray(0, f2.offset), reframe(f1, { chain: chainLink(prev.chain, f1.record) }), two.bytes.subarray(f2.end)])
  await writeFile(two.path, refit)
  const refitted = await verifyRecording(two.path)
  t.match(refitted, { ok: false, sealed: true, chainChecked: true })
  const next = decodeFrames(refit).frames[7]?.offset ?? -1
  t.same(refitted.problems, [`record 7 (offset ${next}): chain does not follow from record 6 (a record was removed, inserted, reordered, replaced or altered)`])

  // Replacing the last record before the trailer: the trailer signs its chain and hash.
  const l1 = one.frames[10]
  const l2 = two.frames[10]
  await writeFile(two.path, Buffer.concat([two.bytes.subarray(0, l2?.offset), frameBytes(one.bytes, l1), two.bytes.subarray(l2?.end)]))
  const v = await verifyRecording(two.path)
  t.match(v, { ok: false, sealed: false })
  t.match(v.problems, [
    /^record 10 .*chain does not follow from record 9/, /^record 11 .*chain does not follow from record 10/,
    /^record 11 .*prev_hash does not match record 10/,
    /^record 11 .*invalid trailer: its final hash is not the hash of the last record; its final chain is not the chain of the last record$/,
    /not sealed/
  ])
})

t.test('files that are not recordings: verify reports, read throws GW_ERR_RECORDING_CORRUPT; missing and oversized files', async (t) => {
  const dir = t.testdir()
  const junk = join(dir, 'junk.kwrec')
  await writeFile(junk, randomBytes(300))
  t.match(await verifyRecording(junk), { ok: false, sealed: false, signingKeyId: '', chainChecked: false, problems: [/not a recording/] })
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT' })
  await writeFile(junk, '')
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT' })
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  await writeFile(junk, enc.encode({ header: { formatVersion: 2, recordingId: id } }, 1))
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT', message: /format version 2/ })
  await writeFile(junk, new RecordEncoder(id).encode({ usage: {} }, 1))
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT', message: /not a FileHeader/ })
  await writeFile(junk, new RecordEncoder(id).encode({ header: { formatVersion: 1, recordingId: '../x' } }, 1))
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT', message: /no valid recording id/ })
  const enc2 = new RecordEncoder(id, { keyId: 'k', key: createSecretKey(randomBytes(32)) })
  enc2.encode({ header: {} }, 1)
  await writeFile(junk, new RecordEncoder(id, { keyId: 'k', key: createSecretKey(randomBytes(32)) }, { seq: 1, prevHash: Buffer.alloc(32), chain: Buffer.alloc(32) }).encode({ usage: {} }, 1))
  await t.rejects(readRecording(junk), { code: 'GW_ERR_RECORDING_CORRUPT' }, 'an encrypted first frame is not a header')

  await t.rejects(readRecording(join(dir, 'nope.kwrec')), { code: 'GW_ERR_RECORDING_NOT_FOUND', status: 404 })
  await t.rejects(verifyRecording(join(dir, 'nope.kwrec')), { code: 'GW_ERR_RECORDING_NOT_FOUND' })
  const { recorder } = await openRecorder(t)
  const { path, bytes } = await sample(recorder)
  await t.rejects(readRecording(path, { maxBytes: bytes.byteLength - 1 }), { code: 'GW_ERR_RECORDING_TOO_LARGE' })
  t.match(await verifyRecording(path), { ok: true }, 'verify streams any size')
})

t.test('verify streams a recording larger than one read chunk', async (t) => {
  const { recorder, signingKey } = await openRecorder(t)
  const w = await recorder.create({ sessionStart: sessionStart() })
  for (let i = 0; i < 40; i++) w.appendResponseChunk('ex', i, randomBytes(60_000))
  await w.seal()
  // The 40 chunks were appended between two writes: Bundles of four (4 × 60 kB ≤ MAX_BUNDLE_BYTES < 5 × 60 kB).
  t.match(await verifyRecording(w.path, { trustedPublicKey: signingKey.publicKey }), { ok: true, recordCount: 2 + 10 + 2 })
  const frames = decodeFrames(await readFile(w.path)).frames
  t.ok(frames.every((f) => f.end - f.offset <= MAX_BUNDLE_BYTES + 1024), 'no frame is much over MAX_BUNDLE_BYTES')
  const { records } = await readRecording(w.path)
  t.equal(records.length, 44, 'read back as the 44 records written')
  t.same(records.filter((r) => r.responseChunk != null).map((r) => r.responseChunk?.atMs), Array.from({ length: 40 }, (_, i) => i), 'in order')
})

t.test('lists recordings oldest first from their first records and last bytes', async (t) => {
  const ring = createEncryptionKeyRing([['k', randomBytes(32)]], 'k')
  let now = 1_700_000_000_000
  const { recorder, dir, signingKey } = await openRecorder(t, { now: () => now++ })
  const plain = await recorder.create({ sessionStart: sessionStart({ subject: 'alice', connection: 'openai', sessionId: 's1' }) })
  await plain.seal()
  const open = await recorder.create({ sessionStart: sessionStart({ subject: 'bob' }) })
  await recorder.close()
  // As if the relay had crashed before sealing it: cut the trailer off.
  const openBytes = await readFile(open.path)
  await writeFile(open.path, openBytes.subarray(0, decodeFrames(openBytes).frames.at(-1)?.offset))
  const { recorder: enc } = await openRecorder(t, { dir, encryption: ring, now: () => now++, signingKey })
  const secret = await enc.create({ sessionStart: sessionStart({ subject: 'carol' }) })
  await secret.seal()
  await writeFile(join(dir, `${newRecordingId(now + 1000)}.kwrec`), 'garbage')
  await writeFile(join(dir, 'notes.txt'), 'ignored')
  await mkdir(join(dir, 'sub'))

  const list = await listRecordings(dir)
  t.equal(list.length, 4)
  t.match(list[0], { id: plain.id, sealed: true, truncated: false, encrypted: false, subject: 'alice', connection: 'openai', sessionId: 's1', createdUnixMs: 1_700_000_000_000 })
  t.match(list[1], { id: open.id, sealed: true, truncated: true, subject: 'bob' }, 'sealed by recovery when the second recorder opened')
  t.match(list[2], { id: secret.id, sealed: true, encrypted: true })
  t.equal(list[2]?.subject, undefined, 'no subject without the key')
  t.match(list[3], { sealed: false, problem: /FileHeader/ })
  t.ok((list[0]?.bytes ?? 0) > 0)
  const withKey = await listRecordings(dir, { keys: ring })
  t.equal(withKey[2]?.subject, 'carol')
  const wrong = await listRecordings(dir, { keys: createEncryptionKeyRing([['k', randomBytes(32)]]) })
  t.match(wrong[2], { subject: undefined, problem: /SessionStart/ })
  t.same(await listRecordings(join(dir, 'missing')), [])
})
