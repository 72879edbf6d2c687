/**
 * Micro-bench of response masking (issue 4), the per-byte cost the relay adds to every masked response:
 * - `maskText` throughput in MB/s on prose with and without secrets, built-ins only and with custom detectors;
 * - `StreamingTextMasker` throughput with 4-character pushes (typical token deltas);
 * - the SSE parser alone, and the whole ResponseMasker on a 200-chunk OpenAI chat stream (the shape of
 *   `x-fake-chunks: 200` in the e2e bench), against a PassThrough: MB/s, streams/s of CPU, and the time one
 *   `write()` of one event takes before its masked bytes come out (added per-event latency; the first event is the
 *   added time to first byte).
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/masking.js`. BENCH_SCALE multiplies the time per case
 * (default 1 s after a 0.2 s warm-up). Prints a Markdown table on stdout.
 */
import { PassThrough } from 'node:stream'

import { compileMask } from '../relay/masking/detectors.js'
import { maskConfigSchema } from '../relay/masking/mask-config.js'
import { createResponseMasker } from '../relay/masking/response-masker.js'
import { SseParser } from '../relay/masking/sse-parser.js'
import { maskText, StreamingTextMasker } from '../relay/masking/text-masker.js'

import type { CompiledMask } from '../relay/masking/detectors.js'
import type { Transform } from 'node:stream'

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
/** Measured time per case, in milliseconds. */
const CASE_MS = Math.max(100, Math.round(1000 * SCALE))
/** Warm-up per case, in milliseconds. */
const WARMUP_MS = Math.max(20, Math.round(200 * SCALE))
/** Characters of prose per text case. */
const TEXT_CHARS = 256 * 1024
/** Content chunks per SSE stream (as the e2e bench's `x-fake-chunks: 200`). */
const SSE_CHUNKS = 200

const builtins = compileMask(maskConfigSchema.parse({ builtin: 'all' }))
const withCustom = compileMask(maskConfigSchema.parse({
  builtin: 'all',
  custom: [
    { name: 'employee_id', pattern: 'EMP-[0-9]{6}', maxLength: 10 },
    { name: 'codename', words: ['BLUEBIRD', 'NIGHTJAR', 'KESTREL'], caseInsensitive: true }
  ]
}))

const WORDS = 'the quick brown fox jumps over a lazy dog while model output streams to the client, token by token; 42 items cost $3.50 (see section 4.1).'.split(' ')

