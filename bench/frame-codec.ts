/**
 * Micro-bench of the tunnel frame codec, the per-frame cost under every exchange: encode and decode ops/s for an
 * Open (a typical chat request's headers), and 1 KiB and 64 KiB Data frames. Encoding is measured two ways: the
 * generated protobufjs encoder (what encodeFrame used before) and the hand-built stream frame the mux now sends.
 *
 * Run: `npm run build --silent && node dist/bench/frame-codec.js`. BENCH_SCALE multiplies the time per case
 * (default 1 s after a 0.2 s warm-up). Prints a Markdown table on stdout.
 */
import { keyward } from '../proto/gen/tunnel.js'
import {
  decodeFrame, encodeFrame, encodeOpenFields, encodeStreamFrame, headersToProto, STREAM_FRAME_DATA, STREAM_FRAME_OPEN
} from '../common/tunnel/frame-codec.js'

import type { OpenInit } from '../common/tunnel/frame-codec.js'

const pb = keyward.tunnel.v1

const SCALE = Number(process.env.BENCH_SCALE ?? '1')
/** Measured time per case, in milliseconds. */
const CASE_MS = Math.max(100, Math.round(1000 * SCALE))
/** Warm-up per case (lets V8 optimise), in milliseconds. */
const WARMUP_MS = Math.max(20, Math.round(200 * SCALE))
/** Operations between clock reads, so reading the clock does not dominate small cases. */
const BATCH = 256

const OPEN: OpenInit = {
  connection: 'openai',
  method: 'POST',
  path: '/v1/chat/completions',
  headers: [
    ['content-type', 'application/json'],
    ['accept', 'application/json'],
    ['user-agent', 'OpenAI/JS 6.49.0'],
    ['x-stainless-lang', 'js'],
    ['x-keyward-exchange-id', '2f1c0a52-6a0e-4c8a-9a51-3c2f3f2b1d7e'],
    ['content-length', '83']
  ],
  exchangeId: '2f1c0a52-6a0e-4c8a-9a51-3c2f3f2b1d7e',
  windowBytes: 256 * 1024
}
const KIB = Buffer.alloc(1024, 0x61)
const SIXTY_FOUR_KIB = Buffer.alloc(64 * 1024, 0x62)

/** Keeps results observable so V8 cannot drop the work. */
let sink = 0

function measure (fn: () => number): number {
  const run = (ms: number): number => {
    const deadline = process.hrtime.bigint() + BigInt(ms) * 1_000_000n
    const start = process.hrtime.bigint()
    let ops = 0
    let now = start
    while (now < deadline) {
      for (let i = 0; i < BATCH; i++) sink += fn()
      ops += BATCH
      now = process.hrtime.bigint()
    }
    return ops / (Number(now - start) / 1e9)
  }
  run(WARMUP_MS)
  return run(CASE_MS)
}

const generatedOpen = (): number => pb.Frame.encode({
  streamId: 7,
  seq: 0,
  open: {
    connection: OPEN.connection,
    method: OPEN.method,
    path: OPEN.path,
    headers: headersToProto(OPEN.headers),
    exchangeId: OPEN.exchangeId,
    windowBytes: OPEN.windowBytes
  }
}).finish().byteLength
const generatedData = (chunk: Buffer) => (): number => pb.Frame.encode({ streamId: 7, seq: 3, data: { chunk } }).finish().byteLength

const rows: Array<[string, string, number]> = []
const add = (frame: string, op: string, fn: () => number): void => { rows.push([frame, op, measure(fn)]) }

const openBytes = encodeFrame({ streamId: 7, seq: 0, open: OPEN })
add('Open', 'encode (generated protobufjs)', generatedOpen)
add('Open', 'encode (encodeOpenFields + stream frame)', () => encodeStreamFrame(STREAM_FRAME_OPEN, 7, 0, encodeOpenFields(OPEN), undefined).byteLength)
add('Open', 'decode + validate', () => decodeFrame(openBytes).streamId)
for (const [name, chunk] of [['Data 1 KiB', KIB], ['Data 64 KiB', SIXTY_FOUR_KIB]] as const) {
  const bytes = encodeFrame({ streamId: 7, seq: 3, data: { chunk } })
  add(name, 'encode (generated protobufjs)', generatedData(chunk))
  add(name, 'encode (hand-built stream frame)', () => encodeStreamFrame(STREAM_FRAME_DATA, 7, 3, undefined, chunk).byteLength)
  add(name, 'decode', () => decodeFrame(bytes).seq)
}

process.stdout.write(`tunnel frame codec — Node ${process.version} — ${CASE_MS} ms per case\n\n`)
process.stdout.write('| frame | operation | ops/s |\n|---|---|---|\n')
for (const [frame, op, rate] of rows) process.stdout.write(`| ${frame} | ${op} | ${Math.round(rate).toLocaleString('en-US')} |\n`)
if (sink === -1) process.stdout.write('\n')
