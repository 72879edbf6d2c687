// Issue 7 through real sockets: budgets reserved atomically before forwarding (50 concurrent requests against a
// budget of 10), 429 with retry-after and x-ratelimit-* headers (OpenAI SDK RateLimitError), max_tokens capped to
// what a budget covers, usage from a stream whose client did not ask for it (counted, chunk removed), concurrency
// slots freed when a client leaves, unpriced models refused, usage queryable through the admin API.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { OpenAI, RateLimitError } from 'openai'
import { Agent, setGlobalDispatcher } from 'undici'

import { httpsRequest, openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

// Prices in USD per million tokens. `budget-model` costs nothing per input token and $1000 per million output
// tokens (1 000 000 nano-USD per token): a request with max_tokens 100 reserves exactly $0.10, so $1/day is 10.
const POLICY = `
roles:
  auditor: [audit]
pricing:
  models:
    budget-model: { input: 0, output: 1000 }
    cap-model: { input: 0, output: 1000 }
  unknownModel: refuse
spend:
  - name: ten-requests
    scope: { subjects: [burst] }
    costPerDayUsd: 1
    onOverBudget: refuse
  - name: capped
    scope: { subjects: [capper] }
    costPerDayUsd: 0.2
  - name: stream-capped
    scope: { subjects: [stream-capper] }
    costPerDayUsd: 0.2
  - name: stream-refused
    scope: { subjects: [stream-refused] }
    costPerDayUsd: 0.2
    onOverBudget: refuse
  - name: per-minute
    scope: { subjects: [minute] }
    requestsPerMinute: 3
  - name: two-at-once
    scope: { subjects: [slots] }
    concurrent: 2
`

let stack: Stack
let dir: string

const chatBody = (model: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra })

async function post (token: string, body: string, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof httpsRequest>>> {
  return await httpsRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body
  })
}

/** Opens a streamed chat request and resolves with the response (headers received). */
async function openStream (token: string, body: string, headers: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof openRequest>>> {
  return await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body
  })
}

/** The usage rows of `GET /admin/usage?<query>`, polled until `ready` says they are complete (settlement is async). */
async function usageRows (query: string, ready: (rows: UsageRow[]) => boolean): Promise<UsageRow[]> {
  const audit = await stack.token('auditor', ['audit'])
  let rows: UsageRow[] = []
  for (let i = 0; i < 50; i++) {
    const q = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: `/admin/usage?${query}`, headers: { authorization: `Bearer ${audit}` } })
    rows = (q.json() as { usage: UsageRow[] }).usage
    if (ready(rows)) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return rows
}

/** How long the provider holds each answer in the concurrency test, in ms: far longer than 50 requests take to arrive. */
const PROVIDER_HOLD_MS = 2000

interface UsageRow { key: string, requests: number, inputTokens: number, outputTokens: number, estimated: number }

t.before(async () => {
  dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  stack = await startStack({ relay: { policy: policyPath } })
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
})
t.teardown(async () => await stack.stop())

t.test('50 concurrent requests against a budget that covers 10: 10 reach the provider, 40 get 429 with retry-after', async (t) => {
  const token = await stack.token('burst', ['eng'])
  const before = stack.provider.requests.length
  const body = chatBody('budget-model', { max_tokens: 100 })
  // The provider holds every answer PROVIDER_HOLD_MS, so no reservation is settled (and refunded) while the others
  // arrive (300 ms was too short on a loaded CI machine: two exchanges settled before the last requests came in).
  const results = await Promise.all(Array.from({ length: 50 }, async () => await post(token, body, { 'x-fake-latency-ms': String(PROVIDER_HOLD_MS) })))
  const ok = results.filter((r) => r.status === 200)
  const refused = results.filter((r) => r.status === 429)
  const reached = stack.provider.requests.length - before
  t.ok(reached <= 11, `at most 10 (+1) forwarded: ${reached}`)
  t.equal(ok.length, 10, 'exactly the 10 the budget covers succeed')
  t.equal(refused.length, 40, 'the rest are refused')
  const r = refused[0]
  t.match(r?.json(), { error: { code: 'GW_ERR_SPEND_LIMITED', type: 'rate_limit_error', message: /rule 'ten-requests' allows \$1 per day/ } })
  t.match(r?.headers['retry-after'], /^\d+$/, 'retry-after in seconds')
  t.ok(Number(r?.headers['retry-after']) >= 1)
  t.equal(r?.headers['x-keyward-budget-limit-usd'], '1')
  t.ok(ok[0]?.headers['x-keyward-budget-remaining-usd'] !== undefined, 'a success says the budget left')
  // Settled to actual usage (a few output tokens each), the budget has room again.
  let again = await post(token, body)
  for (let i = 0; i < 50 && again.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    again = await post(token, body)
  }
  t.equal(again.status, 200, 'reservations are settled to actual usage when the exchanges end')
})

