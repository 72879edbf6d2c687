/**
 * End-to-end bench: the same OpenAI-style call made directly to the fake provider and through relay + agent (TLS
 * on, wss tunnel), all deployed as separate processes, measured in one run. Then the 200-chunk stream through a relay
 * without a policy (masking off) versus a relay + agent with a policy that masks responses (masking on), the
 * masker's own MB/s from bench/masking.ts, and recording off versus on. Each A/B group gets its own new relays, started
 * just before its rows and stopped after them. `npm run bench`; docs/benchmarks.md explains every number.
 * BENCH_SCALE=0.2 shortens every phase (smoke run); BENCH_CPU_PROF=<dir> makes the relays and agents write CPU
 * profiles there when they exit.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'

import { createClient, closedLoop } from './lib/client.js'
import { deploy, deployRelay, teardown } from './lib/deployment.js'
import { cpuMsOf, flushDirtyPages, machineTicks } from './lib/processes.js'
import { load } from './lib/load.js'
import { percentile, ratioInterval, round, table } from './lib/stats.js'
import { PLAIN_REPLY, SECRET_REPLY, SECRETS, streamedContent } from './lib/stream-content.js'

import type { Exchange, LoopResult } from './lib/client.js'
import type { Endpoint } from './lib/deployment.js'

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
/**
 * BENCH_ONLY=relay,masking,masker,recording runs only those parts (default: all). For focused runs while tuning one
 * part; the published figures come from a full run.
 */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'relay,masking,masker,recording').split(',').map((s) => s.trim()))
/**
 * BENCH_RECORDING_AA=1: the recording rows' "on" side is a second relay that records nothing either, so the rows
 * measure the bench's own floor (two alike relays) rather than recording.
 */
const RECORDING_AA = process.env.BENCH_RECORDING_AA === '1'
const seconds = (s: number): number => Math.max(1, Math.round(s * SCALE))

/** Phase lengths in seconds, before BENCH_SCALE. */
const WARMUP_S = 3
const LATENCY_S = 5
const LOAD_S = 8
const STREAM_S = 5
const LOAD_CONNECTIONS = [16, 64]
const STREAM_CONCURRENCY = [1, 16]
const STREAM_CHUNKS = 200
/** The masking rows: warm-up and time per side, and for the row whose reply holds secrets (a demonstration). */
const MASK_S = 5
const SECRET_WARMUP_S = 1
const SECRET_S = 3
/** Load that warms both relays before the masking rows: concurrency and seconds per relay. */
const PREWARM_CONCURRENCY = 16
const PREWARM_S = 8
/** The recording rows (issue 5): time per side. */
const RECORD_S = 6
/** Concurrency of the recording rows: enough to keep the relay busy on two cores. */
const RECORD_CONCURRENCY = 16
/**
 * The recording relay's chat row is also run at this concurrency: each group commit (write + fdatasync) then covers
 * more exchanges, which shows how much of recording's cost is per commit rather than per exchange.
 */
const RECORD_WIDE_CONCURRENCY = 64
/** How long bench/masking.ts may take (about 15 s at BENCH_SCALE=1). */
const MASKER_BENCH_TIMEOUT_MS = 120_000

/**
 * The policy of the masking relay: the minimal policy of docs/policy.md (one deny rule, so the prompt is checked
 * too) with every built-in detector, i.e. the minimal list plus openai_key and anthropic_key.
 */
const MASK_POLICY = {
  deny: [{ name: 'canary', pattern: 'POLICY-CANARY-DENY' }],
  mask: { builtin: ['email', 'card', 'ssn', 'aws_access_key', 'openai_key', 'anthropic_key'] }
}
const REDACTED = '[REDACTED:'

const PATH = '/chat/completions'
const messages = [{ role: 'user', content: 'hello' }]
const CHAT_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages })
const STREAM_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true })
/** 200 content chunks of a few characters each, like tokens. */
const STREAM_HEADERS = {
  'x-fake-chunks': String(STREAM_CHUNKS),
  'x-fake-reply': encodeURIComponent(Array.from({ length: STREAM_CHUNKS }, (_, i) => `w${i}`).join(' '))
}

/** One side (direct or relay; masking off or on) of one scenario. Latency is the full response, or TTFB for streams. */
interface Side {
  rate: number
  p50Ms: number
  p99Ms: number
  ok: number
  errors: number
  firstErrors?: string[]
  /** Streams only: p50 of the whole stream, in ms. */
  streamP50Ms?: number
  /** Streams only: p50 time to the first non-empty content delta, in ms. */
  contentP50Ms?: number
  /** A/B rows: CPU time of the relay process per successful exchange, in ms (10 ms clock ticks, summed per round). */
  relayCpuMs?: number
  /**
   * A/B rows: idle and total CPU time of the whole machine over the measured rounds, in clock ticks (/proc/stat): a
   * side that leaves the cores idle is bound by latency (waits), not by CPU.
   */
  idleTicks?: number
  totalTicks?: number
  /** A/B rows, side b: its rate over side a's in each interleaved round (the spread shows how noisy the run was). */
  roundRatios?: number[]
  /** The measured loops behind this side and, for A/B rows, the relay's CPU over them (for merging deployments). */
  loops?: LoopResult[]
  cpuMs?: number
}

