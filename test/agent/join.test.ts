// Enrolment over the relay's real HTTPS join endpoint: one-time join tokens, refusals the operator can read,
// malformed bodies refused, and a pinned relay certificate.
import { createHash, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'

import { joinRelay, relayOrigin } from '../../agent/join.js'
import { AgentTunnelRefusedError } from '../../agent/errors.js'
import { httpsRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

t.test('relayOrigin accepts https and wss URLs', async (t) => {
  t.equal(relayOrigin('wss://relay.example:8443/tunnel'), 'https://relay.example:8443')
  t.equal(relayOrigin('https://relay.example:8443/x'), 'https://relay.example:8443')
})

t.test('join tokens are one-time; a refusal says why', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const joinToken = await stack.relay.authority.createJoinToken({ agentId: 'agent-x', ttlSeconds: 60 })
  const first = await joinRelay({ relayUrl: stack.origin, joinToken, ca: stack.ca })
  t.equal(first.agentId, 'agent-x')
  t.equal(first.relayId, 'test-relay')
  t.notOk('d' in JSON.parse(Buffer.from(first.credential.split('.')[1] ?? '', 'base64url').toString()), 'the credential holds no private key')
  const again = await joinRelay({ relayUrl: stack.origin, joinToken, ca: stack.ca }).catch((e: unknown) => e)
  t.type(again, AgentTunnelRefusedError)
  t.match((again as Error).message, /401/)
  const forged = await joinRelay({ relayUrl: stack.origin, joinToken: joinToken.slice(0, -4) + 'AAAA', ca: stack.ca }).catch((e: unknown) => e)
  t.type(forged, AgentTunnelRefusedError)
})

t.test('the join endpoint refuses malformed bodies with GW_ERR_HTTP_BAD_JSON and GET with 405', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const port = stack.relay.address.port
  const bad = await httpsRequest({ port, ca: stack.ca, path: '/agent/join', method: 'POST', body: '{"joinToken": ', headers: { 'content-type': 'application/json' } })
  t.equal(bad.status, 400)
  t.equal((bad.json() as { error: { code: string } }).error.code, 'GW_ERR_HTTP_BAD_JSON')
  const shape = await httpsRequest({ port, ca: stack.ca, path: '/agent/join', method: 'POST', body: '{"joinToken": 5}', headers: { 'content-type': 'application/json' } })
  t.equal(shape.status, 400)
  const get = await httpsRequest({ port, ca: stack.ca, path: '/agent/join' })
  t.equal(get.status, 405)
})

t.test('pinning: the right fingerprint joins, a wrong one is refused before anything is sent', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const leaf = new X509Certificate(readFileSync(join(stack.dataDir, 'certs', 'relay.pem')))
  const pin = leaf.fingerprint256
  t.equal(pin.replace(/:/g, ''), createHash('sha256').update(leaf.raw).digest('hex').toUpperCase())
  const good = await joinRelay({ relayUrl: stack.origin, joinToken: await stack.relay.authority.createJoinToken({ agentId: 'pinned', ttlSeconds: 60 }), ca: stack.ca, pinSha256: [pin] })
  t.equal(good.agentId, 'pinned')
  const wrong = await joinRelay({ relayUrl: stack.origin, joinToken: await stack.relay.authority.createJoinToken({ agentId: 'pinned-2', ttlSeconds: 60 }), ca: stack.ca, pinSha256: ['00'.repeat(32)] }).catch((e: unknown) => e)
  t.match(String(wrong), /pinned fingerprint/)
})
