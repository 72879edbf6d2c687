// CAP_END_STREAM: capability negotiation, frame coalescing (body and end_stream on Open, Head and Data) on the
// sending side, and on the receiving side the new fields, the legacy End frame and exact window accounting.
import { once } from 'node:events'

import t from 'tap'

import { CAP_END_STREAM, LOCAL_CAPABILITIES } from '../../../common/tunnel/constants.js'
import { TunnelFlowControlError, TunnelProtocolError } from '../../../common/tunnel/errors.js'
import { decodeFrame } from '../../../common/tunnel/frame-codec.js'
import { announce, collect, echoAgent, handshake, muxPair, openInfo, pattern, rawPeer, ticks, writeAll } from './helpers.js'

import type { Frame } from '../../../common/tunnel/frame-codec.js'
import type { MemoryTransport } from '../../../common/tunnel/transport.js'
import type { TunnelStream } from '../../../common/tunnel/tunnel-stream.js'

/** Records, decoded, every frame `from` sends (its peer's transport receives them). */
function tap (to: MemoryTransport): Frame[] {
  const frames: Frame[] = []
  to.on('message', (d) => { frames.push(decodeFrame(d, Number.MAX_SAFE_INTEGER)) })
  return frames
}

const kinds = (frames: Frame[]): string[] => frames.filter((f) => f.streamId !== 0).map((f) => String(f.kind))
const text = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? []).toString()

async function accepted (peer: ReturnType<typeof rawPeer>, open: Parameters<typeof peer.send>[1]): Promise<TunnelStream> {
  const got = once(peer.mux, 'stream') as Promise<[TunnelStream]>
  peer.send(1, open)
  const [stream] = await got
  return stream
}

t.test('the mux announces CAP_END_STREAM in Hello and Welcome by itself; an explicit value wins', async (t) => {
  const agentPeer = rawPeer('agent')
  agentPeer.mux.sendControl({ hello: { agentId: 'a', connections: ['openai'] } })
  t.equal((await agentPeer.next((f) => f.kind === 'hello')).hello?.capabilities, LOCAL_CAPABILITIES)
  t.equal(LOCAL_CAPABILITIES & CAP_END_STREAM, CAP_END_STREAM)
  const relayPeer = rawPeer('relay')
  relayPeer.mux.sendControl({ welcome: { relayId: 'r', capabilities: 0 } })
  t.equal((await relayPeer.next((f) => f.kind === 'welcome')).welcome?.capabilities ?? 0, 0, 'as an older relay would')
})

t.test('a small exchange is one frame each way once both ends announced CAP_END_STREAM', async (t) => {
  const pair = muxPair()
  await handshake(pair)
  const toAgent = tap(pair.agentTransport)
  const toRelay = tap(pair.relayTransport)
  echoAgent(pair.agent)
  const stream = pair.relay.openStream(openInfo())
  stream.end('{"model":"gpt-4o-mini"}')
  t.equal((await collect(stream)).toString(), '{"model":"gpt-4o-mini"}')
  await ticks()
  t.same(kinds(toAgent), ['open'], 'request: one Open')
  t.match(toAgent[0]?.open, { endStream: true, method: 'POST' })
  t.equal(text(toAgent[0]?.open?.body), '{"model":"gpt-4o-mini"}')
  t.same(kinds(toRelay), ['head'], 'response: one Head')
  t.match(toRelay[0]?.head, { status: 200, endStream: true })
  t.equal(text(toRelay[0]?.head?.body), '{"model":"gpt-4o-mini"}')
  t.equal(pair.relay.activeStreams, 0)
  t.equal(pair.agent.activeStreams, 0)

  // No body at all (a GET): the Open alone ends the request side.
  const get = pair.relay.openStream(openInfo({ method: 'GET', path: '/v1/models' }))
  get.end()
  t.equal((await collect(get)).length, 0)
  const open = toAgent.at(-1)
  t.same([open?.kind, open?.open?.endStream, open?.open?.body?.length ?? 0], ['open', true, 0])
})