interface Row {
  scenario: 'chat' | 'chat-load' | 'stream'
  concurrency: number
  tool: 'hrtime' | 'autocannon'
  direct: Side
  relay: Side
}

/** A masking row: the same stream through the relay without a policy (off) and through the masking relay (on). */
interface MaskRow {
  scenario: 'stream-plain' | 'stream-secrets'
  concurrency: number
  off: Side
  on: Side
}

/** What one timed loop sends and how each exchange is checked. */
interface Workload {
  body: string
  headers?: Record<string, string>
  stream: boolean
  check: (x: Exchange) => string | undefined
  /** Keep whole bodies (for content checks). */
  keepBody?: boolean
  /** Warm-up in seconds, before BENCH_SCALE; default WARMUP_S. */
  warmupS?: number
}

const okJson = (x: Exchange): string | undefined =>
  x.status === 200 && x.tail.endsWith('}') ? undefined : `status ${x.status}, body ends ${JSON.stringify(x.tail)}`
const okStream = (x: Exchange): string | undefined =>
  x.status === 200 && x.tail.trimEnd().endsWith('data: [DONE]') ? undefined : `status ${x.status}, stream ends ${JSON.stringify(x.tail)}`

/** A complete stream whose joined content deltas pass `test` (which describes what is wrong, or returns undefined). */
const streamWith = (test: (content: string, body: string) => string | undefined) => (x: Exchange): string | undefined => {
  const problem = okStream(x)
  if (problem !== undefined) return problem
  try {
    return test(streamedContent(x.body ?? ''), x.body ?? '')
  } catch (err: unknown) {
    return `unparsable stream: ${err instanceof Error ? err.message : String(err)}`
  }
}
const sameText = (expected: string) => (content: string): string | undefined => {
  if (content === expected) return undefined
  let i = 0
  while (i < content.length && content[i] === expected[i]) i++
  return `content differs from the reply at character ${i}: ${JSON.stringify(content.slice(Math.max(0, i - 10), i + 30))}`
}
/** Masking on, reply with secrets: something was redacted and no secret came through (in the text or the raw body). */
const redacted = (content: string, body: string): string | undefined => {
  const leaked = SECRETS.filter((secret) => content.includes(secret) || body.includes(secret))
  if (leaked.length > 0) return `secret not masked (${leaked.length} of ${SECRETS.length})`
  return content.includes(REDACTED) ? undefined : `no ${REDACTED} in the content`
}

const streamHeaders = (reply: string): Record<string, string> => ({ 'x-fake-chunks': String(STREAM_CHUNKS), 'x-fake-reply': encodeURIComponent(reply) })
/** Masking rows, reply without secrets: the text must come back unchanged with masking off and on. */
const PLAIN_STREAM: Workload = { body: STREAM_BODY, headers: streamHeaders(PLAIN_REPLY), stream: true, keepBody: true, check: streamWith(sameText(PLAIN_REPLY)) }
/** Reply with secrets, masking off: they come back as sent (shows the check below would see them). */
const SECRET_STREAM_OFF: Workload = { body: STREAM_BODY, headers: streamHeaders(SECRET_REPLY), stream: true, keepBody: true, check: streamWith(sameText(SECRET_REPLY)), warmupS: SECRET_WARMUP_S }
/** Reply with secrets, masking on: redacted. */
const SECRET_STREAM_ON: Workload = { ...SECRET_STREAM_OFF, check: streamWith(redacted) }

function sideOf (r: LoopResult, latency: 'totalMs' | 'ttfbMs'): Side {
  return {
    rate: r.ok / r.elapsedS,
    p50Ms: percentile(r[latency], 50),
    p99Ms: percentile(r[latency], 99),
    ok: r.ok,
    errors: r.errors,
    ...(r.firstErrors.length === 0 ? {} : { firstErrors: r.firstErrors }),
    ...(latency === 'ttfbMs' ? { streamP50Ms: percentile(r.totalMs, 50), contentP50Ms: percentile(r.ttfcMs, 50) } : {})
  }
}

const CHAT: Workload = { body: CHAT_BODY, stream: false, check: okJson }
const STREAM: Workload = { body: STREAM_BODY, headers: STREAM_HEADERS, stream: true, check: okStream }

/** Warm-up then a measured closed loop with our own hrtime client, on a fresh keep-alive pool per side. */
async function timedLoop (endpoint: Endpoint, concurrency: number, durationS: number, w: Workload): Promise<Side> {
  const client = createClient(endpoint, concurrency, { keepBody: w.keepBody === true })
  const exchange = async (): Promise<Exchange> => await client.post(PATH, w.body, w.headers)
  try {
    await closedLoop(concurrency, seconds(w.warmupS ?? WARMUP_S) * 1000, exchange, w.check)
    const r = await closedLoop(concurrency, durationS * 1000, exchange, w.check)
    return { ...sideOf(r, w.stream ? 'ttfbMs' : 'totalMs'), loops: [r] }
  } finally {
    client.close()
  }
}

