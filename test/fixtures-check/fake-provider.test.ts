import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai'
import { AuthenticationError, InternalServerError, NotFoundError, OpenAI, RateLimitError, toFile } from 'openai'
import t from 'tap'

import { embeddingVector, patternBytes, splitChunks } from '../fixtures/fake-provider-content.js'
import { startFakeProvider } from '../fixtures/fake-provider.js'

import type { IncomingHttpHeaders } from 'node:http'
import type { Test } from 'tap'
import type { FakeProvider } from '../fixtures/fake-provider.js'

const API_KEY = 'sk-fake-provider-test'

const provider = await startFakeProvider({ apiKey: API_KEY })
t.teardown(async () => await provider.close())

function client (overrides: { apiKey?: string, maxRetries?: number } = {}): OpenAI {
  return new OpenAI({ apiKey: overrides.apiKey ?? API_KEY, baseURL: provider.url, maxRetries: overrides.maxRetries ?? 0 })
}

/**
 * Asserts `promise` rejects with an instance of `cls`. (`t.rejects(p, Class)`
 * also matches `err.name` against the class name, and openai's errors all
 * keep `name === 'Error'`.)
 */
async function rejectsWith (t: Test, promise: Promise<unknown>, cls: abstract new (...args: never[]) => Error): Promise<void> {
  const err = await promise.then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof cls, `rejects with ${cls.name}`)
}

interface RawReply { status: number, headers: IncomingHttpHeaders, body: Buffer }

/** A plain node:http request, for what the SDKs do not cover. */
async function raw (p: FakeProvider, method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<RawReply> {
  return await new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, p.origin), { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const jsonHeaders = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }

/** `data:` payloads of an SSE body, in order. */
function sseData (body: string): string[] {
  return body.split('\n\n').filter((e) => e !== '').map((e) => e.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'))
}

t.test('lists models with the real openai client', async (t) => {
  const ids: string[] = []
  for await (const model of client().models.list()) ids.push(model.id)
  t.ok(ids.includes('gpt-4o-mini'))
  t.ok(ids.includes('tool-model'))
  const one = await client().models.retrieve('gpt-4o')
  t.equal(one.id, 'gpt-4o')
  await rejectsWith(t, client().models.retrieve('nope'), NotFoundError)
})

t.test('answers a chat completion with an echo of the last user message', async (t) => {
  const { data, response, request_id: requestId } = await client().chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: 'hello' }]
  }).withResponse()
  t.equal(data.object, 'chat.completion')
  t.equal(data.choices[0]?.message.content, 'Echo: hello')
  t.equal(data.choices[0]?.finish_reason, 'stop')
  t.ok((data.usage?.prompt_tokens ?? 0) > 0)
  t.equal(data.usage?.total_tokens, (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0))
  t.match(requestId, /^req_fake\d+$/)
  t.equal(response.headers.get('content-type'), 'application/json')

  const rec = await provider.waitForRequest((r) => r.path === '/v1/chat/completions' && r.body.includes('"hello"'))
  t.equal(rec.headers.authorization, `Bearer ${API_KEY}`)
  t.equal(rec.completed, true)
  t.equal(rec.aborted, false)
  t.equal(rec.status, 200)
  t.equal(rec.bodyBytes, rec.body.length)
  t.equal(rec.bodySha256, createHash('sha256').update(rec.body).digest('hex'))
})

t.test('echoes content-part arrays and returns n choices', async (t) => {
  const res = await client().chat.completions.create({
    model: 'gpt-4o',
    n: 3,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'part one' }, { type: 'text', text: 'part two' }] }]
  })
  t.same(res.choices.map((c) => c.index), [0, 1, 2])
  for (const c of res.choices) t.equal(c.message.content, 'Echo: part one\npart two')
})

t.test('streams a chat completion with role, content, finish and usage chunks', async (t) => {
  const stream = await client().chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'stream me please' }], stream: true, stream_options: { include_usage: true } },
    { headers: { 'x-fake-chunks': '7' } }
  )
  const chunks = []
  for await (const chunk of stream) chunks.push(chunk)
  t.equal(chunks.length, 1 + 7 + 1 + 1, 'role + 7 content + finish + usage')
  t.equal(chunks[0]?.choices[0]?.delta.role, 'assistant')
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')
  t.equal(text, 'Echo: stream me please')
  t.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop')
  const last = chunks.at(-1)
  t.same(last?.choices, [])
  t.equal(last?.usage?.completion_tokens, Math.ceil(text.length / 4))
  t.equal(chunks[0]?.usage, null, 'usage: null on earlier chunks, as upstream')
})

