import { chmod, readFile, stat, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import t from 'tap'

import { LOCAL_ISSUER_MAX_TTL_SECONDS } from '../../../relay/identity/constants.js'
import { LocalIssuer, parseTtl } from '../../../relay/identity/local-issuer.js'

const options = { issuer: 'https://relay.test', audience: 'keyward' }

t.test('creates an ES256 key at <dataDir>/issuer/signing-key.json, 0600 in a 0700 folder, kid = thumbprint', async (t) => {
  const dir = t.testdir()
  const issuer = await LocalIssuer.load(dir, options)
  const path = join(dir, 'issuer', 'signing-key.json')
  t.equal((await stat(path)).mode & 0o777, 0o600)
  t.equal((await stat(join(dir, 'issuer'))).mode & 0o777, 0o700)
  const stored = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>
  t.equal(stored.kty, 'EC')
  t.equal(stored.crv, 'P-256')
  t.type(stored.d, 'string')
  t.equal(stored.kid, issuer.kid)

  const jwks = issuer.publicJwks()
  t.equal(jwks.keys.length, 1)
  const [pub] = jwks.keys
  t.notOk(pub !== undefined && 'd' in pub, 'public JWKS has no private member')
  t.equal(pub?.kid, issuer.kid)
  t.equal(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: stored.x, y: stored.y }, 'sha256'), issuer.kid)

  const again = await LocalIssuer.load(dir, options)
  t.equal(again.kid, issuer.kid, 'the key is reused on the next load')
})

t.test('issues a token with the documented header and claims that verifies against publicJwks', async (t) => {
  const issuer = await LocalIssuer.load(t.testdir(), options)
  const token = await issuer.issue({ sub: 'alice', groups: ['eng', 'ops'], ttlSeconds: 3600, extraClaims: { email: 'a@example.test' } })
  t.same(decodeProtectedHeader(token), { alg: 'ES256', kid: issuer.kid, typ: 'JWT' })
  const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.publicJwks()), {
    issuer: options.issuer, audience: options.audience, algorithms: ['ES256']
  })
  t.equal(payload.sub, 'alice')
  t.same(payload.groups, ['eng', 'ops'])
  t.equal(payload.email, 'a@example.test')
  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), 3600)
  t.equal(payload.nbf, payload.iat)
  t.match(payload.jti, /^[0-9a-f-]{36}$/)
  const other = await issuer.issue({ sub: 'alice', groups: [], ttlSeconds: 60 })
  t.not(JSON.parse(Buffer.from(other.split('.')[1] ?? '', 'base64url').toString()).jti, payload.jti, 'jti is unique')
})

t.test('refuses out-of-bounds requests with GW_ERR_AUTH_TOKEN_REQUEST_INVALID', async (t) => {
  const issuer = await LocalIssuer.load(t.testdir(), options)
  const code = { code: 'GW_ERR_AUTH_TOKEN_REQUEST_INVALID', status: 400 }
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: 0 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: -5 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: 1.5 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: LOCAL_ISSUER_MAX_TTL_SECONDS + 1 }), code)
  await t.resolves(issuer.issue({ sub: 'a', groups: [], ttlSeconds: LOCAL_ISSUER_MAX_TTL_SECONDS }))
  await t.rejects(issuer.issue({ sub: '', groups: [], ttlSeconds: 60 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [''], ttlSeconds: 60 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: Array.from({ length: 257 }, (_, i) => `g${i}`), ttlSeconds: 60 }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: 60, extraClaims: { exp: 9_999_999_999 } }), code)
  await t.rejects(issuer.issue({ sub: 'a', groups: [], ttlSeconds: 60, extraClaims: { groups: ['admin'] } }), code)
  await t.rejects(LocalIssuer.load(t.testdir(), { issuer: '', audience: 'x' }), code)
})

t.test('refuses a key file readable by others, malformed, or of the wrong key type', async (t) => {
  const dir = t.testdir()
  await LocalIssuer.load(dir, options)
  const path = join(dir, 'issuer', 'signing-key.json')
  const code = { code: 'GW_ERR_AUTH_KEY_FILE_INVALID' }

  await chmod(path, 0o644)
  await t.rejects(LocalIssuer.load(dir, options), { ...code, message: /chmod 600/ })
  await chmod(path, 0o600)

  const original = await readFile(path, 'utf8')
  await writeFile(path, '{not json')
  await t.rejects(LocalIssuer.load(dir, options), { ...code, message: /not valid JSON/ })
  await writeFile(path, JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'a', d: 'b' }))
  await t.rejects(LocalIssuer.load(dir, options), { ...code, message: /private EC P-256/ })
  await writeFile(path, 'x'.repeat(70_000))
  await t.rejects(LocalIssuer.load(dir, options), { ...code, message: /larger than/ })
  const tampered = { ...JSON.parse(original) as Record<string, string>, kid: 'evil' }
  await writeFile(path, JSON.stringify(tampered))
  const loaded = await LocalIssuer.load(dir, options)
  t.not(loaded.kid, 'evil', 'kid is recomputed from the key, not trusted from the file')

  const blocked = t.testdir({ issuer: { 'signing-key.json': {} } })
  await chmod(join(blocked, 'issuer', 'signing-key.json'), 0o700)
  await t.rejects(LocalIssuer.load(blocked, options), { ...code, message: /cannot read/ }, 'unreadable (a folder)')
  if (process.getuid?.() !== 0) {
    await chmod(path, 0o000)
    await t.rejects(LocalIssuer.load(dir, options), { ...code, message: /cannot open/ }, 'no permission')
    await chmod(path, 0o600)
  }
})

t.test('two relays loading one data dir at once agree on a single key', async (t) => {
  const dir = t.testdir()
  await mkdir(join(dir, 'issuer'), { recursive: true })
  const loaded = await Promise.all(Array.from({ length: 8 }, async () => LocalIssuer.load(dir, options)))
  t.equal(new Set(loaded.map((i) => i.kid)).size, 1)
})

t.test('parseTtl accepts s, m, h, d and bare seconds, and explains bad input', async (t) => {
  t.equal(parseTtl('45s'), 45)
  t.equal(parseTtl('30m'), 1800)
  t.equal(parseTtl('1h'), 3600)
  t.equal(parseTtl('2d'), 172_800)
  t.equal(parseTtl('3600'), 3600)
  t.equal(parseTtl(' 5m '), 300)
  for (const bad of ['', '0', '0s', '-1h', '1.5h', '1w', 'h', '10 m', '1e3', '01h']) {
    t.throws(() => parseTtl(bad), { code: 'GW_ERR_AUTH_TOKEN_REQUEST_INVALID', message: /invalid TTL/ }, bad)
  }
  t.throws(() => parseTtl('31d'), { code: 'GW_ERR_AUTH_TOKEN_REQUEST_INVALID', message: /longer than the maximum of 30 days/ })
})
