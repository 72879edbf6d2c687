/**
 * In-process micro-bench of session recording (issue 5): the CPU one non-streamed chat exchange's recording costs,
 * without the noise of four processes sharing two cores in the end-to-end bench.
 *
 * CONCURRENCY loops each play what the proxy does for one exchange: simulated relay work, ExchangeStart + the request
 * body + the policy decision, wait for `durable()` (the request is recorded before it is forwarded), a short wait
 * for the provider, more simulated work, then ResponseHead, one ResponseChunk, Usage and ExchangeEnd, and wait for
 * `durable()` again (the response is recorded before it is released). Both `waitFor` settings are measured: `write`
 * (the default: durable() waits for the write into the file) and `fsync` (it also waits for the fdatasync). The
 * same loops run without a recording (every call a no-op, as with `recording.enabled: false`); the difference in
 * process CPU per exchange is the recording's cost: encoding, hashing, framing, the writes and fdatasyncs (in
 * libuv's thread pool, counted too) and the promises around them. The simulated work sets the arrival rate, and so how many exchanges one commit covers.
 *
 * Run: `npm run build && node dist/bench/recording.js`. BENCH_SCALE multiplies the time per case (default 4 s after
 * a 1 s warm-up). Prints a Markdown table on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

import { ExchangeRecording } from '../relay/recording/exchange-recording.js'
import { generateSigningKey } from '../relay/recording/keys.js'
import { Recorder } from '../relay/recording/writer.js'

import type { RecordingWriter } from '../relay/recording/writer.js'

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
/** Measured time per case, in milliseconds. */
const CASE_MS = Math.max(500, Math.round(4000 * SCALE))
/** Warm-up per case, in milliseconds. */
const WARMUP_MS = Math.max(200, Math.round(1000 * SCALE))
/** Concurrent exchanges: the e2e recording rows' 16, and 64 for larger group commits. */
const CONCURRENCY = [16, 64]
/** Simulated relay CPU per exchange, in microseconds (about what the relay spends on a chat exchange unrecorded). */
const WORK_US = 400
/** Simulated provider time between forwarding the request and the response head, in milliseconds. */
const PROVIDER_MS = 2

const REQUEST = Buffer.from(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }))
const RESPONSE = Buffer.from(JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there, how can I help?' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }
}))
const REQUEST_HEADERS: Array<[string, string]> = [['content-type', 'application/json'], ['user-agent', 'OpenAI/JS 6.0.0'], ['accept', 'application/json']]
const RESPONSE_HEADERS = { 'content-type': 'application/json', 'x-request-id': 'req_bench', 'openai-processing-ms': '12' }

/** Spins for `us` microseconds (the relay's own work on the exchange). */
function work (us: number): void {
  const until = performance.now() + us / 1000
  while (performance.now() < until);
}

/** Runs `concurrency` exchange loops for `ms`; returns exchanges done and process CPU (all threads) in microseconds. */
async function run (writer: RecordingWriter | undefined, concurrency: number, ms: number): Promise<{ exchanges: number, cpuUs: number, elapsedMs: number }> {
  let exchanges = 0
  let id = 0
  const deadline = performance.now() + ms
  const loop = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const rec = new ExchangeRecording(writer, `ex_bench_${(id++).toString(36)}`)
      work(WORK_US / 2)
      rec.start({ method: 'POST', path: '/v1/chat/completions', model: 'gpt-4o-mini', stream: false, agentId: 'bench-agent', headers: REQUEST_HEADERS, body: REQUEST })
      rec.allowed([])
      await rec.durable()
      await sleep(PROVIDER_MS)
      work(WORK_US / 2)
      rec.head(200, RESPONSE_HEADERS)
      rec.responseChunk(RESPONSE)
      rec.usage({ model: 'gpt-4o-mini', inputTokens: 5, outputTokens: 7, cachedTokens: 0, costNano: 1_234, estimated: false })
      rec.end({ status: 200, completed: true })
      await rec.durable()
      exchanges++
    }
  }
  const cpu = process.cpuUsage()
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  const used = process.cpuUsage(cpu)
  return { exchanges, cpuUs: used.user + used.system, elapsedMs: performance.now() - start }
}

const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-recording-'))
const rows: string[][] = []
try {
  for (const waitFor of ['write', 'fsync'] as const) {
    const recorder = await Recorder.open({ dir: join(dir, waitFor), relayId: 'bench-relay', mode: 'fail-closed', waitFor, signingKey: generateSigningKey(), retention: false })
    try {
      const writer = await recorder.create({ sessionStart: { subject: 'bench' } })
      for (const concurrency of CONCURRENCY) {
        const sides: Array<{ exchanges: number, cpuUs: number, elapsedMs: number }> = []
        for (const w of [undefined, writer]) {
          await run(w, concurrency, WARMUP_MS)
          sides.push(await run(w, concurrency, CASE_MS))
        }
        const [off, on] = sides as [typeof sides[0], typeof sides[0]]
        const perOff = off.cpuUs / off.exchanges
        const perOn = on.cpuUs / on.exchanges
        const rate = (s: typeof off): number => s.exchanges / (s.elapsedMs / 1000)
        rows.push([waitFor, String(concurrency), rate(off).toFixed(0), rate(on).toFixed(0), perOff.toFixed(0), perOn.toFixed(0), (perOn - perOff).toFixed(0)])
      }
    } finally {
      await recorder.close()
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

console.log(`Node ${process.version}, ${CASE_MS} ms per side, ${WORK_US} µs of simulated relay work and ${PROVIDER_MS} ms of provider time per exchange\n`)
console.log('| waitFor | concurrency | exchanges/s off | exchanges/s on | CPU µs per exchange off | on | recording µs per exchange |')
console.log('|---|---|---|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
