import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { chainLink, decodeFrames, hashRecord, RecordEncoder, trailerBody, ZERO_HASH } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { isSignedTrailer, RecordChecker } from '../../../relay/recording/record-checker.js'
import { reframe } from './helpers.js'

import type { EncoderState, RecordBody, StoredFrame } from '../../../relay/recording/frame-codec.js'
import type { FileHeader } from '../../../relay/recording/record-checker.js'

const pb = keyward.recording.v1
const signer = generateSigningKey()
const ring = createEncryptionKeyRing([['k', randomBytes(32)]], 'k')

function headerBody (id: string, encryptionKeyId = ''): RecordBody {
  return { header: { formatVersion: 1, recordingId: id, encryptionKeyId, signingPublicKey: signer.publicKeyRaw, signingKeyId: signer.keyId } }
}

/** The chain state of `enc` now, to continue it from another encoder. */
function stateOf (enc: RecordEncoder): EncoderState {
  return { seq: enc.seq, prevHash: enc.prevHash, chain: enc.chain }
}

/** The one frame in `bytes`. */
function only (bytes: Buffer): StoredFrame {
  const f = decodeFrames(bytes).frames[0]
  if (f === undefined) throw new Error('no frame')
  return f
}

/** Runs the checker over `frames` and returns it. */
function check (bytes: Buffer, options: ConstructorParameters<typeof RecordChecker>[0] = {}): RecordChecker {
  const checker = new RecordChecker(options)
  const scan = decodeFrames(bytes)
  for (const f of scan.frames) checker.frame(f)
  if (scan.stop !== undefined) checker.stopped(scan.stop, bytes.byteLength)
  checker.finish()
  return checker
}

t.test('tracks the intact prefix: it stops at the first problem', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const frames = [enc.encode(headerBody(id), 1), enc.encode({ usage: {} }, 2), enc.encode({ usage: {} }, 3)]
  const c = check(Buffer.concat(frames))
  t.match(c.intact, { count: 3, end: Buffer.concat(frames).byteLength, sealed: false })
  t.ok(c.intact?.hash.equals(enc.prevHash))
  t.ok(c.intact?.chain.equals(enc.chain))
  t.match(c.problems, [/not sealed/])
  t.equal(c.chainChecked, true)

  // Record 2 with a wrong prev_hash but a frame chain and seq that follow: only the inner chain breaks there.
  const again = new RecordEncoder(id)
  again.encode(headerBody(id), 1)
  again.encode({ usage: {} }, 2)
  const bad = new RecordEncoder(id, undefined, { ...stateOf(again), prevHash: randomBytes(32) }).encode({ usage: {} }, 4)
  const broken = check(Buffer.concat([frames[0] ?? Buffer.alloc(0), frames[1] ?? Buffer.alloc(0), bad, frames[2] ?? Buffer.alloc(0)]))
  t.match(broken.intact, { count: 2 })
  t.same(broken.problems.slice(0, 4).map((p) => p.replace(/ \(offset \d+\)/, '').replace(/ \(.*\)$/, '')), [
    'record 2: prev_hash does not match record 1',
    'record 3: frame seq is 2, expected 3',
    'record 3: chain does not follow from record 2',
    'record 3: prev_hash does not match record 2'
  ])
})

t.test('without the key, a forged frame seq, a broken chain and a replaced record are caught from the frames alone', async (t) => {
  const id = newRecordingId()
  const key = ring.keys.get('k')
  if (key === undefined) return
  const enc = new RecordEncoder(id, { keyId: 'k', key })
  const bytes = [enc.encode(headerBody(id, 'k'), 1), ...[2, 3, 4, 5].map((i) => enc.encode({ usage: { exchangeId: `ex${i}` } }, i))]
  const frames = bytes.map(only)
  const at = (i: number): StoredFrame => frames[i] ?? only(bytes[0] ?? Buffer.alloc(0))
  const file = (replace: Record<number, Buffer>): Buffer => Buffer.concat(bytes.map((b, i) => replace[i] ?? b))

  const clean = check(file({}))
  t.match(clean, { chainChecked: true, undecrypted: 4, problems: [/not sealed/] })
  t.equal(clean.problems.length, 1)

  const forged = check(file({ 2: reframe(at(2), { seq: 7 }) }))
  t.match(forged.problems, [/^record 2 \(offset \d+\): frame seq is 7, expected 2/, /not sealed/])
  t.match(check(file({ 2: reframe(at(2), { seq: 7 }) }), { keys: ring }).problems,
    [/^record 2 .*frame seq is 7, expected 2/, /^record 2 .*seq inside the record is 2, its frame says 7/], 'with the key both seqs are named')

  // Another recording's record 2 in its place, CRC and this frame's chain recomputed: the next frame's chain breaks.
  const other = new RecordEncoder(newRecordingId(), { keyId: 'k', key })
  other.encode(headerBody(id, 'k'), 1)
  other.encode({ usage: {} }, 2)
  const foreign = only(other.encode({ usage: { exchangeId: 'foreign' } }, 3)).record
  const replaced = check(file({ 2: reframe(at(2), { record: foreign, chain: chainLink(at(1).chain, foreign) }) }))
  t.match(replaced.problems, [/^record 3 .*chain does not follow from record 2/, /not sealed/])
  t.equal(replaced.problems.length, 2, 'reported once, where the chain breaks')
  t.match(replaced.intact, { count: 3 }, 'recovery would cut before record 3, the first it can prove out of place')
  const kept = check(file({ 2: reframe(at(2), { record: foreign }) }))
  t.match(kept.problems, [/^record 2 .*chain does not follow from record 1/, /not sealed/], 'without recomputing the chain it breaks at once')
  t.equal(kept.problems.length, 2)

  const swapped = check(Buffer.concat([bytes[0], bytes[1], bytes[3], bytes[2], bytes[4]].map((b) => b ?? Buffer.alloc(0))))
  t.match(swapped.problems, [
    /^record 2 .*frame seq is 3, expected 2/, /^record 2 .*chain does not follow/, /^record 3 .*frame seq is 2, expected 3/,
    /^record 3 .*chain does not follow/, /^record 4 .*chain does not follow from record 3/, /not sealed/
  ])
})

