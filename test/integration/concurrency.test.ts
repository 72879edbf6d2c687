// 200 concurrent SSE streams over one tunnel, one of whose clients stops reading: the other 199 finish on time,
// backpressure reaches the provider for the stuck one, and the relay's memory stays bounded.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import t from 'tap'

import { openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

// A real collection before each heap reading, so the figure is live memory, not garbage from 199 finished streams.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const STREAMS = 200
const CHUNKS = 200
/** The stuck stream's reply: 4 KiB × 5000 ≈ 20 MiB, far more than every buffer on the path put together. */
const STUCK_REPLY = 'x'.repeat(4096)
const STUCK_REPEAT = 5000

t.test('200 concurrent SSE streams over one tunnel with one stuck reader', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const token = await stack.token()
  const port = stack.relay.address.port
  const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'go' }] })
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }

  gc()
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers

  // The stuck client: reads the head, then never reads the body.
  const stuck = await openRequest({ port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', body, headers: { ...headers, 'x-fake-chunks': '5000', 'x-fake-reply': STUCK_REPLY, 'x-fake-repeat': String(STUCK_REPEAT) } })
  t.equal(stuck.statusCode, 200)
  stuck.pause()

  const started = Date.now()
  const results = await Promise.all(Array.from({ length: STREAMS - 1 }, async (_, i) => {
    const res = await openRequest({ port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', body, headers: { ...headers, 'x-fake-chunks': String(CHUNKS), 'x-fake-chunk-delay-ms': '2', 'x-fake-reply': `stream-${i}-` + 'abcdefgh'.repeat(50) } })
    const { events } = await readSse(res)
    return { status: res.statusCode, events }
  }))
  const elapsed = Date.now() - started
  const ok = results.filter((r) => r.status === 200 && r.events.at(-1) === '[DONE]')
  t.equal(ok.length, STREAMS - 1, 'all 199 other streams completed with [DONE]')
  t.ok(results.every((r, i) => r.events.filter((e) => e !== '[DONE]').map((e) => (JSON.parse(e) as { choices: Array<{ delta?: { content?: string } }> }).choices[0]?.delta?.content ?? '').join('').startsWith(`stream-${i}-`)), 'each stream got its own content, in order')
  t.ok(elapsed < 30_000, `they finished on time (${elapsed} ms) while one reader was stuck`)

  // Backpressure: the provider is still blocked on the stuck stream (it could not push ~20 MiB anywhere).
  const stuckReq = stack.provider.requests.find((r) => r.headers['x-fake-repeat'] === String(STUCK_REPEAT))
  t.ok(stuckReq, 'provider has the stuck request')
  t.equal(stuckReq?.completed, false, 'the provider could not finish writing the stuck reply')

  gc()
  const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
  const growthMiB = (heapAfter - heapBefore) / 1024 / 1024
  t.comment(`heap + array buffers growth with the stuck stream open: ${growthMiB.toFixed(1)} MiB`)
  // The provider lives in this process too and holds the whole 20 MiB reply string; everything past that must
  // be bounded buffers (tunnel window, socket high-water marks), not a copy of the reply.
  t.ok(growthMiB < 20 + 40, `memory stayed bounded (${growthMiB.toFixed(1)} MiB)`)

  stuck.destroy()
  await stack.provider.waitForAbort((r) => r === stuckReq, 5000)
  t.pass('destroying the stuck client aborted its upstream request')
})
