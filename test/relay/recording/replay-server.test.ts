// The replay server answering the real `openai` npm client from a recording file on disk, over a loopback socket.
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { NotFoundError, OpenAI } from 'openai'
import t from 'tap'

import { readRecording } from '../../../relay/recording/reader.js'
import { ReplayServer, canonicalJson, requestKey } from '../../../relay/recording/replay-server.js'
import { buildSessionModel } from '../../../relay/recording/session-model.js'
import { chatCompletion, chatSseChunks, recordExchange, writeRecording } from '../../fixtures/recording-builder.js'

import type { Test } from 'tap'
import type { ReplayServerInit } from '../../../relay/recording/replay-server.js'
import type { ExchangeSpec } from '../../fixtures/recording-builder.js'

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const MODEL = 'gpt-4o-mini'
const chat = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ model: MODEL, messages: [{ role: 'user', content }], ...extra })

/**
 * Writes a recording of `specs` with the relay's writer, reads it back with the storage reader, and serves it.
 * Returns the server and an OpenAI client pointed at it (no retries: a retry would consume the next recorded
 * exchange).
 */
async function serve (t: Test, specs: ExchangeSpec[], init: ReplayServerInit = {}, maxSessionBytes?: number): Promise<{ server: ReplayServer, client: OpenAI }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-replay-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const { path } = await writeRecording({ dataDir, startUnixMs: T0, ...(maxSessionBytes === undefined ? {} : { maxSessionBytes }) }, (b) => {
    specs.forEach((spec, i) => recordExchange(b, spec, T0 + 1000 * (i + 1)))
  })
  const rec = await readRecording(path)
  t.same(rec.problems, [], 'the recording reads back cleanly')
  const server = new ReplayServer({ model: buildSessionModel(rec.records) }, init)
  await server.start()
  t.teardown(async () => { await server.stop() })
  return { server, client: new OpenAI({ apiKey: 'anything-goes', baseURL: server.baseUrl, maxRetries: 0 }) }
}

/** A raw HTTP exchange with the server: status, headers, body (or the error that cut it). */
async function raw (server: ReplayServer, path: string, body: string, method = 'POST'): Promise<{ status: number, headers: Record<string, unknown>, body: string, error?: string }> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.address.port, path, method, headers: { 'content-type': 'application/json', authorization: 'Bearer x' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { text += c })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }) })
      res.on('error', (err) => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, error: err.message }) })
    })
    req.on('error', reject)
    req.end(body)
  })
}

t.test('answers a recorded non-streamed chat completion through the OpenAI SDK', async (t) => {
  const { client, server } = await serve(t, [{ id: 'ex-json', body: chat('hello'), chunks: [{ atMs: 80, data: JSON.stringify(chatCompletion('Hello from the recording')) }] }])
  const res = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hello' }] })
  t.equal(res.choices[0]?.message.content, 'Hello from the recording')
  t.equal(res.usage?.total_tokens, 12)
  t.equal(server.remaining, 0)
  t.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/)
})

t.test('replays a recorded SSE stream: the SDK yields the same deltas and stops at [DONE]', async (t) => {
  const deltas = ['Once', ' upon', ' a', ' time']
  const { client } = await serve(t, [{
    id: 'ex-sse',
    body: chat('tell a story', { stream: true }),
    responseHeaders: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
    chunks: chatSseChunks(deltas)
  }])
  const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'tell a story' }], stream: true })
  const got: string[] = []
  let finish: string | null | undefined
  for await (const chunk of stream) {
    const c = chunk.choices[0]
    if (c?.delta.content != null && c.delta.content !== '') got.push(c.delta.content)
    finish = c?.finish_reason ?? finish
  }
  t.same(got, deltas)
  t.equal(finish, 'stop')
})

t.test('an unmatched request gets a 404 the SDK raises as NotFoundError', async (t) => {
  const { client } = await serve(t, [{ id: 'ex1', body: chat('hello'), chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion('hi')) }] }])
  const err = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'something else' }] }).catch((e: unknown) => e)
  t.ok(err instanceof NotFoundError, 'NotFoundError')
  t.equal((err as NotFoundError).status, 404)
  t.equal((err as NotFoundError).code, 'GW_ERR_REPLAY_NO_MATCH')
  t.match((err as NotFoundError).message, /no recorded exchange matches POST \/v1\/chat\/completions/)
})

