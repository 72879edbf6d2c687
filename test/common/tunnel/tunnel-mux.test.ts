import { once } from 'node:events'

import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import { INITIAL_WINDOW_BYTES, MAX_DATA_CHUNK_BYTES, WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_TOO_BIG } from '../../../common/tunnel/constants.js'
import {
  TunnelClosedError, TunnelFlowControlError, TunnelGoingAwayError, TunnelProtocolError, TunnelStreamResetError,
  TunnelTooManyStreamsError
} from '../../../common/tunnel/errors.js'
import { decodeFrame } from '../../../common/tunnel/frame-codec.js'
import { TunnelMux } from '../../../common/tunnel/tunnel-mux.js'
import { collect, echoAgent, muxPair, openInfo, pattern, rawPeer, ticks, writeAll } from './helpers.js'

import type { TunnelStream } from '../../../common/tunnel/tunnel-stream.js'

const MiB = 1024 * 1024

async function errorOf (stream: TunnelStream): Promise<Error> {
  const [err] = await once(stream, 'error') as [Error]
  return err
}

t.test('round-trips a request and response larger than the window byte-exact', async (t) => {
  const { relay, agent, relayTransport, agentTransport } = muxPair()
  const request = pattern(5 * MiB, 7)
  const response = pattern(5 * MiB + 123, 8)
  const maxSeen = { relay: 0, agent: 0 }
  relayTransport.on('message', (d) => { maxSeen.agent = Math.max(maxSeen.agent, d.byteLength) })
  agentTransport.on('message', (d) => { maxSeen.relay = Math.max(maxSeen.relay, d.byteLength) })
  agent.on('stream', (stream) => {
    stream.on('error', () => {})
    if (stream.id !== 1) return
    t.match(stream.open, { connection: 'openai', method: 'POST', path: '/v1/chat/completions', exchangeId: 'ex-1' })
    t.same(stream.open.headers, [['content-type', 'application/json']])
    void collect(stream).then(async (got) => {
      t.ok(got.equals(request), 'agent got the request byte-exact')
      stream.respond(200, [['content-type', 'text/event-stream'], ['x-req-bytes', String(got.length)]])
      await writeAll(stream, response, 300_000)
    })
  })
  const stream = relay.openStream(openInfo())
  t.equal(stream.id, 1)
  const head = once(stream, 'head')
  await writeAll(stream, request, 1_000_000)
  const got = await collect(stream)
  t.same(await head, [200, [['content-type', 'text/event-stream'], ['x-req-bytes', String(request.length)]]])
  t.same(stream.response, { status: 200, headers: [['content-type', 'text/event-stream'], ['x-req-bytes', String(request.length)]] })
  t.ok(got.equals(response), 'relay got the response byte-exact')
  t.ok(maxSeen.relay <= MAX_DATA_CHUNK_BYTES + 32 && maxSeen.agent <= MAX_DATA_CHUNK_BYTES + 32, 'writes were split into chunk-sized frames')
  await ticks()
  t.equal(relay.activeStreams, 0)
  t.equal(agent.activeStreams, 0)
  const third = relay.openStream(openInfo())
  third.on('error', () => {})
  t.equal(third.id, 3, 'ids are odd and increasing')
  relay.close()
})

t.test('carries 100 concurrent streams without mixing their bytes', async (t) => {
  const { relay, agent } = muxPair()
  echoAgent(agent)
  const results = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
    const body = pattern(10_000 + i * 3_000, i + 1)
    const stream = relay.openStream(openInfo({ path: `/s/${i}` }))
    const head = once(stream, 'head')
    await writeAll(stream, body, 7_000)
    const got = await collect(stream)
    const [status, headers] = await head as [number, Array<[string, string]>]
    return status === 200 && headers[0]?.[1] === `/s/${i}` && got.equals(body)
  }))
  t.equal(results.filter(Boolean).length, 100, 'every stream echoed its own body')
  t.equal(relay.activeStreams, 0)
})