t.test('obeys x-fake-reply and the chat stream helper accumulates it', async (t) => {
  const reply = 'Grüße, 世界 — 🎉 done'
  const final = await client().chat.completions.stream(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ignored' }] },
    { headers: { 'x-fake-reply': encodeURIComponent(reply), 'x-fake-chunks': '50' } }
  ).finalChatCompletion()
  t.equal(final.choices[0]?.message.content, reply)
})

t.test('tool-model returns a get_weather tool call, as JSON and streamed', async (t) => {
  const body = { model: 'tool-model', messages: [{ role: 'user' as const, content: 'Paris' }], tools: [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object' } } }] }
  const res = await client().chat.completions.create(body)
  const call = res.choices[0]?.message.tool_calls?.[0]
  t.equal(res.choices[0]?.finish_reason, 'tool_calls')
  t.equal(call?.type, 'function')
  if (call?.type === 'function') {
    t.equal(call.function.name, 'get_weather')
    t.same(JSON.parse(call.function.arguments), { location: 'Paris', unit: 'celsius' })
  }
  const streamed = await client().chat.completions.stream(body).finalChatCompletion()
  const sCall = streamed.choices[0]?.message.tool_calls?.[0]
  t.equal(streamed.choices[0]?.finish_reason, 'tool_calls')
  if (sCall?.type === 'function') t.same(JSON.parse(sCall.function.arguments), { location: 'Paris', unit: 'celsius' })
  else t.fail('expected a function tool call')
})

t.test('legacy completions, JSON and streamed', async (t) => {
  const res = await client().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: ['a', 'b'] })
  t.same(res.choices.map((c) => c.text), ['Echo: a', 'Echo: b'])
  const stream = await client().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'streamed', stream: true, stream_options: { include_usage: true } })
  let text = ''
  let usage = 0
  for await (const chunk of stream) {
    text += chunk.choices[0]?.text ?? ''
    usage += chunk.usage?.total_tokens ?? 0
  }
  t.equal(text, 'Echo: streamed')
  t.ok(usage > 0)
})

t.test('embeddings: the client default (base64) decodes to the same numbers as float', async (t) => {
  const oa = client()
  const viaDefault = await oa.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] })
  const viaFloat = await oa.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'], encoding_format: 'float' })
  const rec = await provider.waitForRequest((r) => r.path === '/v1/embeddings')
  t.equal(JSON.parse(rec.body.toString()).encoding_format, 'base64', 'the openai client asks for base64 by default')
  t.same(viaDefault.data.map((d) => d.embedding), viaFloat.data.map((d) => d.embedding))
  t.same(viaFloat.data[0]?.embedding, embeddingVector('alpha', 8))
  t.equal(viaFloat.data[0]?.embedding.length, 8)
  t.not(viaFloat.data[0]?.embedding[0], viaFloat.data[1]?.embedding[0])
  const norm = Math.hypot(...(viaFloat.data[0]?.embedding ?? []))
  t.ok(Math.abs(norm - 1) < 1e-6, 'unit length')
  const wide = await oa.embeddings.create({ model: 'text-embedding-3-small', input: 'alpha', dimensions: 100 })
  t.equal(wide.data[0]?.embedding.length, 100)
})

t.test('responses: create and stream', async (t) => {
  const res = await client().responses.create({ model: 'gpt-4o-mini', input: 'hi there' })
  t.equal(res.output_text, 'Echo: hi there')
  t.equal(res.status, 'completed')

  const stream = client().responses.stream({ model: 'gpt-4o-mini', input: [{ role: 'user', content: [{ type: 'input_text', text: 'streamed hi' }] }] })
  const types: string[] = []
  let deltas = ''
  stream.on('response.output_text.delta', (e) => { deltas += e.delta })
  for await (const ev of stream) types.push(ev.type)
  const final = await stream.finalResponse()
  t.equal(final.output_text, 'Echo: streamed hi')
  t.equal(deltas, 'Echo: streamed hi')
  t.equal(types[0], 'response.created')
  t.equal(types.at(-1), 'response.completed')
  t.equal(types.filter((x) => x === 'response.output_text.delta').length, 5)

  const raw = await client().responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true })
  const seqs: number[] = []
  for await (const ev of raw) seqs.push(ev.sequence_number)
  t.same(seqs, seqs.map((_, i) => i), 'sequence_number counts from 0')
})

