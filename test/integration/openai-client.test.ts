// The real `openai` npm client against relay + agent + fake provider on 127.0.0.1: every endpoint passes through
// unchanged, the provider receives exactly the agent's key, and the client's token never reaches the provider.
import t from 'tap'
import { OpenAI, toFile } from 'openai'
import { Agent, setGlobalDispatcher } from 'undici'

import { PROVIDER_KEY, startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'
import type { Test } from 'tap'

let stack: Stack
let client: OpenAI
let token: string

t.before(async () => {
  stack = await startStack()
  token = await stack.token('alice', ['eng'])
  // What NODE_EXTRA_CA_CERTS does for a user: trust the dev CA, for Node's global fetch (which the SDK uses).
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
  client = new OpenAI({ apiKey: token, baseURL: stack.baseUrl, maxRetries: 0 })
})
t.teardown(async () => await stack.stop())

function assertProviderSawOnlyAgentKey (t: Test): void {
  t.ok(stack.provider.requests.length > 0, 'provider received requests')
  for (const r of stack.provider.requests) {
    const auth = r.headers.authorization
    const xKey = r.headers['x-api-key']
    t.ok(auth === `Bearer ${PROVIDER_KEY}` || xKey === PROVIDER_KEY, `provider got the agent key on ${r.path}`)
    t.notOk(JSON.stringify(r.headers).includes(token), 'client token never reaches the provider')
  }
}

t.test('chat completion (JSON) passes through with the agent key', async (t) => {
  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello relay' }] })
  t.equal(res.choices[0]?.message.content, 'Echo: hello relay')
  t.equal(res.object, 'chat.completion')
  assertProviderSawOnlyAgentKey(t)
})

t.test('chat completion stream arrives event by event with usage', async (t) => {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'stream me' }]
  })
  let text = ''
  let chunks = 0
  let usage: unknown
  for await (const chunk of stream) {
    chunks++
    text += chunk.choices[0]?.delta?.content ?? ''
    if (chunk.usage != null) usage = chunk.usage
  }
  t.equal(text, 'Echo: stream me')
  t.ok(chunks >= 5, `several chunks (${chunks})`)
  t.ok(usage, 'usage chunk kept')
})

t.test('embeddings: base64 (the client default) decodes to the same vector as float', async (t) => {
  const b64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector me' })
  const float = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector me', encoding_format: 'float' })
  t.same(b64.data[0]?.embedding, float.data[0]?.embedding)
  t.equal(float.data[0]?.embedding.length, 8)
})

t.test('responses API, JSON and streaming', async (t) => {
  const res = await client.responses.create({ model: 'gpt-4o-mini', input: 'respond please' })
  t.equal(res.output_text, 'Echo: respond please')
  const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'stream response', stream: true })
  let text = ''
  let completed = false
  for await (const ev of stream) {
    if (ev.type === 'response.output_text.delta') text += ev.delta
    if (ev.type === 'response.completed') completed = true
  }
  t.equal(text, 'Echo: stream response')
  t.ok(completed)
})

t.test('models list', async (t) => {
  const page = await client.models.list()
  t.ok(page.data.length > 0)
})

t.test('binary bodies pass byte-exact both ways (files upload, audio download)', async (t) => {
  const bytes = Buffer.alloc(300 * 1024)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 3) & 0xff
  const file = await client.files.create({ file: await toFile(bytes, 'data.jsonl'), purpose: 'batch' })
  const uploaded = stack.provider.requests.find((r) => r.path === '/v1/files')
  t.ok(uploaded, 'provider saw the upload')
  t.ok((file as unknown as { bytes: number }).bytes > bytes.length, 'multipart body includes the file')
  t.equal(uploaded?.bodyBytes, (file as unknown as { bytes: number }).bytes, 'provider received every byte the client sent')
  const speech = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi' })
  const audio = Buffer.from(await speech.arrayBuffer())
  t.equal(audio.length, 100 * 1024)
  t.equal(audio[0], 0)
  t.equal(audio[255], 255)
})

t.test('provider error status and body pass through', async (t) => {
  const err = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] },
    { headers: { 'x-fake-status': '429' } }
  ).catch((e: unknown) => e)
  t.type(err, OpenAI.RateLimitError)
})