/**
 * Rounds each side of an A/B comparison is split into, in the order AB BA AB …, so a burst of other load hits both
 * sides alike and neither side always runs second (right after the other relay's clients closed).
 * BENCH_AB_ROUNDS=n (default 6, at least 2) changes the number of rounds; the time per side stays the same.
 */
const AB_ROUNDS = Math.max(2, Number(process.env.BENCH_AB_ROUNDS ?? '6'))

/**
 * A/B comparison with our own client: warm-up on both, then AB_ROUNDS alternating rounds per side (each on a fresh
 * keep-alive pool), the rounds of a side merged into one result.
 */
async function abLoops (a: Endpoint, b: Endpoint, concurrency: number, durationS: number, w: Workload): Promise<{ a: Side, b: Side }> {
  const exchangeOn = (client: ReturnType<typeof createClient>) => async (): Promise<Exchange> => await client.post(PATH, w.body, w.headers)
  const cpu = new Map<Endpoint, number>([[a, 0], [b, 0]])
  const idle = new Map<Endpoint, { idle: number, total: number }>()
  const run = async (endpoint: Endpoint, ms: number): Promise<LoopResult> => {
    const client = createClient(endpoint, concurrency, { keepBody: w.keepBody === true })
    const before = cpuMsOf(endpoint.relayPid)
    const ticks = machineTicks()
    try {
      return await closedLoop(concurrency, ms, exchangeOn(client), w.check)
    } finally {
      client.close()
      cpu.set(endpoint, (cpu.get(endpoint) ?? 0) + cpuMsOf(endpoint.relayPid) - before)
      const now = machineTicks()
      const sum = idle.get(endpoint) ?? { idle: 0, total: 0 }
      idle.set(endpoint, { idle: sum.idle + now.idle - ticks.idle, total: sum.total + now.total - ticks.total })
    }
  }
  const warmMs = seconds(w.warmupS ?? WARMUP_S) * 1000
  await run(a, warmMs)
  await run(b, warmMs)
  cpu.set(a, 0)
  cpu.set(b, 0)
  idle.clear()
  const roundMs = Math.max(500, Math.round(durationS * 1000 / AB_ROUNDS))
  const ra: LoopResult[] = []
  const rb: LoopResult[] = []
  for (let i = 0; i < AB_ROUNDS; i++) {
    if (i % 2 === 0) {
      ra.push(await run(a, roundMs))
      rb.push(await run(b, roundMs))
    } else {
      rb.push(await run(b, roundMs))
      ra.push(await run(a, roundMs))
    }
  }
  const latency = w.stream ? 'ttfbMs' : 'totalMs'
  const sa = sideOf(mergeLoops(ra), latency)
  const sb = sideOf(mergeLoops(rb), latency)
  const idleOf = (e: Endpoint): { idleTicks: number, totalTicks: number } => ({ idleTicks: idle.get(e)?.idle ?? Number.NaN, totalTicks: idle.get(e)?.total ?? Number.NaN })
  Object.assign(sa, { loops: ra, cpuMs: cpu.get(a) ?? Number.NaN, relayCpuMs: (cpu.get(a) ?? Number.NaN) / sa.ok, ...idleOf(a) })
  Object.assign(sb, { loops: rb, cpuMs: cpu.get(b) ?? Number.NaN, relayCpuMs: (cpu.get(b) ?? Number.NaN) / sb.ok, ...idleOf(b) })
  const rate = (r: LoopResult): number => r.ok / r.elapsedS
  sb.roundRatios = rb.map((r, i) => round(rate(r) / rate(ra[i] as LoopResult)))
  return { a: sa, b: sb }
}

/** One side from the same side measured on two deployments: loops, CPU and per-round ratios pooled. */
function mergeSides (x: Side, y: Side, latency: 'totalMs' | 'ttfbMs'): Side {
  const loops = [...(x.loops ?? []), ...(y.loops ?? [])]
  const merged: Side = { ...sideOf(mergeLoops(loops), latency), loops }
  if (x.cpuMs !== undefined && y.cpuMs !== undefined) {
    merged.cpuMs = x.cpuMs + y.cpuMs
    merged.relayCpuMs = merged.cpuMs / merged.ok
  }
  if (x.idleTicks !== undefined && y.idleTicks !== undefined) {
    merged.idleTicks = x.idleTicks + y.idleTicks
    merged.totalTicks = (x.totalTicks ?? 0) + (y.totalTicks ?? 0)
  }
  if (x.roundRatios !== undefined && y.roundRatios !== undefined) merged.roundRatios = [...x.roundRatios, ...y.roundRatios]
  return merged
}

/**
 * Fresh deployments each A/B group runs on, its rows pooled over them (BENCH_AB_DEPLOYMENTS, default 1). Two relay
 * processes started alike still differ by 15–20% in CPU per exchange from one deployment to the next
 * (docs/benchmarks.md, sixth pass), which more rounds on one deployment cannot average out.
 */
