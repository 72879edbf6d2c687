import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import { readFile, writeFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'

import { SignJWT, exportJWK, exportSPKI, generateKeyPair, importJWK } from 'jose'
import t from 'tap'

import { IdentityVerifier } from '../../../relay/identity/jwt-verifier.js'
import { LocalIssuer } from '../../../relay/identity/local-issuer.js'
import { VERIFIED_TOKEN_CACHE_TTL_MS } from '../../../relay/identity/constants.js'

import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CryptoKey, JWK, JWTPayload } from 'jose'
import type { IssuerConfig } from '../../../relay/identity/jwt-verifier.js'

const LOCAL = { issuer: 'https://relay.test', audience: 'keyward' }
const OIDC_ISS = 'https://idp.test/realms/main'
const OIDC_AUD = 'keyward-api'
const now = (): number => Math.floor(Date.now() / 1000)

const INVALID = { code: 'GW_ERR_AUTH_INVALID_TOKEN', status: 401, type: 'authentication_error' }
const UNAVAILABLE = { code: 'GW_ERR_AUTH_KEYS_UNAVAILABLE', status: 503, type: 'api_error' }

interface Jwks { server: Server, url: string, hits: () => number, mode: { value: 'ok' | '500' | 'hang' }, close: () => Promise<void> }

