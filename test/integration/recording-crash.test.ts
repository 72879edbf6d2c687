// Issue 5: the relay is SIGKILLed in the middle of streams under load and restarted. Every byte any client received
// must be in a recording, every recording must verify (the crashed ones sealed as truncated by the restart), and
// the relay must serve again.
import { createServer } from 'node:net'
import { mkdirSync, readFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import t from 'tap'

import { startAgent } from '../../agent/agent-daemon.js'
import { agentConfigSchema } from '../../agent/agent-config.js'
import { saveAgentCredentialFile } from '../../agent/agent-identity.js'
import { joinRelay } from '../../agent/join.js'
import { validateConfig } from '../../common/config/load-config.js'
import { DEFAULT_AUDIENCE, DEFAULT_LOCAL_ISSUER } from '../../relay/constants.js'
import { EXCHANGE_ID_HEADER } from '../../relay/http/constants.js'
import { AgentAuthority } from '../../relay/identity/agent-authority.js'
import { LocalIssuer } from '../../relay/identity/local-issuer.js'
import { listRecordings, readRecording, verifyRecording } from '../../relay/recording/reader.js'
import { buildSessionModel } from '../../relay/recording/session-model.js'
import { startFakeProvider } from '../fixtures/fake-provider.js'
import { spawnRelay, stopProcess } from '../fixtures/relay-process.js'
import { PROVIDER_KEY, PROVIDER_KEY_ENV } from '../fixtures/stack.js'
import { silentLogger } from '../../common/logger.js'

/** Concurrent clients streaming when the relay is killed. */
const CLIENTS = 12
/** How long the load runs before SIGKILL, in ms. */
const LOAD_MS = 1500
const RELAY_ID = 'crash-relay'

async function freePort (): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((resolve) => s.close(() => { resolve() }))
  return port
}

/** Streams that have received bytes and not ended yet. */
let streaming = 0

/** One streamed exchange as the client saw it (however it ended). */
interface Seen {
  id: string
  body: Buffer
}

async function stream (port: number, ca: string, token: string): Promise<Seen> {
  return await new Promise((resolve) => {
    const parts: Buffer[] = []
    let id = ''
    let counted = false
    let settled = false
    const done = (): void => {
      if (settled) return
      settled = true
      if (counted) streaming--
      resolve({ id, body: Buffer.concat(parts) })
    }
    const req = request({
      host: '127.0.0.1', port, ca, servername: 'localhost', agent: false, method: 'POST', path: '/v1/chat/completions',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-fake-chunks': '30', 'x-fake-chunk-delay-ms': '20' }
    }, (res) => {
      id = String(res.headers[EXCHANGE_ID_HEADER] ?? '')
      res.on('data', (c: Buffer) => {
        parts.push(c)
        if (!counted) {
          counted = true
          streaming++
        }
      })
      res.on('end', done)
      res.on('error', done)
      res.on('close', done)
    })
    req.on('error', done)
    req.end(JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'tell me a story' }] }))
  })
}