t.test('a peer that did not announce CAP_END_STREAM gets separate Data and End frames', async (t) => {
  const pair = muxPair()
  await handshake(pair, 0) // the agent plays an older agent: the relay must not use the new fields towards it
  const toAgent = tap(pair.agentTransport)
  const toRelay = tap(pair.relayTransport)
  echoAgent(pair.agent)
  const stream = pair.relay.openStream(openInfo())
  stream.end('body')
  t.equal((await collect(stream)).toString(), 'body')
  t.same(kinds(toAgent), ['open', 'data', 'end'])
  t.notOk(toAgent.some((f) => f.open?.endStream === true || f.data?.endStream === true || (f.open?.body?.length ?? 0) > 0))
  t.same(kinds(toRelay), ['head'], 'the relay announced it, so the agent coalesces')
})

t.test('a receiver accepts end_stream on Open, Head and Data, and still the legacy End frame', async (t) => {
  const agentPeer = rawPeer('agent')
  const a = await accepted(agentPeer, { open: { ...openInfo(), windowBytes: 1000, body: Buffer.from('req'), endStream: true } })
  t.equal((await collect(a)).toString(), 'req', 'Open body + end_stream')
  a.respond(204, [])
  a.end()
  await ticks()
  t.equal(agentPeer.mux.activeStreams, 0, 'finished both ways')

  const relayPeer = rawPeer('relay')
  const s1 = relayPeer.mux.openStream(openInfo())
  s1.end()
  relayPeer.send(1, { head: { status: 200, headers: [], windowBytes: 0, body: Buffer.from('all of it'), endStream: true } })
  t.equal((await collect(s1)).toString(), 'all of it', 'Head body + end_stream')

  const s3 = relayPeer.mux.openStream(openInfo())
  s3.end()
  relayPeer.send(3, { head: { status: 200, headers: [], windowBytes: 0 } })
  relayPeer.send(3, { data: { chunk: Buffer.from('one ') } })
  relayPeer.send(3, { data: { chunk: Buffer.from('two'), endStream: true } })
  t.equal((await collect(s3)).toString(), 'one two', 'Data end_stream')

  const s5 = relayPeer.mux.openStream(openInfo())
  s5.end()
  relayPeer.send(5, { head: { status: 200, headers: [], windowBytes: 0, body: Buffer.from('head body, ') } })
  relayPeer.send(5, { data: { chunk: Buffer.from('data') } })
  relayPeer.send(5, { end: {} })
  t.equal((await collect(s5)).toString(), 'head body, data', 'Head body then Data then the legacy End')

  const s7 = relayPeer.mux.openStream(openInfo())
  s7.end()
  relayPeer.send(7, { head: { status: 204, headers: [], windowBytes: 0, endStream: true } })
  t.equal((await collect(s7)).length, 0, 'Head end_stream without body')
  await ticks()
  t.equal(relayPeer.mux.activeStreams, 0)
})

t.test('anything after end_stream is a protocol error', async (t) => {
  const peer = rawPeer('agent')
  const a = await accepted(peer, { open: { ...openInfo(), windowBytes: 1000, endStream: true } })
  const errA = once(a, 'error')
  peer.send(1, { data: { chunk: Buffer.from('late') } })
  t.type((await errA)[0], TunnelProtocolError)
  t.equal((await peer.next((f) => f.kind === 'reset' && f.streamId === 1)).reset?.code, 'GW_ERR_TUNNEL_PROTOCOL')

  const got = once(peer.mux, 'stream') as Promise<[TunnelStream]>
  peer.send(3, { open: { ...openInfo(), windowBytes: 1000 } })
  const [b] = await got
  const errB = once(b, 'error')
  peer.send(3, { data: { chunk: Buffer.from('x'), endStream: true } })
  peer.send(3, { end: {} })
  t.match((await errB)[0], { message: 'duplicate End' })
})

