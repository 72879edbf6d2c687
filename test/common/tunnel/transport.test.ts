import { once } from 'node:events'

import t from 'tap'
import { WebSocket, WebSocketServer } from 'ws'

import { MAX_FRAME_BYTES, WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_TOO_BIG } from '../../../common/tunnel/constants.js'
import { TunnelClosedError } from '../../../common/tunnel/errors.js'
import { memoryTransportPair, wsTransport } from '../../../common/tunnel/transport.js'
import { TunnelMux } from '../../../common/tunnel/tunnel-mux.js'
import { collect, echoAgent, openInfo, pattern, ticks, writeAll } from './helpers.js'

import type { AddressInfo } from 'node:net'

async function wsPair (t: { teardown: (fn: () => Promise<void>) => void }, clientOptions: WebSocket.ClientOptions = {}): Promise<{ server: WebSocket, client: WebSocket, wss: WebSocketServer }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: MAX_FRAME_BYTES })
  await once(wss, 'listening')
  const { port } = wss.address() as AddressInfo
  const serverSide = once(wss, 'connection') as Promise<[WebSocket]>
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { maxPayload: MAX_FRAME_BYTES, ...clientOptions })
  await once(client, 'open')
  const [server] = await serverSide
  t.teardown(async () => {
    client.terminate()
    server.terminate()
    await new Promise((resolve) => wss.close(resolve))
  })
  return { server, client, wss }
}

t.test('runs the tunnel end to end over a real ws connection on loopback', async (t) => {
  const { server, client } = await wsPair(t)
  const relay = new TunnelMux({ transport: wsTransport(server), role: 'relay' })
  const agent = new TunnelMux({ transport: wsTransport(client), role: 'agent' })
  echoAgent(agent)
  const hello = once(relay, 'hello')
  agent.sendControl({ hello: { agentId: 'agent-1', connections: ['openai'] } })
  t.match((await hello)[0], { agentId: 'agent-1' })

  const bodies = [pattern(3 * 1024 * 1024, 1), pattern(10, 2), pattern(700_000, 3)]
  const results = await Promise.all(bodies.map(async (body, i) => {
    const stream = relay.openStream(openInfo({ path: `/e2e/${i}` }))
    await writeAll(stream, body, 500_000)
    return (await collect(stream)).equals(body)
  }))
  t.same(results, [true, true, true], 'every body echoed byte-exact over ws')

  const closed = once(agent, 'close')
  relay.close(1001, 'relay shutting down')
  t.same(await closed, [undefined], 'the agent sees a clean close')
})

t.test('a corked wsTransport holds messages, counts them as buffered and delivers them in order on uncork', async (t) => {
  const { server, client } = await wsPair(t)
  const transport = wsTransport(server)
  const got: string[] = []
  client.on('message', (d: Buffer) => { got.push(d.toString()) })
  transport.uncork?.() // not corked: a no-op
  transport.cork?.()
  transport.cork?.() // does not nest: one uncork releases everything
  const sent: string[] = []
  let callbacks = 0
  for (let i = 0; i < 20; i++) {
    sent.push(`message-${i}`)
    transport.send(Buffer.from(`message-${i}`), () => { callbacks++ })
  }
  t.ok(transport.bufferedAmount >= sent.join('').length, `corked bytes count as buffered (${transport.bufferedAmount})`)
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.same(got, [], 'nothing left while corked')
  t.equal(callbacks, 0)
  transport.uncork?.()
  while (got.length < sent.length) await once(client, 'message')
  t.same(got, sent, 'delivered in order')
  await ticks()
  t.equal(callbacks, 20)
  t.equal(transport.bufferedAmount, 0)

  // Closing while corked lets the pending messages and the close frame out at once.
  transport.cork?.()
  transport.send(Buffer.from('before close'), () => {})
  const closed = once(client, 'close')
  transport.close(1000, 'bye')
  t.same((await closed)[0], 1000)
  t.equal(got.at(-1), 'before close')
})

t.test('coalesced exchanges run over a real ws connection with both ends announcing capabilities', async (t) => {
  const { server, client } = await wsPair(t)
  const relay = new TunnelMux({ transport: wsTransport(server), role: 'relay' })
  const agent = new TunnelMux({ transport: wsTransport(client), role: 'agent' })
  echoAgent(agent)
  const welcome = once(agent, 'welcome')
  const hello = once(relay, 'hello')
  agent.sendControl({ hello: { agentId: 'agent-1', connections: ['openai'] } })
  await hello
  relay.sendControl({ welcome: { relayId: 'relay-1' } })
  await welcome
  let messages = 0
  client.on('message', () => { messages++ })
  const bodies = Array.from({ length: 50 }, (_, i) => pattern(i * 37, i + 1))
  const results = await Promise.all(bodies.map(async (body, i) => {
    const stream = relay.openStream(openInfo({ path: `/small/${i}` }))
    stream.end(body)
    return (await collect(stream)).equals(body)
  }))
  t.ok(results.every(Boolean), 'every body echoed byte-exact')
  t.equal(messages, 50, 'one message per request (Open with body and end_stream)')
  relay.close(1001, 'done')
})

