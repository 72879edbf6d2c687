import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'

import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose'
import t from 'tap'

import { createHandshakeProof, generateAgentKey } from '../../../agent/agent-identity.js'
import { AgentAuthority, agentPublicJwkOf } from '../../../relay/identity/agent-authority.js'
import {
  AGENT_CREDENTIAL_TTL_SECONDS, DEFAULT_JOIN_TOKEN_TTL_SECONDS, MAX_JOIN_TOKEN_TTL_SECONDS
} from '../../../relay/identity/constants.js'
import { memoryJtiStore } from '../../../relay/identity/jti-store.js'

import type { CryptoKey, JWK, JWTPayload } from 'jose'

const RELAY = 'relay-1'
const FAILED = { code: 'GW_ERR_AGENT_AUTH_FAILED', status: 401, message: 'agent authentication failed' }
const JOIN_INVALID = { code: 'GW_ERR_AGENT_JOIN_TOKEN_INVALID', status: 401 }
const JOIN_USED = { code: 'GW_ERR_AGENT_JOIN_TOKEN_USED', status: 401 }

const dataDir = t.testdir()
const authority = await AgentAuthority.load(dataDir, { relayId: RELAY })
const authorityJwk = JSON.parse(await readFile(join(dataDir, 'agents', 'authority-key.json'), 'utf8')) as JWK
const authorityKey = await importJWK(authorityJwk, 'Ed25519') as CryptoKey

/** Join + redeem for a fresh agent key; returns what the agent would store. */
async function enrol (agentId: string, a: AgentAuthority = authority): Promise<{ credential: string, privateJwk: JWK, publicJwk: JWK }> {
  const { privateJwk, publicJwk } = await generateAgentKey()
  const credential = await a.redeemJoinToken(await a.createJoinToken({ agentId }), publicJwk)
  return { credential, privateJwk, publicJwk }
}

/** Signs a token with the real authority key, for shapes the API never produces. */
async function authoritySigned (claims: JWTPayload, typ: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iss: RELAY, aud: RELAY, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: 'Ed25519', typ }).sign(authorityKey)
}

/** A proof with arbitrary claims/header signed by `privateJwk`. */
async function customProof (privateJwk: JWK, claims: JWTPayload, typ = 'keyward-agent-proof+jwt'): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ aud: RELAY, iat: now, exp: now + 60, jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'Ed25519', typ }).sign(await importJWK(privateJwk, 'Ed25519'))
}

t.test('stores the Ed25519 authority key 0600 and reuses it', async (t) => {
  t.equal((await stat(join(dataDir, 'agents', 'authority-key.json'))).mode & 0o777, 0o600)
  t.equal(authorityJwk.crv, 'Ed25519')
  const again = await AgentAuthority.load(dataDir, { relayId: RELAY })
  const { credential, privateJwk } = await enrol('reuse', again)
  t.same(await authority.verifyHandshake({ credential, proof: await createHandshakeProof(privateJwk, { audience: RELAY }) }), { agentId: 'reuse' })
  await t.rejects(AgentAuthority.load(dataDir, { relayId: '' }), { code: 'GW_ERR_AUTH_TOKEN_REQUEST_INVALID' })
})

t.test('round trip: join token → credential → handshake', async (t) => {
  const joinToken = await authority.createJoinToken({ agentId: 'agent-a' })
  const header = decodeProtectedHeader(joinToken)
  t.equal(header.typ, 'keyward-join+jwt')
  t.equal(header.alg, 'Ed25519')
  const joinClaims = decodeJwt(joinToken)
  t.equal(joinClaims.sub, 'agent-a')
  t.equal((joinClaims.exp ?? 0) - (joinClaims.iat ?? 0), DEFAULT_JOIN_TOKEN_TTL_SECONDS)
  t.type(joinClaims.jti, 'string')

  const { privateJwk, publicJwk } = await generateAgentKey()
  const credential = await authority.redeemJoinToken(joinToken, publicJwk)
  t.equal(decodeProtectedHeader(credential).typ, 'keyward-agent+jwt')
  const claims = decodeJwt(credential)
  t.equal(claims.sub, 'agent-a')
  t.same(claims.agent_jwk, { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x })
  t.match(claims.cnf, { jkt: /^[A-Za-z0-9_-]{43}$/ })
  t.equal((claims.exp ?? 0) - (claims.iat ?? 0), AGENT_CREDENTIAL_TTL_SECONDS)
  t.notOk(credential.includes(privateJwk.d ?? 'unreachable'), 'the private key never appears in the credential')

  const proof = await createHandshakeProof(privateJwk, { audience: RELAY })
  t.equal(decodeProtectedHeader(proof).typ, 'keyward-agent-proof+jwt')
  t.same(await authority.verifyHandshake({ credential, proof }), { agentId: 'agent-a' })
  const second = await createHandshakeProof(privateJwk, { audience: RELAY })
  t.same(await authority.verifyHandshake({ credential, proof: second }), { agentId: 'agent-a' }, 'a fresh proof per connection works')
})