/** Serves `{keys}` at /jwks on 127.0.0.1:0; `mode` switches to HTTP 500 or to never answering. */
async function serveJwks (keys: JWK[]): Promise<Jwks> {
  let hits = 0
  const mode: Jwks['mode'] = { value: 'ok' }
  const server = createServer((req, res) => {
    hits++
    if (mode.value === 'hang') return
    if (mode.value === '500') { res.writeHead(500).end('boom'); return }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${port}/jwks`,
    hits: () => hits,
    mode,
    close: async () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) })
  }
}

/** Signs `claims` with `key` and a chosen header. */
async function sign (claims: JWTPayload, key: CryptoKey | Uint8Array, header: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key)
}

/** Compact token from raw parts, for shapes jose refuses to produce (alg none). */
function handBuilt (header: object, payload: object, signature = ''): string {
  const enc = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${enc(header)}.${enc(payload)}.${signature}`
}

const dataDir = t.testdir()
const local = await LocalIssuer.load(dataDir, LOCAL)
const localKeyJwk = JSON.parse(await readFile(join(dataDir, 'issuer', 'signing-key.json'), 'utf8')) as JWK
const localKey = await importJWK(localKeyJwk, 'ES256') as CryptoKey

const rsa = await generateKeyPair('RS256', { extractable: true })
const rsaPublicJwk: JWK = { ...await exportJWK(rsa.publicKey), kid: 'rsa-1', alg: 'RS256', use: 'sig' }
const rsaPem = await exportSPKI(rsa.publicKey)
const attacker = await generateKeyPair('RS256', { extractable: true })
const jwks = await serveJwks([rsaPublicJwk])
t.teardown(jwks.close)

const oidcConfig: IssuerConfig = { issuer: OIDC_ISS, audience: [OIDC_AUD, 'other'], jwksUrl: jwks.url, groupsClaim: 'realm_access.roles', algorithms: ['RS256'] }
const verifier = new IdentityVerifier([
  { issuer: LOCAL.issuer, audience: LOCAL.audience, localIssuer: local },
  oidcConfig
])

const oidcClaims = (extra: JWTPayload = {}): JWTPayload => ({
  iss: OIDC_ISS, aud: OIDC_AUD, sub: 'bob', iat: now(), exp: now() + 300, realm_access: { roles: ['ml', 'eng'] }, ...extra
})
const oidcToken = async (extra: JWTPayload = {}, header: Record<string, unknown> = {}): Promise<string> =>
  sign(oidcClaims(extra), rsa.privateKey, { alg: 'RS256', kid: 'rsa-1', ...header })
const localClaims = (extra: JWTPayload = {}): JWTPayload => ({
  iss: LOCAL.issuer, aud: LOCAL.audience, sub: 'alice', iat: now(), exp: now() + 300, groups: ['eng'], ...extra
})
const localToken = async (extra: JWTPayload = {}): Promise<string> =>
  sign(localClaims(extra), localKey, { alg: 'ES256', kid: local.kid, typ: 'JWT' })

t.test('accepts a token from the local issuer and returns the identity', async (t) => {
  const token = await local.issue({ sub: 'alice', groups: ['eng', 'ops'], ttlSeconds: 600 })
  const id = await verifier.verify(`Bearer ${token}`)
  t.equal(id.subject, 'alice')
  t.same(id.groups, ['eng', 'ops'])
  t.equal(id.issuer, LOCAL.issuer)
  t.equal(id.tokenId, id.claims.jti)
  t.equal(id.expiresAt, (id.claims.exp ?? 0) * 1000)
  t.ok(id.expiresAt > Date.now())
  t.same((await verifier.verify(`bearer   ${token}`)).subject, 'alice', 'scheme is case-insensitive')
})

t.test('accepts an OIDC token verified through the JWKS URL, reading groups from a dotted claim path', async (t) => {
  const id = await verifier.verify(`Bearer ${await oidcToken()}`)
  t.equal(id.subject, 'bob')
  t.same(id.groups, ['ml', 'eng'])
  t.equal(id.issuer, OIDC_ISS)
  const other = await verifier.verify(`Bearer ${await oidcToken({ aud: ['x', 'other'] })}`)
  t.equal(other.subject, 'bob', 'any configured audience is accepted')
})

t.test('tokenId falls back to a SHA-256 prefix of the token when there is no jti', async (t) => {
  const token = await oidcToken()
  const id = await verifier.verify(`Bearer ${token}`)
  t.equal(id.tokenId, 'sha256:' + createHash('sha256').update(token).digest('hex').slice(0, 32))
})

t.test('groups: absent is [], a single string is [it], anything else is refused', async (t) => {
  t.same((await verifier.verify(`Bearer ${await oidcToken({ realm_access: {} })}`)).groups, [])
  t.same((await verifier.verify(`Bearer ${await oidcToken({ realm_access: { roles: 'solo' } })}`)).groups, ['solo'])
  t.same((await verifier.verify(`Bearer ${await localToken({ groups: undefined })}`)).groups, [])
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ realm_access: { roles: [1, 2] } })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ realm_access: { roles: { admin: true } } })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ realm_access: { roles: Array.from({ length: 300 }, (_, i) => `g${i}`) } })}`), INVALID)
  // A path must never walk into Object.prototype.
  const proto = new IdentityVerifier([{ ...oidcConfig, groupsClaim: 'realm_access.toString' }])
  t.same((await proto.verify(`Bearer ${await oidcToken()}`)).groups, [])
})

t.test('refuses a token without exp (jose would accept it by default) with 401', async (t) => {
  await t.rejects(verifier.verify(`Bearer ${await localToken({ exp: undefined })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ exp: undefined })}`), INVALID)
})

t.test('refuses a token without sub, or with a malformed sub or jti', async (t) => {
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ sub: undefined })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ sub: '' })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ jti: '' })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ jti: 'x'.repeat(2000) })}`), INVALID)
})

t.test('refuses a wrong audience', async (t) => {
  await t.rejects(verifier.verify(`Bearer ${await localToken({ aud: 'someone-else' })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ aud: 'someone-else' })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ aud: undefined })}`), INVALID)
})

t.test('refuses an unknown or missing issuer with GW_ERR_AUTH_UNKNOWN_ISSUER', async (t) => {
  const unknown = { code: 'GW_ERR_AUTH_UNKNOWN_ISSUER', status: 401 }
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iss: 'https://evil.test' })}`), unknown)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iss: undefined })}`), unknown)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iss: 42 as unknown as string })}`), unknown)
  await t.rejects(new IdentityVerifier([]).verify(`Bearer ${await oidcToken()}`), unknown, 'no issuers: everything refused')
})

t.test('refuses a token that names one trusted issuer but is signed by another', async (t) => {
  // OIDC key, local issuer's iss: the local key set has no such key.
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iss: LOCAL.issuer, aud: LOCAL.audience })}`), INVALID)
  // Local key, OIDC iss: ES256 is not allowed for that issuer.
  await t.rejects(verifier.verify(`Bearer ${await localToken({ iss: OIDC_ISS, aud: OIDC_AUD })}`), INVALID)
})

