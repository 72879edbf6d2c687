// Failure paths over real sockets: a client that hangs up aborts the provider call; an agent SIGKILLed
// mid-stream ends the client's stream with a clear error; a restarted relay gets its agent back by itself.
import t from 'tap'

import { spawnAgent } from '../fixtures/agent-process.js'
import { httpsRequest, openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

function streamRequest (port: number, ca: string, token: string, knobs: Record<string, string>, signal?: AbortSignal): ReturnType<typeof openRequest> {
  return openRequest({
    port,
    ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...knobs },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'long story' }] }),
    ...(signal === undefined ? {} : { signal })
  })
}

t.test('a client that disconnects mid-stream aborts the upstream call at the agent', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const token = await stack.token()
  const res = await streamRequest(stack.relay.address.port, stack.ca, token, { 'x-fake-chunks': '1000', 'x-fake-chunk-delay-ms': '20' })
  t.equal(res.statusCode, 200)
  await new Promise<void>((resolve) => res.once('data', () => resolve()))
  res.destroy()
  const aborted = await stack.provider.waitForAbort(undefined, 5000)
  t.ok(aborted.aborted, 'the provider saw its request aborted')
  t.notOk(aborted.completed, 'and it never completed')
  // The tunnel is still healthy for the next exchange.
  const next = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
  t.equal(next.status, 200)
})

t.test('an agent killed mid-stream ends the client stream with a clear error; then 503 naming the connection', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const child = await spawnAgent(stack, 'doomed-agent')
  t.teardown(() => { child.kill('SIGKILL') })
  const token = await stack.token()
  const port = stack.relay.address.port
  const res = await streamRequest(port, stack.ca, token, { 'x-fake-chunks': '1000', 'x-fake-chunk-delay-ms': '20' })
  t.equal(res.statusCode, 200)
  const reading = readSse(res)
  await new Promise((resolve) => setTimeout(resolve, 200))
  child.kill('SIGKILL')
  const started = Date.now()
  const { events } = await reading
  t.ok(Date.now() - started < 5000, 'the client stream ended promptly')
  const last = events.at(-1) ?? ''
  t.notOk(events.includes('[DONE]'), 'the stream did not pretend to finish')
  t.match(last, /"error"/, 'the last event is an error event')
  t.match(last, /agent serving connection 'openai' disconnected/, 'which says what happened')
  const after = await httpsRequest({ port, ca: stack.ca, path: '/v1/models', headers: { authorization: `Bearer ${token}` } })
  t.equal(after.status, 503)
  t.match(after.text, /no agent is connected for connection 'openai'/)
  const ready = await httpsRequest({ port, ca: stack.ca, path: '/readyz' })
  t.equal(ready.status, 503, '/readyz reports no agent')
})

t.test('a non-streamed response cut by agent loss before its body is a 502, not a truncated 200', async (t) => {
  const stack = await startStack({ agent: false })
  t.teardown(async () => await stack.stop())
  const child = await spawnAgent(stack, 'doomed-agent-2')
  t.teardown(() => { child.kill('SIGKILL') })
  const token = await stack.token()
  // x-fake-hang on a JSON request: the provider sends its head and never the body.
  const pending = httpsRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-fake-hang': '1' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] })
  })
  await stack.provider.waitForRequest((r) => r.headers['x-fake-hang'] === '1', 10_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  child.kill('SIGKILL')
  const res = await pending
  t.equal(res.status, 502)
  t.equal((res.json() as { error: { code: string } }).error.code, 'GW_ERR_HTTP_UPSTREAM_FAILED')
  t.match(res.text, /agent serving connection 'openai' disconnected/)
})

t.test('the agent reconnects by itself after the relay restarts', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const agent = stack.agent
  if (agent === undefined) throw new Error('no agent')
  const reconnected = new Promise<void>((resolve) => agent.client.once('connected', () => resolve()))
  await stack.restartRelay()
  await reconnected
  const token = await stack.token()
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'after restart' }] }) })
  t.equal(r.status, 200)
  t.match(r.text, /Echo: after restart/)
})
