// The agent's side of one exchange, over a real TunnelMux pair (in memory) and a real fake provider on 127.0.0.1:
// the key is added here, traversal is refused again, failures become coded resets, and a reset aborts upstream.
import { createServer } from 'node:http'
import t from 'tap'

import { silentLogger } from '../../common/logger.js'
import { memoryTransportPair } from '../../common/tunnel/transport.js'
import { TunnelMux } from '../../common/tunnel/tunnel-mux.js'
import { TunnelStreamResetError } from '../../common/tunnel/errors.js'
import { resolveConnections } from '../../agent/connection-registry.js'
import { handleUpstreamStream, upstreamUrl } from '../../agent/upstream-call.js'
import { startFakeProvider } from '../fixtures/fake-provider.js'

import type { AddressInfo } from 'node:net'
import type { TunnelStream } from '../../common/tunnel/tunnel-stream.js'
import type { Test } from 'tap'

const KEY = 'sk-agent-unit-key'

async function setup (t: Test, timeouts?: { headTimeoutMs: number, idleTimeoutMs: number }): Promise<{ relay: TunnelMux, provider: Awaited<ReturnType<typeof startFakeProvider>> }> {
  const provider = await startFakeProvider({ apiKey: KEY })
  const connections = resolveConnections({
    openai: { upstream: provider.url, type: 'openai', credential: { env: 'K' }, headers: { 'x-extra': 'yes' } },
    dead: { upstream: 'http://127.0.0.1:9/v1', type: 'openai', credential: { env: 'K' }, headers: {} }
  }, { K: KEY })
  const [a, b] = memoryTransportPair()
  const relay = new TunnelMux({ transport: a, role: 'relay' })
  const agent = new TunnelMux({ transport: b, role: 'agent' })
  agent.on('stream', (s) => handleUpstreamStream(s, connections, silentLogger(), timeouts))
  t.teardown(async () => {
    relay.close()
    agent.close()
    for (const c of connections.values()) c.socketPool.destroy()
    await provider.close()
  })
  return { relay, provider }
}

async function exchange (stream: TunnelStream, body?: string): Promise<{ status: number, headers: Array<[string, string]>, body: string }> {
  const head = new Promise<{ status: number, headers: Array<[string, string]> }>((resolve, reject) => {
    stream.once('head', (status: number, headers: Array<[string, string]>) => resolve({ status, headers }))
    stream.once('error', reject)
  })
  stream.end(body)
  const h = await head
  let text = ''
  for await (const c of stream) text += (c as Buffer).toString()
  return { ...h, body: text }
}

const chat = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi agent' }] })

t.test('adds the provider key and configured headers; drops credentials the relay might have let through', async (t) => {
  const { relay, provider } = await setup(t)
  const s = relay.openStream({ connection: 'openai', method: 'POST', path: '/v1/chat/completions', headers: [['content-type', 'application/json'], ['authorization', 'Bearer client-token'], ['x-api-key', 'client-key']], exchangeId: 'x1' })
  const res = await exchange(s, chat)
  t.equal(res.status, 200)
  t.match(res.body, /Echo: hi agent/)
  const seen = provider.requests.at(-1)
  t.equal(seen?.headers.authorization, `Bearer ${KEY}`)
  t.equal(seen?.headers['x-api-key'], undefined)
  t.equal(seen?.headers['x-extra'], 'yes')
})

t.test('refuses paths outside /v1/ or with traversal shapes (GW_ERR_AGENT_BAD_PATH)', async (t) => {
  const { relay, provider } = await setup(t)
  for (const path of ['/admin', '/v1/../admin', '/v1/%2e%2e/x', '/v1//x', '/v1/a\\b']) {
    const s = relay.openStream({ connection: 'openai', method: 'GET', path, headers: [], exchangeId: 'x' })
    const err = await exchange(s).catch((e: unknown) => e)
    t.type(err, TunnelStreamResetError)
    t.equal((err as TunnelStreamResetError).remoteCode, 'GW_ERR_AGENT_BAD_PATH', path)
  }
  t.equal(provider.requests.length, 0)
})

t.test('upstreamUrl keeps the configured origin and base path', async (t) => {
  const [c] = resolveConnections({ x: { upstream: 'https://api.example.test/openai/v1/', type: 'openai', headers: {} } }, {}).values()
  if (c === undefined) throw new Error('no connection')
  t.equal(upstreamUrl(c, '/v1/chat/completions?a=1').href, 'https://api.example.test/openai/v1/chat/completions?a=1')
  c.socketPool.destroy()
})

t.test('unknown connection → GW_ERR_AGENT_UNKNOWN_CONNECTION', async (t) => {
  const { relay } = await setup(t)
  const s = relay.openStream({ connection: 'nope', method: 'GET', path: '/v1/models', headers: [], exchangeId: 'x' })
  const err = await exchange(s).catch((e: unknown) => e) as TunnelStreamResetError
  t.equal(err.remoteCode, 'GW_ERR_AGENT_UNKNOWN_CONNECTION')
})

t.test('unreachable upstream → GW_ERR_AGENT_UPSTREAM_FAILED', async (t) => {
  const { relay } = await setup(t)
  const s = relay.openStream({ connection: 'dead', method: 'GET', path: '/v1/models', headers: [], exchangeId: 'x' })
  const err = await exchange(s).catch((e: unknown) => e) as TunnelStreamResetError
  t.equal(err.remoteCode, 'GW_ERR_AGENT_UPSTREAM_FAILED')
  t.notMatch(err.message, new RegExp(KEY), 'the key is not in the error')
})

t.test('an upstream that never answers → GW_ERR_AGENT_UPSTREAM_TIMEOUT', async (t) => {
  const silent = createServer(() => { /* never answers */ })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { silent.closeAllConnections(); silent.close() })
  const port = (silent.address() as AddressInfo).port
  const connections = resolveConnections({ slow: { upstream: `http://127.0.0.1:${port}/v1`, type: 'openai', headers: {} } }, {})
  const [a, b] = memoryTransportPair()
  const relay = new TunnelMux({ transport: a, role: 'relay' })
  const agent = new TunnelMux({ transport: b, role: 'agent' })
  agent.on('stream', (s) => handleUpstreamStream(s, connections, silentLogger(), { headTimeoutMs: 200, idleTimeoutMs: 10_000 }))
  t.teardown(() => { relay.close(); agent.close(); for (const c of connections.values()) c.socketPool.destroy() })
  const s = relay.openStream({ connection: 'slow', method: 'GET', path: '/v1/models', headers: [], exchangeId: 'x' })
  const err = await exchange(s).catch((e: unknown) => e) as TunnelStreamResetError
  t.equal(err.remoteCode, 'GW_ERR_AGENT_UPSTREAM_TIMEOUT')
})

t.test('a relay-side reset mid-stream aborts the upstream request', async (t) => {
  const { relay, provider } = await setup(t)
  const s = relay.openStream({ connection: 'openai', method: 'POST', path: '/v1/chat/completions', headers: [['content-type', 'application/json'], ['x-fake-chunks', '500'], ['x-fake-chunk-delay-ms', '10']], exchangeId: 'x' })
  s.end(JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }))
  await new Promise<void>((resolve) => s.once('head', () => resolve()))
  await new Promise<void>((resolve) => s.once('data', () => resolve()))
  s.on('error', () => { /* our own reset surfaces here */ })
  s.reset('GW_ERR_HTTP_CLIENT_CLOSED', 'client disconnected')
  const aborted = await provider.waitForAbort()
  t.ok(aborted.aborted)
})
