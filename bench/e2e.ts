/**
 * End-to-end bench: the same OpenAI-style call made directly to the fake provider and through relay + agent (TLS
 * on, wss tunnel), all deployed as separate processes, measured in one run. `npm run bench`; docs/benchmarks.md
 * explains every number. BENCH_SCALE=0.2 shortens every phase (smoke run); BENCH_CPU_PROF=<dir> makes the relay and
 * agent write CPU profiles there when they exit.
 */
import { cpus, loadavg } from 'node:os'

import { createClient, closedLoop } from './lib/client.js'
import { deploy, teardown } from './lib/deployment.js'
import { load } from './lib/load.js'
import { percentile, round, table } from './lib/stats.js'

import type { Exchange, LoopResult } from './lib/client.js'
import type { Endpoint } from './lib/deployment.js'

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
const seconds = (s: number): number => Math.max(1, Math.round(s * SCALE))

/** Phase lengths in seconds, before BENCH_SCALE. */
const WARMUP_S = 3
const LATENCY_S = 5
const LOAD_S = 8
const STREAM_S = 5
const LOAD_CONNECTIONS = [16, 64]
const STREAM_CONCURRENCY = [1, 16]
const STREAM_CHUNKS = 200

const PATH = '/chat/completions'
const messages = [{ role: 'user', content: 'hello' }]
const CHAT_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages })
const STREAM_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true })
/** 200 content chunks of a few characters each, like tokens. */
const STREAM_HEADERS = {
  'x-fake-chunks': String(STREAM_CHUNKS),
  'x-fake-reply': encodeURIComponent(Array.from({ length: STREAM_CHUNKS }, (_, i) => `w${i}`).join(' '))
}

/** One side (direct or relay) of one scenario. Latency is the full response, or TTFB for streams. */
interface Side {
  rate: number
  p50Ms: number
  p99Ms: number
  ok: number
  errors: number
  firstErrors?: string[]
  /** Streams only: p50 of the whole stream, in ms. */
  streamP50Ms?: number
}

interface Row {
  scenario: 'chat' | 'chat-load' | 'stream'
  concurrency: number
  tool: 'hrtime' | 'autocannon'
  direct: Side
  relay: Side
}

const okJson = (x: Exchange): string | undefined =>
  x.status === 200 && x.tail.endsWith('}') ? undefined : `status ${x.status}, body ends ${JSON.stringify(x.tail)}`
const okStream = (x: Exchange): string | undefined =>
  x.status === 200 && x.tail.trimEnd().endsWith('data: [DONE]') ? undefined : `status ${x.status}, stream ends ${JSON.stringify(x.tail)}`

function sideOf (r: LoopResult, latency: 'totalMs' | 'ttfbMs'): Side {
  return {
    rate: r.ok / r.elapsedS,
    p50Ms: percentile(r[latency], 50),
    p99Ms: percentile(r[latency], 99),
    ok: r.ok,
    errors: r.errors,
    ...(r.firstErrors.length === 0 ? {} : { firstErrors: r.firstErrors }),
    ...(latency === 'ttfbMs' ? { streamP50Ms: percentile(r.totalMs, 50) } : {})
  }
}

