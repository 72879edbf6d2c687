// The agent's tunnel client against a real relay (and, where the relay must misbehave, a scripted one):
// connecting, certificate pinning, Welcome checks, reconnecting with backoff after a relay restart, and a
// graceful drain on stop that lets in-flight streams finish.
import { readFileSync } from 'node:fs'
import t from 'tap'

import { loadAgentCredentialFile } from '../../agent/agent-identity.js'
import { agentConfigSchema } from '../../agent/agent-config.js'
import { closeConnections, resolveConnections } from '../../agent/connection-registry.js'
import { ReconnectBackoff } from '../../agent/reconnect-backoff.js'
import { TunnelClient } from '../../agent/tunnel-client.js'
import { validateConfig } from '../../common/config/load-config.js'
import { silentLogger } from '../../common/logger.js'
import { INITIAL_WINDOW_BYTES, MAX_FRAME_BYTES, WS_CLOSE_PROTOCOL_ERROR } from '../../common/tunnel/constants.js'
import { httpsRequest, openRequest, readSse } from '../fixtures/https-client.js'
import { PROVIDER_KEY, PROVIDER_KEY_ENV, startStack } from '../fixtures/stack.js'
import { enrolAgent, scriptedRelay, startTunnelHarness, waitFor } from '../fixtures/tunnel-harness.js'

import type { Test } from 'tap'
import type { TunnelClientInit } from '../../agent/tunnel-client.js'
import type { Stack } from '../fixtures/stack.js'
import type { TunnelHarness } from '../fixtures/tunnel-harness.js'

/** A fast backoff so reconnect tests take milliseconds: ceilings 20, 40, 80, 100, 100… ms. */
function fastBackoff (): ReconnectBackoff {
  return new ReconnectBackoff({ baseMs: 20, maxMs: 100 })
}

/** A TunnelClient for a newly joined agent of `stack`, built the way startAgent builds it. */
async function clientFor (t: Test, stack: Stack, agentId: string, extra: Partial<TunnelClientInit> = {}): Promise<TunnelClient> {
  const config = validateConfig(agentConfigSchema, await stack.agentConfigFor(agentId), 'test')
  const cred = loadAgentCredentialFile(config.credentialFile)
  const connections = resolveConnections(config.connections, { [PROVIDER_KEY_ENV]: PROVIDER_KEY })
  const client = new TunnelClient({
    url: config.relay.url,
    relayId: cred.relayId,
    agentId: cred.agentId,
    credential: cred.credential,
    privateJwk: cred.privateJwk,
    connections,
    logger: silentLogger(),
    ca: readFileSync(config.relay.caFile ?? '', 'utf8'),
    ...extra
  })
  t.teardown(async () => {
    await client.stop(0)
    closeConnections(connections)
  })
  return client
}

/** A TunnelClient for an agent enrolled directly with a harness (its connections are never called). */
async function harnessClient (t: Test, harness: TunnelHarness, agentId: string, extra: Partial<TunnelClientInit> = {}): Promise<TunnelClient> {
  const agent = await enrolAgent(harness.authority, agentId)
  const connections = resolveConnections({ openai: { upstream: 'http://127.0.0.1:9/v1', type: 'openai', headers: {} } })
  const client = new TunnelClient({
    url: harness.url,
    relayId: harness.relayId,
    agentId,
    credential: agent.credential,
    privateJwk: agent.privateJwk,
    connections,
    logger: silentLogger(),
    ca: harness.ca,
    backoff: fastBackoff(),
    ...extra
  })
  t.teardown(async () => {
    await client.stop(0)
    closeConnections(connections)
  })
  return client
}

async function sleep (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

async function streamChat (stack: Stack, token: string, knobs: Record<string, string>): Promise<ReturnType<typeof openRequest>> {
  return await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...knobs },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'drain me' }] })
  })
}

t.test('tunnel client against a real relay', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const registry = (): Stack['relay']['registry'] => stack.relay.registry

  t.test('connects, becomes connected and is registered with its connections; stop() unregisters it', async (t) => {
    const client = await clientFor(t, stack, 'client-a')
    let connected = 0
    client.on('connected', () => { connected++ })
    t.equal(client.connected, false, 'not connected before start')
    await client.start()
    t.equal(client.connected, true)
    t.equal(connected, 1, "'connected' emitted once")
    t.same(registry().get('client-a')?.connections, ['openai', 'anthropic'])
    const token = await stack.token()
    const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
    t.equal(r.status, 200, 'exchanges flow through the tunnel')
    await client.stop(1000)
    t.equal(client.connected, false)
    await waitFor(() => registry().get('client-a') === undefined, 3000, 'the relay to drop client-a')
    t.pass('the relay dropped the agent')
  })

  t.test('start() twice runs one connect loop (no second tunnel, no 409)', async (t) => {
    const client = await clientFor(t, stack, 'client-twice', { backoff: fastBackoff() })
    const refused: Array<number | undefined> = []
    client.on('refused', (status) => { refused.push(status) })
    await Promise.all([client.start(), client.start()])
    await sleep(200)
    t.equal(client.connected, true)
    t.same(refused, [], 'the relay never refused a duplicate')
  })

  t.test('stop() while the first attempt is still signing its proof leaves no tunnel behind', async (t) => {
    const client = await clientFor(t, stack, 'client-early-stop')
    const starting = client.start()
    await client.stop(0)
    await starting
    await sleep(300)
    t.equal(client.connected, false)
    t.equal(registry().get('client-early-stop'), undefined, 'the relay never registered it')
  })

  t.test('reconnects by itself after the relay restarts, with backoff, without piling up listeners', async (t) => {
    const backoff = fastBackoff()
    const client = await clientFor(t, stack, 'client-restart', { backoff })
    await client.start()
    t.equal(client.connected, true)
    const listenersBefore = client.eventNames().map((e) => client.listenerCount(e))
    const disconnects: number[] = []
    client.on('disconnected', (code) => { disconnects.push(code) })
    for (let round = 1; round <= 2; round++) {
      const reconnected = new Promise<void>((resolve) => client.once('connected', () => { resolve() }))
      await stack.restartRelay()
      await reconnected
      t.ok(registry().get('client-restart'), `round ${round}: the new relay has the agent registered`)
    }
    t.ok(disconnects.length >= 2, `it noticed each restart (${disconnects.length} disconnects)`)
    t.ok(backoff.attempts >= 2, `it went through the backoff (${backoff.attempts} attempts)`)
    client.removeAllListeners('disconnected')
    t.same(client.eventNames().map((e) => client.listenerCount(e)), listenersBefore, 'no listener was added per reconnect')
    const token = await stack.token()
    const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
    t.equal(r.status, 200, 'exchanges flow again')
  })
})