const AB_DEPLOYMENTS = Math.max(1, Number(process.env.BENCH_AB_DEPLOYMENTS ?? '1'))
/** A relay label for deployment `n` (1-based): its data dir and profile names get `-<n>` after the first. */
const labelled = (label: string, n: number): string => n === 1 ? label : `${label}-${n}`

/**
 * Runs `group` (deploy its relays for deployment n, run its rows, stop them) AB_DEPLOYMENTS times and pools each
 * row's sides. Each deployment starts with the page cache written back (flushDirtyPages), so the recordings earlier
 * rows left dirty are not written back under its rounds.
 */
async function pooled<R extends { off: Side, on: Side }> (group: (n: number) => Promise<R[]>, latencyOf: (row: R) => 'totalMs' | 'ttfbMs'): Promise<R[]> {
  flushDirtyPages()
  let rows = await group(1)
  for (let n = 2; n <= AB_DEPLOYMENTS; n++) {
    progress(`deployment ${n} of ${AB_DEPLOYMENTS} for the same rows`)
    flushDirtyPages()
    const more = await group(n)
    rows = rows.map((r, i) => {
      const m = more[i] as R
      return { ...r, off: mergeSides(r.off, m.off, latencyOf(r)), on: mergeSides(r.on, m.on, latencyOf(r)) }
    })
  }
  return rows
}

/** One result from several rounds of the same loop. */
function mergeLoops (rs: LoopResult[]): LoopResult {
  return {
    ok: rs.reduce((n, r) => n + r.ok, 0),
    errors: rs.reduce((n, r) => n + r.errors, 0),
    firstErrors: rs.flatMap((r) => r.firstErrors).slice(0, 5),
    elapsedS: rs.reduce((n, r) => n + r.elapsedS, 0),
    totalMs: rs.flatMap((r) => r.totalMs),
    ttfbMs: rs.flatMap((r) => r.ttfbMs),
    ttfcMs: rs.flatMap((r) => r.ttfcMs)
  }
}

async function autocannonSide (endpoint: Endpoint, connections: number): Promise<Side> {
  await load(endpoint, PATH, CHAT_BODY, connections, seconds(WARMUP_S))
  const r = await load(endpoint, PATH, CHAT_BODY, connections, seconds(LOAD_S))
  const side: Side = { rate: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, ok: r.ok, errors: r.errors }
  if (r.errors > 0) side.firstErrors = [`statuses ${JSON.stringify(r.statuses)}`]
  return side
}

async function both (run: (e: Endpoint) => Promise<Side>, d: { direct: Endpoint, relay: Endpoint }): Promise<{ direct: Side, relay: Side }> {
  const direct = await run(d.direct)
  const relay = await run(d.relay)
  return { direct, relay }
}

function progress (what: string): void {
  process.stderr.write(`bench: ${what}\n`)
}

/**
 * The numeric columns of one row comparing side `b` with side `a`: rates, b/a ratio, p50s and their difference,
 * p99s and their difference, errors of both.
 */
function pairCells (a: Side, b: Side): Array<string | number> {
  return [a.rate, b.rate, `${round(b.rate / a.rate)}x`, a.p50Ms, b.p50Ms, b.p50Ms - a.p50Ms, a.p99Ms, b.p99Ms, b.p99Ms - a.p99Ms, a.errors + b.errors]
}

function report (rows: Row[]): string {
  const header = ['scenario', 'conc', 'direct /s', 'relay /s', 'relay/direct', 'direct p50', 'relay p50', 'added p50',
    'direct p99', 'relay p99', 'added p99', 'errors']
  const cells = rows.map((r) => [
    r.scenario === 'stream' ? `SSE ${STREAM_CHUNKS} chunks (TTFB)` : `chat (${r.tool})`,
    r.concurrency,
    ...pairCells(r.direct, r.relay)
  ])
  const streams = rows.filter((r) => r.scenario === 'stream').map((r) =>
    `SSE c=${r.concurrency}: whole stream p50 direct ${round(r.direct.streamP50Ms ?? Number.NaN)} ms, relay ${round(r.relay.streamP50Ms ?? Number.NaN)} ms`)
  return [table(header, cells), '', 'Latencies in ms; rates in requests (or whole streams) per second.', ...streams].join('\n')
}

/** Relay CPU per exchange and per-round ratios of an A/B row, `; `-separated ('' when there are none). */
function cpuNote (off: Side, on: Side): string {
  const notes: string[] = []
  if (off.relayCpuMs !== undefined && on.relayCpuMs !== undefined && !Number.isNaN(off.relayCpuMs + on.relayCpuMs)) {
    notes.push(`relay CPU per exchange off ${round(off.relayCpuMs)} ms, on ${round(on.relayCpuMs)} ms (+${round(on.relayCpuMs - off.relayCpuMs)} ms)`)
  }
  const idleShare = (s: Side): number => (s.idleTicks ?? Number.NaN) / (s.totalTicks ?? Number.NaN)
  if (!Number.isNaN(idleShare(off) + idleShare(on))) {
    notes.push(`machine idle off ${(idleShare(off) * 100).toFixed(1)}%, on ${(idleShare(on) * 100).toFixed(1)}%`)
  }
  if (on.roundRatios !== undefined && on.roundRatios.length > 0) notes.push(`on/off per round ${on.roundRatios.map((r) => `${r}x`).join(', ')}`)
  const ci = intervalOf(on)
  if (ci !== undefined) notes.push(`95% interval of the per-round ratio ${round(ci.low)}–${round(ci.high)}x (geometric mean ${round(ci.mean)}x)`)
  return notes.join('; ')
}

