/**
 * `keyward agent join`: exchanges a one-time join token for this agent's long-lived credential.
 *
 * The agent generates its own Ed25519 key pair; only the public half goes to the relay, which binds it into the
 * credential. The private key never leaves the agent's credential file (written 0600).
 */
import { request } from 'node:https'

import { AgentTunnelRefusedError } from './errors.js'
import { generateAgentKey } from './agent-identity.js'
import { relayPinOptions } from './relay-pin.js'

import type { JWK } from 'jose'

/** Largest join response read, in bytes. */
const MAX_JOIN_RESPONSE_BYTES = 64 * 1024
/** Time allowed for the join call, in ms. */
const JOIN_TIMEOUT_MS = 15_000

/** What a successful join yields; save it with saveAgentCredentialFile. */
export interface JoinResult {
  agentId: string
  relayId: string
  credential: string
  privateJwk: JWK
}

/** Options of {@link joinRelay}. */
export interface JoinOptions {
  /** https:// URL of the relay (its origin; the join path is appended). */
  relayUrl: string
  joinToken: string
  ca?: string
  pinSha256?: readonly string[]
}

/** Derives the relay's https origin from either an https:// or a wss:// tunnel URL. */
export function relayOrigin (url: string): string {
  const u = new URL(url)
  if (u.protocol === 'wss:') u.protocol = 'https:'
  if (u.protocol === 'ws:') u.protocol = 'http:'
  return u.origin
}

/** Calls the relay's join endpoint. Throws AgentTunnelRefusedError with the relay's message on refusal. */
export async function joinRelay (options: JoinOptions): Promise<JoinResult> {
  const { privateJwk, publicJwk } = await generateAgentKey()
  const body = JSON.stringify({ joinToken: options.joinToken, publicJwk })
  const url = new URL('/agent/join', relayOrigin(options.relayUrl))
  const { status, text } = await new Promise<{ status: number, text: string }>((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: JOIN_TIMEOUT_MS,
      // A fresh connection: a pooled one would skip the pin check below (it only runs at handshake).
      agent: false,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...relayPinOptions(options.pinSha256)
    }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        text += d
        if (text.length > MAX_JOIN_RESPONSE_BYTES) req.destroy(new Error('join response too large'))
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('join request timed out')))
    req.on('error', reject)
    req.end(body)
  })
  let parsed: { agentId?: unknown, relayId?: unknown, credential?: unknown, error?: { message?: unknown } }
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new AgentTunnelRefusedError(`relay answered the join with status ${status} and a non-JSON body`)
  }
  if (status !== 200 || typeof parsed.credential !== 'string' || typeof parsed.agentId !== 'string' || typeof parsed.relayId !== 'string') {
    throw new AgentTunnelRefusedError(`relay refused the join (${status}): ${String(parsed.error?.message ?? 'unexpected response')}`)
  }
  return { agentId: parsed.agentId, relayId: parsed.relayId, credential: parsed.credential, privateJwk }
}