t.test('a request the budget cannot cover in full has its max_tokens capped to what it covers', async (t) => {
  const token = await stack.token('capper', ['eng'])
  // $0.20 at $0.001 per output token covers 200 tokens; the request asks for 1000.
  const res = await post(token, chatBody('cap-model', { max_tokens: 1000 }))
  t.equal(res.status, 200)
  const seen = JSON.parse(stack.provider.requests.at(-1)?.body.toString() ?? '{}') as { max_tokens?: number }
  t.ok(seen.max_tokens !== undefined && seen.max_tokens <= 200 && seen.max_tokens >= 16, `provider was asked for ${seen.max_tokens ?? '?'} tokens`)
})

t.test('a stream that would pass the budget: capped by a cap rule, refused before any byte by a refuse rule', async (t) => {
  const capper = await stack.token('stream-capper', ['eng'])
  const client = new OpenAI({ apiKey: capper, baseURL: stack.baseUrl, maxRetries: 0 })
  const stream = await client.chat.completions.create({ model: 'cap-model', max_tokens: 5000, stream: true, messages: [{ role: 'user', content: 'hi' }] })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
  t.ok(text.length > 0, 'the capped stream is served')
  const seen = JSON.parse(stack.provider.requests.at(-1)?.body.toString() ?? '{}') as { max_tokens?: number }
  t.ok(seen.max_tokens !== undefined && seen.max_tokens <= 200, `asked for ${seen.max_tokens ?? '?'} of 5000 tokens`)

  const refusedToken = await stack.token('stream-refused', ['eng'])
  const before = stack.provider.requests.length
  const refused = new OpenAI({ apiKey: refusedToken, baseURL: stack.baseUrl, maxRetries: 0 })
  const err = await refused.chat.completions.create({ model: 'cap-model', max_tokens: 5000, stream: true, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
  t.type(err, RateLimitError, 'a streamed request over the budget is a 429 the SDK raises')
  t.equal(stack.provider.requests.length, before, 'nothing forwarded')
})

/** Margin before a minute boundary within which a per-minute test waits for the next minute, in ms. */
const MINUTE_EDGE_MS = 5_000

t.test('requests per minute: the headers count down and the 4th request is refused', async (t) => {
  // Per-minute windows are fixed (aligned to the minute), so requests that straddle a boundary are counted in two
  // windows: start well inside one.
  const intoMinute = Date.now() % 60_000
  if (intoMinute > 60_000 - MINUTE_EDGE_MS) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100))
  const token = await stack.token('minute', ['eng'])
  const remaining: string[] = []
  for (let i = 0; i < 3; i++) {
    const res = await post(token, chatBody('gpt-4o-mini'))
    t.equal(res.status, 200)
    remaining.push(String(res.headers['x-ratelimit-remaining-requests']))
    t.equal(res.headers['x-ratelimit-limit-requests'], '3')
  }
  t.same(remaining, ['2', '1', '0'])
  const fourth = await post(token, chatBody('gpt-4o-mini'))
  t.equal(fourth.status, 429)
  t.match(fourth.json(), { error: { message: /3 requests per minute/ } })
  t.ok(Number(fourth.headers['retry-after']) <= 60)
  const client = new OpenAI({ apiKey: token, baseURL: stack.baseUrl, maxRetries: 0 })
  const err = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
  t.type(err, RateLimitError, 'the OpenAI SDK raises RateLimitError')
})