/** Warm-up then a measured closed loop with our own hrtime client, on a fresh keep-alive pool per side. */
async function timedLoop (endpoint: Endpoint, concurrency: number, durationS: number, stream: boolean): Promise<Side> {
  const client = createClient(endpoint, concurrency)
  const exchange = stream
    ? async () => await client.post(PATH, STREAM_BODY, STREAM_HEADERS)
    : async () => await client.post(PATH, CHAT_BODY)
  const check = stream ? okStream : okJson
  try {
    await closedLoop(concurrency, seconds(WARMUP_S) * 1000, exchange, check)
    return sideOf(await closedLoop(concurrency, durationS * 1000, exchange, check), stream ? 'ttfbMs' : 'totalMs')
  } finally {
    client.close()
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

function report (rows: Row[]): string {
  const header = ['scenario', 'conc', 'direct /s', 'relay /s', 'relay/direct', 'direct p50', 'relay p50', 'added p50',
    'direct p99', 'relay p99', 'added p99', 'errors']
  const cells = rows.map((r) => [
    r.scenario === 'stream' ? `SSE ${STREAM_CHUNKS} chunks (TTFB)` : `chat (${r.tool})`,
    r.concurrency,
    r.direct.rate,
    r.relay.rate,
    `${round(r.relay.rate / r.direct.rate)}x`,
    r.direct.p50Ms,
    r.relay.p50Ms,
    r.relay.p50Ms - r.direct.p50Ms,
    r.direct.p99Ms,
    r.relay.p99Ms,
    r.relay.p99Ms - r.direct.p99Ms,
    r.direct.errors + r.relay.errors
  ])
  const streams = rows.filter((r) => r.scenario === 'stream').map((r) =>
    `SSE c=${r.concurrency}: whole stream p50 direct ${round(r.direct.streamP50Ms ?? Number.NaN)} ms, relay ${round(r.relay.streamP50Ms ?? Number.NaN)} ms`)
  return [table(header, cells), '', 'Latencies in ms; rates in requests (or whole streams) per second.', ...streams].join('\n')
}

async function main (): Promise<number> {
  const onSigint = (): void => { teardown().finally(() => process.exit(130)) }
  process.once('SIGINT', onSigint)
  try {
    const loadBefore = loadavg()[0] ?? 0
    progress('deploying provider, relay and agent as separate processes')
    const d = await deploy()
    const rows: Row[] = []

    progress(`chat, 1 connection, ${seconds(LATENCY_S)} s per side`)
    rows.push({ scenario: 'chat', concurrency: 1, tool: 'hrtime', ...await both(async (e) => await timedLoop(e, 1, seconds(LATENCY_S), false), d) })
    for (const c of LOAD_CONNECTIONS) {
      progress(`chat, ${c} connections (autocannon), ${seconds(LOAD_S)} s per side`)
      rows.push({ scenario: 'chat-load', concurrency: c, tool: 'autocannon', ...await both(async (e) => await autocannonSide(e, c), d) })
    }
    for (const c of STREAM_CONCURRENCY) {
      progress(`SSE ${STREAM_CHUNKS} chunks, concurrency ${c}, ${seconds(STREAM_S)} s per side`)
      rows.push({ scenario: 'stream', concurrency: c, tool: 'hrtime', ...await both(async (e) => await timedLoop(e, c, seconds(STREAM_S), true), d) })
    }

    const cores = cpus().length
    process.stdout.write(`keyward e2e bench — ${new Date().toISOString()} — ${cores} CPUs (${cpus()[0]?.model ?? '?'}) — Node ${process.version}\n`)
    // Anything else running competes with the four bench processes for the same cores and skews the relay side most.
    process.stdout.write(`1-min load average before the run: ${round(loadBefore)} (well above 0: other work shared the CPUs)\n\n`)
    process.stdout.write(report(rows) + '\n\n')
    const invalid = rows.filter((r) => r.direct.errors + r.relay.errors > 0)
    for (const r of invalid) {
      process.stdout.write(`INVALID ${r.scenario} c=${r.concurrency}: direct ${JSON.stringify(r.direct.firstErrors ?? [])}, relay ${JSON.stringify(r.relay.firstErrors ?? [])}\n`)
    }
    const summary = {
      bench: 'keyward-e2e',
      date: new Date().toISOString(),
      cpus: cores,
      node: process.version,
      loadAvg1mBefore: round(loadBefore),
      valid: invalid.length === 0,
      results: rows.map((r) => ({
        scenario: r.scenario,
        concurrency: r.concurrency,
        tool: r.tool,
        ratio: round(r.relay.rate / r.direct.rate),
        addedP50Ms: round(r.relay.p50Ms - r.direct.p50Ms),
        addedP99Ms: round(r.relay.p99Ms - r.direct.p99Ms),
        direct: roundSide(r.direct),
        relay: roundSide(r.relay)
      }))
    }
    process.stdout.write(JSON.stringify(summary) + '\n')
    return invalid.length === 0 ? 0 : 1
  } finally {
    await teardown()
    process.off('SIGINT', onSigint)
  }
}

function roundSide (s: Side): Side {
  return { ...s, rate: round(s.rate), p50Ms: round(s.p50Ms), p99Ms: round(s.p99Ms), ...(s.streamP50Ms === undefined ? {} : { streamP50Ms: round(s.streamP50Ms) }) }
}

process.exitCode = await main()
