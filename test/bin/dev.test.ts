import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { isAbsolute } from 'node:path'

import { decodeJwt } from 'jose'
import t from 'tap'

import { DEMO_LABEL, DEV_SUBJECT, devBanner, startDev } from '../../bin/commands/dev.js'
import { silentLogger } from '../../common/logger.js'
import { DEFAULT_AUDIENCE, DEFAULT_LOCAL_ISSUER } from '../../relay/constants.js'
import { startFakeProvider } from '../fixtures/fake-provider.js'
import { httpsRequest } from '../fixtures/https-client.js'

import type { DevStack } from '../../bin/commands/dev.js'

/** Resolves true when 127.0.0.1:`port` can be bound again. */
async function portIsFree (port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** POSTs a chat completion through the dev stack with its own token. */
async function chat (stack: DevStack, content: string): Promise<{ status: number, body: unknown }> {
  const url = new URL(stack.baseUrl)
  const res = await httpsRequest({
    port: Number(url.port),
    ca: readFileSync(stack.caPath, 'utf8'),
    path: `${url.pathname}/chat/completions`,
    method: 'POST',
    headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })
  })
  return { status: res.status, body: res.status === 200 ? res.json() : res.text }
}

t.test('keyward dev comes up with the demo provider, prints the three env lines, serves a chat, and stop() frees the port', async (t) => {
  const dataDir = t.testdir()
  const stack = await startDev({ port: 0, host: '127.0.0.1', dataDir, tokenTtlSeconds: 600 }, silentLogger())
  let stopped = false
  t.teardown(async () => { if (!stopped) await stack.stop() })
  const port = stack.relay.address.port
  t.ok(port > 0)
  t.equal(stack.demo, true)

  const lines = devBanner(stack).split('\n')
  t.ok(lines.includes(`OPENAI_BASE_URL=https://localhost:${port}/v1`), 'OPENAI_BASE_URL line')
  t.ok(lines.includes(`OPENAI_API_KEY=${stack.token}`), 'OPENAI_API_KEY line')
  const caLine = lines.find((l) => l.startsWith('NODE_EXTRA_CA_CERTS='))
  const caPath = caLine?.slice('NODE_EXTRA_CA_CERTS='.length) ?? ''
  t.ok(isAbsolute(caPath), 'the CA path is absolute')
  t.ok(existsSync(caPath), 'the CA file exists')
  t.match(readFileSync(caPath, 'utf8'), /^-----BEGIN CERTIFICATE-----/)
  t.match(devBanner(stack), new RegExp(DEMO_LABEL), 'the banner says the upstream is the offline demo')

  const claims = decodeJwt(stack.token)
  t.equal(claims.sub, DEV_SUBJECT)
  t.equal(claims.iss, DEFAULT_LOCAL_ISSUER)
  t.equal(claims.aud, DEFAULT_AUDIENCE)
  t.equal((claims.exp ?? 0) - (claims.iat ?? 0), 600, 'tokenTtlSeconds is honoured')

  const reply = await chat(stack, 'hello dev')
  t.equal(reply.status, 200, JSON.stringify(reply.body))
  t.match(reply.body, { object: 'chat.completion', choices: [{ message: { role: 'assistant', content: `[${DEMO_LABEL}] Echo: hello dev` } }] })

  const anonymous = await httpsRequest({ port, ca: readFileSync(caPath, 'utf8'), path: '/v1/models' })
  t.equal(anonymous.status, 401, 'the dev relay still requires the token')

  await stack.stop()
  stopped = true
  t.ok(await portIsFree(port), 'the relay port is released')
})

t.test('keyward dev --upstream sends the key from --upstream-key-env to the provider, and only there', async (t) => {
  const key = 'sk-test-upstream-key-0123456789'
  const envName = 'KEYWARD_TEST_DEV_UPSTREAM_KEY'
  process.env[envName] = key
  t.teardown(() => { delete process.env[envName] })
  const provider = await startFakeProvider({ apiKey: key })
  t.teardown(async () => await provider.close())

  const stack = await startDev({
    port: 0, host: '127.0.0.1', dataDir: t.testdir(), tokenTtlSeconds: 600, upstream: provider.url, upstreamKeyEnv: envName
  }, silentLogger())
  t.teardown(async () => await stack.stop())
  t.equal(stack.demo, false)
  t.notMatch(devBanner(stack), new RegExp(DEMO_LABEL))

  const reply = await chat(stack, 'hello provider')
  t.equal(reply.status, 200, JSON.stringify(reply.body))
  t.match(reply.body, { choices: [{ message: { content: 'Echo: hello provider' } }] }, 'answered by the real (unlabelled) provider')
  const seen = provider.requests.find((r) => r.path === '/v1/chat/completions')
  t.equal(seen?.headers.authorization, `Bearer ${key}`, 'the provider received the key from the env var')
  t.not(seen?.headers.authorization, `Bearer ${stack.token}`, 'the client\'s identity token did not reach the provider')
  t.notOk(JSON.stringify(seen?.headers).includes(stack.token))
})

t.test('a failed start (upstream key env var not set) rejects with the reason and leaves nothing running', async (t) => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
  const envName = 'KEYWARD_TEST_DEV_UNSET_KEY'
  delete process.env[envName]
  await t.rejects(startDev({
    port, host: '127.0.0.1', dataDir: t.testdir(), tokenTtlSeconds: 600, upstream: 'http://127.0.0.1:9/v1', upstreamKeyEnv: envName
  }, silentLogger()), { code: 'GW_ERR_CONFIG_INVALID', message: new RegExp(envName) })
  t.ok(await portIsFree(port), 'the relay that had started was stopped again')
})