t.test('a text message closes the ws tunnel with 1002', async (t) => {
  const { server, client } = await wsPair(t)
  const relay = new TunnelMux({ transport: wsTransport(server), role: 'relay' })
  const closed = once(relay, 'close')
  const clientClose = once(client, 'close')
  client.send('{"hello":"text"}')
  client.send(Buffer.from([0xff, 0xff])) // arrives during the closing handshake: dropped, not decoded
  const [code] = await clientClose as [number]
  t.equal(code, WS_CLOSE_PROTOCOL_ERROR)
  const [err] = await closed as [Error]
  t.type(err, TunnelClosedError)
})

t.test('ws itself refuses a message over maxPayload with 1009', async (t) => {
  const { server, client } = await wsPair(t)
  const relay = new TunnelMux({ transport: wsTransport(server), role: 'relay' })
  const closed = once(relay, 'close')
  client.send(Buffer.alloc(MAX_FRAME_BYTES + 1))
  const [code] = await once(client, 'close') as [number]
  t.equal(code, WS_CLOSE_TOO_BIG)
  t.match((await closed)[0], { code: 'GW_ERR_TUNNEL_CLOSED' })
})

t.test('wsTransport reports a closed socket and never throws on send or close', async (t) => {
  const { server } = await wsPair(t)
  const transport = wsTransport(server)
  t.equal(transport.bufferedAmount, 0)
  const closed = once(transport, 'close')
  transport.close(1000, 'x'.repeat(300)) // reason longer than the 123-byte limit is cut, not thrown
  t.equal((await closed)[0], 1000)
  transport.close(1000, 'again') // idempotent
  const [err] = await new Promise<[Error | undefined]>((resolve) => { transport.send(Buffer.from('x'), (e) => { resolve([e]) }) })
  t.type(err, TunnelClosedError)

  const late = wsTransport(server) // wrapping an already-closed socket still reports 'close'
  t.equal((await once(late, 'close'))[0], 1000)
})

t.test('wsTransport closing with an invalid code terminates instead of throwing', async (t) => {
  const { server, client } = await wsPair(t)
  const transport = wsTransport(server)
  const clientClose = once(client, 'close')
  t.doesNotThrow(() => { transport.close(1006, 'not sendable') })
  t.equal((await clientClose)[0], 1006)
})

t.test('memory transports deliver in order, asynchronously, and count undelivered bytes', async (t) => {
  const [a, b] = memoryTransportPair({ latencyMs: 2 })
  const got: string[] = []
  b.on('message', (d) => { got.push(Buffer.from(d).toString()) })
  const src = Buffer.from('one')
  a.send(src, () => {})
  src.write('XXX') // the transport copied the bytes
  a.send(Buffer.from('two'), () => {})
  t.equal(a.bufferedAmount, 6)
  t.same(got, [], 'not delivered synchronously')
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.same(got, ['one', 'two'])
  t.equal(a.bufferedAmount, 0)
  t.equal(a.sentMessages, 2)
})

t.test('memory transport pause holds messages and callbacks; close follows pending data', async (t) => {
  const [a, b] = memoryTransportPair({ bufferedAmountFn: (n) => n * 10 })
  const got: string[] = []
  b.on('message', (d) => { got.push(Buffer.from(d).toString()) })
  let acked = 0
  a.pause()
  a.send(Buffer.from('held'), () => { acked++ })
  a.close(4000, 'done')
  await new Promise((resolve) => setImmediate(resolve))
  t.equal(a.bufferedAmount, 40, 'bufferedAmountFn maps the simulated amount')
  t.same(got, [])
  const closes = [once(a, 'close'), once(b, 'close')]
  a.resume()
  t.same(await Promise.all(closes), [[4000, 'done'], [4000, 'done']])
  t.same(got, ['held'], 'data sent before close is delivered first')
  t.equal(acked, 1)
  const [err] = await new Promise<[Error | undefined]>((resolve) => { b.send(Buffer.from('late'), (e) => { resolve([e]) }) })
  t.type(err, TunnelClosedError)
  b.close(1000, 'idempotent')
})

t.test('both ends closing at once emit close once each', async (t) => {
  const [a, b] = memoryTransportPair()
  const counts = { a: 0, b: 0 }
  a.on('close', () => { counts.a++ })
  b.on('close', () => { counts.b++ })
  a.close(1000, 'a')
  b.close(1001, 'b')
  await new Promise((resolve) => setTimeout(resolve, 10))
  t.same(counts, { a: 1, b: 1 })
})

t.test('a message in flight when the pair closes gets an error callback', async (t) => {
  const [a, b] = memoryTransportPair({ latencyMs: 5 })
  b.close(1000, 'bye') // delivered on the next immediate, before a's message (5 ms)
  const err = await new Promise<Error | undefined>((resolve) => { a.send(Buffer.from('x'), resolve) })
  t.type(err, TunnelClosedError)
})
