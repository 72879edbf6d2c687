// A tunnel peer that floods the relay with tiny fragments (closed 1008) or sends a frame over the size limit
// (closed 1009) is cut off and never takes the relay down (THREATS E.1, CVE-2026-48779 class).
import t from 'tap'
import { WebSocket } from 'ws'

import { createHandshakeProof, loadAgentCredentialFile } from '../../../agent/agent-identity.js'
import { MAX_FRAME_BYTES, WS_MAX_FRAGMENTS } from '../../../common/tunnel/constants.js'
import { httpsRequest } from '../../fixtures/https-client.js'
import { startStack } from '../../fixtures/stack.js'

import type { Stack } from '../../fixtures/stack.js'

async function authenticatedSocket (stack: Stack, agentId: string): Promise<WebSocket> {
  const cfg = await stack.agentConfigFor(agentId) as { credentialFile: string }
  const cred = loadAgentCredentialFile(cfg.credentialFile)
  const proof = await createHandshakeProof(cred.privateJwk, { audience: cred.relayId })
  const ws = new WebSocket(`wss://localhost:${stack.relay.address.port}/tunnel`, {
    ca: stack.ca,
    headers: { 'x-keyward-agent-credential': cred.credential, 'x-keyward-agent-proof': proof }
  })
  await new Promise<void>((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
  return ws
}

t.test('a fragment flood (1008) and an oversized frame (1009) are cut off; the relay keeps serving', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())

  const flood = await authenticatedSocket(stack, 'flooder')
  const floodClosed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)))
  flood.on('error', () => { /* the relay cuts us off */ })
  for (let i = 0; i < WS_MAX_FRAGMENTS * 4 && flood.readyState === WebSocket.OPEN; i++) flood.send(Buffer.from([1]), { fin: false, binary: true })
  t.equal(await floodClosed, 1008, 'fragment flood → 1008 (ws: too many message fragments)')

  const big = await authenticatedSocket(stack, 'oversized')
  const bigClosed = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)))
  big.on('error', () => { /* expected */ })
  big.send(Buffer.alloc(MAX_FRAME_BYTES + 1))
  t.equal(await bigClosed, 1009, 'frame over maxPayload → 1009')

  const token = await stack.token()
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
  t.equal(r.status, 200, 'the real agent still serves')
})
