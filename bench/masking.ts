/**
 * Micro-bench of response masking (issue 4), the per-byte cost the relay adds to every masked response:
 * - `maskText` throughput in MB/s on prose with and without secrets, built-ins only and with custom detectors;
 * - `StreamingTextMasker` throughput with 4-character pushes (typical token deltas);
 * - the SSE parser alone, and the whole ResponseMasker on a 200-chunk OpenAI chat stream (the shape of
 *   `x-fake-chunks: 200` in the e2e bench) written at once, one event per turn, or cut into 1000-byte pieces (one
 *   per turn), against a PassThrough fed the same way: MB/s, streams/s of CPU, and the time one
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
/** Size of the pieces in the "cut mid-event" stream cases, in bytes. */
const CUT_PIECE_BYTES = 1000

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

/** Like {@link rate} for an asynchronous operation (awaited back to back). */
async function rateAsync (fn: () => Promise<void>): Promise<number> {
  const until = async (ms: number): Promise<number> => {
    const end = performance.now() + ms
    let n = 0
    let now = performance.now()
    const start = now
    while (now < end) {
      await fn()
      n++
      now = performance.now()
    }
    return n / ((now - start) / 1000)
  }
  await until(WARMUP_MS)
  return await until(CASE_MS)
}

/** The next turn of the event loop. */
const nextTurn = async (): Promise<void> => await new Promise((resolve) => setImmediate(resolve))

/**
 * Pushes every buffer through `t` and resolves when its output has ended: all in one synchronous run (as the relay
 * gets a tunnel message holding many events), or with `perTurn` one buffer per turn of the event loop (as events
 * arrive one by one from a paced provider).
 */
async function pump (t: Transform, events: readonly Buffer[], perTurn = false): Promise<void> {
  t.on('data', () => {})
  const ended = new Promise<void>((resolve, reject) => {
    t.once('end', resolve)
    t.once('error', reject)
  })
  for (const e of events) {
    t.write(e)
    if (perTurn) await nextTurn()
  }
  t.end()
  await ended
}

/** Percentile of sorted samples. */
function pct (sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
}

/**
 * Per-event time from write() until its masked bytes come out (or, for an event held back entirely, until the
 * masker is idle again), in microseconds, one event per turn, over many streams: [first event, every event].
 */
async function perEvent (make: () => Transform, events: readonly Buffer[]): Promise<{ first: number[], all: number[] }> {
  const first: number[] = []
  const all: number[] = []
  const end = performance.now() + CASE_MS
  while (performance.now() < end) {
    const t = make()
    let out: (() => void) | undefined
    t.on('data', () => { out?.() })
    for (let i = 0; i < events.length; i++) {
      const t0 = performance.now()
      const came = new Promise<void>((resolve) => {
        out = resolve
        setImmediate(resolve)
      })
      t.write(events[i] as Buffer)
      await came
      const dt = (performance.now() - t0) * 1000
      all.push(dt)
      if (i === 0) first.push(dt)
    }
    const ended = new Promise((resolve) => t.once('end', resolve))
    t.end()
    await ended
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
/** The same stream cut every CUT_PIECE_BYTES, mid-event (as the tunnel delivers a provider that writes in bursts). */
const pieces = Array.from({ length: Math.ceil(streamBytes / CUT_PIECE_BYTES) }, (_, i) => Buffer.from(streamText).subarray(i * CUT_PIECE_BYTES, (i + 1) * CUT_PIECE_BYTES))

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
const passRate = await rateAsync(async () => { await pump(new PassThrough(), events) })
const passTurnRate = await rateAsync(async () => { await pump(new PassThrough(), events, true) })
rows.push([`PassThrough (baseline), ${SSE_CHUNKS}-chunk chat stream, written at once`, fmt((passRate * streamBytes) / MB), fmt(passRate, 0), ''])
rows.push([`PassThrough (baseline), ${SSE_CHUNKS}-chunk chat stream, one event per turn`, fmt((passTurnRate * streamBytes) / MB), fmt(passTurnRate, 0), ''])
const passCutRate = await rateAsync(async () => { await pump(new PassThrough(), pieces, true) })
rows.push([`PassThrough (baseline), ${SSE_CHUNKS}-chunk chat stream, ${CUT_PIECE_BYTES}-byte pieces per turn`, fmt((passCutRate * streamBytes) / MB), fmt(passCutRate, 0), ''])
const latency: string[] = []
for (const [label, mask] of [['built-ins', builtins], ['built-ins + regex + words', withCustom]] as Array<[string, CompiledMask]>) {
  const make = makeMasker(mask)
  const r = await rateAsync(async () => { await pump(make(), events) })
  rows.push([`ResponseMasker (${label}), ${SSE_CHUNKS}-chunk chat stream, written at once`, fmt((r * streamBytes) / MB), fmt(r, 0), fmt(1000 / r - 1000 / passRate, 3)])
  const rt = await rateAsync(async () => { await pump(make(), events, true) })
  rows.push([`ResponseMasker (${label}), ${SSE_CHUNKS}-chunk chat stream, one event per turn`, fmt((rt * streamBytes) / MB), fmt(rt, 0), fmt(1000 / rt - 1000 / passTurnRate, 3)])
  const rc = await rateAsync(async () => { await pump(make(), pieces, true) })
  rows.push([`ResponseMasker (${label}), ${SSE_CHUNKS}-chunk chat stream, ${CUT_PIECE_BYTES}-byte pieces per turn`, fmt((rc * streamBytes) / MB), fmt(rc, 0), fmt(1000 / rc - 1000 / passCutRate, 3)])
  const lat = await perEvent(make, events)
  latency.push(`| ${label} | ${fmt(pct(lat.first, 0.5), 1)} | ${fmt(pct(lat.first, 0.99), 1)} | ${fmt(pct(lat.all, 0.5), 1)} | ${fmt(pct(lat.all, 0.99), 1)} |`)
}
const passLat = await perEvent(() => new PassThrough(), events)
latency.push(`| PassThrough (baseline) | ${fmt(pct(passLat.first, 0.5), 1)} | ${fmt(pct(passLat.first, 0.99), 1)} | ${fmt(pct(passLat.all, 0.5), 1)} | ${fmt(pct(passLat.all, 0.99), 1)} |`)

console.log(`Node ${process.version}, ${CASE_MS} ms per case\n`)
console.log('| case | MB/s | streams/s (CPU) | added CPU per stream (ms) |')
console.log('|---|---|---|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
console.log('\nPer-event time (write() to masked bytes out, one event per turn, including the wait for output), microseconds:\n')
console.log('| config | first event p50 | first event p99 | any event p50 | any event p99 |')
console.log('|---|---|---|---|---|')
for (const l of latency) console.log(l)