/** The 95% interval of side `on`'s per-round ratios, when it has them. */
function intervalOf (on: Side): ReturnType<typeof ratioInterval> {
  return on.roundRatios === undefined ? undefined : ratioInterval(on.roundRatios)
}

/**
 * How a ratio stands against a target given its 95% interval: `met`/`NOT met` by the merged ratio, and whether the
 * interval lies wholly on one side of the target or spans it (then one run cannot tell).
 */
function verdict (ratio: number, target: number, on: Side): string {
  const ci = intervalOf(on)
  const span = ci === undefined ? '' : ci.low >= target ? '; interval above the target' : ci.high < target ? '; interval below the target' : '; interval spans the target'
  return `${ratio >= target ? 'met' : 'NOT met'}${span}`
}

/** Issue 4's target for the masking rows without secrets: added TTFB p50 under 1 ms, at least 0.9x the streams/s. */
const TARGET_ADDED_TTFB_MS = 1
const TARGET_RATIO = 0.9

function maskReport (rows: MaskRow[]): string {
  const header = ['scenario', 'conc', 'off /s', 'on /s', 'on/off', 'off p50', 'on p50', 'added p50',
    'off p99', 'on p99', 'added p99', 'errors']
  const cells = rows.map((r) => [
    r.scenario === 'stream-plain' ? `SSE ${STREAM_CHUNKS} chunks, masking (TTFB)` : `SSE ${STREAM_CHUNKS}, secrets (TTFB)`,
    r.concurrency,
    ...pairCells(r.off, r.on)
  ])
  const ms = (v: number | undefined): string => `${round(v ?? Number.NaN)} ms`
  const notes = rows.map((r) => {
    const cpu = cpuNote(r.off, r.on)
    return `${r.scenario === 'stream-plain' ? 'prose' : 'secrets'} c=${r.concurrency}: first content p50 off ${ms(r.off.contentP50Ms)}, on ${ms(r.on.contentP50Ms)}` +
      ` (added ${ms((r.on.contentP50Ms ?? Number.NaN) - (r.off.contentP50Ms ?? Number.NaN))}); whole stream p50 off ${ms(r.off.streamP50Ms)}, on ${ms(r.on.streamP50Ms)}` +
      (cpu === '' ? '' : `; ${cpu}`)
  })
  const verdicts = rows.filter((r) => r.scenario === 'stream-plain').map((r) => {
    const added = r.on.p50Ms - r.off.p50Ms
    const ratio = r.on.rate / r.off.rate
    return `target c=${r.concurrency}: added TTFB p50 ${round(added)} ms (< ${TARGET_ADDED_TTFB_MS} ms: ${added < TARGET_ADDED_TTFB_MS ? 'met' : 'NOT met'}), ` +
      `on/off ${round(ratio)}x (>= ${TARGET_RATIO}x: ${verdict(ratio, TARGET_RATIO, r.on)})`
  })
  return [
    `Masking (issue 4): a new relay + agent without a policy (off) vs one with policy ${JSON.stringify(MASK_POLICY)} (on).`,
    'Prose rows: a reply of plain text with no secret, checked to come back unchanged. Secrets row: the reply holds',
    `an email and a card number; off must return them, on must return ${REDACTED} and neither of them.`,
    '',
    table(header, cells),
    '',
    'Latencies in ms (TTFB: to the first body chunk); rates in whole streams per second.',
    ...notes,
    ...verdicts
  ].join('\n')
}

/** Issue 5's target: recording costs under 10% of throughput (on/off >= 0.9x). */
const TARGET_RECORDING_RATIO = 0.9

/**
 * A recording row: the same load through a relay that records nothing (off) and a recording relay (on): the
 * default relay (`waitFor: write`), or one with `recording.waitFor: fsync`.
 */
interface RecordRow {
  scenario: 'chat' | 'stream'
  concurrency: number
  waitFor: 'write' | 'fsync'
  off: Side
  on: Side
}

