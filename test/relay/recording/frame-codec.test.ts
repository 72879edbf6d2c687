import { createHash, createSecretKey, randomBytes } from 'node:crypto'
import { crc32 } from 'node:zlib'

import fc from 'fast-check'
import Long from 'long'
import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { MAX_FRAME_BYTES } from '../../../relay/recording/constants.js'
import {
  bodyKind, chainLink, decodeFrames, decodeRecord, decryptRecord, hashRecord, RecordEncoder, toNumber, trailerBody, trailerSigningBytes, ZERO_HASH
} from '../../../relay/recording/frame-codec.js'
import { generateSigningKey } from '../../../relay/recording/keys.js'

import type { RecordBody } from '../../../relay/recording/frame-codec.js'

const pb = keyward.recording.v1
const ID = 'rec_01HF7YAT00S617GDBPJ3C3KTPZ'

function chunk (i: number, size = 10): RecordBody {
  return { responseChunk: { exchangeId: `ex-${i}`, atMs: i, data: Buffer.alloc(size, i) } }
}

t.test('frames equal Frame.encodeDelimited, chain prev_hash over the stored bytes and carry the frame chain and seq', async (t) => {
  const enc = new RecordEncoder(ID)
  const frames = [0, 1, 2].map((i) => enc.encode(chunk(i), 1_700_000_000_000 + i))
  const scan = decodeFrames(Buffer.concat(frames))
  t.equal(scan.frames.length, 3)
  t.equal(scan.stop, undefined)
  t.equal(scan.end, frames.reduce((n, f) => n + f.byteLength, 0))
  let prev = ZERO_HASH
  let chain = ZERO_HASH
  scan.frames.forEach((f, i) => {
    const expectedChain = createHash('sha256').update(chain).update(f.record).digest()
    t.same(frames[i], Buffer.from(pb.Frame.encodeDelimited({ record: f.record, crc32: crc32(f.record), chain: expectedChain, seq: i }).finish()), `frame ${i} bytes`)
    t.equal(f.nonce.byteLength, 0)
    t.equal(f.seq, i, `frame ${i} seq`)
    t.ok(f.chain.equals(expectedChain), `frame ${i} chain = SHA-256(previous chain || record)`)
    t.ok(chainLink(chain, f.record).equals(expectedChain))
    const r = decodeRecord(f.record)
    t.equal(toNumber(r.seq), i)
    t.equal(toNumber(r.timeUnixMs), 1_700_000_000_000 + i)
    t.ok(prev.equals(r.prevHash), `record ${i} prev_hash`)
    t.equal(r.responseChunk?.exchangeId, `ex-${i}`)
    prev = hashRecord(f.record)
    chain = expectedChain
  })
  t.equal(enc.seq, 3)
  t.ok(enc.prevHash.equals(prev))
  t.ok(enc.chain.equals(chain))
})

t.test('the frame seq is a full varint: frames past seq 2^32 still equal Frame.encodeDelimited', async (t) => {
  for (const seq of [127, 128, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER - 1]) {
    const enc = new RecordEncoder(ID, undefined, { seq, prevHash: ZERO_HASH, chain: ZERO_HASH })
    const bytes = enc.encode(chunk(1), 1)
    const f = decodeFrames(bytes).frames[0]
    if (f === undefined) return
    t.equal(f.seq, seq)
    t.same(bytes, Buffer.from(pb.Frame.encodeDelimited({ record: f.record, crc32: crc32(f.record), chain: f.chain, seq }).finish()), `seq ${seq}`)
  }
})

