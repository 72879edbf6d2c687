// startAgent: every configuration problem is reported at once and before the agent dials anything; a started
// agent connects, and stop(drainMs) bounds how long in-flight exchanges may keep it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

import { agentConfigSchema } from '../../agent/agent-config.js'
import { startAgent } from '../../agent/agent-daemon.js'
import { saveAgentCredentialFile } from '../../agent/agent-identity.js'
import { validateConfig } from '../../common/config/load-config.js'
import { ConfigInvalidError } from '../../common/errors.js'
import { silentLogger } from '../../common/logger.js'
import { openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'
import { enrolAgent, startTunnelHarness, waitFor } from '../fixtures/tunnel-harness.js'

import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'

/** A TCP listener on 127.0.0.1 that only counts connection attempts (a relay that must never be dialled). */
async function countingListener (t: Test): Promise<{ port: number, connections: () => number }> {
  let connections = 0
  const server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => await new Promise<void>((resolve) => server.close(() => { resolve() })))
  return { port: (server.address() as AddressInfo).port, connections: () => connections }
}

function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-agent-daemon-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  return dir
}

/** A valid credential file for `agentId`, signed by a throwaway authority. */
async function credentialFile (t: Test, dir: string, agentId: string): Promise<string> {
  const harness = await startTunnelHarness()
  t.teardown(async () => await harness.close())
  const agent = await enrolAgent(harness.authority, agentId)
  const path = join(dir, `${agentId}.json`)
  await saveAgentCredentialFile(path, { agentId, relayUrl: `https://localhost:${harness.port}`, credential: agent.credential, privateJwk: agent.privateJwk })
  return path
}

t.test('a missing credential env var throws GW_ERR_CONFIG_INVALID naming every one, before dialling', async (t) => {
  const relay = await countingListener(t)
  const dir = tempDir(t)
  const config = validateConfig(agentConfigSchema, {
    relay: { url: `wss://localhost:${relay.port}/tunnel` },
    credentialFile: await credentialFile(t, dir, 'env-agent'),
    connections: {
      openai: { upstream: 'https://api.openai.com/v1', credential: { env: 'KEYWARD_TEST_MISSING_OPENAI' } },
      anthropic: { upstream: 'https://api.anthropic.com/v1', type: 'anthropic', credential: { env: 'KEYWARD_TEST_MISSING_ANTHROPIC' } },
      local: { upstream: 'http://127.0.0.1:11434/v1', credential: { env: 'KEYWARD_TEST_PRESENT' } }
    }
  }, 'test')
  const err = await startAgent(config, silentLogger(), { env: { KEYWARD_TEST_PRESENT: 'sk-present' } }).then(() => undefined, (e: unknown) => e)
  t.type(err, ConfigInvalidError)
  t.equal((err as ConfigInvalidError).code, 'GW_ERR_CONFIG_INVALID')
  const message = (err as Error).message
  t.match(message, /connections\.openai\.credential: environment variable KEYWARD_TEST_MISSING_OPENAI is not set/)
  t.match(message, /connections\.anthropic\.credential: environment variable KEYWARD_TEST_MISSING_ANTHROPIC is not set/)
  t.notMatch(message, /KEYWARD_TEST_PRESENT/, 'the connection whose key is set is not listed')
  t.notMatch(message, /sk-present/, 'and no key value appears')
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(relay.connections(), 0, 'the relay was never dialled')
})

t.test('a missing credential file and missing keys are reported together, before dialling', async (t) => {
  const relay = await countingListener(t)
  const dir = tempDir(t)
  const config = validateConfig(agentConfigSchema, {
    relay: { url: `wss://localhost:${relay.port}/tunnel` },
    credentialFile: join(dir, 'never-joined.json'),
    connections: { openai: { upstream: 'https://api.openai.com/v1', credential: { env: 'KEYWARD_TEST_MISSING_OPENAI' } } }
  }, 'test')
  const err = await startAgent(config, silentLogger(), { env: {} }).then(() => undefined, (e: unknown) => e)
  t.type(err, ConfigInvalidError)
  const message = (err as Error).message
  t.match(message, /cannot read agent credential file .*never-joined\.json/)
  t.match(message, /KEYWARD_TEST_MISSING_OPENAI is not set/)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(relay.connections(), 0, 'the relay was never dialled')
})

t.test('a started agent connects; stop() closes the tunnel and the relay forgets it', async (t) => {
  const harness = await startTunnelHarness()
  t.teardown(async () => await harness.close())
  const dir = tempDir(t)
  const agent = await enrolAgent(harness.authority, 'daemon-agent')
  const credentialPath = join(dir, 'cred.json')
  await saveAgentCredentialFile(credentialPath, { agentId: 'daemon-agent', relayUrl: `https://localhost:${harness.port}`, relayId: harness.relayId, credential: agent.credential, privateJwk: agent.privateJwk })
  const caPath = join(dir, 'ca.pem')
  writeFileSync(caPath, harness.ca)
  const config = validateConfig(agentConfigSchema, {
    relay: { url: harness.url, caFile: caPath },
    credentialFile: credentialPath,
    connections: { openai: { upstream: 'http://127.0.0.1:9/v1', credential: { env: 'KEYWARD_TEST_KEY' } } }
  }, 'test')
  const running = await startAgent(config, silentLogger(), { env: { KEYWARD_TEST_KEY: 'sk-x' }, waitConnected: true })
  t.equal(running.client.connected, true)
  t.same(harness.registry.get('daemon-agent')?.connections, ['openai'])
  t.same([...running.connections.keys()], ['openai'])
  await running.stop(0)
  t.equal(running.client.connected, false)
  await waitFor(() => harness.registry.size === 0, 2000, 'the relay to drop the agent')
  t.pass('unregistered')
})

t.test('stop(drainMs) bounds the drain: a stream longer than drainMs is cut, not waited for', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const agent = stack.agent
  if (agent === undefined) throw new Error('no agent')
  const res = await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${await stack.token()}`, 'content-type': 'application/json', 'x-fake-chunks': '200', 'x-fake-chunk-delay-ms': '50' },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'very long' }] })
  })
  t.equal(res.statusCode, 200)
  const reading = readSse(res)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const started = Date.now()
  await agent.stop(300)
  const took = Date.now() - started
  t.ok(took >= 250 && took < 3000, `stop waited about drainMs, not the default (${took} ms)`)
  const { events } = await reading
  t.not(events.at(-1), '[DONE]', 'the cut stream is not reported as complete')
})
