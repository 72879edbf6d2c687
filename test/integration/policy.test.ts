// Issue 4 through real sockets: the minimal policy file as written, refusals as 403 that the OpenAI SDK and
// LangChain raise readably (streamed or not), masking of JSON and streamed responses (a secret split across SSE
// chunks), request-side masking, and hot reload that keeps the last good policy.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { OpenAI, PermissionDeniedError } from 'openai'
import { ChatOpenAI } from '@langchain/openai'
import { Agent, setGlobalDispatcher } from 'undici'

import { httpsRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

const MINIMAL = `deny:
  - name: canary
    pattern: POLICY-CANARY-DENY
mask:
  builtin: [email, card, ssn, aws_access_key]
`

let stack: Stack
let client: OpenAI
let token: string
let policyPath: string

t.before(async () => {
  const dir = t.testdir()
  policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, MINIMAL)
  stack = await startStack({ relay: { policy: policyPath } })
  token = await stack.token('carol', ['eng'])
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
  client = new OpenAI({ apiKey: token, baseURL: stack.baseUrl, maxRetries: 0 })
})
t.teardown(async () => await stack.stop())

const SECRET_REPLY = 'mail bob@example.com card 4111 1111 1111 1111 ssn 123-45-6789 key AKIAIOSFODNN7EXAMPLE done'

t.test('the minimal policy blocks the canary with a 403 naming the rule, streamed or not', async (t) => {
  const before = stack.provider.requests.length
  const err = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'please say POLICY-CANARY-DENY now' }] }).catch((e: unknown) => e)
  t.type(err, PermissionDeniedError)
  t.match((err as Error).message, /blocked by policy rule 'canary'/)
  t.notMatch((err as Error).message, /POLICY-CANARY-DENY/, 'the matched text is not echoed')
  const streamErr = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'POLICY-CANARY-DENY' }] }).catch((e: unknown) => e)
  t.type(streamErr, PermissionDeniedError, 'a streamed request is refused the same way')
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: token, maxRetries: 0, configuration: { baseURL: stack.baseUrl } })
  const lcErr = await llm.invoke('tell me POLICY-CANARY-DENY').catch((e: unknown) => e)
  t.match(String((lcErr as Error).message), /blocked by policy rule 'canary'/, 'LangChain raises a readable error')
  t.equal(stack.provider.requests.length, before, 'nothing reached the provider')
})

t.test('duplicate keys cannot smuggle a second value past policy; invalid JSON is a 400', async (t) => {
  const raw = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"POLICY-CANARY-DENY"}],"messages":[{"role":"user","content":"harmless"}]}'
  const ok = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: raw })
  t.equal(ok.status, 200)
  const seen = stack.provider.requests.at(-1)
  t.notMatch(seen?.body.toString() ?? '', /POLICY-CANARY-DENY/, 'the provider saw exactly the object policy judged')
  const bad = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })
  t.equal(bad.status, 400, 'invalid UTF-8 → 400')
  const bad2 = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"model":' })
  t.equal(bad2.status, 400, 'truncated JSON → 400')
})

t.test('a JSON response is masked', async (t) => {
  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-fake-reply': encodeURIComponent(SECRET_REPLY) } })
  const text = res.choices[0]?.message.content ?? ''
  for (const secret of ['bob@example.com', '4111 1111 1111 1111', '123-45-6789', 'AKIAIOSFODNN7EXAMPLE']) t.notMatch(text, secret)
  t.match(text, /\[REDACTED:email\]/)
  t.match(text, /\[REDACTED:card\]/)
  t.match(text, /done$/)
})

t.test('a streamed response is masked even when secrets are split across many SSE chunks', async (t) => {
  for (const chunks of [3, 17, 97]) {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-fake-reply': encodeURIComponent(SECRET_REPLY), 'x-fake-chunks': String(chunks) } })
    let text = ''
    let usage = false
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? ''
      if (chunk.usage != null) usage = true
    }
    for (const secret of ['bob@example.com', '4111 1111 1111 1111', '123-45-6789', 'AKIAIOSFODNN7EXAMPLE']) t.notMatch(text, secret, `${chunks} chunks: ${secret} masked`)
    t.match(text, /^mail \[REDACTED:email\] card \[REDACTED:card\]/, `${chunks} chunks: the rest streams intact`)
    t.ok(usage, 'usage chunk intact')
  }
})

t.test('masking counts (never values) are reported on the exchange log line', async (t) => {
  const lines: string[] = []
  const { pino } = await import('pino')
  const { Writable } = await import('node:stream')
  const sink = new Writable({ write (chunk: Buffer, _e, cb) { lines.push(chunk.toString()); cb() } })
  const logged = await startStack({ relay: { policy: policyPath }, logger: pino({ level: 'info' }, sink) })
  t.teardown(async () => await logged.stop())
  const tk = await logged.token()
  const r = await httpsRequest({ port: logged.relay.address.port, ca: logged.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json', 'x-fake-reply': encodeURIComponent(SECRET_REPLY) }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }) })
  t.equal(r.status, 200)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const line = lines.map((l) => JSON.parse(l) as { msg: string, responseMasked?: Record<string, number> }).find((l) => l.msg === 'exchange' && l.responseMasked !== undefined)
  t.same(line?.responseMasked, { email: 1, card: 1, ssn: 1, aws_access_key: 1 })
  t.notOk(lines.join('\n').includes('bob@example.com'), 'no masked value in any log line')
})

t.test('reload: a valid edit takes effect; an invalid file keeps the last good policy', async (t) => {
  const store = stack.relay.policy
  writeFileSync(policyPath, MINIMAL + `  custom:\n    - name: project\n      words: [BLUEBIRD]\n`)
  const r1 = await store.reload()
  t.ok(r1.ok, 'valid edit accepted')
  const masked = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-fake-reply': encodeURIComponent('project BLUEBIRD is go') } })
  t.match(masked.choices[0]?.message.content ?? '', /\[REDACTED:project\]/)
  writeFileSync(policyPath, 'deny:\n  - name: broken\n    pattern: "("\n  - nonsense: 1\n')
  const r2 = await store.reload()
  t.notOk(r2.ok, 'invalid file refused')
  const still = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'POLICY-CANARY-DENY' }] }).catch((e: unknown) => e)
  t.type(still, PermissionDeniedError, 'the last good policy is still in force')
})

t.test('request-side masking: the provider never receives PII from the prompt when a rule asks for it', async (t) => {
  writeFileSync(policyPath, 'access:\n  - name: everyone\n    maskRequest: true\nmask:\n  builtin: [email, card]\n')
  t.ok((await stack.relay.policy.reload()).ok)
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'my card is 4111-1111-1111-1111 and mail me at eve@example.org' }] })
  const seen = stack.provider.requests.at(-1)?.body.toString() ?? ''
  t.notMatch(seen, /4111-1111-1111-1111/)
  t.notMatch(seen, /eve@example\.org/)
  t.match(seen, /\[REDACTED:card\]/)
  t.match(seen, /"model":"gpt-4o-mini"/, 'the rest of the request is intact')
})