t.test('flags plaintext records in an encrypted recording and encrypted ones in a plaintext recording', async (t) => {
  const id = newRecordingId()
  const key = ring.keys.get('k')
  if (key === undefined) return
  const encrypted = new RecordEncoder(id, { keyId: 'k', key })
  const h = encrypted.encode(headerBody(id, 'k'), 1)
  const plain = new RecordEncoder(id, undefined, stateOf(encrypted)).encode({ usage: {} }, 2)
  t.match(check(Buffer.concat([h, plain]), { keys: ring }).problems, [/record 1 .*a plaintext usage in an encrypted recording/, /not sealed/])

  const clear = new RecordEncoder(id)
  const ph = clear.encode(headerBody(id), 1)
  const sneaky = new RecordEncoder(id, { keyId: 'k', key }, stateOf(clear)).encode({ usage: {} }, 2)
  t.match(check(Buffer.concat([ph, sneaky])).problems, [/record 1 .*an encrypted record in a plaintext recording/, /not sealed/])
})

t.test('requireKey: a missing key id throws GW_ERR_RECORDING_KEY_MISSING; without requireKey the records are left undecrypted', async (t) => {
  const id = newRecordingId()
  const key = ring.keys.get('k')
  if (key === undefined) return
  const enc = new RecordEncoder(id, { keyId: 'k', key })
  const bytes = Buffer.concat([enc.encode(headerBody(id, 'k'), 1), enc.encode({ usage: {} }, 2)])
  t.throws(() => check(bytes, { requireKey: true }), { code: 'GW_ERR_RECORDING_KEY_MISSING' })
  const c = check(bytes)
  t.equal(c.chainChecked, true, 'the frame chain needs no key')
  t.equal(c.undecrypted, 1)
  t.equal(c.encrypted, true)
  const wrong = createEncryptionKeyRing([['k', randomBytes(32)]])
  t.throws(() => check(bytes, { keys: wrong, requireKey: true }), { code: 'GW_ERR_RECORDING_DECRYPT_FAILED' })
  t.match(check(bytes, { keys: wrong }).problems, [/record 1 .*cannot be decrypted/, /not sealed/])
})

t.test('reports undecodable records, records without a body, a bad header key id and a trailer whose hashes disagree', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const h = enc.encode({ header: { formatVersion: 1, recordingId: id, signingPublicKey: signer.publicKeyRaw, signingKeyId: 'ffffffffffffffff' } }, 1)
  // A frame whose record bytes are not a Record (a length-delimited field running past the end), CRC intact.
  const junk = Buffer.from([0x0a, 0x7f])
  const junkChain = chainLink(enc.chain, junk)
  const junkFrame = Buffer.from(pb.Frame.encodeDelimited({ record: junk, crc32: crc32(junk), chain: junkChain, seq: 1 }).finish())
  const empty = Buffer.from(pb.Record.encode({ seq: 2, prevHash: hashRecord(junk) }).finish())
  const emptyFrame = Buffer.from(pb.Frame.encodeDelimited({ record: empty, crc32: crc32(empty), chain: chainLink(junkChain, empty), seq: 2 }).finish())
  const c = check(Buffer.concat([h, junkFrame, emptyFrame]))
  t.match(c.problems, [/record 0 .*signing key id does not match/, /record 1 .*does not decode/, /record 2 .*has no body/, /not sealed/])

  const enc2 = new RecordEncoder(id)
  const h2 = enc2.encode(headerBody(id), 1)
  const body = trailerBody(signer, id, 1, enc2.prevHash, false, 5, enc2.chain)
  if (!('trailer' in body)) return
  const lying = new RecordEncoder(id, undefined, { ...stateOf(enc2), prevHash: ZERO_HASH }).encode(body, 5)
  const lied = check(Buffer.concat([h2, lying]))
  t.match(lied.problems, [/prev_hash does not match/, /invalid trailer: its final hash differs from its prev_hash$/, /not sealed/])
  t.equal(isSignedTrailer(only(lying), lied.header as FileHeader), undefined)
})