t.test('a stream whose reader stalls neither blocks another stream nor buffers beyond its window', async (t) => {
  const { relay, agent } = muxPair()
  const big = pattern(5 * MiB, 3)
  const agentSide = new Map<string, TunnelStream>()
  agent.on('stream', (stream) => {
    agentSide.set(stream.open.path, stream)
    stream.on('error', () => {})
    stream.respond(200, [])
    void writeAll(stream, big, 256 * 1024)
  })
  const slow = relay.openStream(openInfo({ path: '/slow' }))
  slow.end()
  const fast = relay.openStream(openInfo({ path: '/fast' }))
  fast.end()
  // Never read `slow`; read `fast` to the end.
  const got = await collect(fast)
  t.ok(got.equals(big), 'the fast stream got all 5 MiB')
  await ticks(20)
  t.ok(slow.readableLength > 0, 'the slow stream did receive data')
  t.ok(slow.readableLength <= INITIAL_WINDOW_BYTES, `slow stream buffers ${slow.readableLength} <= window`)
  t.ok(agentSide.get('/slow')?.writableNeedDrain, 'the slow stream sender is held back by backpressure')
  t.equal(relay.activeStreams, 1)
  // Once read, the stalled stream completes too.
  t.ok((await collect(slow)).equals(big), 'slow stream completes once read')
})

t.test('Data beyond the window resets the stream with GW_ERR_TUNNEL_FLOW_CONTROL', async (t) => {
  const peer = rawPeer('agent', { initialWindowBytes: 1000 })
  const streams: TunnelStream[] = []
  const faults: GatewayError[] = []
  peer.mux.on('stream', (s) => { streams.push(s) })
  peer.mux.on('protocol-error', (e) => { faults.push(e) })
  peer.send(1, { open: { ...openInfo(), windowBytes: 1000 } })
  peer.send(1, { data: { chunk: Buffer.alloc(600) } })
  peer.send(1, { data: { chunk: Buffer.alloc(400) } })
  await ticks()
  t.equal(streams.length, 1)
  const stream = streams[0] as TunnelStream
  t.equal(stream.readableLength, 1000, 'exactly the window is accepted')
  const errP = errorOf(stream)
  peer.send(1, { data: { chunk: Buffer.alloc(1) } })
  const err = await errP
  t.type(err, TunnelFlowControlError)
  t.equal((err as GatewayError).code, 'GW_ERR_TUNNEL_FLOW_CONTROL')
  const reset = await peer.next((f) => f.kind === 'reset')
  t.equal(reset.streamId, 1)
  t.equal(reset.reset?.code, 'GW_ERR_TUNNEL_FLOW_CONTROL')
  t.equal(faults[0]?.code, 'GW_ERR_TUNNEL_FLOW_CONTROL')
  t.equal(peer.mux.closed, false, 'a stream-level fault does not close the tunnel')
  t.equal(peer.mux.activeStreams, 0)
})

t.test('over-crediting a window past 2^31-1 resets the stream with GW_ERR_TUNNEL_FLOW_CONTROL', async (t) => {
  const peer = rawPeer('relay')
  const stream = peer.mux.openStream(openInfo())
  const errP = errorOf(stream)
  peer.send(1, { credit: { bytes: 0x7fffffff } })
  t.type(await errP, TunnelFlowControlError)
  t.equal((await peer.next((f) => f.kind === 'reset')).reset?.code, 'GW_ERR_TUNNEL_FLOW_CONTROL')
})

t.test('a seq gap or duplicate on a stream resets that stream with GW_ERR_TUNNEL_PROTOCOL', async (t) => {
  const peer = rawPeer('agent')
  const streams: TunnelStream[] = []
  peer.mux.on('stream', (s) => {
    s.on('error', () => {})
    streams.push(s)
  })
  peer.sendRaw(1, 0, { open: { ...openInfo(), windowBytes: 1000 } })
  peer.sendRaw(3, 0, { open: { ...openInfo(), windowBytes: 1000 } })
  peer.sendRaw(1, 1, { data: { chunk: Buffer.from('a') } })
  peer.sendRaw(1, 3, { data: { chunk: Buffer.from('b') } }) // gap: 2 skipped
  peer.sendRaw(3, 1, { data: { chunk: Buffer.from('c') } })
  peer.sendRaw(3, 1, { data: { chunk: Buffer.from('d') } }) // duplicate
  const resets = [await peer.next((f) => f.kind === 'reset' && f.streamId === 1), await peer.next((f) => f.kind === 'reset' && f.streamId === 3)]
  for (const r of resets) t.equal(r.reset?.code, 'GW_ERR_TUNNEL_PROTOCOL')
  await ticks()
  t.ok(streams.every((s) => s.destroyed && s.errored instanceof TunnelProtocolError), 'both local streams errored')
  t.equal(peer.mux.closed, false)
})