t.test('refuses expired tokens', async (t) => {
  await t.rejects(verifier.verify(`Bearer ${await localToken({ iat: now() - 7200, exp: now() - 3600 })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iat: now() - 7200, exp: now() - 3600 })}`), INVALID)
})

t.test('refuses alg none', async (t) => {
  await t.rejects(verifier.verify(`Bearer ${handBuilt({ alg: 'none', typ: 'JWT' }, localClaims())}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${handBuilt({ alg: 'none', kid: 'rsa-1' }, oidcClaims())}`), INVALID)
})

t.test('refuses HS256 signed with the RSA public key PEM as the HMAC secret (HS/RS confusion)', async (t) => {
  const secret = new TextEncoder().encode(rsaPem)
  const forged = await sign(oidcClaims(), secret, { alg: 'HS256', kid: 'rsa-1' })
  await t.rejects(verifier.verify(`Bearer ${forged}`), INVALID)
  const wide = new IdentityVerifier([{ ...oidcConfig, algorithms: undefined as unknown as string[] }])
  await t.rejects(wide.verify(`Bearer ${forged}`), INVALID, 'also with the default algorithm list')
})

t.test('refuses a token signed by another key that claims the real kid', async (t) => {
  const forged = await sign(oidcClaims(), attacker.privateKey, { alg: 'RS256', kid: 'rsa-1' })
  await t.rejects(verifier.verify(`Bearer ${forged}`), INVALID)
  const forgedLocal = await sign(localClaims(), (await generateKeyPair('ES256')).privateKey, { alg: 'ES256', kid: local.kid, typ: 'JWT' })
  await t.rejects(verifier.verify(`Bearer ${forgedLocal}`), INVALID)
})

t.test('refuses an embedded jwk / jku header attack', async (t) => {
  const attackerJwk = await exportJWK(attacker.publicKey)
  const embedded = await sign(oidcClaims(), attacker.privateKey, { alg: 'RS256', kid: 'rsa-1', jwk: attackerJwk })
  await t.rejects(verifier.verify(`Bearer ${embedded}`), INVALID)
  const jku = await sign(oidcClaims(), attacker.privateKey, { alg: 'RS256', kid: 'rsa-1', jku: 'https://evil.test/jwks' })
  await t.rejects(verifier.verify(`Bearer ${jku}`), INVALID)
  // Even without our header check, jose ignores the embedded key: the signature does not verify against the JWKS.
  const noJwkHeader = await sign(oidcClaims(), attacker.privateKey, { alg: 'RS256', kid: 'rsa-1' })
  await t.rejects(verifier.verify(`Bearer ${noJwkHeader}`), INVALID)
})

t.test('refuses an unknown kid while the cached JWKS is fresh with 401, without refetching', async (t) => {
  await verifier.verify(`Bearer ${await oidcToken()}`)
  const before = jwks.hits()
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({}, { kid: '../../etc/passwd' })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({}, { kid: 'random-1' })}`), INVALID)
  t.ok(jwks.hits() - before <= 1, 'unknown kids do not each trigger a JWKS fetch (cooldown)')
})

t.test('pins typ JWT for the local issuer, so other keyward token kinds signed by the same key are refused', async (t) => {
  const other = await sign(localClaims(), localKey, { alg: 'ES256', kid: local.kid, typ: 'keyward-agent+jwt' })
  await t.rejects(verifier.verify(`Bearer ${other}`), INVALID)
})

t.test('refuses a provider API key with GW_ERR_AUTH_PROVIDER_KEY_REFUSED and never echoes it', async (t) => {
  for (const key of ['sk-proj-abcdefghijklmnopqrstuvwxyz0123456789', 'sk-ant-api03-abcdefghijklmnop', 'sk-a.b.c']) {
    const err = await verifier.verify(`Bearer ${key}`).catch((e: unknown) => e)
    t.match(err, { code: 'GW_ERR_AUTH_PROVIDER_KEY_REFUSED', status: 401, type: 'authentication_error' })
    t.notOk(String((err as Error).message).includes(key.slice(3)), 'message does not contain the key')
    t.match((err as Error).message, /keyward identity token/)
  }
})

t.test('refuses a missing or non-Bearer Authorization header with GW_ERR_AUTH_MISSING_TOKEN', async (t) => {
  const missing = { code: 'GW_ERR_AUTH_MISSING_TOKEN', status: 401 }
  await t.rejects(verifier.verify(undefined), missing)
  await t.rejects(verifier.verify(''), missing)
  await t.rejects(verifier.verify('Bearer '), missing)
  await t.rejects(verifier.verify('Basic dXNlcjpwYXNz'), missing)
  await t.rejects(verifier.verify(`Bearer a b`), missing)
})

t.test('refuses opaque, JWE-shaped, undecodable and oversized tokens with 401 without echoing them', async (t) => {
  for (const token of ['opaque-token-value', 'a.b', 'a.b.c.d.e', 'not.a.jwt', `${handBuilt({ alg: 'RS256' }, {})}`.replace(/^[^.]+/, '%%%')]) {
    const err = await verifier.verify(`Bearer ${token}`).catch((e: unknown) => e)
    t.match(err, INVALID, token)
    t.notOk((err as Error).message.includes(token))
  }
  await t.rejects(verifier.verify(`Bearer ${'a'.repeat(20_000)}.b.c`), INVALID)
  const arrayPayload = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.x`
  await t.rejects(verifier.verify(`Bearer ${arrayPayload}`), INVALID)
})