/** Prose of `chars` characters; with `secrets`, one secret every ~2 KiB. */
function prose (chars: number, secrets: boolean): string {
  const secretList = ['jane.doe@example.com', '4111 1111 1111 1111', '123-45-6789', 'AKIAIOSFODNN7EXAMPLE', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t']
  let out = ''
  let i = 0
  while (out.length < chars) {
    out += (WORDS[i % WORDS.length] ?? '') + ' '
    if (secrets && i % 300 === 299) out += (secretList[(i / 300) % secretList.length | 0] ?? '') + ' '
    i++
  }
  return out.slice(0, chars)
}

/** An OpenAI chat stream with SSE_CHUNKS content deltas of a few characters, as separate event buffers. */
function chatEvents (content: string): Buffer[] {
  const base = { id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_bench' }
  const ev = (choices: unknown[], usage: unknown = null): Buffer => Buffer.from(`data: ${JSON.stringify({ ...base, choices, usage })}\n\n`)
  const out = [ev([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])]
  const size = Math.ceil(content.length / SSE_CHUNKS)
  for (let k = 0; k < SSE_CHUNKS; k++) out.push(ev([{ index: 0, delta: { content: content.slice(k * size, (k + 1) * size) }, logprobs: null, finish_reason: null }]))
  out.push(ev([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]))
  out.push(ev([], { prompt_tokens: 10, completion_tokens: 200, total_tokens: 210 }))
  out.push(Buffer.from('data: [DONE]\n\n'))
  return out
}

/** Runs `fn` repeatedly for CASE_MS after a warm-up; returns operations per second. */
function rate (fn: () => void): number {
  const until = (ms: number): number => {
    const end = performance.now() + ms
    let n = 0
    let now = performance.now()
    const start = now
    while (now < end) {
      fn()
      n++
      now = performance.now()
    }
    return n / ((now - start) / 1000)
  }
  until(WARMUP_MS)
  return until(CASE_MS)
}

/** Pushes every buffer through `t` synchronously (Transforms run _transform inside write when idle). */
function pump (t: Transform, events: readonly Buffer[]): void {
  t.on('data', () => {})
  for (const e of events) t.write(e)
  t.end()
}

/** Percentile of sorted samples. */
function pct (sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
}

/** Per-event time from write() to output, in microseconds, over many streams: [first event, p50, p99]. */
function perEvent (make: () => Transform, events: readonly Buffer[]): { first: number[], all: number[] } {
  const first: number[] = []
  const all: number[] = []
  const end = performance.now() + CASE_MS
  while (performance.now() < end) {
    const t = make()
    let got = false
    t.on('data', () => { got = true })
    events.forEach((e, i) => {
      got = false
      const t0 = performance.now()
      t.write(e)
      const dt = (performance.now() - t0) * 1000
      if (!got && i > 0 && i <= SSE_CHUNKS) { /* held back entirely: still counted, it is the cost of the write */ }
      all.push(dt)
      if (i === 0) first.push(dt)
    })
    t.end()
  }
  return { first: first.sort((a, b) => a - b), all: all.sort((a, b) => a - b) }
}

const MB = 1e6
const rows: string[][] = []
const fmt = (n: number, d = 1): string => n.toFixed(d)

for (const [label, mask, secrets] of [
  ['maskText, prose, no secrets, built-ins', builtins, false],
  ['maskText, prose, a secret per 2 KiB, built-ins', builtins, true],
  ['maskText, prose, a secret per 2 KiB, built-ins + regex + words', withCustom, true]
] as Array<[string, CompiledMask, boolean]>) {
  const text = prose(TEXT_CHARS, secrets)
  const r = rate(() => maskText(mask, text))
  rows.push([label, fmt((r * text.length) / MB), '', ''])
}

{
  const text = prose(TEXT_CHARS, true)
  const pieces: string[] = []
  for (let i = 0; i < text.length; i += 4) pieces.push(text.slice(i, i + 4))
  for (const [label, mask] of [['StreamingTextMasker, 4-char pushes, built-ins', builtins], ['StreamingTextMasker, 4-char pushes, + regex + words', withCustom]] as Array<[string, CompiledMask]>) {
    const r = rate(() => {
      const m = new StreamingTextMasker(mask)
      for (const p of pieces) m.push(p)
      m.flush()
    })
    rows.push([label, fmt((r * text.length) / MB), '', ''])
  }
}

const content = prose(SSE_CHUNKS * 6, false).replace(/ 42 items/, ' mail jane.doe@example.com')
const events = chatEvents(content)
const streamBytes = events.reduce((n, b) => n + b.length, 0)
const streamText = Buffer.concat(events).toString()

{
  const r = rate(() => {
    const p = new SseParser({ onBlock: () => {}, onError: () => {} })
    p.feed(streamText)
    p.end()
  })
  rows.push([`SSE parser, ${SSE_CHUNKS}-chunk chat stream (${streamBytes} B)`, fmt((r * streamBytes) / MB), fmt(r, 0), ''])
}

const sseOpts = { path: '/v1/chat/completions', contentType: 'text/event-stream', dialect: 'openai' as const }
const makeMasker = (mask: CompiledMask) => (): Transform => {
  const m = createResponseMasker(mask, sseOpts)
  if (m === undefined) throw new Error('no masker')
  return m
}
const passRate = rate(() => pump(new PassThrough(), events))
rows.push([`PassThrough (baseline), ${SSE_CHUNKS}-chunk chat stream`, fmt((passRate * streamBytes) / MB), fmt(passRate, 0), ''])
const latency: string[] = []
for (const [label, mask] of [['built-ins', builtins], ['built-ins + regex + words', withCustom]] as Array<[string, CompiledMask]>) {
  const make = makeMasker(mask)
  const r = rate(() => pump(make(), events))
  const lat = perEvent(make, events)
  const perStreamMs = 1000 / r - 1000 / passRate
  rows.push([`ResponseMasker (${label}), ${SSE_CHUNKS}-chunk chat stream`, fmt((r * streamBytes) / MB), fmt(r, 0), fmt(perStreamMs, 3)])
  latency.push(`| ${label} | ${fmt(pct(lat.first, 0.5), 1)} | ${fmt(pct(lat.first, 0.99), 1)} | ${fmt(pct(lat.all, 0.5), 1)} | ${fmt(pct(lat.all, 0.99), 1)} |`)
}

console.log(`Node ${process.version}, ${CASE_MS} ms per case\n`)
console.log('| case | MB/s | streams/s (CPU) | added CPU per stream (ms) |')
console.log('|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
console.log('\nPer-event time in the ResponseMasker (write() to masked bytes out), microseconds:\n')
console.log('| config | first event p50 | first event p99 | any event p50 | any event p99 |')
console.log('|---|---|---|---|---|')
for (const l of latency) console.log(l)