t.test('a seq gap on stream 0 closes the tunnel with 1002', async (t) => {
  const peer = rawPeer('relay')
  const stream = peer.mux.openStream(openInfo())
  const streamErr = errorOf(stream)
  peer.sendRaw(0, 0, { hello: { agentId: 'a', connections: ['openai'] } })
  peer.sendRaw(0, 2, { hello: { agentId: 'a', connections: ['openai'] } })
  const [code] = await once(peer.transport, 'close') as [number]
  t.equal(code, WS_CLOSE_PROTOCOL_ERROR)
  t.equal(peer.mux.closed, true)
  const err = await streamErr
  t.type(err, TunnelClosedError)
  t.type(err.cause, TunnelProtocolError)
})

t.test('tunnel-level faults close the transport with the error close code', async (t) => {
  const cases: Array<[string, 'relay' | 'agent', (p: ReturnType<typeof rawPeer>) => void, number]> = [
    ['garbage bytes', 'relay', (p) => { p.transport.send(Buffer.from([0xff, 0xff]), () => {}) }, WS_CLOSE_PROTOCOL_ERROR],
    ['oversized frame', 'relay', (p) => { p.send(1, { data: { chunk: Buffer.alloc(3000) } }) }, WS_CLOSE_TOO_BIG],
    ['Open sent by the agent', 'relay', (p) => { p.send(1, { open: { ...openInfo(), windowBytes: 1 } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['even stream id', 'agent', (p) => { p.send(2, { open: { ...openInfo(), windowBytes: 1 } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['frame for a never-opened stream', 'relay', (p) => { p.send(5, { credit: { bytes: 10 } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['Open reusing an id', 'agent', (p) => {
      p.send(3, { open: { ...openInfo(), windowBytes: 1 } })
      p.sendRaw(1, 0, { open: { ...openInfo(), windowBytes: 1 } })
    }, WS_CLOSE_PROTOCOL_ERROR],
    ['Open with a seq other than 0', 'agent', (p) => { p.sendRaw(1, 1, { open: { ...openInfo(), windowBytes: 1 } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['Hello on a stream', 'relay', (p) => { p.send(1, { hello: { agentId: 'a' } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['Hello sent to the agent', 'agent', (p) => { p.send(0, { hello: { agentId: 'a' } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['Welcome sent to the relay', 'relay', (p) => { p.send(0, { welcome: { relayId: 'r' } }) }, WS_CLOSE_PROTOCOL_ERROR],
    ['Data on stream 0', 'agent', (p) => { p.send(0, { data: { chunk: Buffer.from('x') } }) }, WS_CLOSE_PROTOCOL_ERROR]
  ]
  for (const [name, role, act, expected] of cases) {
    const p = rawPeer(role, { maxFrameBytes: 2000 })
    p.mux.on('stream', (s) => { s.on('error', () => {}) })
    const faults: GatewayError[] = []
    p.mux.on('protocol-error', (e) => { faults.push(e) })
    const closed = once(p.mux, 'close')
    act(p)
    const [code] = await once(p.transport, 'close') as [number]
    t.equal(code, expected, `${name}: close code`)
    const [err] = await closed as [GatewayError]
    t.equal(err, faults[0], `${name}: 'close' carries the fault`)
    t.ok(err instanceof GatewayError && err.code.startsWith('GW_ERR_TUNNEL_'), `${name}: coded error`)
  }
})

t.test('frames racing a Reset for a closed stream are dropped quietly', async (t) => {
  const peer = rawPeer('relay')
  const faults: Error[] = []
  peer.mux.on('protocol-error', (e) => { faults.push(e) })
  const stream = peer.mux.openStream(openInfo())
  stream.on('error', () => {})
  stream.destroy()
  const reset = await peer.next((f) => f.kind === 'reset')
  t.equal(reset.reset?.code, 'GW_ERR_TUNNEL_STREAM_ABORTED', 'local destroy without error sends ABORTED')
  peer.send(1, { head: { status: 200, headers: [], windowBytes: 10 } })
  peer.send(1, { data: { chunk: Buffer.from('late') } })
  peer.send(1, { credit: { bytes: 100 } })
  peer.send(1, { reset: { code: 'GW_ERR_X', message: '' } })
  await ticks()
  t.same(faults, [])
  t.equal(peer.mux.closed, false)
  t.equal(peer.mux.openStream(openInfo()).id, 3, 'tunnel still usable')
})

t.test('a remote reset reaches the other end with its code and message', async (t) => {
  const { relay, agent } = muxPair()
  let agentStream: TunnelStream | undefined
  agent.on('stream', (s) => {
    agentStream = s
    s.on('error', () => {})
    s.reset('GW_ERR_POLICY_DENIED', 'prompt matched a deny rule')
  })
  const stream = relay.openStream(openInfo())
  const err = await errorOf(stream)
  t.type(err, TunnelStreamResetError)
  t.match(err, { code: 'GW_ERR_TUNNEL_STREAM_RESET', remoteCode: 'GW_ERR_POLICY_DENIED', remoteMessage: 'prompt matched a deny rule', origin: 'remote', message: 'prompt matched a deny rule' })
  t.match(agentStream?.errored, { remoteCode: 'GW_ERR_POLICY_DENIED', origin: 'local' })
  t.equal(relay.activeStreams, 0)
  t.equal(agent.activeStreams, 0)

  // The other way: a local destroy(err) with a GatewayError sends that error's code.
  const agentErr = new Promise<Error>((resolve) => {
    agent.removeAllListeners('stream')
    agent.on('stream', (s) => { s.once('error', resolve) })
  })
  const s2 = relay.openStream(openInfo())
  s2.on('error', () => {})
  s2.destroy(new TunnelGoingAwayError('client went away'))
  t.match(await agentErr, { remoteCode: 'GW_ERR_TUNNEL_GOING_AWAY', remoteMessage: 'client went away' })
})

t.test('losing the transport destroys open streams with GW_ERR_TUNNEL_CLOSED on both ends', async (t) => {
  const { relay, agent, relayTransport } = muxPair()
  const agentErrors: Error[] = []
  agent.on('stream', (s) => { s.on('error', (e) => { agentErrors.push(e) }) })
  const streams = [relay.openStream(openInfo()), relay.openStream(openInfo())]
  const errs = streams.map(errorOf)
  await ticks()
  let closes = 0
  relay.on('close', () => { closes++ })
  const agentClose = once(agent, 'close')
  relayTransport.close(1006, 'abnormal')
  for (const err of await Promise.all(errs)) {
    t.type(err, TunnelClosedError)
    t.equal((err as GatewayError).code, 'GW_ERR_TUNNEL_CLOSED')
    t.equal((err as GatewayError).status, 502)
  }
  const [agentCloseErr] = await agentClose as [Error | undefined]
  t.type(agentCloseErr, TunnelClosedError, 'an abnormal close is reported')
  await ticks()
  t.equal(agentErrors.length, 2)
  t.ok(agentErrors.every((e) => e instanceof TunnelClosedError))
  t.equal(closes, 1)
  relay.close()
  t.equal(closes, 1, "'close' is emitted once")
  t.throws(() => relay.openStream(openInfo()), TunnelClosedError)
  t.throws(() => relay.sendControl({ welcome: {} }), TunnelClosedError)
})

t.test('close() ends every stream and closes the transport with the given code', async (t) => {
  const { relay, agent, agentTransport } = muxPair()
  echoAgent(agent)
  const stream = relay.openStream(openInfo())
  const err = errorOf(stream)
  const closeArgs = once(relay, 'close')
  const agentClose = once(agent, 'close')
  relay.close(1001, 'relay shutting down')
  t.type(await err, TunnelClosedError)
  t.same(await closeArgs, [undefined], 'a local close reports no error')
  t.same(await once(agentTransport, 'close'), [1001, 'relay shutting down'])
  t.same(await agentClose, [undefined], 'the peer sees a clean close')
})

t.test('hello, welcome and goaway travel on stream 0', async (t) => {
  const { relay, agent } = muxPair()
  const hello = once(relay, 'hello')
  agent.sendControl({ hello: { agentId: 'agent-1', connections: ['openai'], version: '0.1.0' } })
  t.match((await hello)[0], { agentId: 'agent-1', connections: ['openai'], version: '0.1.0' })
  const welcome = once(agent, 'welcome')
  relay.sendControl({ welcome: { relayId: 'relay-1', maxFrameBytes: 1, initialWindowBytes: 2 } })
  t.match((await welcome)[0], { relayId: 'relay-1', maxFrameBytes: 1, initialWindowBytes: 2 })
  t.throws(() => { relay.sendControl({ hello: {} }) }, TunnelProtocolError, 'the relay never sends Hello')
  t.throws(() => { agent.sendControl({ welcome: {} }) }, TunnelProtocolError, 'the agent never sends Welcome')
  agent.sendControl({ hello: { agentId: 'again' } })
  t.match((await once(relay, 'hello'))[0], { agentId: 'again' }, 'stream 0 seq keeps counting')
})

t.test('goAway refuses new streams, lets open ones finish, and drain resolves', async (t) => {
  const { relay, agent } = muxPair()
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => { release = resolve })
  agent.on('stream', (s) => {
    s.on('error', () => {})
    void collect(s).then(async () => {
      await gate
      s.respond(200, [])
      s.end('done')
    })
  })
  const stream = relay.openStream(openInfo())
  stream.end()
  await ticks()
  const goaway = once(relay, 'goaway')
  agent.goAway('GW_ERR_TUNNEL_GOING_AWAY', 'agent shutting down')
  agent.goAway('GW_ERR_TUNNEL_GOING_AWAY', 'ignored second call')
  t.match((await goaway)[0], { code: 'GW_ERR_TUNNEL_GOING_AWAY', message: 'agent shutting down', lastStreamId: 1 })
  t.equal(relay.goingAway, true)
  t.throws(() => relay.openStream(openInfo()), TunnelGoingAwayError)
  t.throws(() => agent.openStream(openInfo()), TunnelProtocolError, 'the agent never opens streams')
  let drained = false
  const drain = agent.drain(5000).then(() => { drained = true })
  await ticks()
  t.equal(drained, false, 'drain waits for the open stream')
  release()
  t.equal((await collect(stream)).toString(), 'done', 'the open stream finished normally')
  await drain
  t.equal(agent.activeStreams, 0)
  await agent.drain(10) // nothing active: resolves at once
})

t.test('an Open that arrives after our GoAway is reset with GW_ERR_TUNNEL_GOING_AWAY', async (t) => {
  const peer = rawPeer('agent')
  peer.mux.on('stream', () => { t.fail('no stream may be accepted') })
  peer.mux.goAway()
  t.equal((await peer.next((f) => f.kind === 'goAway')).goAway?.lastStreamId, 0)
  peer.send(1, { open: { ...openInfo(), windowBytes: 10 } })
  peer.send(1, { data: { chunk: Buffer.from('ignored') } })
  const reset = await peer.next((f) => f.kind === 'reset')
  t.match(reset, { streamId: 1, seq: 0 })
  t.equal(reset.reset?.code, 'GW_ERR_TUNNEL_GOING_AWAY')
  await ticks()
  t.equal(peer.mux.closed, false, 'the racing Data was dropped quietly')
})

t.test('drain resets the streams still open when it times out', async (t) => {
  const { relay, agent } = muxPair()
  agent.on('stream', (s) => { s.on('error', () => {}) }) // never responds
  const stream = relay.openStream(openInfo())
  const err = errorOf(stream)
  await ticks()
  agent.goAway()
  const started = Date.now()
  await agent.drain(30)
  t.ok(Date.now() - started >= 25, 'waited for the timeout')
  t.equal(agent.activeStreams, 0)
  t.match(await err, { remoteCode: 'GW_ERR_TUNNEL_GOING_AWAY' })
})

t.test('refuses streams beyond maxStreams with GW_ERR_TUNNEL_TOO_MANY_STREAMS', async (t) => {
  const { relay, agent } = muxPair({ maxStreams: 2 })
  echoAgent(agent)
  const a = relay.openStream(openInfo())
  relay.openStream(openInfo()).on('error', () => {})
  const err = (() => { try { relay.openStream(openInfo()) } catch (e: unknown) { return e } })()
  t.type(err, TunnelTooManyStreamsError)
  t.match(err, { code: 'GW_ERR_TUNNEL_TOO_MANY_STREAMS', status: 503 })
  a.end()
  await collect(a)
  await ticks()
  t.equal(relay.activeStreams, 1)
  t.doesNotThrow(() => relay.openStream(openInfo()).on('error', () => {}), 'room again once a stream finished')

  // The agent enforces its own limit on incoming Opens.
  const peer = rawPeer('agent', { maxStreams: 1 })
  peer.mux.on('stream', (s) => { s.on('error', () => {}) })
  peer.send(1, { open: { ...openInfo(), windowBytes: 10 } })
  peer.send(3, { open: { ...openInfo(), windowBytes: 10 } })
  const reset = await peer.next((f) => f.kind === 'reset')
  t.match(reset, { streamId: 3 })
  t.equal(reset.reset?.code, 'GW_ERR_TUNNEL_TOO_MANY_STREAMS')
  t.equal(peer.mux.activeStreams, 1)
})

t.test('an Open with no stream listener is reset as aborted', async (t) => {
  const peer = rawPeer('agent')
  peer.send(1, { open: { ...openInfo(), windowBytes: 10 } })
  t.equal((await peer.next((f) => f.kind === 'reset')).reset?.code, 'GW_ERR_TUNNEL_STREAM_ABORTED')
})

t.test('openStream refuses invalid or oversized Opens without consuming the tunnel', async (t) => {
  const peer = rawPeer('relay', { maxFrameBytes: 500 })
  t.throws(() => peer.mux.openStream(openInfo({ headers: [['x-a', 'b\r\nx-injected: 1']] })), { code: 'GW_ERR_TUNNEL_FRAME_MALFORMED' })
  t.throws(() => peer.mux.openStream(openInfo({ path: '/' + 'a'.repeat(600) })), { code: 'GW_ERR_TUNNEL_FRAME_TOO_LARGE' })
  t.equal(peer.mux.activeStreams, 0)
  await ticks()
  t.equal(peer.received.length, 0, 'nothing was sent')
  peer.mux.openStream(openInfo())
  t.equal((await peer.next((f) => f.kind === 'open')).seq, 0)
})

t.test('tunnel-wide backpressure holds every stream above high water and resumes below low water', async (t) => {
  const limits = { highWaterBytes: 64 * 1024, lowWaterBytes: 16 * 1024, initialWindowBytes: 2 * MiB }
  const { relay, agent, relayTransport } = muxPair(limits)
  echoAgent(agent)
  const a = relay.openStream(openInfo({ path: '/a' }))
  const b = relay.openStream(openInfo({ path: '/b' }))
  await ticks()
  relayTransport.pause()
  const bodyA = pattern(MiB, 11)
  const bodyB = pattern(100 * 1024, 12)
  let aDone = false
  a.write(bodyA, () => { aDone = true })
  a.end()
  await ticks()
  const held = relayTransport.bufferedAmount
  t.ok(held > limits.highWaterBytes, `stopped above high water (${held})`)
  t.ok(held <= limits.highWaterBytes + MAX_DATA_CHUNK_BYTES + 64, `and within one frame of it (${held})`)
  t.equal(aDone, false, 'the write is held, not buffered')
  const sent = relayTransport.sentMessages
  b.write(bodyB)
  b.end()
  await ticks()
  t.equal(relayTransport.sentMessages, sent, 'another stream with credit also waits: no new Data')
  relayTransport.resume()
  const [gotA, gotB] = await Promise.all([collect(a), collect(b)])
  t.ok(gotA.equals(bodyA), 'stream a completes byte-exact')
  t.ok(gotB.equals(bodyB), 'stream b completes byte-exact')
  t.equal(aDone, true)
})

t.test('credit is returned only for bytes the reader consumed', async (t) => {
  const peer = rawPeer('relay', { initialWindowBytes: 1000 })
  const stream = peer.mux.openStream(openInfo())
  peer.send(1, { head: { status: 200, headers: [], windowBytes: 1000 } })
  for (let i = 0; i < 10; i++) peer.send(1, { data: { chunk: Buffer.alloc(100, i) } })
  await ticks()
  t.equal(peer.received.filter((f) => f.kind === 'credit').length, 0, 'nothing consumed, no credit')
  t.equal(stream.readableLength, 1000)
  stream.read(300)
  await ticks()
  t.equal(peer.received.filter((f) => f.kind === 'credit').length, 0, 'below half a window consumed: still no credit')
  stream.read(300)
  const credit = await peer.next((f) => f.kind === 'credit')
  t.equal(credit.credit?.bytes, 600, 'credit equals the consumed bytes')
  // The window is open again by exactly 600 bytes: 600 more is fine, 1 more is a violation.
  peer.send(1, { data: { chunk: Buffer.alloc(600) } })
  await ticks()
  t.equal(stream.destroyed, false)
  const err = errorOf(stream)
  peer.send(1, { data: { chunk: Buffer.alloc(1) } })
  t.type(await err, TunnelFlowControlError)
})

t.test('a sender never exceeds the credit the peer granted', async (t) => {
  const peer = rawPeer('relay', { initialWindowBytes: 1000, maxDataChunkBytes: 300 })
  const stream = peer.mux.openStream(openInfo())
  let done = false
  stream.write(Buffer.alloc(2500, 1), () => { done = true })
  await ticks()
  const dataBytes = (): number => peer.received.reduce((n, f) => n + (f.data?.chunk?.length ?? 0), 0)
  t.equal(dataBytes(), 1000, 'exactly the initial window was sent')
  t.ok(peer.received.filter((f) => f.kind === 'data').every((f) => (f.data?.chunk?.length ?? 0) <= 300), 'chunks respect maxDataChunkBytes')
  t.equal(done, false)
  peer.send(1, { credit: { bytes: 700 } })
  await ticks()
  t.equal(dataBytes(), 1700)
  // Head confirms a smaller window than assumed (500): the difference is taken off the credit (RFC 9113 §6.9.2).
  peer.send(1, { head: { status: 200, headers: [], windowBytes: 500 } })
  peer.send(1, { credit: { bytes: 400 } })
  await ticks()
  t.equal(dataBytes(), 1700, 'credit 0 - 500 + 400 = -100: still nothing to send')
  peer.send(1, { credit: { bytes: 900 } })
  await ticks()
  t.equal(dataBytes(), 2500)
  t.equal(done, true)
  t.ok(peer.received.every((f, i, all) => f.streamId !== 1 || all.filter((g, j) => j < i && g.streamId === 1).length === f.seq), 'seq numbers count up from 0')
})

t.test('the mux decodes every message it is handed through decodeFrame', async (t) => {
  // Sanity check of the helper the other tests rely on.
  const peer = rawPeer('relay')
  peer.mux.openStream(openInfo({ exchangeId: 'ex-9' }))
  const open = await peer.next((f) => f.kind === 'open')
  t.equal(open.open?.exchangeId, 'ex-9')
  t.equal(open.open?.windowBytes, INITIAL_WINDOW_BYTES)
  t.equal(decodeFrame(Buffer.from([0x42, 0x00, 0x08, 0x01])).streamId, 1)
})

t.test('a mux built without limits or logger uses the defaults', async (t) => {
  const peer = rawPeer('agent')
  t.same(peer.mux.limits, {
    maxFrameBytes: 1024 * 1024, maxStreams: 1024, initialWindowBytes: 256 * 1024, maxDataChunkBytes: 64 * 1024,
    highWaterBytes: 4 * MiB, lowWaterBytes: MiB
  })
  t.type(peer.mux, TunnelMux)
})
