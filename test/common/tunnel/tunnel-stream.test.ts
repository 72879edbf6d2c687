import { once } from 'node:events'

import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import {
  TunnelFrameMalformedError, TunnelProtocolError, TunnelStreamAbortedError, TunnelStreamResetError
} from '../../../common/tunnel/errors.js'
import { MAX_RESET_MESSAGE_CHARS } from '../../../common/tunnel/tunnel-stream.js'
import { collect, muxPair, openInfo, rawPeer, ticks } from './helpers.js'

import type { Frame } from '../../../common/tunnel/frame-codec.js'
import type { TunnelStream } from '../../../common/tunnel/tunnel-stream.js'

async function accepted (peer: ReturnType<typeof rawPeer>, windowBytes = 1000): Promise<TunnelStream> {
  const got = once(peer.mux, 'stream') as Promise<[TunnelStream]>
  peer.send(1, { open: { ...openInfo(), windowBytes } })
  const [stream] = await got
  return stream
}

const kinds = (frames: Frame[]): string[] => frames.filter((f) => f.streamId !== 0).map((f) => String(f.kind))

t.test('agent writes and end() wait for respond(), then go out as Head, Data, End', async (t) => {
  const peer = rawPeer('agent')
  const stream = await accepted(peer)
  stream.write('early body')
  stream.end()
  await ticks()
  t.same(kinds(peer.received), [], 'nothing before the head')
  stream.respond(201, [['x-a', '1']])
  await peer.next((f) => f.kind === 'end')
  t.same(kinds(peer.received), ['head', 'data', 'end'])
  const head = peer.received[0]
  t.match(head?.head, { status: 201, windowBytes: 256 * 1024 })
  t.equal(Buffer.from(peer.received[1]?.data?.chunk ?? []).toString(), 'early body')
  t.same(peer.received.map((f) => f.seq), [0, 1, 2])
})

t.test('an agent end() without body waits for respond() too', async (t) => {
  const peer = rawPeer('agent')
  const stream = await accepted(peer)
  let finished = false
  stream.end(() => { finished = true })
  await ticks()
  t.same(kinds(peer.received), [])
  t.equal(finished, false)
  stream.respond(204, [])
  await peer.next((f) => f.kind === 'end')
  t.same(kinds(peer.received), ['head', 'end'])
  await ticks()
  t.equal(finished, true)
  peer.send(1, { end: {} })
  await ticks()
  t.equal(peer.mux.activeStreams, 0)
})

t.test('respond() refuses misuse', async (t) => {
  const peer = rawPeer('agent')
  const stream = await accepted(peer)
  t.throws(() => stream.respond(200, [['x-bad', 'a\nb']]), TunnelFrameMalformedError)
  t.throws(() => stream.respond(42, []), TunnelFrameMalformedError)
  stream.respond(200, [])
  t.throws(() => stream.respond(200, []), TunnelProtocolError, 'twice')
  await ticks()
  t.same(kinds(peer.received), ['head'], 'only the valid head was sent')

  const relayPeer = rawPeer('relay')
  const opener = relayPeer.mux.openStream(openInfo())
  t.throws(() => opener.respond(200, []), TunnelProtocolError, 'not on the relay side')
  t.equal(opener.side, 'opener')
  t.equal(stream.side, 'acceptor')
})

t.test('respond() after a remote reset is a quiet no-op', async (t) => {
  const peer = rawPeer('agent')
  const stream = await accepted(peer)
  const err = once(stream, 'error')
  peer.send(1, { reset: { code: '', message: '' } })
  const [e] = await err as [TunnelStreamResetError]
  t.match(e, { remoteCode: 'GW_ERR_TUNNEL_STREAM_RESET', remoteMessage: '', message: 'tunnel stream was reset' })
  t.doesNotThrow(() => stream.respond(200, []))
  stream.reset('GW_ERR_X', 'no-op too')
  await ticks()
  t.same(kinds(peer.received), [])
})

t.test('stream-level protocol faults reset the stream with GW_ERR_TUNNEL_PROTOCOL', async (t) => {
  const cases: Array<[string, 'relay' | 'agent', Array<(p: ReturnType<typeof rawPeer>) => void>]> = [
    ['Data before Head', 'relay', [(p) => { p.send(1, { data: { chunk: Buffer.from('x') } }) }]],
    ['End before Head', 'relay', [(p) => { p.send(1, { end: {} }) }]],
    ['duplicate Head', 'relay', [(p) => { p.send(1, { head: { status: 200, headers: [], windowBytes: 0 } }) }, (p) => { p.send(1, { head: { status: 200, headers: [], windowBytes: 0 } }) }]],
    ['Head sent to the agent', 'agent', [(p) => { p.send(1, { head: { status: 200, headers: [], windowBytes: 0 } }) }]],
    ['Data after End', 'agent', [(p) => { p.send(1, { end: {} }) }, (p) => { p.send(1, { data: { chunk: Buffer.from('x') } }) }]],
    ['duplicate End', 'agent', [(p) => { p.send(1, { end: {} }) }, (p) => { p.send(1, { end: {} }) }]],
    ['Credit of 0', 'agent', [(p) => { p.send(1, { credit: { bytes: 0 } }) }]]
  ]
  for (const [name, role, steps] of cases) {
    const peer = rawPeer(role)
    let stream: TunnelStream
    if (role === 'relay') stream = peer.mux.openStream(openInfo())
    else stream = await accepted(peer)
    const err = once(stream, 'error')
    for (const step of steps) step(peer)
    const [e] = await err as [GatewayError]
    t.type(e, TunnelProtocolError, name)
    const reset = await peer.next((f) => f.kind === 'reset')
    t.equal(reset.reset?.code, 'GW_ERR_TUNNEL_PROTOCOL', `${name}: reset sent`)
    t.equal(peer.mux.closed, false, `${name}: tunnel stays up`)
  }
})

