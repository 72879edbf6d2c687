// The relay's tunnel endpoint over real TLS sockets: authentication on the upgrade request (before any WebSocket
// exists), one tunnel per agent id, Hello validation, the Hello timeout, and graceful drain on relay shutdown.
import { join } from 'node:path'
import t from 'tap'

import { generateAgentKey, createHandshakeProof, loadAgentCredentialFile } from '../../../agent/agent-identity.js'
import { INITIAL_WINDOW_BYTES, WS_CLOSE_POLICY } from '../../../common/tunnel/constants.js'
import { AGENT_CREDENTIAL_HEADER, AGENT_PROOF_HEADER } from '../../../relay/tunnel/tunnel-server.js'
import { httpsRequest, openRequest, readSse } from '../../fixtures/https-client.js'
import { startStack } from '../../fixtures/stack.js'
import { agentHeaders, dialTunnel, enrolAgent, sendHello, startTunnelHarness, waitFor } from '../../fixtures/tunnel-harness.js'

import type { Stack } from '../../fixtures/stack.js'
import type { DialOutcome } from '../../fixtures/tunnel-harness.js'

const RELAY_ID = 'test-relay'

function refusedStatus (outcome: DialOutcome): number | string {
  if (outcome.kind === 'refused') return outcome.status
  if (outcome.kind === 'open') outcome.ws.terminate()
  return outcome.kind
}

async function chat (stack: Stack, token: string, extraHeaders: Record<string, string> = {}, stream = false): Promise<ReturnType<typeof openRequest>> {
  return await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extraHeaders },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hello tunnel' }] })
  })
}