t.test('audio speech returns 100 KiB of audio/mpeg with every byte value', async (t) => {
  const res = await client().audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hello' })
  t.equal(res.headers.get('content-type'), 'audio/mpeg')
  const bytes = Buffer.from(await res.arrayBuffer())
  t.equal(bytes.length, 100 * 1024)
  t.equal(new Set(bytes).size, 256)
  t.ok(bytes.equals(patternBytes(100 * 1024)))
})

t.test('files: upload reports the raw body length and sha256; content is deterministic', async (t) => {
  const data = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) & 0xff))
  const file = await client().files.create({ file: await toFile(data, 'data.jsonl'), purpose: 'batch' })
  const rec = await provider.waitForRequest((r) => r.method === 'POST' && r.path === '/v1/files')
  t.equal(file.bytes, rec.bodyBytes)
  t.ok(file.bytes > data.length, 'multipart framing is counted')
  t.equal((file as unknown as { sha256: string }).sha256, rec.bodySha256)
  t.equal(file.filename, 'data.jsonl')
  t.equal(file.purpose, 'batch')
  t.match(rec.headers['content-type'], /^multipart\/form-data; boundary=/)
  const content = Buffer.from(await (await client().files.content(file.id)).arrayBuffer())
  t.ok(content.equals(patternBytes(64 * 1024)))
})

t.test('a wrong key is rejected with 401 and an OpenAI error body', async (t) => {
  await rejectsWith(t, client({ apiKey: 'sk-wrong' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [] }), AuthenticationError)
  const res = await raw(provider, 'GET', '/v1/models', {})
  t.equal(res.status, 401)
  const body = JSON.parse(res.body.toString()) as { error: { type: string, code: string, message: string } }
  t.equal(body.error.code, 'invalid_api_key')
  t.equal(body.error.type, 'invalid_request_error')
})

t.test('x-fake-status produces provider errors the client maps to its classes', async (t) => {
  await rejectsWith(t, client().chat.completions.create({ model: 'gpt-4o-mini', messages: [] }, { headers: { 'x-fake-status': '429' } }), RateLimitError)
  await rejectsWith(t, client().embeddings.create({ model: 'm', input: 'x' }, { headers: { 'x-fake-status': '500' } }), InternalServerError)
  const res = await raw(provider, 'POST', '/v1/chat/completions', { ...jsonHeaders, 'x-fake-status': '429', 'x-fake-retry-after': '3' }, '{}')
  t.equal(res.status, 429)
  t.equal(res.headers['retry-after'], '3')
  t.equal((JSON.parse(res.body.toString()) as { error: { code: string } }).error.code, 'rate_limit_exceeded')
})

t.test('rejects unknown paths, malformed JSON and bad knobs with 4xx OpenAI errors', async (t) => {
  const notFound = await raw(provider, 'GET', '/v1/nope', jsonHeaders)
  t.equal(notFound.status, 404)
  t.same(JSON.parse(notFound.body.toString()).error.code, 'not_found')
  t.equal(JSON.parse(notFound.body.toString()).error.type, 'invalid_request_error')
  const malformed = await raw(provider, 'POST', '/v1/chat/completions', jsonHeaders, '{"model":')
  t.equal(malformed.status, 400)
  t.match(JSON.parse(malformed.body.toString()).error.message, /parse the JSON body/)
  const knob = await raw(provider, 'POST', '/v1/chat/completions', { ...jsonHeaders, 'x-fake-chunks': 'lots' }, '{"messages":[]}')
  t.equal(knob.status, 400)
  t.equal(JSON.parse(knob.body.toString()).error.param, 'x-fake-chunks')
  const badField = await raw(provider, 'POST', '/v1/chat/completions', jsonHeaders, '{"messages":"hi"}')
  t.equal(badField.status, 400)
})

