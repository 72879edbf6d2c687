import fc from 'fast-check'
import t from 'tap'

import { keyward } from '../../../proto/gen/tunnel.js'
import {
  MAX_FRAME_BYTES, MAX_HEADER_BYTES, MAX_HEADERS_PER_FRAME, WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_TOO_BIG
} from '../../../common/tunnel/constants.js'
import { TunnelFrameMalformedError, TunnelFrameTooLargeError } from '../../../common/tunnel/errors.js'
import {
  decodeFrame, encodeFrame, encodeHeadFields, encodeOpenFields, encodeStreamFrame, headersFromProto, headersToProto,
  STREAM_FRAME_DATA, STREAM_FRAME_HEAD, STREAM_FRAME_OPEN, validateHeaders
} from '../../../common/tunnel/frame-codec.js'

import type { FrameInit, HeaderList } from '../../../common/tunnel/frame-codec.js'

const pb = keyward.tunnel.v1

function catchErr (fn: () => unknown): unknown {
  try {
    fn()
  } catch (err: unknown) {
    return err
  }
  return undefined
}

function open (headers: HeaderList, overrides: Partial<{ method: string, path: string, connection: string }> = {}): Uint8Array {
  // Build through the generated encoder directly, bypassing encodeFrame's own validation: this is what a
  // broken or hostile peer could send.
  return pb.Frame.encode({
    streamId: 1,
    seq: 0,
    open: {
      connection: overrides.connection ?? 'openai',
      method: overrides.method ?? 'POST',
      path: overrides.path ?? '/v1/chat/completions',
      headers: headersToProto(headers),
      exchangeId: 'ex',
      windowBytes: 1
    }
  }).finish()
}

t.test('round-trips every frame kind', async (t) => {
  const chunk = Buffer.from('hello world')
  const cases = [
    { streamId: 0, seq: 0, hello: { agentId: 'a1', connections: ['openai', 'local'] as string[], version: '0.1.0' } },
    { streamId: 0, seq: 1, welcome: { relayId: 'r1', maxFrameBytes: 1024, initialWindowBytes: 2048 } },
    { streamId: 0, seq: 2, goAway: { code: 'GW_ERR_TUNNEL_GOING_AWAY', message: 'bye', lastStreamId: 7 } },
    { streamId: 5, seq: 3, data: { chunk } },
    { streamId: 5, seq: 4, end: {} },
    { streamId: 5, seq: 5, reset: { code: 'GW_ERR_X', message: 'why' } },
    { streamId: 5, seq: 6, credit: { bytes: 65536 } }
  ] satisfies FrameInit[]
  for (const c of cases) {
    const f = decodeFrame(encodeFrame(c))
    const kind = Object.keys(c)[2] as string
    t.equal(f.kind, kind === 'goAway' ? 'goAway' : kind, `kind ${kind}`)
    t.equal(f.streamId, c.streamId)
    t.equal(f.seq, c.seq)
  }
  const d = decodeFrame(encodeFrame({ streamId: 5, seq: 3, data: { chunk } }))
  t.ok(Buffer.from(d.data?.chunk ?? []).equals(chunk), 'data bytes survive')

  const o = decodeFrame(encodeFrame({
    streamId: 9,
    seq: 0,
    open: {
      connection: 'openai',
      method: 'POST',
      path: '/v1/chat/completions?x=1',
      headers: [['content-type', 'application/json'], ['x-multi', 'a'], ['x-multi', 'b\tc']],
      exchangeId: 'ex-42',
      windowBytes: 262144
    }
  }))
  t.equal(o.kind, 'open')
  t.same(headersFromProto(o.open?.headers as never), [['content-type', 'application/json'], ['x-multi', 'a'], ['x-multi', 'b\tc']])
  t.match(o.open, { connection: 'openai', method: 'POST', path: '/v1/chat/completions?x=1', exchangeId: 'ex-42', windowBytes: 262144 })

  const h = decodeFrame(encodeFrame({ streamId: 9, seq: 1, head: { status: 201, headers: [['x-a', '1']], windowBytes: 10 } }))
  t.match(h.head, { status: 201, windowBytes: 10 })
  t.same(headersFromProto(h.head?.headers as never), [['x-a', '1']])
})

t.test('rejects a frame larger than maxFrameBytes with GW_ERR_TUNNEL_FRAME_TOO_LARGE before decoding', async (t) => {
  const big = encodeFrame({ streamId: 1, seq: 0, data: { chunk: Buffer.alloc(2000) } })
  const err = catchErr(() => decodeFrame(big, 1000))
  t.type(err, TunnelFrameTooLargeError)
  t.match(err, { code: 'GW_ERR_TUNNEL_FRAME_TOO_LARGE', closeCode: WS_CLOSE_TOO_BIG })
  // Garbage over the limit is still "too large", never "malformed": size is checked first.
  t.throws(() => decodeFrame(Buffer.alloc(MAX_FRAME_BYTES + 1, 0xff)), TunnelFrameTooLargeError)
  t.equal(decodeFrame(big, 2100).kind, 'data', 'within the limit decodes')
})