t.test('clock skew: within tolerance accepted, beyond refused', async (t) => {
  // Default tolerance is 30 s.
  t.ok(await verifier.verify(`Bearer ${await oidcToken({ nbf: now() + 20, iat: now() + 20 })}`))
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ nbf: now() + 120 })}`), INVALID)
  t.ok(await verifier.verify(`Bearer ${await oidcToken({ exp: now() - 20 })}`))
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ exp: now() - 120 })}`), INVALID)
  await t.rejects(verifier.verify(`Bearer ${await oidcToken({ iat: now() + 120 })}`), INVALID, 'iat in the future')
  const strict = new IdentityVerifier([{ ...oidcConfig, clockToleranceSeconds: 0 }])
  await t.rejects(strict.verify(`Bearer ${await oidcToken({ nbf: now() + 20 })}`), INVALID)
})

t.test('maxTokenAgeSeconds refuses old tokens and tokens without iat', async (t) => {
  const v = new IdentityVerifier([{ ...oidcConfig, maxTokenAgeSeconds: 600 }])
  t.ok(await v.verify(`Bearer ${await oidcToken()}`))
  await t.rejects(v.verify(`Bearer ${await oidcToken({ iat: now() - 3600 })}`), INVALID)
  await t.rejects(v.verify(`Bearer ${await oidcToken({ iat: undefined })}`), INVALID)
})

t.test('JWKS server stopped and a kid not cached: 503 GW_ERR_AUTH_KEYS_UNAVAILABLE, never accepted', async (t) => {
  const rsa2 = await generateKeyPair('RS256', { extractable: true })
  const server = await serveJwks([rsaPublicJwk])
  const v = new IdentityVerifier([{ ...oidcConfig, jwksUrl: server.url, jwksFetch: { cooldownMs: 0 } }])
  t.ok(await v.verify(`Bearer ${await oidcToken()}`), 'kid rsa-1 fetched and cached')
  await server.close()

  const rotated = await sign(oidcClaims(), rsa2.privateKey, { alg: 'RS256', kid: 'rsa-2' })
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE)
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE, 'stays closed on retry')
  t.ok(await v.verify(`Bearer ${await oidcToken()}`), 'the cached key keeps working while the cache is fresh')

  const cold = new IdentityVerifier([{ ...oidcConfig, jwksUrl: server.url }])
  await t.rejects(cold.verify(`Bearer ${await oidcToken()}`), UNAVAILABLE, 'nothing cached: 503, not 401')
  const stale = new IdentityVerifier([{ ...oidcConfig, jwksUrl: server.url, jwksFetch: { cacheMaxAgeMs: 0 } }])
  await t.rejects(stale.verify(`Bearer ${await oidcToken()}`), UNAVAILABLE)
})