t.test('graceful agent drain: the in-flight stream completes, new requests get 503, the relay forgets the agent', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const agent = stack.agent
  if (agent === undefined) throw new Error('no agent')
  const token = await stack.token()
  const port = stack.relay.address.port
  const res = await streamChat(stack, token, { 'x-fake-chunks': '20', 'x-fake-chunk-delay-ms': '50' })
  t.equal(res.statusCode, 200)
  const reading = readSse(res)
  await sleep(200)
  const stopping = agent.stop(5000)
  // The GoAway reaches the relay within a round trip; from then on nothing new is routed to this agent.
  await waitFor(() => stack.relay.registry.get('test-agent')?.mux.goingAway === true, 2000, 'the relay to see GoAway')
  const during = await httpsRequest({
    port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'too late' }] })
  })
  t.equal(during.status, 503, 'a new request during the drain is refused')
  t.match(during.text, /no agent is connected for connection 'openai'/)
  t.equal(stack.relay.registry.get('test-agent')?.mux.closed, false, 'while the draining tunnel is still open')
  const { events, error } = await reading
  await stopping
  t.equal(error, undefined, 'the in-flight stream ended cleanly')
  t.equal(events.at(-1), '[DONE]', 'and completed')
  t.ok(events.length >= 21, `with every chunk (${events.length} events)`)
  t.equal(agent.client.connected, false)
  await waitFor(() => stack.relay.registry.get('test-agent') === undefined, 2000, 'the registry to drop the agent')
  t.pass('the relay registry no longer lists the agent')
  await sleep(300)
  t.equal(stack.relay.registry.size, 0, 'and the stopped agent does not come back')
})

t.test('certificate pinning', async (t) => {
  const harness = await startTunnelHarness()
  t.teardown(async () => await harness.close())

  t.test('a wrong pin never connects, and nothing is sent to the relay', async (t) => {
    const client = await harnessClient(t, harness, 'pin-wrong', { pinSha256: ['AB:'.repeat(31) + 'AB'] })
    let connected = false
    client.on('connected', () => { connected = true })
    const tcp = harness.stats.connections
    await client.start()
    await sleep(300)
    t.equal(connected, false)
    t.ok(harness.stats.connections > tcp + 1, `it did reach the relay, and retried (${harness.stats.connections - tcp} connections)`)
    t.equal(harness.stats.upgrades, 0, 'but never sent the upgrade request (credential, proof)')
    t.equal(harness.stats.requests, 0, 'nor any other request')
    t.equal(harness.registry.size, 0)
  })

  t.test('the right pin (with or without colons, any case) connects', async (t) => {
    const pin = harness.fingerprint256.replace(/:/g, '').toLowerCase()
    const client = await harnessClient(t, harness, 'pin-right', { pinSha256: ['00'.repeat(32), pin] })
    await client.start()
    t.equal(client.connected, true)
    t.ok(harness.registry.get('pin-right'))
  })
})

t.test('a Welcome with another initial window is refused; the client closes and retries later', async (t) => {
  const mismatch = INITIAL_WINDOW_BYTES * 2
  const relay = scriptedRelay((n) => ({ relayId: 'harness-relay', maxFrameBytes: MAX_FRAME_BYTES, initialWindowBytes: n <= 2 ? mismatch : INITIAL_WINDOW_BYTES }))
  const harness = await startTunnelHarness({ fakeRelay: (ws) => { relay.handler(ws) } })
  t.teardown(async () => await harness.close())
  const client = await harnessClient(t, harness, 'window-check')
  let connectedAt = 0
  client.on('connected', () => { connectedAt = relay.tunnels })
  await client.start()
  t.equal(client.connected, false, 'the first Welcome is not accepted')
  await waitFor(() => client.connected, 5000, 'a later attempt to connect')
  t.equal(connectedAt, 3, 'it connected only on the third tunnel, the first with a matching window')
  t.same(relay.closeCodes.slice(0, 2), [WS_CLOSE_PROTOCOL_ERROR, WS_CLOSE_PROTOCOL_ERROR], 'the refused tunnels were closed with 1002')
})