t.test('encrypts with AES-256-GCM bound to recording id and seq; header and trailer stay plaintext', async (t) => {
  const key = createSecretKey(randomBytes(32))
  const enc = new RecordEncoder(ID, { keyId: 'k1', key })
  const header = enc.encode({ header: { formatVersion: 1, recordingId: ID } }, 1)
  const secret = enc.encode(chunk(7), 2)
  const signer = generateSigningKey()
  const trailer = enc.encode(trailerBody(signer, ID, 2, enc.prevHash, false, 3, enc.chain), 3)
  const [h, s, tr] = decodeFrames(Buffer.concat([header, secret, trailer])).frames
  t.equal(h?.nonce.byteLength, 0)
  t.equal(tr?.nonce.byteLength, 0)
  t.equal(s?.nonce.byteLength, 12)
  if (s === undefined) return
  t.same(Buffer.from(pb.Frame.encodeDelimited({ record: s.record, crc32: crc32(s.record), nonce: s.nonce, chain: s.chain, seq: 1 }).finish()), secret)
  t.ok(s.chain.equals(chainLink(h?.chain ?? Buffer.alloc(0), s.record)), 'the frame chain covers the ciphertext, in plaintext')
  t.notOk(s.record.includes(Buffer.from('ex-7')), 'the plaintext is not on disk')
  t.equal(decodeRecord(decryptRecord(s.record, s.nonce, key, ID, 1)).responseChunk?.exchangeId, 'ex-7')
  t.throws(() => decryptRecord(s.record, s.nonce, key, ID, 2), /unable to authenticate|Unsupported state/, 'another position fails')
  t.throws(() => decryptRecord(s.record, s.nonce, key, 'rec_01HF7YAT00S617GDBPJ3C3KTPY', 1), /unable to authenticate|Unsupported state/, 'another recording fails')
  t.throws(() => decryptRecord(s.record, s.nonce, createSecretKey(randomBytes(32)), ID, 1), /unable to authenticate|Unsupported state/, 'another key fails')
  t.throws(() => decryptRecord(s.record, Buffer.alloc(3), key, ID, 1), /malformed/)
  const nonces = new Set(Array.from({ length: 200 }, () => decodeFrames(enc.encode(chunk(1), 4)).frames[0]?.nonce.toString('hex')))
  t.equal(nonces.size, 200, 'a fresh nonce per record, across nonce pool refills')
  const tr2 = decodeRecord(tr?.record ?? Buffer.alloc(0)).trailer
  t.equal(toNumber(tr2?.recordCount), 2)
})

t.test('decodeFrames stops at a torn frame with the offset of the last intact one, at every cut', async (t) => {
  const enc = new RecordEncoder(ID)
  const frames = [0, 1, 2].map((i) => enc.encode(chunk(i, 200), i))
  const all = Buffer.concat(frames)
  const ends = [frames[0]?.byteLength ?? 0]
  ends.push((ends[0] ?? 0) + (frames[1]?.byteLength ?? 0))
  for (let cut = 0; cut < all.byteLength; cut++) {
    const scan = decodeFrames(all.subarray(0, cut))
    const intact = ends.filter((e) => e <= cut)
    t.equal(scan.frames.length, intact.length)
    const end = intact[intact.length - 1] ?? 0
    t.equal(scan.end, end)
    if (cut === end) t.equal(scan.stop, undefined)
    else t.match(scan.stop, { reason: 'short', offset: end })
  }
})

t.test('decodeFrames reports oversized, malformed and CRC-failing frames without throwing', async (t) => {
  const enc = new RecordEncoder(ID)
  const good = enc.encode(chunk(1), 1)
  // Length prefix over the limit: refused before reading the body.
  const big = Buffer.from([0x80, 0x80, 0xc0, 0x00]) // 1 MiB exactly
  t.match(decodeFrames(Buffer.concat([good, big, Buffer.alloc(10)]), 0, MAX_FRAME_BYTES - 1), { end: good.byteLength, stop: { reason: 'too-large', offset: good.byteLength } })
  t.match(decodeFrames(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), { stop: { reason: 'too-large', offset: 0 } }, 'a 6-byte varint')
  t.match(decodeFrames(Buffer.from([0xff, 0xff])), { stop: { reason: 'short' } }, 'a varint cut short')
  // Malformed frame body (a length-delimited field longer than the frame).
  t.match(decodeFrames(Buffer.from([0x03, 0x0a, 0x7f, 0x00])), { stop: { reason: 'malformed', offset: 0, next: 4 } })
  // A frame with no record.
  t.match(decodeFrames(Buffer.from([0x02, 0x10, 0x01])), { stop: { reason: 'malformed', next: 3 } })
  // One flipped byte inside the record.
  const flipped = Buffer.from(good)
  flipped[10] = (flipped[10] ?? 0) ^ 0x01
  t.match(decodeFrames(Buffer.concat([good, flipped, good])), { frames: [{}], end: good.byteLength, stop: { reason: 'crc', offset: good.byteLength, next: good.byteLength * 2 } })
  t.match(decodeFrames(Buffer.concat([good, good]), good.byteLength), { frames: [{ offset: good.byteLength }] }, 'starts at an offset')
})