t.test('for await reads the whole request without ending the exchange; leaving early aborts it', async (t) => {
  const { relay, agent } = muxPair()
  const seen: string[] = []
  agent.on('stream', (stream) => {
    stream.on('error', () => {})
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of stream) {
        chunks.push(chunk)
        if (stream.open.path === '/break') break
      }
      seen.push(`${stream.open.path}:${stream.destroyed ? 'destroyed' : 'alive'}`)
      if (!stream.destroyed) {
        stream.respond(200, [])
        stream.end(Buffer.concat(chunks))
      }
    })()
  })
  const ok = relay.openStream(openInfo({ path: '/ok' }))
  ok.end('request body')
  t.equal((await collect(ok)).toString(), 'request body')

  const early = relay.openStream(openInfo({ path: '/break' }))
  early.write('first chunk')
  const [err] = await once(early, 'error') as [TunnelStreamResetError]
  t.equal(err.remoteCode, 'GW_ERR_TUNNEL_STREAM_ABORTED')
  t.same(seen, ['/ok:alive', '/break:destroyed'])
})

t.test('destroy() sends the right Reset code and fails a held write', async (t) => {
  const peer = rawPeer('relay', { initialWindowBytes: 10 })
  const a = peer.mux.openStream(openInfo())
  a.on('error', () => {})
  let writeErr: Error | null | undefined
  a.write(Buffer.alloc(100), (err) => { writeErr = err })
  await ticks()
  a.destroy(new Error('plain failure'))
  const ra = await peer.next((f) => f.kind === 'reset' && f.streamId === 1)
  t.match(ra.reset, { code: 'GW_ERR_TUNNEL_STREAM_ABORTED', message: 'plain failure' })
  await ticks()
  t.match(writeErr, { message: 'plain failure' }, 'the held write callback got the error')

  const b = peer.mux.openStream(openInfo())
  b.on('error', () => {})
  b.destroy(new GatewayError('GW_ERR_POLICY_KILLED', 'x'.repeat(MAX_RESET_MESSAGE_CHARS + 50)))
  const rb = await peer.next((f) => f.kind === 'reset' && f.streamId === 3)
  t.equal(rb.reset?.code, 'GW_ERR_POLICY_KILLED')
  t.equal(rb.reset?.message?.length, MAX_RESET_MESSAGE_CHARS, 'long messages are cut')

  const c = peer.mux.openStream(openInfo())
  let cbErr: Error | null | undefined
  c.write(Buffer.alloc(100), (err) => { cbErr = err })
  await ticks()
  c.destroy()
  await peer.next((f) => f.kind === 'reset' && f.streamId === 5)
  await ticks()
  t.type(cbErr, TunnelStreamAbortedError, 'destroy() without error fails the held write as aborted')
  t.equal(peer.mux.activeStreams, 0)
})

t.test('reset() sends the given code and errors the local stream with origin local', async (t) => {
  const peer = rawPeer('relay')
  const s = peer.mux.openStream(openInfo())
  const err = once(s, 'error')
  s.reset('GW_ERR_SESSION_KILLED', 'killed by admin')
  const [e] = await err as [TunnelStreamResetError]
  t.match(e, { remoteCode: 'GW_ERR_SESSION_KILLED', remoteMessage: 'killed by admin', origin: 'local', code: 'GW_ERR_TUNNEL_STREAM_RESET' })
  const r = await peer.next((f) => f.kind === 'reset')
  t.match(r.reset, { code: 'GW_ERR_SESSION_KILLED', message: 'killed by admin' })
  await ticks()
  t.equal(peer.received.filter((f) => f.kind === 'reset').length, 1, 'exactly one Reset')
})

t.test('a finished stream is released and later destroy() sends nothing', async (t) => {
  const peer = rawPeer('relay')
  const s = peer.mux.openStream(openInfo())
  s.end()
  peer.send(1, { head: { status: 204, headers: [], windowBytes: 0 } })
  peer.send(1, { end: {} })
  await ticks()
  t.equal(peer.mux.activeStreams, 0, 'released once both sides sent End')
  s.destroy(new Error('late'))
  s.on('error', () => {})
  await ticks()
  t.same(kinds(peer.received), ['open', 'end'], 'no Reset after completion')
  t.equal(s.response?.status, 204)
  t.equal(s.sendCredit, 256 * 1024, 'a zero window in Head keeps the assumed window')
})