t.test('JWKS server answering 500: 503', async (t) => {
  const server = await serveJwks([rsaPublicJwk])
  t.teardown(server.close)
  server.mode.value = '500'
  const v = new IdentityVerifier([{ ...oidcConfig, jwksUrl: server.url }])
  await t.rejects(v.verify(`Bearer ${await oidcToken()}`), UNAVAILABLE)
  server.mode.value = 'ok'
  t.ok(await v.verify(`Bearer ${await oidcToken()}`), 'recovers once the IdP does')
})

t.test('JWKS server that never answers: 503 after the fetch timeout', async (t) => {
  const server = await serveJwks([rsaPublicJwk])
  t.teardown(server.close)
  server.mode.value = 'hang'
  const v = new IdentityVerifier([{ ...oidcConfig, jwksUrl: server.url, jwksFetch: { timeoutMs: 200 } }])
  await t.rejects(v.verify(`Bearer ${await oidcToken()}`), UNAVAILABLE)
})

t.test('JWKS URL answering something that is not a key set: 503', async (t) => {
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": "nope"}') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`
  await t.rejects(new IdentityVerifier([{ ...oidcConfig, jwksUrl: url }]).verify(`Bearer ${await oidcToken()}`), UNAVAILABLE)
})

t.test('a jwksFile issuer verifies tokens and picks up a rotated file', async (t) => {
  const dir = t.testdir()
  const path = join(dir, 'jwks.json')
  await writeFile(path, JSON.stringify({ keys: [rsaPublicJwk] }))
  let clock = Date.now()
  const v = new IdentityVerifier([{ issuer: OIDC_ISS, audience: OIDC_AUD, jwksFile: path, groupsClaim: 'realm_access.roles' }], { now: () => clock })
  t.same((await v.verify(`Bearer ${await oidcToken()}`)).groups, ['ml', 'eng'])

  const rsa2 = await generateKeyPair('RS256', { extractable: true })
  const jwk2 = { ...await exportJWK(rsa2.publicKey), kid: 'rsa-2', alg: 'RS256' }
  const rotated = await sign(oidcClaims(), rsa2.privateKey, { alg: 'RS256', kid: 'rsa-2' })
  await writeFile(path, JSON.stringify({ keys: [rsaPublicJwk, jwk2] }) + '\n  ')
  await t.rejects(v.verify(`Bearer ${rotated}`), INVALID, 'not re-read before the check interval')
  clock += 10_000
  t.ok(await v.verify(`Bearer ${rotated}`), 're-read after the interval because size/mtime changed')
  clock += 10_000
  t.ok(await v.verify(`Bearer ${rotated}`), 'unchanged file is not re-parsed')

  await writeFile(path, JSON.stringify({ keys: [jwk2] }))
  await v.reload()
  await t.rejects(v.verify(`Bearer ${await oidcToken()}`), INVALID, 'reload() drops the removed key at once')

  await writeFile(path, '{corrupt')
  await v.reload()
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE, 'corrupt file fails closed')
  await writeFile(path, JSON.stringify({ keys: [{ ...jwk2, d: 'private' }] }))
  await v.reload()
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE, 'a private key in the JWKS is refused')
  await unlink(path)
  clock += 10_000
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE, 'deleted file fails closed')
  await writeFile(path, 'x'.repeat(1_100_000))
  await v.reload()
  await t.rejects(v.verify(`Bearer ${rotated}`), UNAVAILABLE, 'oversized file fails closed')
  await writeFile(path, JSON.stringify({ keys: [jwk2] }))
  clock += 10_000
  t.ok(await v.verify(`Bearer ${rotated}`), 'recovers when the file is good again')
})