t.test('relay tunnel endpoint (shared stack)', async (t) => {
  // One relay with its in-process agent ('test-agent') and an allow-list of connection names.
  const stack = await startStack({ relay: { connections: ['openai', 'anthropic'] } })
  t.teardown(async () => await stack.stop())
  const port = stack.relay.address.port
  const ca = stack.ca
  const { registry, authority } = stack.relay

  t.test('an upgrade without credential headers gets 401 before any WebSocket exists', async (t) => {
    const outcome = await dialTunnel({ port, ca })
    t.equal(outcome.kind, 'refused', 'the client got an HTTP answer, not a 101')
    t.equal(refusedStatus(outcome), 401)
    if (outcome.kind === 'refused') t.match(outcome.body, /agent credential and proof required/)
    const onlyProof = await dialTunnel({ port, ca, headers: { [AGENT_PROOF_HEADER]: 'x.y.z' } })
    t.equal(refusedStatus(onlyProof), 401, 'a proof without a credential is refused too')
    t.same(registry.list().map((a) => a.agentId), ['test-agent'], 'nothing was registered')
  })

  t.test('a valid credential with a proof signed by another key gets 401', async (t) => {
    const agent = await enrolAgent(authority, 'stolen-cred')
    const other = await generateAgentKey()
    const headers = {
      [AGENT_CREDENTIAL_HEADER]: agent.credential,
      [AGENT_PROOF_HEADER]: await createHandshakeProof(other.privateJwk, { audience: RELAY_ID })
    }
    t.equal(refusedStatus(await dialTunnel({ port, ca, headers })), 401)
    // Control: the same credential with a proof from its own key is accepted.
    const ok = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
    t.equal(ok.kind, 'open', 'the rightful key opens the tunnel')
    if (ok.kind === 'open') ok.ws.terminate()
    t.equal(registry.get('stolen-cred'), undefined, 'no Hello, so not registered')
  })

  t.test('a replayed proof gets 401', async (t) => {
    const agent = await enrolAgent(authority, 'replayer')
    const headers = await agentHeaders(agent, RELAY_ID)
    const first = await dialTunnel({ port, ca, headers })
    t.equal(first.kind, 'open', 'the first use of the proof is accepted')
    if (first.kind === 'open') {
      const closed = new Promise((resolve) => first.ws.once('close', resolve))
      first.ws.close()
      await closed
    }
    const second = await dialTunnel({ port, ca, headers })
    t.equal(refusedStatus(second), 401, 'the same proof again is refused')
  })

  t.test('a proof for another relay id (aud) gets 401', async (t) => {
    const agent = await enrolAgent(authority, 'wrong-aud')
    t.equal(refusedStatus(await dialTunnel({ port, ca, headers: await agentHeaders(agent, 'some-other-relay') })), 401)
  })

  t.test('a credential from another relay authority gets 401', async (t) => {
    const elsewhere = await startTunnelHarness({ relayId: RELAY_ID })
    t.teardown(async () => await elsewhere.close())
    const foreign = await enrolAgent(elsewhere.authority, 'foreign')
    t.equal(refusedStatus(await dialTunnel({ port, ca, headers: await agentHeaders(foreign, RELAY_ID) })), 401)
  })

  t.test('an upgrade on a path other than /tunnel gets 404', async (t) => {
    const agent = await enrolAgent(authority, 'lost-agent')
    const outcome = await dialTunnel({ port, ca, path: '/v1/tunnel', headers: await agentHeaders(agent, RELAY_ID) })
    t.equal(refusedStatus(outcome), 404)
    t.equal(refusedStatus(await dialTunnel({ port, ca, path: '/tunnel/x' })), 404)
  })

  t.test('a valid Hello is welcomed and registered; closing the tunnel unregisters it', async (t) => {
    const agent = await enrolAgent(authority, 'raw-agent')
    const outcome = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
    if (outcome.kind !== 'open') throw new Error(`expected an open tunnel, got ${outcome.kind}`)
    const { welcome } = await sendHello(outcome.ws, { agentId: 'raw-agent', connections: ['anthropic'], version: 'test' })
    t.ok(welcome, 'welcomed')
    t.equal(welcome?.relayId, RELAY_ID)
    t.equal(welcome?.initialWindowBytes, INITIAL_WINDOW_BYTES)
    t.same(registry.get('raw-agent')?.connections, ['anthropic'])
    outcome.ws.close()
    await waitFor(() => registry.get('raw-agent') === undefined, 3000, 'the registry to drop raw-agent')
    t.pass('unregistered after close')
  })

  t.test('a second tunnel for a connected agent id gets 409 and the first keeps working', async (t) => {
    const first = registry.get('test-agent')
    t.ok(first, 'the stack agent is connected')
    const cred = loadAgentCredentialFile(join(stack.dataDir, 'test-agent-credential.json'))
    const outcome = await dialTunnel({
      port,
      ca,
      headers: { [AGENT_CREDENTIAL_HEADER]: cred.credential, [AGENT_PROOF_HEADER]: await createHandshakeProof(cred.privateJwk, { audience: RELAY_ID }) }
    })
    t.equal(refusedStatus(outcome), 409)
    if (outcome.kind === 'refused') t.match(outcome.body, /'test-agent' is already connected/)
    t.equal(registry.get('test-agent'), first, 'the registered tunnel is still the first one')
    t.notOk(first?.mux.closed, 'and it is open')
    const res = await chat(stack, await stack.token())
    t.equal(res.statusCode, 200, 'exchanges still go through the first tunnel')
    res.resume()
  })

  t.test('two tunnels racing for one agent id before Hello: the second gets 409', async (t) => {
    const agent = await enrolAgent(authority, 'racer')
    const a = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
    t.equal(a.kind, 'open', 'the first upgrade succeeds')
    // No Hello yet: the id is not registered, but it is taken.
    const b = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
    t.equal(refusedStatus(b), 409, 'the second is refused while the first has not said Hello')
    if (a.kind === 'open') {
      const { welcome } = await sendHello(a.ws, { agentId: 'racer', connections: ['openai'], version: 'test' })
      t.ok(welcome, 'the first is admitted once it says Hello')
      const closed = new Promise((resolve) => a.ws.once('close', resolve))
      a.ws.close()
      await closed
    }
    await waitFor(() => registry.get('racer') === undefined, 3000, 'racer to leave')
    const c = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
    t.equal(c.kind, 'open', 'after the first left, the id is free again')
    if (c.kind === 'open') c.ws.terminate()
  })

  const refusedHellos: Array<[string, { agentId: string, connections: string[] }]> = [
    ['whose agentId differs from the credential', { agentId: 'someone-else', connections: ['openai'] }],
    ['with an invalid connection name', { agentId: 'SELF', connections: ['Bad_Name'] }],
    ['with a connection outside the relay allow-list', { agentId: 'SELF', connections: ['openai', 'local-llm'] }],
    ['with no connection at all', { agentId: 'SELF', connections: [] }]
  ]
  let n = 0
  for (const [what, hello] of refusedHellos) {
    t.test(`a Hello ${what} is refused (1008) and the agent is not registered`, async (t) => {
      const agentId = `hello-${++n}`
      const agent = await enrolAgent(authority, agentId)
      const outcome = await dialTunnel({ port, ca, headers: await agentHeaders(agent, RELAY_ID) })
      if (outcome.kind !== 'open') throw new Error(`expected an open tunnel, got ${outcome.kind}`)
      const changes: number[] = []
      const onChange = (): void => { changes.push(registry.size) }
      registry.on('change', onChange)
      t.teardown(() => { registry.off('change', onChange) })
      const answer = await sendHello(outcome.ws, { ...hello, agentId: hello.agentId === 'SELF' ? agentId : hello.agentId, version: 'test' })
      t.equal(answer.welcome, undefined, 'no Welcome')
      t.equal(answer.closeCode, WS_CLOSE_POLICY, 'closed with 1008')
      t.equal(registry.get(agentId), undefined, 'not registered under its id')
      t.equal(registry.get('someone-else'), undefined, 'nor under the announced id')
      t.same(changes, [], 'the registry never changed')
    })
  }
})