t.test('a trailer must sign the chain of the last record and carry its seal time as its own time', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const h = enc.encode(headerBody(id), 1)
  const u = enc.encode({ usage: {} }, 2)
  const state = stateOf(enc)
  // Signed by the right key, over a chain that is not the file's (as if every chain value had been recomputed).
  const otherChain = randomBytes(32)
  const wrongChain = new RecordEncoder(id, undefined, state).encode(trailerBody(signer, id, 2, state.prevHash, false, 9, otherChain), 9)
  t.match(check(Buffer.concat([h, u, wrongChain])).problems, [/^record 2 .*invalid trailer: its final chain is not the chain of the last record$/, /not sealed/])

  const late = new RecordEncoder(id, undefined, state).encode(trailerBody(signer, id, 2, state.prevHash, false, 9, state.chain), 10)
  t.match(check(Buffer.concat([h, u, late])).problems, [/^record 2 .*invalid trailer: its time differs from its seal time$/, /not sealed/])
  const good = new RecordEncoder(id, undefined, state).encode(trailerBody(signer, id, 2, state.prevHash, false, 9, state.chain), 9)
  t.same(check(Buffer.concat([h, u, good])).problems, [])

  // The seal time is signed: a trailer whose seal time (and own time) were changed no longer verifies.
  const decoded = pb.Record.decode(only(good).record)
  const retimed = Buffer.from(pb.Record.encode({ ...decoded, timeUnixMs: 99, trailer: { ...decoded.trailer, sealedUnixMs: 99 } }).finish())
  const forged = reframe(only(good), { record: retimed, chain: chainLink(state.chain, retimed) })
  t.match(check(Buffer.concat([h, u, forged])).problems, [/^record 2 .*invalid trailer: its signature does not verify/, /not sealed/])
})

t.test('a FileHeader frame whose chain or seq is wrong is a problem at record 0, and nothing is intact', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const h = only(enc.encode(headerBody(id), 1))
  const c = check(reframe(h, { chain: randomBytes(32) }))
  t.match(c.problems, [/^record 0 \(offset 0\): chain does not follow from the start of the file/, /not sealed/])
  t.equal(c.intact, undefined)
  t.match(check(reframe(h, { seq: 1 })).problems, [/^record 0 .*frame seq is 1, expected 0/])
})

t.test('isSignedTrailer accepts only a plaintext trailer signed by the header key', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const h = enc.encode(headerBody(id), 1)
  const header = check(h).header as FileHeader
  const chainBefore = enc.chain
  const good = decodeFrames(enc.encode(trailerBody(signer, id, 1, enc.prevHash, true, 2, enc.chain), 2)).frames[0]
  if (good === undefined) return
  t.equal(isSignedTrailer(good, header)?.truncated, true)
  t.equal(isSignedTrailer({ ...good, seq: 2 }, header), undefined, 'a frame seq other than the count')
  t.equal(isSignedTrailer({ ...good, chain: randomBytes(32) }, header), undefined, 'a frame chain that does not follow from the signed final chain')
  t.ok(good.chain.equals(chainLink(chainBefore, good.record)))
  const decoded = pb.Record.decode(good.record)
  const retimed = Buffer.from(pb.Record.encode({ ...decoded, timeUnixMs: 3 }).finish())
  t.equal(isSignedTrailer({ ...good, record: retimed, chain: chainLink(chainBefore, retimed) }, header), undefined, 'a time other than the seal time')
  t.equal(isSignedTrailer({ ...good, nonce: Buffer.alloc(12) }, header), undefined, 'an encrypted frame is not a trailer')
  t.equal(isSignedTrailer({ ...good, record: Buffer.from([0x0a, 0x7f]) }, header), undefined, 'undecodable')
  const usage = decodeFrames(new RecordEncoder(id).encode({ usage: {} }, 1)).frames[0]
  if (usage !== undefined) t.equal(isSignedTrailer(usage, header), undefined, 'not a trailer')
  const other = generateSigningKey()
  t.equal(isSignedTrailer(good, { ...header, signingPublicKey: other.publicKeyRaw } as FileHeader), undefined, 'another key')
  t.equal(isSignedTrailer(good, { ...header, signingPublicKey: Buffer.alloc(3) } as FileHeader), undefined, 'a malformed key')
})