function recordReport (rows: RecordRow[]): string {
  const header = ['scenario', 'conc', 'waitFor', 'off /s', 'on /s', 'on/off', 'off p50', 'on p50', 'added p50', 'off p99', 'on p99', 'added p99', 'errors']
  const cells = rows.map((r) => [
    r.scenario === 'chat' ? 'chat (full response)' : `SSE ${STREAM_CHUNKS} chunks (TTFB)`,
    r.concurrency,
    r.waitFor,
    ...pairCells(r.off, r.on)
  ])
  const cpu = rows.map((r) => `${r.scenario} c=${r.concurrency} ${r.waitFor}: ${cpuNote(r.off, r.on)}`)
  const verdicts = rows.map((r) => {
    const ratio = r.on.rate / r.off.rate
    return `target ${r.scenario} c=${r.concurrency} ${r.waitFor}: on/off ${round(ratio)}x (>= ${TARGET_RECORDING_RATIO}x: ${verdict(ratio, TARGET_RECORDING_RATIO, r.on)})`
  })
  return [
    ...(RECORDING_AA
      ? ['Recording rows, A/A calibration (BENCH_RECORDING_AA=1): two relays that record nothing; the ratio is the bench\'s floor, not recording.']
      : ['Recording (issue 5): a new relay + agent with `recording.enabled: false` (off) vs one with the default, which records',
          'every exchange (on, `waitFor: write`: records written before forwarding and release, fdatasync group commit every',
          '10 ms), and vs a relay with `recording.waitFor: fsync` (on, each wait also waits for its fdatasync).']),
    '',
    table(header, cells),
    '',
    ...cpu,
    ...verdicts
  ].join('\n')
}

/** The masker micro-bench's output, or why there is none. */
interface MaskerResult {
  source: string
  /** `case` → MB/s, from the rows of its first table that have a number in the MB/s column. */
  mbPerS?: Record<string, number>
  output?: string
  error?: string
}

const MASKER_BENCH = fileURLToPath(new URL('./masking.js', import.meta.url))

/** Runs bench/masking.ts (another engineer's micro-bench) as a child process and picks the MB/s column out of its table. */
async function maskerBench (): Promise<MaskerResult> {
  const source = 'bench/masking.ts'
  if (!existsSync(MASKER_BENCH)) return { source, error: `${MASKER_BENCH} not found` }
  return await new Promise((resolve) => {
    execFile(process.execPath, [MASKER_BENCH], { timeout: MASKER_BENCH_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err !== null) {
        resolve({ source, error: `${err.message.split('\n')[0] ?? ''} ${stderr.trim().split('\n').slice(-3).join(' | ')}`.trim() })
        return
      }
      const mbPerS: Record<string, number> = {}
      let started = false
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('|')) {
          if (started) break // only the first table has the MB/s column
          continue
        }
        started = true
        const [, name = '', mb = ''] = line.split('|').map((c) => c.trim()) // | case | MB/s | ... |
        if (name !== '' && mb !== '' && Number.isFinite(Number(mb))) mbPerS[name] = Number(mb)
      }
      resolve({ source, mbPerS, output: stdout.trim() })
    })
  })
}

function maskerReport (m: MaskerResult): string {
  if (m.error !== undefined) return `Masker micro-bench (${m.source}) did not run: ${m.error}`
  return [`Masker micro-bench (${m.source}, run as a child process after the deployment stopped):`, '', m.output ?? ''].join('\n')
}

/** Direct vs relay: chat at 1, 16 and 64 connections, then 200-chunk streams at 1 and 16. */
async function relayRows (d: { direct: Endpoint, relay: Endpoint }): Promise<Row[]> {
  const rows: Row[] = []
  progress(`chat, 1 connection, ${seconds(LATENCY_S)} s per side`)
  rows.push({ scenario: 'chat', concurrency: 1, tool: 'hrtime', ...await both(async (e) => await timedLoop(e, 1, seconds(LATENCY_S), CHAT), d) })
  for (const c of LOAD_CONNECTIONS) {
    progress(`chat, ${c} connections (autocannon), ${seconds(LOAD_S)} s per side`)
    rows.push({ scenario: 'chat-load', concurrency: c, tool: 'autocannon', ...await both(async (e) => await autocannonSide(e, c), d) })
  }
  for (const c of STREAM_CONCURRENCY) {
    progress(`SSE ${STREAM_CHUNKS} chunks, concurrency ${c}, ${seconds(STREAM_S)} s per side`)
    rows.push({ scenario: 'stream', concurrency: c, tool: 'hrtime', ...await both(async (e) => await timedLoop(e, c, seconds(STREAM_S), STREAM), d) })
  }
  return rows
}

/**
 * The relays of one group of A/B rows, deployed together just before those rows and stopped right after them, so
 * both sides start alike (a relay that carried earlier rows, or sat idle through them while V8's memory reducer
 * shrank its heap, is not compared with a fresh one) and no idle pair runs during other rows.
 */
async function withPair<P extends Record<string, Endpoint | undefined>, R> (pair: P, rows: (pair: P) => Promise<R>): Promise<R> {
  try {
    return await rows(pair)
  } finally {
    for (const e of Object.values(pair)) await e?.stop?.()
  }
}

/** Masking off (a relay without a policy) and on (the masking policy), both new, same provider. */
async function deployMaskingPair (direct: Endpoint, n: number): Promise<{ plain: Endpoint, masked: Endpoint }> {
  progress('deploying two relay + agent pairs for the masking rows: no policy, and a masking policy')
  return { plain: await deployRelay(direct, { label: labelled('plain', n) }), masked: await deployRelay(direct, { label: labelled('masked', n), policy: MASK_POLICY }) }
}

