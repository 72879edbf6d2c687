// The relay's front door over real sockets: identity (401/503 cases), provider keys that go nowhere, routing by
// host and path prefix, traversal and smuggling shapes refused, no agent → 503 naming the connection, health.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { importJWK, SignJWT, base64url } from 'jose'

import { httpsRequest, rawTls } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

let stack: Stack
let port: number
let token: string
const chat = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })

t.before(async () => {
  stack = await startStack({ relay: { connections: ['openai', 'anthropic', 'local'] } })
  port = stack.relay.address.port
  token = await stack.token()
})
t.teardown(async () => await stack.stop())

async function post (headers: Record<string, string>, path = '/v1/chat/completions', host?: string): Promise<{ status: number, json: { error?: { code?: string, message?: string, type?: string } } }> {
  const res = await httpsRequest({ port, ca: stack.ca, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: chat, ...(host === undefined ? {} : { host }) })
  return { status: res.status, json: res.json() as { error?: { code?: string } } }
}

/** Signs a token with the relay's own issuer key but lets the test choose the claims (to omit exp etc.). */
async function forge (claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const jwk = JSON.parse(readFileSync(join(stack.dataDir, 'issuer', 'signing-key.json'), 'utf8')) as { kid?: string, privateJwk?: Record<string, unknown> } & Record<string, unknown>
  const priv = (jwk.privateJwk ?? jwk) as Parameters<typeof importJWK>[0]
  const key = await importJWK(priv, 'ES256')
  return await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: (jwk.kid ?? priv.kid) as string, ...header }).sign(key)
}

t.test('a valid token reaches the provider', async (t) => {
  const r = await post({ authorization: `Bearer ${token}` })
  t.equal(r.status, 200)
})

t.test('identity failures are 401 with an OpenAI-style body, and nothing reaches the provider', async (t) => {
  const before = stack.provider.requests.length
  const now = Math.floor(Date.now() / 1000)
  const base = { iss: 'keyward-local', aud: 'keyward', sub: 'mallory', iat: now }
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no token', {}, 'GW_ERR_AUTH_MISSING_TOKEN'],
    ['a provider key as the token', { authorization: 'Bearer sk-proj-abcdefghijklmnopqrstuvwxyz012345' }, 'GW_ERR_AUTH_PROVIDER_KEY_REFUSED'],
    ['a provider key in x-api-key', { 'x-api-key': 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz' }, 'GW_ERR_AUTH_PROVIDER_KEY_REFUSED'],
    ['garbage', { authorization: 'Bearer not.a.jwt' }, 'GW_ERR_AUTH_INVALID_TOKEN'],
    ['a token without exp', { authorization: `Bearer ${await forge(base)}` }, 'GW_ERR_AUTH_INVALID_TOKEN'],
    ['an expired token', { authorization: `Bearer ${await forge({ ...base, exp: now - 3600 })}` }, 'GW_ERR_AUTH_INVALID_TOKEN'],
    ['the wrong audience', { authorization: `Bearer ${await forge({ ...base, aud: 'other', exp: now + 600 })}` }, 'GW_ERR_AUTH_INVALID_TOKEN'],
    ['an unknown issuer', { authorization: `Bearer ${await forge({ ...base, iss: 'https://evil.example', exp: now + 600 })}` }, 'GW_ERR_AUTH_UNKNOWN_ISSUER'],
    ['alg none', { authorization: `Bearer ${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url.encode(JSON.stringify({ ...base, exp: now + 600 }))}.` }, 'GW_ERR_AUTH_INVALID_TOKEN']
  ]
  for (const [name, headers, code] of cases) {
    const r = await post(headers)
    t.equal(r.status, 401, `${name} → 401`)
    t.equal(r.json.error?.code, code, `${name} → ${code}`)
    t.equal(r.json.error?.type, 'authentication_error')
    t.notOk(JSON.stringify(r.json).includes('sk-proj-abcdefghij'), 'the provider key is not echoed')
  }
  t.equal(stack.provider.requests.length, before, 'the provider received nothing')
})

t.test('routing: path prefix, hostname, default; unknown connection → 404; no agent → 503 naming it', async (t) => {
  const byPrefix = await httpsRequest({ port, ca: stack.ca, path: '/c/anthropic/v1/messages', method: 'POST', headers: { 'x-api-key': token, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'via prefix' }] }) })
  t.equal(byPrefix.status, 200)
  t.match(byPrefix.text, /Echo: via prefix/)
  const last = stack.provider.requests.at(-1)
  t.equal(last?.headers['x-api-key'], 'sk-test-provider-key-0123456789abcdef', 'anthropic connection sends x-api-key')
  t.equal(last?.headers.authorization, undefined, 'and no Authorization header')

  const byHost = await httpsRequest({ port, ca: stack.ca, host: 'anthropic.localhost', path: '/v1/messages', method: 'POST', headers: { authorization: `Bearer ${token}`, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'via host' }] }) })
  t.equal(byHost.status, 200, 'anthropic.localhost routes to the anthropic connection (SNI + Host)')
  t.match(byHost.text, /Echo: via host/)

  const unknown = await post({ authorization: `Bearer ${token}` }, '/c/nosuch/v1/chat/completions')
  t.equal(unknown.status, 404)
  t.match(unknown.json.error?.message ?? '', /nosuch/)

  const noAgent = await post({ authorization: `Bearer ${token}` }, '/c/local/v1/chat/completions')
  t.equal(noAgent.status, 503)
  t.equal(noAgent.json.error?.code, 'GW_ERR_HTTP_NO_AGENT')
  t.match(noAgent.json.error?.message ?? '', /'local'/)
})