t.test('a join token is single use: the second redemption is GW_ERR_AGENT_JOIN_TOKEN_USED', async (t) => {
  const joinToken = await authority.createJoinToken({ agentId: 'agent-b' })
  await authority.redeemJoinToken(joinToken, (await generateAgentKey()).publicJwk)
  await t.rejects(authority.redeemJoinToken(joinToken, (await generateAgentKey()).publicJwk), JOIN_USED)
})

t.test('expired, forged, foreign, mistyped or garbage join tokens are GW_ERR_AGENT_JOIN_TOKEN_INVALID', async (t) => {
  const { publicJwk } = await generateAgentKey()
  let clock = Date.now()
  const timed = await AgentAuthority.load(dataDir, { relayId: RELAY }, { now: () => clock })
  const shortLived = await timed.createJoinToken({ agentId: 'agent-c', ttlSeconds: 60 })
  clock += 120_000
  await t.rejects(timed.redeemJoinToken(shortLived, publicJwk), JOIN_INVALID, 'expired')

  const other = await AgentAuthority.load(t.testdir(), { relayId: RELAY })
  await t.rejects(authority.redeemJoinToken(await other.createJoinToken({ agentId: 'agent-c' }), publicJwk), JOIN_INVALID, 'other authority, same relay id')
  const otherRelay = await AgentAuthority.load(dataDir, { relayId: 'relay-2' })
  await t.rejects(authority.redeemJoinToken(await otherRelay.createJoinToken({ agentId: 'agent-c' }), publicJwk), JOIN_INVALID, 'same key, other relay id (aud)')

  const real = await authority.createJoinToken({ agentId: 'agent-c' })
  const [h, p] = real.split('.')
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(real), sub: 'admin' })).toString('base64url')}.${real.split('.')[2]}`
  await t.rejects(authority.redeemJoinToken(tampered, publicJwk), JOIN_INVALID, 'forged payload')
  t.ok(p)
  await t.rejects(authority.redeemJoinToken(`${h}.${p}.`, publicJwk), JOIN_INVALID, 'signature stripped')

  const { credential } = await enrol('agent-c2')
  await t.rejects(authority.redeemJoinToken(credential, publicJwk), JOIN_INVALID, 'a credential is not a join token')
  await t.rejects(authority.redeemJoinToken(await authoritySigned({ sub: 'x', jti: 'j1' }, 'JWT'), publicJwk), JOIN_INVALID, 'wrong typ')
  await t.rejects(authority.redeemJoinToken(await authoritySigned({ sub: 'x' }, 'keyward-join+jwt'), publicJwk), JOIN_INVALID, 'no jti')
  await t.rejects(authority.redeemJoinToken(await authoritySigned({ sub: '../etc', jti: 'j2' }, 'keyward-join+jwt'), publicJwk), JOIN_INVALID, 'bad agent id')
  await t.rejects(authority.redeemJoinToken('garbage', publicJwk), JOIN_INVALID)
  await t.rejects(authority.redeemJoinToken('x'.repeat(20_000), publicJwk), JOIN_INVALID)
  await t.rejects(authority.redeemJoinToken(undefined as unknown as string, publicJwk), JOIN_INVALID)
})

t.test('refuses a private key (or anything but an Ed25519 public JWK) in the join request, without burning the token', async (t) => {
  const { privateJwk, publicJwk } = await generateAgentKey()
  const joinToken = await authority.createJoinToken({ agentId: 'agent-d' })
  const refused = { code: 'GW_ERR_AGENT_AUTH_FAILED', status: 401, message: /public JWK/ }
  await t.rejects(authority.redeemJoinToken(joinToken, privateJwk), refused, 'private JWK (has d)')
  await t.rejects(authority.redeemJoinToken(joinToken, { ...publicJwk, crv: 'X25519' }), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.x }), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, { ...publicJwk, x: 'short' }), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, { ...publicJwk, alg: 'ES256' }), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, { ...publicJwk, p: 'x' }), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, null), refused)
  await t.rejects(authority.redeemJoinToken(joinToken, [publicJwk]), refused)
  t.ok(await authority.redeemJoinToken(joinToken, { ...publicJwk, alg: 'EdDSA', use: 'sig', kid: 'k' }), 'token still redeemable with a proper public key')
  t.same(agentPublicJwkOf({ ...publicJwk, alg: 'Ed25519' }), { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x })
})

t.test('credential plus a proof signed by a different agent key: GW_ERR_AGENT_AUTH_FAILED', async (t) => {
  const a = await enrol('agent-e')
  const b = await enrol('agent-f')
  await t.rejects(authority.verifyHandshake({ credential: a.credential, proof: await createHandshakeProof(b.privateJwk, { audience: RELAY }) }), FAILED)
  const stranger = await generateAgentKey()
  await t.rejects(authority.verifyHandshake({ credential: a.credential, proof: await createHandshakeProof(stranger.privateJwk, { audience: RELAY }) }), FAILED)
})

t.test('a replayed proof is refused', async (t) => {
  const a = await enrol('agent-g')
  const proof = await createHandshakeProof(a.privateJwk, { audience: RELAY })
  t.ok(await authority.verifyHandshake({ credential: a.credential, proof }))
  await t.rejects(authority.verifyHandshake({ credential: a.credential, proof }), FAILED)
})

t.test('proof with the wrong audience, typ, lifetime or clock is refused', async (t) => {
  const a = await enrol('agent-h')
  const now = Math.floor(Date.now() / 1000)
  const check = async (proof: string, why: string): Promise<void> => {
    await t.rejects(authority.verifyHandshake({ credential: a.credential, proof }), FAILED, why)
  }
  await check(await createHandshakeProof(a.privateJwk, { audience: 'relay-2' }), 'wrong aud')
  await check(await customProof(a.privateJwk, {}, 'JWT'), 'wrong typ')
  await check(await customProof(a.privateJwk, { exp: now + 600 }), 'lifetime over 2 minutes')
  await check(await customProof(a.privateJwk, { iat: now - 300, exp: now + 30 }), 'iat too old')
  await check(await customProof(a.privateJwk, { iat: now + 300, exp: now + 360 }), 'iat in the future')
  await check(await customProof(a.privateJwk, { iat: now - 90, exp: now - 30 }), 'expired')
  await check(await customProof(a.privateJwk, { jti: undefined }), 'no jti')
  await check(await customProof(a.privateJwk, { jti: 'x'.repeat(2000) }), 'jti too long')
  await check(await createHandshakeProof(a.privateJwk, { audience: RELAY, now: () => Date.now() - 200_000 }), 'stale proof')
  await check('', 'empty proof')
  await check('x'.repeat(20_000), 'oversized proof')
  t.ok(await authority.verifyHandshake({ credential: a.credential, proof: await customProof(a.privateJwk, { iat: now - 30, exp: now + 30 }) }), 'skew within 60 s accepted')
})

t.test('a join token, a forged or expired credential, or one with a mismatched key binding is refused', async (t) => {
  const a = await enrol('agent-i')
  const proof = async (): Promise<string> => createHandshakeProof(a.privateJwk, { audience: RELAY })
  await t.rejects(authority.verifyHandshake({ credential: await authority.createJoinToken({ agentId: 'agent-i' }), proof: await proof() }), FAILED, 'join token as credential')
  const other = await AgentAuthority.load(t.testdir(), { relayId: RELAY })
  await t.rejects(authority.verifyHandshake({ credential: (await enrol('agent-i', other)).credential, proof: await proof() }), FAILED, 'other authority')

  const agentJwk = agentPublicJwkOf(a.publicJwk)
  const mismatched = await authoritySigned({ sub: 'agent-i', cnf: { jkt: 'not-the-thumbprint' }, agent_jwk: agentJwk }, 'keyward-agent+jwt')
  await t.rejects(authority.verifyHandshake({ credential: mismatched, proof: await proof() }), FAILED, 'cnf.jkt mismatch')
  const noCnf = await authoritySigned({ sub: 'agent-i', cnf: 'x', agent_jwk: agentJwk }, 'keyward-agent+jwt')
  await t.rejects(authority.verifyHandshake({ credential: noCnf, proof: await proof() }), FAILED, 'cnf not an object')
  const privateBound = await authoritySigned({ sub: 'agent-i', cnf: { jkt: 'x' }, agent_jwk: a.privateJwk }, 'keyward-agent+jwt')
  await t.rejects(authority.verifyHandshake({ credential: privateBound, proof: await proof() }), FAILED, 'agent_jwk with d')
  const badSub = await authoritySigned({ sub: '', cnf: { jkt: 'x' }, agent_jwk: agentJwk }, 'keyward-agent+jwt')
  await t.rejects(authority.verifyHandshake({ credential: badSub, proof: await proof() }), FAILED, 'bad sub')

  let clock = Date.now()
  const timed = await AgentAuthority.load(dataDir, { relayId: RELAY }, { now: () => clock })
  clock += (AGENT_CREDENTIAL_TTL_SECONDS + 60) * 1000
  await t.rejects(timed.verifyHandshake({ credential: a.credential, proof: await createHandshakeProof(a.privateJwk, { audience: RELAY, now: () => clock }) }), FAILED, 'expired credential')
  await t.rejects(authority.verifyHandshake({ credential: 'garbage', proof: await proof() }), FAILED)
})

t.test('createJoinToken validates agent id and TTL', async (t) => {
  const bad = { code: 'GW_ERR_AUTH_TOKEN_REQUEST_INVALID', status: 400 }
  await t.rejects(authority.createJoinToken({ agentId: '' }), bad)
  await t.rejects(authority.createJoinToken({ agentId: '../x' }), bad)
  await t.rejects(authority.createJoinToken({ agentId: 'a'.repeat(129) }), bad)
  await t.rejects(authority.createJoinToken({ agentId: 'ok', ttlSeconds: 0 }), bad)
  await t.rejects(authority.createJoinToken({ agentId: 'ok', ttlSeconds: MAX_JOIN_TOKEN_TTL_SECONDS + 1 }), bad)
  const token = await authority.createJoinToken({ agentId: 'a'.repeat(128), ttlSeconds: 30 })
  const claims = decodeJwt(token)
  t.equal((claims.exp ?? 0) - (claims.iat ?? 0), 30)
})

t.test('uses the injected jti stores, so a shared store makes join tokens one-time across relays', async (t) => {
  const usedJoinTokens = memoryJtiStore()
  const r1 = await AgentAuthority.load(dataDir, { relayId: RELAY }, { usedJoinTokens })
  const r2 = await AgentAuthority.load(dataDir, { relayId: RELAY }, { usedJoinTokens })
  const joinToken = await r1.createJoinToken({ agentId: 'agent-j' })
  await r1.redeemJoinToken(joinToken, (await generateAgentKey()).publicJwk)
  await t.rejects(r2.redeemJoinToken(joinToken, (await generateAgentKey()).publicJwk), JOIN_USED)
  t.equal(usedJoinTokens.size, 1)

  const failing = { claim: async () => { throw new Error('redis down') } }
  const r3 = await AgentAuthority.load(dataDir, { relayId: RELAY }, { usedProofs: failing })
  const a = await enrol('agent-k', r3)
  await t.rejects(r3.verifyHandshake({ credential: a.credential, proof: await createHandshakeProof(a.privateJwk, { audience: RELAY }) }), FAILED, 'store failure fails closed')
})