t.test('an aborted stream is recorded as aborted and stops the provider writing', async (t) => {
  const controller = new AbortController()
  const stream = await client().chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'abort me' }], stream: true },
    { headers: { 'x-fake-hang': '1' }, signal: controller.signal }
  )
  let first: string | undefined
  for await (const chunk of stream) {
    first = chunk.choices[0]?.delta.role
    controller.abort()
  }
  t.equal(first, 'assistant')
  const rec = await provider.waitForAbort((r) => r.body.includes('abort me'))
  t.equal(rec.aborted, true)
  t.equal(rec.completed, false)
  t.equal(rec.status, 200)
  t.equal(provider.inflight, 0)
})

t.test('aborting mid-stream during chunk delays is recorded as aborted', async (t) => {
  const controller = new AbortController()
  const stream = await client().chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'slow one' }], stream: true },
    { headers: { 'x-fake-chunks': '100', 'x-fake-chunk-delay-ms': '20' }, signal: controller.signal }
  )
  let seen = 0
  try {
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content !== undefined) seen++
      if (seen === 3) controller.abort()
    }
  } catch (err: unknown) {
    t.ok(err instanceof Error)
  }
  const rec = await provider.waitForAbort((r) => r.body.includes('slow one'))
  t.equal(rec.completed, false)
})

t.test('a slow reader still receives every event of a long stream', async (t) => {
  const p = await startFakeProvider({ apiKey: API_KEY })
  t.teardown(async () => await p.close())
  const reply = 'x'.repeat(4000)
  const body = await new Promise<string>((resolve, reject) => {
    const req = httpRequest(new URL('/v1/chat/completions', p.origin), {
      method: 'POST',
      headers: { ...jsonHeaders, 'x-fake-chunks': '10000', 'x-fake-reply': reply }
    }, (res) => {
      res.pause()
      // Hold the socket full for a while so the provider has to wait for 'drain'.
      setTimeout(() => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => { text += c })
        res.on('end', () => resolve(text))
        res.resume()
      }, 200)
    })
    req.on('error', reject)
    req.end(JSON.stringify({ model: 'gpt-4o-mini', n: 4, stream: true, messages: [] }))
  })
  const data = sseData(body)
  t.equal(data.length, 4 + 10000 * 4 + 4 + 1)
  t.equal(data.at(-1), '[DONE]')
  const text = data.slice(0, -1).map((d) => (JSON.parse(d) as { choices: Array<{ index: number, delta: { content?: string } }> }).choices)
    .flat().filter((c) => c.index === 2).map((c) => c.delta.content ?? '').join('')
  t.equal(text, reply)
  const rec = await p.waitForRequest((r) => r.completed)
  t.equal(rec.aborted, false)
})

t.test('Anthropic /v1/messages: key, version, JSON and SSE', async (t) => {
  const headers = { 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }
  const body = JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'text', text: 'bonjour' }] }] })
  const json = await raw(provider, 'POST', '/v1/messages', headers, body)
  t.equal(json.status, 200)
  const msg = JSON.parse(json.body.toString()) as { type: string, content: Array<{ type: string, text: string }>, usage: { output_tokens: number } }
  t.equal(msg.type, 'message')
  t.same(msg.content, [{ type: 'text', text: 'Echo: bonjour' }])
  t.ok(msg.usage.output_tokens > 0)

  const bearerOnly = await raw(provider, 'POST', '/v1/messages', { ...jsonHeaders, 'anthropic-version': '2023-06-01' }, body)
  t.equal(bearerOnly.status, 401, 'Anthropic needs x-api-key, not Authorization')
  t.equal(JSON.parse(bearerOnly.body.toString()).error.type, 'authentication_error')
  const noVersion = await raw(provider, 'POST', '/v1/messages', { 'x-api-key': API_KEY }, body)
  t.equal(noVersion.status, 400)

  const stream = await raw(provider, 'POST', '/v1/messages', { ...headers, 'x-fake-chunks': '3' }, JSON.stringify({ ...JSON.parse(body), stream: true }))
  t.equal(stream.headers['content-type'], 'text/event-stream')
  const events = stream.body.toString().split('\n\n').filter((e) => e !== '').map((e) => /^event: (.+)$/m.exec(e)?.[1])
  t.same(events, ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop'])
  const text = sseData(stream.body.toString()).map((d) => JSON.parse(d) as { type: string, delta?: { text?: string } })
    .filter((e) => e.type === 'content_block_delta').map((e) => e.delta?.text ?? '').join('')
  t.equal(text, 'Echo: bonjour')
})

