// Streams are flushed event by event through relay and agent (never buffered to the end), for OpenAI chat,
// the Responses API and Anthropic messages; request bodies stream too.
import { Readable } from 'node:stream'
import { request } from 'node:https'
import t from 'tap'

import { openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

let stack: Stack
let token: string
t.before(async () => {
  stack = await startStack()
  token = await stack.token()
})
t.teardown(async () => await stack.stop())

const DELAY_MS = 150
const CHUNKS = 8

async function timedStream (path: string, body: unknown, headers: Record<string, string>): Promise<{ arrivals: number[], events: string[] }> {
  const started = performance.now()
  const res = await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-fake-chunks': String(CHUNKS), 'x-fake-chunk-delay-ms': String(DELAY_MS), ...headers },
    body: JSON.stringify(body)
  })
  const arrivals: number[] = []
  res.on('data', () => arrivals.push(performance.now() - started))
  const { events } = await readSse(res)
  return { arrivals, events }
}

t.test('chat SSE: the first event arrives long before the last (no buffering)', async (t) => {
  const { arrivals, events } = await timedStream('/v1/chat/completions', { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'flush' }] }, { authorization: `Bearer ${token}` })
  t.equal(events.at(-1), '[DONE]')
  const first = arrivals[0] ?? Infinity
  const last = arrivals.at(-1) ?? 0
  t.ok(last - first >= DELAY_MS * (CHUNKS - 2), `events spread over time (first ${first.toFixed(0)} ms, last ${last.toFixed(0)} ms)`)
  t.ok(arrivals.length >= CHUNKS, `arrived in at least ${CHUNKS} separate reads (${arrivals.length})`)
})

t.test('Anthropic messages SSE streams through the anthropic connection', async (t) => {
  const { arrivals, events } = await timedStream('/c/anthropic/v1/messages', { model: 'claude-3-5-haiku', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'stream anthropic' }] }, { 'x-api-key': token, 'anthropic-version': '2023-06-01' })
  const text = events.map((e) => JSON.parse(e) as { type: string, delta?: { text?: string } }).filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.text ?? '').join('')
  t.equal(text, 'Echo: stream anthropic')
  t.ok((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0) >= DELAY_MS * 2, 'flushed per event')
})

t.test('a chunked request body streams to the provider without Content-Length', async (t) => {
  const payload = JSON.stringify({ model: 'text-embedding-3-small', input: 'x'.repeat(200_000) })
  const res = await new Promise<{ status: number, body: string }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: stack.relay.address.port, servername: 'localhost', ca: stack.ca, method: 'POST', path: '/v1/embeddings',
      headers: { host: 'localhost', authorization: `Bearer ${token}`, 'content-type': 'application/json' }, agent: false
    }, (r) => {
      let body = ''
      r.setEncoding('utf8')
      r.on('data', (d: string) => { body += d })
      r.on('end', () => resolve({ status: r.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    // Many small writes with no Content-Length: chunked transfer-encoding from the client.
    Readable.from((function * () { for (let i = 0; i < payload.length; i += 1000) yield payload.slice(i, i + 1000) })()).pipe(req)
  })
  t.equal(res.status, 200)
  const seen = stack.provider.requests.at(-1)
  t.equal(seen?.bodyBytes, Buffer.byteLength(payload), 'provider received the whole body')
  t.equal(seen?.headers['transfer-encoding'] !== undefined || seen?.headers['content-length'] !== undefined, true)
})

t.test('the response carries the exchange id for support and correlation', async (t) => {
  const res = await openRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
  res.resume()
  t.match(String(res.headers['x-keyward-exchange-id']), /^[0-9a-f-]{36}$/)
  const seen = stack.provider.requests.at(-1)
  t.equal(seen?.headers['x-keyward-exchange-id'], res.headers['x-keyward-exchange-id'], 'the provider saw the same id')
})
