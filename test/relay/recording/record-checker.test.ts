import { randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { decodeFrames, hashRecord, RecordEncoder, trailerBody, ZERO_HASH } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { createEncryptionKeyRing, generateSigningKey } from '../../../relay/recording/keys.js'
import { isSignedTrailer, RecordChecker } from '../../../relay/recording/record-checker.js'

import type { RecordBody } from '../../../relay/recording/frame-codec.js'
import type { FileHeader } from '../../../relay/recording/record-checker.js'

const pb = keyward.recording.v1
const signer = generateSigningKey()
const ring = createEncryptionKeyRing([['k', randomBytes(32)]], 'k')

function headerBody (id: string, encryptionKeyId = ''): RecordBody {
  return { header: { formatVersion: 1, recordingId: id, encryptionKeyId, signingPublicKey: signer.publicKeyRaw, signingKeyId: signer.keyId } }
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
  t.match(c.problems, [/not sealed/])

  const bad = new RecordEncoder(id, undefined, { seq: 2, prevHash: randomBytes(32) }).encode({ usage: {} }, 4)
  const broken = check(Buffer.concat([frames[0] ?? Buffer.alloc(0), frames[1] ?? Buffer.alloc(0), bad, frames[2] ?? Buffer.alloc(0)]))
  t.match(broken.intact, { count: 2 })
  t.match(broken.problems, [/record 2 .*prev_hash does not match record 1/, /record 3 .*seq is 2, expected 3/])
})

t.test('flags plaintext records in an encrypted recording and encrypted ones in a plaintext recording', async (t) => {
  const id = newRecordingId()
  const key = ring.keys.get('k')
  if (key === undefined) return
  const encrypted = new RecordEncoder(id, { keyId: 'k', key })
  const h = encrypted.encode(headerBody(id, 'k'), 1)
  const plain = new RecordEncoder(id, undefined, { seq: 1, prevHash: encrypted.prevHash }).encode({ usage: {} }, 2)
  t.match(check(Buffer.concat([h, plain]), { keys: ring }).problems, [/record 1 .*a plaintext usage in an encrypted recording/, /not sealed/])

  const clear = new RecordEncoder(id)
  const ph = clear.encode(headerBody(id), 1)
  const sneaky = new RecordEncoder(id, { keyId: 'k', key }, { seq: 1, prevHash: clear.prevHash }).encode({ usage: {} }, 2)
  t.match(check(Buffer.concat([ph, sneaky])).problems, [/record 1 .*an encrypted record in a plaintext recording/, /not sealed/])
})

t.test('requireKey: a missing key id throws GW_ERR_RECORDING_KEY_MISSING; without requireKey the chain is just unchecked', async (t) => {
  const id = newRecordingId()
  const key = ring.keys.get('k')
  if (key === undefined) return
  const enc = new RecordEncoder(id, { keyId: 'k', key })
  const bytes = Buffer.concat([enc.encode(headerBody(id, 'k'), 1), enc.encode({ usage: {} }, 2)])
  t.throws(() => check(bytes, { requireKey: true }), { code: 'GW_ERR_RECORDING_KEY_MISSING' })
  const c = check(bytes)
  t.equal(c.chainChecked, false)
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
  const junkFrame = Buffer.from(pb.Frame.encodeDelimited({ record: junk, crc32: crc32(junk) }).finish())
  const empty = Buffer.from(pb.Record.encode({ seq: 2, prevHash: hashRecord(junk) }).finish())
  const emptyFrame = Buffer.from(pb.Frame.encodeDelimited({ record: empty, crc32: crc32(empty) }).finish())
  const c = check(Buffer.concat([h, junkFrame, emptyFrame]))
  t.match(c.problems, [/record 0 .*signing key id does not match/, /record 1 .*does not decode/, /record 2 .*has no body/, /not sealed/])

  const enc2 = new RecordEncoder(id)
  const h2 = enc2.encode(headerBody(id), 1)
  const body = trailerBody(signer, id, 1, enc2.prevHash, false, 5)
  if (!('trailer' in body)) return
  const lying = new RecordEncoder(id, undefined, { seq: 1, prevHash: ZERO_HASH }).encode(body, 2)
  const lied = check(Buffer.concat([h2, lying]))
  t.match(lied.problems, [/prev_hash does not match/, /invalid trailer: its final hash differs from its prev_hash/, /not sealed/])
  t.equal(isSignedTrailer(decodeFrames(lying).frames[0] ?? { offset: 0, end: 0, record: Buffer.alloc(0), nonce: Buffer.alloc(0) }, lied.header as FileHeader), undefined)
})

t.test('isSignedTrailer accepts only a plaintext trailer signed by the header key', async (t) => {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const h = enc.encode(headerBody(id), 1)
  const header = check(h).header as FileHeader
  const good = decodeFrames(enc.encode(trailerBody(signer, id, 1, enc.prevHash, true, 2), 2)).frames[0]
  if (good === undefined) return
  t.equal(isSignedTrailer(good, header)?.truncated, true)
  t.equal(isSignedTrailer({ ...good, nonce: Buffer.alloc(12) }, header), undefined, 'an encrypted frame is not a trailer')
  t.equal(isSignedTrailer({ ...good, record: Buffer.from([0x0a, 0x7f]) }, header), undefined, 'undecodable')
  const usage = decodeFrames(new RecordEncoder(id).encode({ usage: {} }, 1)).frames[0]
  if (usage !== undefined) t.equal(isSignedTrailer(usage, header), undefined, 'not a trailer')
  const other = generateSigningKey()
  t.equal(isSignedTrailer(good, { ...header, signingPublicKey: other.publicKeyRaw } as FileHeader), undefined, 'another key')
  t.equal(isSignedTrailer(good, { ...header, signingPublicKey: Buffer.alloc(3) } as FileHeader), undefined, 'a malformed key')
})