t.test('rejects undecodable bytes and a frame without kind with GW_ERR_TUNNEL_FRAME_MALFORMED', async (t) => {
  for (const bytes of [Buffer.from([0x0a]), Buffer.from([0xff, 0xff, 0xff]), Buffer.alloc(0), pb.Frame.encode({ streamId: 3, seq: 1 }).finish()]) {
    const err = catchErr(() => decodeFrame(bytes))
    t.type(err, TunnelFrameMalformedError, `bytes ${Buffer.from(bytes).toString('hex')}`)
    t.match(err, { code: 'GW_ERR_TUNNEL_FRAME_MALFORMED', closeCode: WS_CLOSE_PROTOCOL_ERROR })
  }
})

t.test('never throws anything but the two frame errors on random bytes (property)', async (t) => {
  let decoded = 0
  fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
    try {
      decodeFrame(bytes, 400)
      decoded++
    } catch (err: unknown) {
      if (!(err instanceof TunnelFrameMalformedError) && !(err instanceof TunnelFrameTooLargeError)) throw err
      if (bytes.byteLength > 400 && !(err instanceof TunnelFrameTooLargeError)) throw new Error('size not checked first')
    }
  }), { numRuns: 3000 })
  t.pass(`3000 random inputs handled (${decoded} decoded as valid frames)`)
})

t.test('never throws anything but the frame errors on mutated valid frames (property)', async (t) => {
  const valid = Buffer.from(open([['content-type', 'application/json'], ['x-a', 'b']]))
  fc.assert(fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (edits) => {
    const copy = Buffer.from(valid)
    for (const [at, byte] of edits) copy[at] = byte
    try {
      decodeFrame(copy)
    } catch (err: unknown) {
      if (!(err instanceof TunnelFrameMalformedError)) throw err
    }
  }), { numRuns: 2000 })
  t.pass()
})

t.test('rejects CR, LF and NUL in header names and values as GW_ERR_TUNNEL_FRAME_MALFORMED', async (t) => {
  for (const bad of ['a\r\nx-injected: 1', 'a\nb', 'a\rb', 'a\0b', 'a\x7fb']) {
    t.throws(() => decodeFrame(open([['x-ok', bad]])), TunnelFrameMalformedError, `value ${JSON.stringify(bad)}`)
    t.throws(() => encodeFrame({ streamId: 1, seq: 0, head: { status: 200, headers: [['x-ok', bad]], windowBytes: 1 } }),
      TunnelFrameMalformedError, 'refused on encode too')
  }
  for (const bad of ['x\r\n', 'x\0', 'X-Upper', '', 'sp ace', 'colon:']) {
    t.throws(() => decodeFrame(open([[bad, 'v']])), TunnelFrameMalformedError, `name ${JSON.stringify(bad)}`)
  }
  t.doesNotThrow(() => decodeFrame(open([['x-tab', 'a\tb'], ['x-utf8', 'héllo']])), 'tab and non-ASCII are fine')
})

t.test('rejects header lists over the count and byte limits', async (t) => {
  const many: HeaderList = Array.from({ length: MAX_HEADERS_PER_FRAME + 1 }, (_, i) => [`x-${i}`, 'v'])
  t.throws(() => decodeFrame(open(many)), TunnelFrameMalformedError)
  t.doesNotThrow(() => validateHeaders(many.slice(0, MAX_HEADERS_PER_FRAME)))
  const huge: HeaderList = [['x-big', 'a'.repeat(MAX_HEADER_BYTES)]]
  t.throws(() => decodeFrame(open(huge)), TunnelFrameMalformedError)
  t.doesNotThrow(() => validateHeaders([['x-big', 'a'.repeat(MAX_HEADER_BYTES - 'x-big'.length)]]), 'exactly at the limit')
})

t.test('rejects an invalid method, path, connection or status', async (t) => {
  t.throws(() => decodeFrame(open([], { method: 'GE T' })), TunnelFrameMalformedError)
  t.throws(() => decodeFrame(open([], { method: '' })), TunnelFrameMalformedError)
  t.throws(() => decodeFrame(open([], { path: 'http://evil/' })), TunnelFrameMalformedError)
  t.throws(() => decodeFrame(open([], { path: '/a b' })), TunnelFrameMalformedError)
  t.throws(() => decodeFrame(open([], { path: '/a\r\nb' })), TunnelFrameMalformedError)
  t.throws(() => decodeFrame(open([], { connection: '' })), TunnelFrameMalformedError)
  for (const status of [0, 99, 600, 1000]) {
    t.throws(() => decodeFrame(pb.Frame.encode({ streamId: 1, seq: 1, head: { status } }).finish()), TunnelFrameMalformedError, `status ${status}`)
  }
  t.throws(() => encodeFrame({ streamId: 1, seq: 0, open: { connection: 'c', method: 'GET', path: 'nope', headers: [], exchangeId: '', windowBytes: 1 } }),
    TunnelFrameMalformedError)
})