t.test('SIGKILL mid-stream under load: every received byte is recorded, every recording verifies', async (t) => {
  const dataDir = join(t.testdir(), 'data')
  mkdirSync(dataDir)
  const provider = await startFakeProvider({ apiKey: PROVIDER_KEY })
  t.teardown(async () => await provider.close())
  const port = await freePort()
  const relayConfig = { relayId: RELAY_ID, defaultConnection: 'openai', connections: ['openai'] }
  let relay = await spawnRelay(dataDir, port, relayConfig)
  t.teardown(async () => await stopProcess(relay.child, 'SIGKILL'))

  const authority = await AgentAuthority.load(dataDir, { relayId: RELAY_ID })
  const joined = await joinRelay({ relayUrl: `https://localhost:${port}`, joinToken: await authority.createJoinToken({ agentId: 'crash-agent' }), ca: relay.ca })
  const credentialFile = join(dataDir, 'agent-credential.json')
  await saveAgentCredentialFile(credentialFile, { ...joined, relayUrl: `https://localhost:${port}` })
  const agent = await startAgent(validateConfig(agentConfigSchema, {
    relay: { url: `wss://localhost:${port}/tunnel`, caFile: join(dataDir, 'certs', 'dev-ca.pem') },
    credentialFile,
    connections: { openai: { upstream: provider.url, credential: { env: PROVIDER_KEY_ENV } } },
    logLevel: 'warn'
  }, 'test'), silentLogger(), { env: { [PROVIDER_KEY_ENV]: PROVIDER_KEY }, waitConnected: true })
  t.teardown(async () => await agent.stop())

  const issuer = await LocalIssuer.load(dataDir, { issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE })
  const tokens = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => await issuer.issue({ sub: `user${i % 4}`, groups: ['eng'], ttlSeconds: 600 })))

  // Load: every client streams back to back until the relay dies under it.
  const seen: Seen[] = []
  let killed = false
  const clients = tokens.map(async (token) => {
    while (!killed) {
      const s = await stream(port, relay.ca, token)
      seen.push(s)
    }
  })
  await new Promise((resolve) => setTimeout(resolve, LOAD_MS))
  // Kill while streams are mid-way (a loaded machine may be between streams at the LOAD_MS mark).
  const deadline0 = Date.now() + 10_000
  while (streaming === 0 && Date.now() < deadline0) await new Promise((resolve) => setTimeout(resolve, 5))
  await stopProcess(relay.child, 'SIGKILL')
  killed = true
  await Promise.all(clients)
  const cutShort = seen.filter((s) => s.id !== '' && !s.body.toString().includes('data: [DONE]'))
  t.ok(seen.filter((s) => s.body.toString().includes('data: [DONE]')).length > 0, 'streams completed before the kill')
  t.ok(cutShort.length > 0, `streams were cut mid-way by the kill (${cutShort.length})`)

  // Restart: unsealed recordings are sealed as truncated; the agent reconnects; traffic flows again.
  relay = await spawnRelay(dataDir, port, relayConfig)
  const deadline = Date.now() + 20_000
  let after: Seen | undefined
  while (Date.now() < deadline) {
    after = await stream(port, relay.ca, tokens[0] as string)
    if (after.body.toString().includes('data: [DONE]')) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  t.match(after?.body.toString() ?? '', /data: \[DONE\]/, 'the restarted relay serves again')
  await stopProcess(relay.child, 'SIGTERM')

  const pub = readFileSync(join(dataDir, 'recording', 'signing-key.pub.pem'), 'utf8')
  const recorded = new Map<string, Buffer>()
  let truncated = 0
  const summaries = await listRecordings(join(dataDir, 'recordings'))
  t.ok(summaries.length >= 4, `one recording per session (${summaries.length})`)
  for (const r of summaries) {
    const v = await verifyRecording(r.path, { trustedPublicKey: pub })
    t.ok(v.ok && v.keyTrusted, `${r.id} verifies${v.problems.length > 0 ? `: ${v.problems.join('; ')}` : ''}`)
    if (v.truncated) truncated++
    const contents = await readRecording(r.path)
    t.same(contents.problems, [], `${r.id} parses cleanly`)
    for (const ex of buildSessionModel(contents.records).exchanges) {
      recorded.set(ex.id, Buffer.concat(ex.responseChunks.map((c) => Buffer.from(c.data))))
    }
  }
  t.ok(truncated > 0, `the recordings open at the kill are marked truncated (${truncated})`)

  let missing = 0
  let bytes = 0
  for (const s of seen) {
    if (s.id === '' || s.body.length === 0) continue
    bytes += s.body.length
    const rec = recorded.get(s.id)
    if (rec === undefined || !rec.subarray(0, s.body.length).equals(s.body)) missing++
  }
  t.equal(missing, 0, `every byte the clients received (${bytes} bytes over ${seen.length} exchanges) is in a recording`)
})