/** Masking off = the relay without a policy; on = the masking relay. Same provider, same reply, adjacent in time. */
async function maskingRows ({ plain, masked }: { plain: Endpoint, masked: Endpoint }): Promise<MaskRow[]> {
  const maskRows: MaskRow[] = []
  // Both relays are new: give them the same load first, so both sides are compared warm (JIT tiers, heap sizing).
  progress(`warming both relays: SSE ${STREAM_CHUNKS} chunks of prose, concurrency ${PREWARM_CONCURRENCY}, ${seconds(PREWARM_S)} s each`)
  for (const e of [masked, plain]) await timedLoop(e, PREWARM_CONCURRENCY, seconds(PREWARM_S), { ...PLAIN_STREAM, warmupS: 0 })
  for (const c of STREAM_CONCURRENCY) {
    progress(`SSE ${STREAM_CHUNKS} chunks of prose, concurrency ${c}, masking off then on, ${seconds(MASK_S)} s per side`)
    const { a: off, b: on } = await abLoops(plain, masked, c, seconds(MASK_S), PLAIN_STREAM)
    maskRows.push({ scenario: 'stream-plain', concurrency: c, off, on })
  }
  progress(`SSE ${STREAM_CHUNKS} chunks with an email and a card number, concurrency 1, masking off then on, ${seconds(SECRET_S)} s per side`)
  const off = await timedLoop(plain, 1, seconds(SECRET_S), SECRET_STREAM_OFF)
  const on = await timedLoop(masked, 1, seconds(SECRET_S), SECRET_STREAM_ON)
  maskRows.push({ scenario: 'stream-secrets', concurrency: 1, off, on })
  return maskRows
}

/** The recording rows' relays, all new: one that records nothing, the default (`waitFor: write`), and `waitFor: fsync`. */
interface RecordingRelays extends Record<string, Endpoint | undefined> {
  unrecorded: Endpoint
  recorded: Endpoint
  /** None in A/A mode. */
  fsynced: Endpoint | undefined
}

async function deployRecordingRelays (direct: Endpoint, n: number): Promise<RecordingRelays> {
  progress('deploying relay + agent pairs for the recording rows: recording off, on (waitFor write), on (waitFor fsync)')
  const unrecorded = await deployRelay(direct, { label: labelled('unrecorded', n), recording: false })
  // A/A mode: the "on" side is a second relay that records nothing.
  const recorded = await deployRelay(direct, RECORDING_AA ? { label: labelled('unrecorded2', n), recording: false } : { label: labelled('recorded', n) })
  const fsynced = RECORDING_AA ? undefined : await deployRelay(direct, { label: labelled('fsync', n), recording: 'fsync' })
  return { unrecorded, recorded, fsynced }
}

/**
 * Recording off = the relay that records nothing; on = a relay with the default recording (`waitFor: write`), then
 * one with `waitFor: fsync` (none in A/A mode). Same provider, adjacent in time.
 */
async function recordingRows ({ unrecorded, recorded, fsynced }: RecordingRelays): Promise<RecordRow[]> {
  const recordRows: RecordRow[] = []
  progress(`warming the relays: chat and SSE, concurrency ${PREWARM_CONCURRENCY}, ${seconds(PREWARM_S)} s each`)
  for (const e of [unrecorded, recorded, ...(fsynced === undefined ? [] : [fsynced])]) {
    for (const w of [CHAT, STREAM]) await timedLoop(e, PREWARM_CONCURRENCY, seconds(PREWARM_S) / 2, { ...w, warmupS: 0 })
  }
  const plan = [
    ['chat', CHAT, RECORD_CONCURRENCY, 'write'], ['chat', CHAT, RECORD_WIDE_CONCURRENCY, 'write'], ['stream', STREAM, RECORD_CONCURRENCY, 'write'],
    ['chat', CHAT, RECORD_CONCURRENCY, 'fsync'], ['stream', STREAM, RECORD_CONCURRENCY, 'fsync']
  ] as const
  for (const [scenario, w, concurrency, waitFor] of plan) {
    const on = waitFor === 'write' ? recorded : fsynced
    if (on === undefined) continue
    progress(`${scenario}, concurrency ${concurrency}, recording off then on (waitFor ${waitFor}), ${seconds(RECORD_S)} s per side`)
    const pair = await abLoops(unrecorded, on, concurrency, seconds(RECORD_S), w)
    recordRows.push({ scenario, concurrency, waitFor, off: pair.a, on: pair.b })
  }
  return recordRows
}