t.test('concurrency slots: a third stream waits for a slot, and a client that leaves frees its slot', async (t) => {
  const token = await stack.token('slots', ['eng'])
  const open = async (): Promise<Awaited<ReturnType<typeof openRequest>>> => await openStream(token, chatBody('gpt-4o-mini', { stream: true }), { 'x-fake-hang': '1' })
  const a = await open()
  const b = await open()
  t.equal(a.statusCode, 200)
  t.equal(b.statusCode, 200)
  const third = await post(token, chatBody('gpt-4o-mini'))
  t.equal(third.status, 429, 'two streams hold both slots')
  t.match(third.json(), { error: { message: /2 concurrent requests/ } })
  a.destroy()
  let after = third
  for (let i = 0; i < 50 && after.status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    after = await post(token, chatBody('gpt-4o-mini'))
  }
  t.equal(after.status, 200, 'the slot of the client that left is free again')
  b.destroy()
  // The streams cut short reported no usage: they are counted as estimated.
  const [row] = await usageRows('subject=slots', (rows) => (rows[0]?.estimated ?? 0) >= 2)
  t.equal(row?.estimated, 2, 'both cut streams marked estimated')
})

t.test('a stream whose client did not ask for usage: the relay asks, counts it, and the client sees no usage chunk', async (t) => {
  const token = await stack.token('streamer', ['eng'])
  const res = await openStream(token, chatBody('gpt-4o-mini', { stream: true }), { 'x-fake-chunks': '5' })
  const sse = await readSse(res)
  const forwarded = JSON.parse(stack.provider.requests.at(-1)?.body.toString() ?? '{}') as { stream_options?: { include_usage?: boolean } }
  t.equal(forwarded.stream_options?.include_usage, true, 'the provider was asked for usage')
  const datas = sse.raw.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6))
  t.equal(datas.at(-1), '[DONE]', 'the stream still ends with [DONE]')
  t.notOk(datas.some((d) => d.includes('"choices":[]')), 'no usage-only chunk reached the client')
  t.notOk(datas.some((d) => /"usage":\{/.test(d)), 'no usage object at all')

  const withUsage = await openStream(token, chatBody('gpt-4o-mini', { stream: true, stream_options: { include_usage: true } }), { 'x-fake-chunks': '5' })
  const sse2 = await readSse(withUsage)
  t.match(sse2.raw, /"choices":\[\],"usage":\{"prompt_tokens":\d+/, 'a client that asked keeps its usage chunk')

  const usage = await usageRows('subject=streamer&by=model', (rows) => rows[0]?.requests === 2)
  const row = usage[0]
  t.equal(row?.key, 'gpt-4o-mini')
  t.equal(row?.requests, 2, 'both streams counted')
  t.ok((row?.inputTokens ?? 0) > 0 && (row?.outputTokens ?? 0) > 0, 'tokens from the provider\'s usage')
  t.equal(row?.estimated, 0, 'reported, not estimated')
})

t.test('an unpriced model is refused when pricing.unknownModel is refuse (403), and nothing is forwarded', async (t) => {
  const token = await stack.token('someone', ['eng'])
  const before = stack.provider.requests.length
  const res = await post(token, chatBody('mystery-model-9'))
  t.equal(res.status, 403)
  t.match(res.json(), { error: { code: 'GW_ERR_SPEND_UNKNOWN_MODEL', message: /mystery-model-9/ } })
  t.equal(stack.provider.requests.length, before)
})

t.test('the admin API refuses usage to identities without an auditor or admin role', async (t) => {
  const token = await stack.token('nobody', ['eng'])
  const q = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/admin/usage', headers: { authorization: `Bearer ${token}` } })
  t.equal(q.status, 403)
})