t.test('LangChain ChatOpenAI invoke and stream, OpenAIEmbeddings embedQuery', async (t) => {
  const chat = new ChatOpenAI({ apiKey: API_KEY, model: 'gpt-4o-mini', configuration: { baseURL: provider.url }, maxRetries: 0 })
  const reply = await chat.invoke('hello langchain')
  t.equal(reply.content, 'Echo: hello langchain')
  t.ok((reply.usage_metadata?.total_tokens ?? 0) > 0)

  let text = ''
  let usageTokens = 0
  for await (const chunk of await chat.stream('streaming langchain')) {
    if (typeof chunk.content === 'string') text += chunk.content
    usageTokens += chunk.usage_metadata?.output_tokens ?? 0
  }
  t.equal(text, 'Echo: streaming langchain')
  t.ok(usageTokens > 0, 'LangChain asks for include_usage and reads the usage chunk')
  const rec = await provider.waitForRequest((r) => r.body.includes('streaming langchain'))
  t.same(JSON.parse(rec.body.toString()).stream_options, { include_usage: true })

  const embeddings = new OpenAIEmbeddings({ apiKey: API_KEY, model: 'text-embedding-3-small', configuration: { baseURL: provider.url }, maxRetries: 0 })
  const vector = await embeddings.embedQuery('langchain vector')
  t.same(vector, embeddingVector('langchain vector', 8))
  const docs = await embeddings.embedDocuments(['a', 'b'])
  t.same(docs, [embeddingVector('a', 8), embeddingVector('b', 8)])
})

t.test('waitForRequest times out and close() rejects pending waits and ends hung requests', async (t) => {
  const p = await startFakeProvider({ apiKey: API_KEY, label: 'demo' })
  await t.rejects(p.waitForRequest(() => false, 20), /no matching request within 20 ms/)
  const res = await raw(p, 'POST', '/v1/chat/completions', jsonHeaders, JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }))
  t.equal(JSON.parse(res.body.toString()).choices[0].message.content, '[demo] Echo: hi')

  // Assertions are attached before close() so the rejections are never unhandled.
  const hung = t.rejects(raw(p, 'POST', '/v1/chat/completions', { ...jsonHeaders, 'x-fake-hang': '1' }, JSON.stringify({ messages: [], stream: true })))
  const hungRecord = await p.waitForRequest((r) => r.headers['x-fake-hang'] === '1')
  await sleep(20)
  t.equal(p.inflight, 1)
  const pending = t.rejects(p.waitForRequest(() => false, 10_000), /closed/)
  await p.close()
  t.equal(hungRecord.aborted, true, 'close() cuts hung responses and records them as aborted')
  t.equal(p.inflight, 0)
  await pending
  await hung
  await p.close()
  await t.rejects(p.waitForRequest(() => true), /closed/)
})

const hasOpenssl = ((): boolean => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

t.test('serves https with the given key and certificate', { skip: hasOpenssl ? false : 'openssl is not available' }, async (t) => {
  const dir = t.testdir()
  // A throwaway self-signed certificate, generated at test time (STYLE rule 23).
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' })
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8')
  const p = await startFakeProvider({ apiKey: API_KEY, tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert } })
  t.teardown(async () => await p.close())
  t.match(p.url, /^https:\/\/127\.0\.0\.1:\d+\/v1$/)
  const body = await new Promise<string>((resolve, reject) => {
    httpsRequest(new URL('/v1/models', p.origin), { ca: cert, headers: { authorization: `Bearer ${API_KEY}` } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { text += c })
      res.on('end', () => resolve(text))
    }).on('error', reject).end()
  })
  t.equal(JSON.parse(body).object, 'list')
})

t.test('splitChunks keeps code points whole and always rejoins', async (t) => {
  t.same(splitChunks('ab🎉', 2), ['ab', '🎉'])
  t.same(splitChunks('ab', 4), ['a', 'b', '', ''])
  t.equal(splitChunks('hello world', 3).join(''), 'hello world')
})