t.test('property: any split of a frame stream decodes incrementally to the same records', async () => {
  fc.assert(fc.property(
    fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 12 }),
    fc.array(fc.nat(), { maxLength: 6 }),
    (bodies, cuts) => {
      const enc = new RecordEncoder(ID)
      const stream = Buffer.concat(bodies.map((b, i) => enc.encode({ responseChunk: { exchangeId: 'e', atMs: i, data: b } }, i)))
      const points = [...new Set(cuts.map((c) => c % (stream.byteLength + 1)))].sort((a, b) => a - b)
      const seen: Buffer[] = []
      let pending: Buffer = Buffer.alloc(0)
      let from = 0
      for (const to of [...points, stream.byteLength]) {
        pending = Buffer.concat([pending, stream.subarray(from, to)])
        from = to
        const scan = decodeFrames(pending)
        if (scan.stop !== undefined && scan.stop.reason !== 'short') return false
        for (const f of scan.frames) seen.push(Buffer.from(decodeRecord(f.record).responseChunk?.data ?? []))
        pending = pending.subarray(scan.end)
      }
      return pending.byteLength === 0 && seen.length === bodies.length && seen.every((b, i) => b.equals(Buffer.from(bodies[i] ?? [])))
    }))
})

t.test('property: arbitrary bytes never throw and never yield a frame over the limit', async () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
    const scan = decodeFrames(Buffer.from(bytes), 0, 200)
    return scan.end <= bytes.byteLength && scan.frames.every((f) => f.end - f.offset <= 200 + 5)
  }))
})

t.test('refuses a record over the frame limit with GW_ERR_RECORDING_TOO_LARGE and leaves the chain unchanged', async (t) => {
  const enc = new RecordEncoder(ID, undefined, undefined, 1000)
  enc.encode(chunk(0), 0)
  const before = { seq: enc.seq, prevHash: enc.prevHash, chain: enc.chain }
  t.throws(() => enc.encode(chunk(1, 2000), 1), { code: 'GW_ERR_RECORDING_TOO_LARGE' })
  t.equal(enc.seq, before.seq)
  t.ok(enc.prevHash.equals(before.prevHash))
  t.ok(enc.chain.equals(before.chain))
  t.doesNotThrow(() => enc.encode(chunk(2), 2))
})

t.test('continues both chains from saved state (recovery)', async (t) => {
  const prevHash = randomBytes(32)
  const chain = randomBytes(32)
  const enc = new RecordEncoder(ID, undefined, { seq: 41, prevHash, chain })
  const f = decodeFrames(enc.encode(chunk(1), 1)).frames[0]
  const r = decodeRecord(f?.record ?? Buffer.alloc(0))
  t.equal(toNumber(r.seq), 41)
  t.equal(f?.seq, 41)
  t.ok(prevHash.equals(r.prevHash))
  t.ok(f?.chain.equals(chainLink(chain, f.record)))
})

t.test('bodyKind insists on exactly one known body field', async (t) => {
  t.equal(bodyKind({ usage: {} }), 'usage')
  t.throws(() => bodyKind({} as RecordBody), TypeError)
  t.throws(() => bodyKind({ usage: {}, policy: {} } as unknown as RecordBody), /one body/)
  t.throws(() => bodyKind({ nonsense: {} } as unknown as RecordBody), /unknown record body field/)
})

t.test('the trailer signs the documented bytes: id, count, final hash, final chain, seal time, state', async (t) => {
  const hash = Buffer.alloc(32, 0xab)
  const chain = Buffer.alloc(32, 0xcd)
  t.equal(trailerSigningBytes(ID, 12, hash, true, chain, 1_700_000_000_123).toString(),
    `keyward-recording-v1\n${ID}\n12\n${'ab'.repeat(32)}\n${'cd'.repeat(32)}\n1700000000123\ntruncated`)
  t.equal(trailerSigningBytes(ID, 3, hash, false, chain, 5).toString().split('\n').pop(), 'sealed')
  // A seal time decoded as a Long is printed exactly, not through a double.
  t.equal(trailerSigningBytes(ID, 3, hash, false, chain, Long.fromString('9007199254740993')).toString().split('\n')[5], '9007199254740993')
  const body = trailerBody(generateSigningKey(), ID, 3, hash, false, 77, chain)
  t.match(body, { trailer: { recordCount: 3, finalHash: hash, finalChain: chain, truncated: false, sealedUnixMs: 77 } })
  t.equal(toNumber(undefined), 0)
  t.equal(toNumber(7), 7)
})