t.test('the client cannot choose the upstream: traversal and absolute-form targets are refused', async (t) => {
  const before = stack.provider.requests.length
  for (const path of ['/v1/../admin', '/v1/%2e%2e/admin', '/v1/%2E%2E/x', '//evil.example/v1/models', '/v1/models\\..\\x', '/v1/%2f%2fevil', '/c/openai/../../x']) {
    const r = await httpsRequest({ port, ca: stack.ca, path, headers: { authorization: `Bearer ${token}` } })
    t.equal(r.status, 400, `${path} → 400`)
  }
  const absolute = await rawTls(port, stack.ca, `GET http://169.254.169.254/v1/models HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${token}\r\n\r\n`)
  t.match(absolute, /^HTTP\/1\.1 400/, 'absolute-form target → 400')
  t.equal(stack.provider.requests.length, before, 'nothing reached the provider')
})

t.test('request smuggling shapes are refused by the parser (400) and never forwarded', async (t) => {
  const before = stack.provider.requests.length
  const smuggle = `POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${token}\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\nGET /v1/models HTTP/1.1\r\nhost: localhost\r\n\r\n`
  t.match(await rawTls(port, stack.ca, smuggle), /^HTTP\/1\.1 400/, 'CL + TE → 400')
  const dupCl = `POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}`
  t.match(await rawTls(port, stack.ca, dupCl), /^HTTP\/1\.1 400/, 'duplicate CL → 400')
  t.equal(stack.provider.requests.length, before)
})

t.test('client credential and forwarding headers never reach the provider', async (t) => {
  const r = await httpsRequest({
    port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'openai-organization': 'org-client',
      'x-forwarded-for': '10.0.0.1',
      cookie: 'session=abc',
      connection: 'x-secret-hop',
      'x-secret-hop': 'hop-value'
    },
    body: chat
  })
  t.equal(r.status, 200)
  const seen = stack.provider.requests.at(-1)?.headers ?? {}
  t.equal(seen.authorization, 'Bearer sk-test-provider-key-0123456789abcdef')
  for (const h of ['openai-organization', 'x-forwarded-for', 'cookie', 'x-secret-hop']) t.equal(seen[h], undefined, `${h} dropped`)
})

t.test('oversized body → 413 before it reaches the provider', async (t) => {
  const small = await startStack({ relay: { limits: { maxBodyBytes: 1024 } } })
  t.teardown(async () => await small.stop())
  const tk = await small.token()
  const r = await httpsRequest({ port: small.relay.address.port, ca: small.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }) })
  t.equal(r.status, 413)
  t.equal(small.provider.requests.length, 0)
})

t.test('health and readiness', async (t) => {
  const h = await httpsRequest({ port, ca: stack.ca, path: '/healthz' })
  t.equal(h.status, 200)
  const r = await httpsRequest({ port, ca: stack.ca, path: '/readyz' })
  t.equal(r.status, 200)
  t.same((r.json() as { connections: string[] }).connections, ['anthropic', 'openai'])
})