async function main (): Promise<number> {
  const onSigint = (): void => { teardown().finally(() => process.exit(130)) }
  process.once('SIGINT', onSigint)
  try {
    const loadBefore = loadavg()[0] ?? 0
    progress('deploying provider, relay and agent as separate processes')
    const d = await deploy()
    const rows = ONLY.has('relay') ? await relayRows(d) : []
    await d.relay.stop?.()
    const maskRows = ONLY.has('masking') ? await pooled(async (n) => await withPair(await deployMaskingPair(d.direct, n), maskingRows), () => 'ttfbMs') : []
    const recordRows = ONLY.has('recording')
      ? await pooled(async (n) => await withPair(await deployRecordingRelays(d.direct, n), recordingRows), (r) => r.scenario === 'chat' ? 'totalMs' : 'ttfbMs')
      : []

    // The micro-bench runs alone, once the deployment is stopped.
    await teardown()
    if (ONLY.has('masker')) progress('masker micro-bench (bench/masking.ts)')
    const masker = ONLY.has('masker') ? await maskerBench() : { source: 'bench/masking.ts', error: 'not run (BENCH_ONLY)' }

    const cores = cpus().length
    process.stdout.write(`keyward e2e bench — ${new Date().toISOString()} — ${cores} CPUs (${cpus()[0]?.model ?? '?'}) — Node ${process.version}\n`)
    // Anything else running competes with the four bench processes for the same cores and skews the relay side most.
    process.stdout.write(`1-min load average before the run: ${round(loadBefore)} (well above 0: other work shared the CPUs)\n\n`)
    process.stdout.write(report(rows) + '\n\n')
    process.stdout.write(maskReport(maskRows) + '\n\n')
    process.stdout.write(maskerReport(masker) + '\n\n')
    process.stdout.write(recordReport(recordRows) + '\n\n')
    const invalid = rows.filter((r) => r.direct.errors + r.relay.errors > 0)
    for (const r of invalid) {
      process.stdout.write(`INVALID ${r.scenario} c=${r.concurrency}: direct ${JSON.stringify(r.direct.firstErrors ?? [])}, relay ${JSON.stringify(r.relay.firstErrors ?? [])}\n`)
    }
    const invalidMask = maskRows.filter((r) => r.off.errors + r.on.errors > 0)
    for (const r of invalidMask) {
      process.stdout.write(`INVALID ${r.scenario} c=${r.concurrency}: masking off ${JSON.stringify(r.off.firstErrors ?? [])}, on ${JSON.stringify(r.on.firstErrors ?? [])}\n`)
    }
    const invalidRecord = recordRows.filter((r) => r.off.errors + r.on.errors > 0)
    for (const r of invalidRecord) {
      process.stdout.write(`INVALID recording ${r.scenario}: off ${JSON.stringify(r.off.firstErrors ?? [])}, on ${JSON.stringify(r.on.firstErrors ?? [])}\n`)
    }
    const valid = invalid.length === 0 && invalidMask.length === 0 && invalidRecord.length === 0
    const summary = {
      bench: 'keyward-e2e',
      date: new Date().toISOString(),
      cpus: cores,
      node: process.version,
      loadAvg1mBefore: round(loadBefore),
      valid,
      results: rows.map((r) => ({
        scenario: r.scenario,
        concurrency: r.concurrency,
        tool: r.tool,
        ratio: round(r.relay.rate / r.direct.rate),
        addedP50Ms: round(r.relay.p50Ms - r.direct.p50Ms),
        addedP99Ms: round(r.relay.p99Ms - r.direct.p99Ms),
        direct: roundSide(r.direct),
        relay: roundSide(r.relay)
      })),
      masking: {
        policy: MASK_POLICY,
        results: maskRows.map((r) => ({
          scenario: r.scenario,
          concurrency: r.concurrency,
          ratio: round(r.on.rate / r.off.rate),
          ...intervalJson(r.on),
          addedTtfbP50Ms: round(r.on.p50Ms - r.off.p50Ms),
          addedTtfbP99Ms: round(r.on.p99Ms - r.off.p99Ms),
          off: roundSide(r.off),
          on: roundSide(r.on)
        })),
        masker
      },
      recording: recordRows.map((r) => ({
        scenario: r.scenario,
        concurrency: r.concurrency,
        waitFor: r.waitFor,
        ratio: round(r.on.rate / r.off.rate),
        ...intervalJson(r.on),
        off: roundSide(r.off),
        on: roundSide(r.on)
      }))
    }
    process.stdout.write(JSON.stringify(summary) + '\n')
    return valid ? 0 : 1
  } finally {
    await teardown()
    process.off('SIGINT', onSigint)
  }
}

/** `ratioInterval: [low, high]` for the JSON summary, when the row has per-round ratios. */
function intervalJson (on: Side): { ratioInterval?: [number, number] } {
  const ci = intervalOf(on)
  return ci === undefined ? {} : { ratioInterval: [round(ci.low), round(ci.high)] }
}

function roundSide ({ loops: _loops, cpuMs: _cpuMs, ...s }: Side): Side {
  return {
    ...s,
    rate: round(s.rate),
    p50Ms: round(s.p50Ms),
    p99Ms: round(s.p99Ms),
    ...(s.streamP50Ms === undefined ? {} : { streamP50Ms: round(s.streamP50Ms) }),
    ...(s.contentP50Ms === undefined ? {} : { contentP50Ms: round(s.contentP50Ms) })
  }
}

process.exitCode = await main()