t.test('identical requests are answered in recorded order, each once', async (t) => {
  const { client } = await serve(t, [
    { id: 'first', body: chat('again'), chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion('first answer')) }] },
    { id: 'other', body: chat('different'), chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion('other answer')) }] },
    { id: 'second', body: chat('again'), chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion('second answer')) }] }
  ])
  const ask = async (content: string): Promise<string | null | undefined> =>
    (await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] })).choices[0]?.message.content
  t.equal(await ask('again'), 'first answer')
  t.equal(await ask('again'), 'second answer')
  t.equal(await ask('different'), 'other answer')
  const err = await ask('again').catch((e: unknown) => e)
  t.ok(err instanceof NotFoundError)
  t.match((err as Error).message, /all 2 recorded exchanges matching POST \/v1\/chat\/completions with this body were already replayed/)
})

t.test('matches bodies in canonical form: key order and whitespace do not matter', async (t) => {
  // Recorded with keys in another order than the SDK sends them.
  const recorded = '{ "messages": [ { "content": "order", "role": "user" } ], "temperature": 0.5, "model": "gpt-4o-mini" }'
  const { client, server } = await serve(t, [{ id: 'x', body: recorded, chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion('matched')) }] }])
  const res = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'order' }], temperature: 0.5 })
  t.equal(res.choices[0]?.message.content, 'matched')
  t.equal(canonicalJson({ b: [1, { d: null, c: 'x' }], a: true }), '{"a":true,"b":[1,{"c":"x","d":null}]}')
  t.equal(requestKey('post', '/v1/x', Buffer.from('{"a":1, "b":2}')), requestKey('POST', '/v1/x', Buffer.from('{"b":2,"a":1}')))
  t.not(requestKey('POST', '/v1/x', Buffer.from('not json')), requestKey('POST', '/v1/x', Buffer.from('not  json')), 'non-JSON bodies compare byte for byte')
  t.equal(server.remaining, 0)
})

t.test('sends recorded status and headers, minus hop-by-hop and framing headers', async (t) => {
  const { server } = await serve(t, [{
    id: 'hdr',
    body: chat('headers'),
    status: 429,
    responseHeaders: {
      'content-type': 'application/json',
      'x-request-id': 'req_123',
      'x-ratelimit-remaining-requests': '0',
      connection: 'close',
      'keep-alive': 'timeout=999',
      'transfer-encoding': 'chunked',
      'content-length': '99999',
      'x-keyward-replay-exchange': 'forged',
      'bad header': 'x'
    },
    chunks: [{ atMs: 1, data: '{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}' }],
    end: { status: 429, completed: true }
  }])
  const res = await raw(server, '/v1/chat/completions', JSON.stringify(chat('headers')))
  t.equal(res.status, 429)
  t.equal(res.headers['x-request-id'], 'req_123')
  t.equal(res.headers['x-ratelimit-remaining-requests'], '0')
  t.equal(res.headers['x-keyward-replay-exchange'], 'hdr', 'names the recorded exchange; a recorded copy is not replayed')
  t.not(res.headers['content-length'], '99999')
  t.not(res.headers['keep-alive'], 'timeout=999', 'keep-alive is the replay server\'s own')
  t.equal(res.headers['bad header'], undefined)
  t.match(res.body, /rate_limit_exceeded/)
})

t.test('cuts a non-streamed response the client did not receive whole', async (t) => {
  const { server } = await serve(t, [{
    id: 'cut',
    body: chat('cut'),
    chunks: [{ atMs: 1, data: '{"id":"chatcmpl-1","choi' }],
    end: { status: 200, completed: false, errorCode: 'GW_ERR_HTTP_UPSTREAM_FAILED' }
  }])
  const res = await raw(server, '/v1/chat/completions', JSON.stringify(chat('cut')))
  t.equal(res.status, 200)
  t.ok(res.error !== undefined, `the body is cut (${res.error ?? 'no error'})`)
})

