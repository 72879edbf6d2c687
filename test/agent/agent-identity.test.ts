import { chmod, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose'
import t from 'tap'

import {
  createHandshakeProof, generateAgentKey, loadAgentCredentialFile, saveAgentCredentialFile
} from '../../agent/agent-identity.js'
import { AgentAuthority } from '../../relay/identity/agent-authority.js'
import { AGENT_PROOF_TTL_SECONDS } from '../../relay/identity/constants.js'

const INVALID = { code: 'GW_ERR_CONFIG_INVALID' }
const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url')
/** An unsigned JWT-shaped string with `iss`; only its shape matters for the file checks. */
const FAKE_CREDENTIAL = `${b64({ alg: 'Ed25519' })}.${b64({ iss: 'relay-x' })}.c2ln`

t.test('generateAgentKey returns an Ed25519 pair whose public half carries no private member', async (t) => {
  const { privateJwk, publicJwk } = await generateAgentKey()
  t.same(Object.keys(publicJwk).sort(), ['crv', 'kty', 'x'])
  t.same(Object.keys(privateJwk).sort(), ['crv', 'd', 'kty', 'x'])
  t.equal(publicJwk.crv, 'Ed25519')
  t.equal(privateJwk.x, publicJwk.x)
  t.not((await generateAgentKey()).publicJwk.x, publicJwk.x)
})

t.test('createHandshakeProof signs a short-lived proof the public key verifies', async (t) => {
  const { privateJwk, publicJwk } = await generateAgentKey()
  const proof = await createHandshakeProof(privateJwk, { audience: 'relay-1' })
  t.same(decodeProtectedHeader(proof), { alg: 'Ed25519', typ: 'keyward-agent-proof+jwt' })
  const { payload } = await jwtVerify(proof, await importJWK(publicJwk, 'Ed25519'), { audience: 'relay-1' })
  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), AGENT_PROOF_TTL_SECONDS)
  t.type(payload.jti, 'string')
  t.not(decodeJwt(await createHandshakeProof(privateJwk, { audience: 'relay-1' })).jti, payload.jti)
})

t.test('the credential file round-trips, is 0600, and works for a handshake', async (t) => {
  const dir = t.testdir()
  const authority = await AgentAuthority.load(join(dir, 'relay'), { relayId: 'relay-1' })
  const { privateJwk, publicJwk } = await generateAgentKey()
  const credential = await authority.redeemJoinToken(await authority.createJoinToken({ agentId: 'agent-1' }), publicJwk)
  const path = join(dir, 'agent', 'credential.json')
  await saveAgentCredentialFile(path, { agentId: 'agent-1', relayUrl: 'https://relay.test', credential, privateJwk })
  t.equal((await stat(path)).mode & 0o777, 0o600)
  t.equal((await stat(join(dir, 'agent'))).mode & 0o777, 0o700)

  const loaded = loadAgentCredentialFile(path)
  t.same(loaded, { agentId: 'agent-1', relayId: 'relay-1', relayUrl: 'https://relay.test', credential, privateJwk })
  const proof = await createHandshakeProof(loaded.privateJwk, { audience: loaded.relayId })
  t.same(await authority.verifyHandshake({ credential: loaded.credential, proof }), { agentId: 'agent-1' })

  await saveAgentCredentialFile(path, { agentId: 'agent-1', relayId: 'explicit', relayUrl: 'wss://relay.test', credential, privateJwk })
  t.equal(loadAgentCredentialFile(path).relayId, 'explicit', 'an explicit relayId wins; overwrite works')
  t.equal(JSON.parse(await readFile(path, 'utf8')).version, 1)
})

t.test('loadAgentCredentialFile explains what is wrong', async (t) => {
  const { privateJwk } = await generateAgentKey()
  const good = { version: 1, agentId: 'a', relayId: 'r', relayUrl: 'https://relay.test', credential: FAKE_CREDENTIAL, privateJwk }
  const dir = t.testdir()
  const write = async (name: string, body: unknown): Promise<string> => {
    const path = join(dir, name)
    await writeFile(path, typeof body === 'string' ? body : JSON.stringify(body), { mode: 0o600 })
    await chmod(path, 0o600)
    return path
  }
  t.throws(() => loadAgentCredentialFile(join(dir, 'missing.json')), { ...INVALID, message: /keyward agent join/ })
  {
    const path = await write('bad.json', '{')
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /not valid JSON/ })
  }
  {
    const path = await write('arr.json', [])
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /JSON object/ })
  }
  {
    const path = await write('v.json', { ...good, version: 2 })
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /version/ })
  }
  const many = await write('many.json', { version: 1, relayUrl: 'http://plain', privateJwk: { ...privateJwk, d: undefined } })
  t.throws(() => loadAgentCredentialFile(many), { ...INVALID, message: /agentId[^]*credential[^]*relayId[^]*relayUrl[^]*privateJwk/ }, 'lists every problem')
  {
    const path = await write('nokey.json', { ...good, privateJwk: 'x' })
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /privateJwk/ })
  }
  {
    const path = await write('nojwt.json', { ...good, relayId: undefined, credential: 'nope' })
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /must be a JWT/ })
  }
  {
    const path = await write('big.json', 'x'.repeat(70_000))
    t.throws(() => loadAgentCredentialFile(path), { ...INVALID, message: /larger than/ })
  }
  const open = await write('open.json', good)
  await chmod(open, 0o644)
  t.throws(() => loadAgentCredentialFile(open), { ...INVALID, message: /chmod 600/ })
  const goodPath = await write('good.json', good)
  t.ok(loadAgentCredentialFile(goodPath))
  await t.rejects(saveAgentCredentialFile(join(dir, 'x.json'), { agentId: '', relayUrl: 'https://r', credential: FAKE_CREDENTIAL, privateJwk }), INVALID)
})