t.test('an agent that never sends Hello is closed after the hello timeout, and its id is released', async (t) => {
  const harness = await startTunnelHarness({ init: { helloTimeoutMs: 150 } })
  t.teardown(async () => await harness.close())
  const agent = await enrolAgent(harness.authority, 'silent')
  const outcome = await dialTunnel({ port: harness.port, ca: harness.ca, headers: await agentHeaders(agent, harness.relayId) })
  if (outcome.kind !== 'open') throw new Error(`expected an open tunnel, got ${outcome.kind}`)
  const started = Date.now()
  const [code, reason] = await new Promise<[number, string]>((resolve) => outcome.ws.once('close', (c, r) => { resolve([c, r.toString()]) }))
  const elapsed = Date.now() - started
  t.equal(code, WS_CLOSE_POLICY)
  t.equal(reason, 'hello timeout')
  t.ok(elapsed >= 100 && elapsed < 2000, `closed after about the timeout (${elapsed} ms)`)
  t.equal(harness.registry.size, 0)
  const again = await dialTunnel({ port: harness.port, ca: harness.ca, headers: await agentHeaders(agent, harness.relayId) })
  t.equal(again.kind, 'open', 'the same id may connect again (not 409)')
  if (again.kind === 'open') {
    const { welcome } = await sendHello(again.ws, { agentId: 'silent', connections: ['openai'], version: 'test' })
    t.ok(welcome, 'and a prompt Hello is welcomed')
    again.ws.terminate()
  }
})

t.test('a relay shutdown drains: an in-flight stream finishes, new tunnels are refused, the registry empties', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const token = await stack.token()
  const port = stack.relay.address.port
  const res = await chat(stack, token, { 'x-fake-chunks': '20', 'x-fake-chunk-delay-ms': '50' }, true)
  t.equal(res.statusCode, 200)
  const reading = readSse(res)
  await new Promise((resolve) => setTimeout(resolve, 150))
  const tunnel = stack.relay.registry.get('test-agent')
  const stopping = stack.relay.server.stop(5000)
  t.ok(tunnel?.mux.goingAway, 'the tunnel is going away at once')
  // A new tunnel during the drain is refused (the listener no longer accepts, or the tunnel server answers 503).
  const late = await enrolAgent(stack.relay.authority, 'late-agent')
  const lateDial = await dialTunnel({ port, ca: stack.ca, headers: await agentHeaders(late, RELAY_ID) })
  t.not(lateDial.kind, 'open', `no tunnel opens during the drain (${lateDial.kind})`)
  if (lateDial.kind === 'open') lateDial.ws.terminate()
  const { events, error } = await reading
  await stopping
  t.equal(error, undefined, 'the stream ended cleanly')
  t.equal(events.at(-1), '[DONE]', 'the in-flight stream completed')
  t.equal(events.filter((e) => e.includes('"choices"')).length >= 20, true, `all chunks arrived (${events.length} events)`)
  t.equal(stack.relay.registry.size, 0, 'the registry is empty after stop')
  t.ok(tunnel?.mux.closed, 'the tunnel is closed')
})

t.test('a relay shutdown resets streams that outlive drainMs', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const res = await chat(stack, await stack.token(), { 'x-fake-chunks': '100', 'x-fake-chunk-delay-ms': '50' }, true)
  t.equal(res.statusCode, 200)
  const reading = readSse(res)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const started = Date.now()
  await stack.relay.server.stop(200)
  t.ok(Date.now() - started < 2000, 'stop returned soon after drainMs')
  const { events } = await reading
  t.not(events.at(-1), '[DONE]', 'the cut stream does not pretend to be complete')
})

t.test('a stopping tunnel server answers new upgrades with 503 and closes tunnels that had not said Hello', async (t) => {
  const harness = await startTunnelHarness()
  t.teardown(async () => await harness.close())
  const early = await enrolAgent(harness.authority, 'early')
  const pending = await dialTunnel({ port: harness.port, ca: harness.ca, headers: await agentHeaders(early, harness.relayId) })
  if (pending.kind !== 'open') throw new Error(`expected an open tunnel, got ${pending.kind}`)
  const closed = new Promise<number>((resolve) => pending.ws.once('close', (code) => { resolve(code) }))
  const stopping = harness.tunnels.stop(1000)
  const late = await enrolAgent(harness.authority, 'late')
  const outcome = await dialTunnel({ port: harness.port, ca: harness.ca, headers: await agentHeaders(late, harness.relayId) })
  t.equal(refusedStatus(outcome), 503)
  if (outcome.kind === 'refused') t.match(outcome.body, /shutting down/)
  await stopping
  t.equal(await closed, 1001, 'the tunnel that had not said Hello is closed as going away')
  t.equal(harness.registry.size, 0, 'nothing joined the draining relay')
})