// Sizes around every varint boundary the body length can cross (1 -> 2 -> 3 bytes), with and without the flag.
const BOUNDARY_SIZES = [0, 1, 120, 123, 124, 125, 126, 127, 128, 16_370, 16_376, 16_377, 16_378, 16_379, 16_380, 16_381, 16_382, 16_383, 16_384, 65_536]
const IDS: Array<[number, number]> = [[0, 0], [1, 0], [3, 1], [127, 128], [0x7fffffff, 0xffffffff]]

t.test('the hand-built Data frame equals the generated encoder output, with and without end_stream', async (t) => {
  let checked = 0
  for (const size of BOUNDARY_SIZES) {
    const chunk = Buffer.alloc(size, size & 0xff)
    for (const [streamId, seq] of IDS) {
      const f = encodeStreamFrame(STREAM_FRAME_DATA, streamId, seq, undefined, chunk)
      const plain = Buffer.from(pb.Frame.encode({ streamId, seq, data: { chunk } }).finish())
      const ended = Buffer.from(pb.Frame.encode({ streamId, seq, data: { chunk, endStream: true } }).finish())
      if (!f.bytes().equals(plain)) t.fail(`data ${size} ${streamId}/${seq}`)
      if (f.byteLength !== plain.byteLength) t.fail('byteLength')
      // bytesWithEnd changes the buffer, so it is checked on a fresh frame too.
      if (!encodeStreamFrame(STREAM_FRAME_DATA, streamId, seq, undefined, chunk).bytesWithEnd().equals(ended)) t.fail(`data+end ${size} ${streamId}/${seq}`)
      if (!Buffer.from(encodeFrame({ streamId, seq, data: { chunk, endStream: true } })).equals(ended)) t.fail('encodeFrame data+end')
      checked++
    }
  }
  t.pass(`${checked} size/id combinations byte-identical`)
})

t.test('the hand-built Open and Head frames equal the generated encoder output, with body and end_stream', async (t) => {
  const openInit = { connection: 'openai', method: 'POST', path: '/v1/chat/completions', headers: [['content-type', 'application/json']] as HeaderList, exchangeId: 'ex', windowBytes: 262_144 }
  const headInit = { status: 200, headers: [['x-a', '1']] as HeaderList, windowBytes: 1000 }
  for (const size of BOUNDARY_SIZES) {
    const body = Buffer.alloc(size, 9)
    for (const end of [false, true]) {
      const o = encodeStreamFrame(STREAM_FRAME_OPEN, 5, 0, encodeOpenFields(openInit), body)
      const expectedOpen = Buffer.from(pb.Frame.encode({ streamId: 5, seq: 0, open: { ...openInit, headers: headersToProto(openInit.headers), body, endStream: end } }).finish())
      if (!(end ? o.bytesWithEnd() : o.bytes()).equals(expectedOpen)) t.fail(`open ${size} ${String(end)}`)
      if (!Buffer.from(encodeFrame({ streamId: 5, seq: 0, open: { ...openInit, body, endStream: end } })).equals(expectedOpen)) t.fail('encodeFrame open')
      const h = encodeStreamFrame(STREAM_FRAME_HEAD, 5, 1, encodeHeadFields(headInit), body)
      const expectedHead = Buffer.from(pb.Frame.encode({ streamId: 5, seq: 1, head: { ...headInit, headers: headersToProto(headInit.headers), body, endStream: end } }).finish())
      if (!(end ? h.bytesWithEnd() : h.bytes()).equals(expectedHead)) t.fail(`head ${size} ${String(end)}`)
    }
  }
  const decoded = decodeFrame(encodeFrame({ streamId: 5, seq: 0, open: { ...openInit, body: Buffer.from('hi'), endStream: true } }))
  t.match(decoded.open, { endStream: true, method: 'POST' })
  t.equal(Buffer.from(decoded.open?.body ?? []).toString(), 'hi')
  const head = decodeFrame(encodeFrame({ streamId: 5, seq: 1, head: { ...headInit, body: Buffer.from('ok'), endStream: true } }))
  t.match(head.head, { status: 200, endStream: true })
  t.equal(Buffer.from(head.head?.body ?? []).toString(), 'ok')
  t.throws(() => encodeOpenFields({ ...openInit, path: 'x' }), TunnelFrameMalformedError, 'Open fields are validated')
  t.throws(() => encodeHeadFields({ ...headInit, status: 42 }), TunnelFrameMalformedError, 'Head fields are validated')
})

t.test('hand-built Data frames equal the generated encoder output for arbitrary ids and chunks (property)', async (t) => {
  fc.assert(fc.property(fc.nat({ max: 0x7fffffff }), fc.nat({ max: 0xffffffff }), fc.uint8Array({ maxLength: 20_000 }), fc.boolean(), (streamId, seq, chunk, end) => {
    const f = encodeStreamFrame(STREAM_FRAME_DATA, streamId, seq, undefined, chunk)
    const expected = Buffer.from(pb.Frame.encode({ streamId, seq, data: { chunk, endStream: end } }).finish())
    return (end ? f.bytesWithEnd() : f.bytes()).equals(expected)
  }), { numRuns: 500 })
  t.pass()
})