t.test('refuses exchanges without a recorded response with 502 GW_ERR_REPLAY_NO_RESPONSE', async (t) => {
  const { server, client } = await serve(t, [
    { id: 'nohead', body: chat('no head'), noResponse: true, end: false },
    { id: 'capped', body: chat('capped'), chunks: [], end: { status: 200, completed: true, responseBytes: 5000 } }
  ])
  const a = await raw(server, '/v1/chat/completions', JSON.stringify(chat('no head')))
  t.equal(a.status, 502)
  t.match(JSON.parse(a.body), { error: { code: 'GW_ERR_REPLAY_NO_RESPONSE', type: 'api_error', message: /has no recorded response: the recording ends before it/ } })
  // A complete exchange with 0 of 5000 bytes is only "not recorded" when the size cap was reached; here it was not,
  // so it replays as recorded (empty).
  const b = await raw(server, '/v1/chat/completions', JSON.stringify(chat('capped')))
  t.equal(b.status, 200)
  t.equal(b.body, '')
  // Each recorded exchange answers once, even one that can only be refused.
  const err = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'no head' }] }).catch((e: unknown) => e)
  t.match(err, { status: 404 }, 'the one recorded answer was used: the next identical request is unmatched')
})

t.test('a response body cut by the session size cap is refused, not replayed short', async (t) => {
  const { server } = await serve(t, [
    { id: 'capped', body: chat('big'), chunks: [{ atMs: 1, data: 'x'.repeat(5000) }] }
  ], {}, 2000)
  const res = await raw(server, '/v1/chat/completions', JSON.stringify(chat('big')))
  t.equal(res.status, 502)
  t.match(res.body, /was not recorded: the session's size cap had been reached/)
})

t.test('bounds the request body (413) and accepts any Authorization', async (t) => {
  const { server } = await serve(t, [{ id: 'x', body: chat('small'), chunks: [{ atMs: 1, data: '{}' }] }], { maxBodyBytes: 100 })
  const big = await raw(server, '/v1/chat/completions', JSON.stringify(chat('x'.repeat(200))))
  t.equal(big.status, 413)
  t.match(JSON.parse(big.body), { error: { code: 'GW_ERR_HTTP_BODY_TOO_LARGE' } })
  const ok = await raw(server, '/v1/chat/completions', JSON.stringify(chat('small')))
  t.equal(ok.status, 200)
})

t.test('--timing waits the recorded offsets divided by speed between chunks', async (t) => {
  const waits: number[] = []
  const { client } = await serve(t, [{
    id: 'timed',
    body: chat('slow', { stream: true }),
    responseHeaders: { 'content-type': 'text/event-stream' },
    chunks: chatSseChunks(['a', 'b'], { stepMs: 100 })
  }], { timing: true, speed: 2, sleep: async (ms) => { waits.push(ms) } })
  const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'slow' }], stream: true })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
  t.equal(text, 'ab')
  t.same(waits, [50, 50, 50, 50, 50], 'one wait per chunk: 100 ms recorded steps at speed 2')
})

t.test('a client that goes away mid-stream stops that replay; the server carries on', async (t) => {
  let aborted: (() => void) | undefined
  const wasAborted = new Promise<void>((resolve) => { aborted = resolve })
  // The first wait never ends on its own: only the client's disconnect (the abort signal) ends it.
  const sleep = async (_ms: number, signal: AbortSignal): Promise<void> => await new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => { aborted?.(); reject(signal.reason) }, { once: true })
  })
  const { server } = await serve(t, [
    { id: 'slow', body: chat('slow', { stream: true }), responseHeaders: { 'content-type': 'text/event-stream' }, chunks: chatSseChunks(['a', 'b']) },
    { id: 'after', body: chat('after'), chunks: [{ atMs: 0, data: '{"ok":true}' }] }
  ], { timing: true, sleep })
  const req = request({ host: '127.0.0.1', port: server.address.port, path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' } })
  req.on('response', (res) => { res.destroy() })
  req.on('error', () => {})
  req.end(JSON.stringify(chat('slow', { stream: true })))
  await wasAborted
  t.pass('the pending wait was aborted when the client left')
  const after = await raw(server, '/v1/chat/completions', JSON.stringify(chat('after')))
  t.same([after.status, after.body], [200, '{"ok":true}'], 'the server still answers the next request')
})

t.test('rejects a speed that is not positive, and stop() is idempotent', async (t) => {
  t.throws(() => new ReplayServer({ model: buildSessionModel([]) }, { speed: 0 }), RangeError)
  const server = new ReplayServer({ model: buildSessionModel([]) })
  await server.stop()
  await server.start()
  await server.stop()
  await server.stop()
})