t.test('a body carried in Open or Head counts against the receive window exactly', async (t) => {
  const peer = rawPeer('agent', { initialWindowBytes: 1000 })
  const a = await accepted(peer, { open: { ...openInfo(), windowBytes: 1000, body: Buffer.alloc(1000, 1) } })
  t.equal(a.readableLength, 1000, 'a body of exactly the window is accepted')
  const errA = once(a, 'error')
  peer.send(1, { data: { chunk: Buffer.alloc(1) } })
  t.type((await errA)[0], TunnelFlowControlError, 'one more byte is over the window')

  peer.send(3, { open: { ...openInfo(), windowBytes: 1000, body: Buffer.alloc(1001) } })
  t.equal((await peer.next((f) => f.kind === 'reset' && f.streamId === 3)).reset?.code, 'GW_ERR_TUNNEL_FLOW_CONTROL', 'an Open body over the window resets the stream')
  t.equal(peer.mux.activeStreams, 0)

  const c = await (async () => {
    const got = once(peer.mux, 'stream') as Promise<[TunnelStream]>
    peer.send(5, { open: { ...openInfo(), windowBytes: 1000, body: Buffer.alloc(600, 2) } })
    return (await got)[0]
  })()
  c.read(600)
  t.equal((await peer.next((f) => f.kind === 'credit' && f.streamId === 5)).credit?.bytes, 600, 'consuming an Open body returns credit')

  const relayPeer = rawPeer('relay', { initialWindowBytes: 100 })
  const s = relayPeer.mux.openStream(openInfo())
  s.end()
  const errS = once(s, 'error')
  relayPeer.send(1, { head: { status: 200, headers: [], windowBytes: 0, body: Buffer.alloc(101) } })
  t.type((await errS)[0], TunnelFlowControlError, 'a Head body over the window resets the stream')
})

t.test('credit stays exact when body and end ride in the Open and Data frames', async (t) => {
  const peer = rawPeer('relay', { initialWindowBytes: 1000, maxDataChunkBytes: 300 })
  await announce(peer, CAP_END_STREAM)
  const stream = peer.mux.openStream(openInfo())
  const body = pattern(2500, 5)
  let done = false
  stream.end(body, () => { done = true })
  await ticks()
  const sent = (): number => peer.received.reduce((n, f) => n + (f.open?.body?.length ?? 0) + (f.data?.chunk?.length ?? 0), 0)
  t.same(kinds(peer.received), ['open', 'data', 'data', 'data'])
  t.equal(peer.received[0]?.open?.body?.length, 300, 'the first chunk rides in the Open')
  t.equal(sent(), 1000, 'exactly the window was sent')
  t.equal(done, false)
  peer.send(1, { credit: { bytes: 1500 } })
  await ticks()
  t.equal(sent(), 2500)
  t.same(kinds(peer.received), ['open', 'data', 'data', 'data', 'data', 'data', 'data', 'data', 'data'], 'no End frame')
  t.equal(peer.received.at(-1)?.data?.endStream, true, 'the last Data carries end_stream')
  t.same(peer.received.map((f) => f.seq), [0, 1, 2, 3, 4, 5, 6, 7, 8], 'seq counts frames, merged or not')
  const bytes = Buffer.concat(peer.received.map((f) => Buffer.from(f.open?.body ?? f.data?.chunk ?? [])))
  t.ok(bytes.equals(body), 'the bytes arrive in order')
  t.equal(done, true)
  t.equal(stream.sendCredit, 0)
})