t.test('rejects invalid issuer configs at construction, listing every problem', async (t) => {
  const dir = t.testdir({ 'big.json': 'x'.repeat(1_100_000), 'empty.json': '{"keys":[]}' })
  const config = (over: Partial<IssuerConfig>): IssuerConfig => ({ ...oidcConfig, ...over })
  const invalid = (configs: IssuerConfig[], message: RegExp): void => {
    t.throws(() => new IdentityVerifier(configs), { code: 'GW_ERR_CONFIG_INVALID', message }, String(message))
  }
  invalid([oidcConfig, oidcConfig], /configured twice/)
  invalid([config({ algorithms: ['HS256'] })], /refused: HS256/)
  invalid([config({ algorithms: ['none'] })], /refused: none/)
  invalid([config({ algorithms: [] })], /algorithms/)
  invalid([config({ clockToleranceSeconds: 61 })], /clockToleranceSeconds/)
  invalid([config({ maxTokenAgeSeconds: 0 })], /maxTokenAgeSeconds/)
  invalid([config({ jwksUrl: 'http://idp.example.com/jwks' })], /must be https/)
  invalid([config({ jwksUrl: 'not a url' })], /not a valid URL/)
  invalid([config({ jwksFile: join(dir, 'missing.json') })], /exactly one of/)
  invalid([config({ jwksUrl: undefined })], /exactly one of/)
  invalid([config({ jwksUrl: undefined, jwksFile: join(dir, 'missing.json') })], /cannot load/)
  invalid([config({ jwksUrl: undefined, jwksFile: join(dir, 'big.json') })], /larger than/)
  invalid([config({ jwksUrl: undefined, jwksFile: join(dir, 'empty.json') })], /at least one key/)
  invalid([config({ groupsClaim: '__proto__.x' })], /groupsClaim/)
  invalid([config({ subjectClaim: 'a..b' })], /subjectClaim/)
  invalid([config({ issuer: '' })], /issuer/)
  invalid([config({ audience: [] })], /audience/)
  invalid([{ issuer: 'https://other.test', audience: 'x', localIssuer: local }], /must equal the local issuer/)
  invalid([config({ issuer: '' }), config({ clockToleranceSeconds: -1 })], /issuers\[0\][^]*issuers\[1\]/)
  t.ok(new IdentityVerifier([config({ jwksUrl: 'https://idp.example.com/jwks' })]), 'https is fine')
  t.ok(new IdentityVerifier([config({ jwksUrl: 'http://localhost:1/jwks' })]), 'http on loopback is fine')
})

t.test('a custom subject claim path is honoured', async (t) => {
  const v = new IdentityVerifier([{ ...oidcConfig, subjectClaim: 'ext.user' }])
  t.equal((await v.verify(`Bearer ${await oidcToken({ ext: { user: 'carol' } })}`)).subject, 'carol')
  await t.rejects(v.verify(`Bearer ${await oidcToken()}`), INVALID, 'sub alone is not enough when another claim is named')
})

t.test('verified tokens are cached for at most VERIFIED_TOKEN_CACHE_TTL_MS and never past exp', async (t) => {
  let clock = Date.now()
  const v = new IdentityVerifier([{ issuer: LOCAL.issuer, audience: LOCAL.audience, localIssuer: local }], { now: () => clock })
  const shortLived = await sign({ iss: LOCAL.issuer, aud: LOCAL.audience, sub: 'cache', iat: now(), exp: now() + 5, groups: [] }, localKey, { alg: 'ES256', kid: local.kid, typ: 'JWT' })
  const first = await v.verify(`Bearer ${shortLived}`)
  t.equal(await v.verify(`Bearer ${shortLived}`), first, 'a repeat hit returns the cached identity')
  clock += 40_000
  await t.rejects(v.verify(`Bearer ${shortLived}`), INVALID, 'past exp (and the 30 s tolerance) the cache does not answer; the token is refused')

  clock = Date.now()
  const long = await local.issue({ sub: 'cache2', groups: [], ttlSeconds: 3600 })
  const a = await v.verify(`Bearer ${long}`)
  clock += VERIFIED_TOKEN_CACHE_TTL_MS + 1
  const b = await v.verify(`Bearer ${long}`)
  t.not(b, a, 'after the cache TTL the signature is verified again')
  t.same(b.subject, a.subject)
  await v.reload()
  t.not(await v.verify(`Bearer ${long}`), b, 'reload() forgets cached verifications')
})

t.test('a token that failed verification is never cached as good', async (t) => {
  const v = new IdentityVerifier([{ issuer: LOCAL.issuer, audience: LOCAL.audience, localIssuer: local }])
  const forged = handBuilt({ alg: 'ES256', kid: local.kid }, { iss: LOCAL.issuer, aud: LOCAL.audience, sub: 'x', exp: now() + 60 }, 'AAAA')
  await t.rejects(v.verify(`Bearer ${forged}`), INVALID)
  await t.rejects(v.verify(`Bearer ${forged}`), INVALID)
})