t.test('a body that would push the Open over maxFrameBytes goes in its own Data frame', async (t) => {
  const peer = rawPeer('relay', { maxFrameBytes: 560, maxDataChunkBytes: 500 }) // Open ~85 bytes + 500 does not fit
  await announce(peer, CAP_END_STREAM)
  const stream = peer.mux.openStream(openInfo())
  stream.end(Buffer.alloc(500, 3))
  await ticks()
  t.same(kinds(peer.received), ['open', 'data'])
  t.equal(peer.received[0]?.open?.body?.length ?? 0, 0)
  t.equal(peer.received[1]?.data?.chunk?.length, 500)
  t.equal(peer.received[1]?.data?.endStream, true, 'the end still rides in the Data frame')

  // A Data frame within 3 bytes of the limit has no room for the flag: a separate End follows.
  const tight = rawPeer('relay', { maxFrameBytes: 510, maxDataChunkBytes: 500 })
  await announce(tight, CAP_END_STREAM)
  const s = tight.mux.openStream(openInfo())
  s.write(Buffer.alloc(500))
  await ticks()
  s.end()
  await ticks()
  t.same(kinds(tight.received), ['open', 'data', 'end'], 'a write and an end in different turns: not merged')
  const s3 = tight.mux.openStream(openInfo())
  s3.end(Buffer.alloc(500))
  await ticks()
  t.same(kinds(tight.received).slice(3), ['open', 'data', 'end'], 'no room for the flag: separate End')
  t.ok(tight.received.every((f) => f.data?.endStream !== true))
})

t.test('held frames count against the tunnel high-water mark', async (t) => {
  const pair = muxPair({ highWaterBytes: 100, lowWaterBytes: 0, maxDataChunkBytes: 300 })
  await handshake(pair)
  echoAgent(pair.agent)
  const stream = pair.relay.openStream(openInfo())
  const body = pattern(1000, 9)
  let done = false
  stream.write(body, () => { done = true })
  await new Promise((resolve) => process.nextTick(resolve))
  t.equal(done, false, 'the second chunk waits: the held first one is over high water')
  stream.end()
  t.ok((await collect(stream)).equals(body), 'and everything arrives once the held frames left')
  t.equal(done, true)
})

t.test('close() and GoAway send the held frames first, in order', async (t) => {
  const pair = muxPair()
  await handshake(pair)
  pair.agent.on('stream', (s) => {
    s.on('error', () => {})
    s.respond(200, [])
    s.end('last words')
    // The exchange is finished as far as the agent's streams know (activeStreams is 0): closing now must still
    // deliver the held Head.
    pair.agent.close(1001, 'agent shutdown')
  })
  const stream = pair.relay.openStream(openInfo({ method: 'GET' }))
  stream.end()
  t.equal((await collect(stream)).toString(), 'last words')

  const peer = rawPeer('relay')
  await announce(peer, CAP_END_STREAM)
  const s = peer.mux.openStream(openInfo())
  s.on('error', () => {})
  s.write('x')
  peer.mux.goAway()
  await ticks()
  t.same(peer.received.filter((f) => f.streamId !== 0 || f.kind === 'goAway').map((f) => f.kind), ['open', 'goAway'], 'the Open went before the GoAway')
})

t.test('a reset after a held frame is numbered after it', async (t) => {
  const peer = rawPeer('relay')
  await announce(peer, CAP_END_STREAM)
  const s = peer.mux.openStream(openInfo())
  s.on('error', () => {})
  s.write('abc')
  s.reset('GW_ERR_TEST', 'gone')
  await ticks()
  t.same(peer.received.filter((f) => f.streamId === 1).map((f) => [f.kind, f.seq]), [['open', 0], ['reset', 1]])
  t.equal(text(peer.received[0]?.open?.body), 'abc')
})

t.test('many concurrent coalesced exchanges stay byte-exact', async (t) => {
  const pair = muxPair({ initialWindowBytes: 64 * 1024 })
  await handshake(pair)
  echoAgent(pair.agent)
  const sizes = [0, 1, 126, 127, 128, 1000, 16_383, 16_384, 70_000, 200_000]
  const results = await Promise.all(sizes.map(async (size, i) => {
    const s = pair.relay.openStream(openInfo({ path: `/x/${i}` }))
    const body = pattern(size, i + 1)
    void writeAll(s, body, 50_000)
    return (await collect(s)).equals(body)
  }))
  t.same(results, sizes.map(() => true))
  await ticks()
  t.equal(pair.relay.activeStreams + pair.agent.activeStreams, 0)
})
