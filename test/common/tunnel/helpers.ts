/**
 * Test helpers for the tunnel protocol tests: mux pairs over in-memory transports, a raw peer that speaks
 * hand-crafted frames, and byte helpers. Lives beside the tests because test/fixtures/ belongs to another area.
 */
import { once } from 'node:events'

import { decodeFrame, encodeFrame } from '../../../common/tunnel/frame-codec.js'
import { memoryTransportPair } from '../../../common/tunnel/transport.js'
import { TunnelMux } from '../../../common/tunnel/tunnel-mux.js'

import type { Frame, FrameBody } from '../../../common/tunnel/frame-codec.js'
import type { MemoryTransport, MemoryTransportOptions } from '../../../common/tunnel/transport.js'
import type { TunnelLimits, TunnelRole } from '../../../common/tunnel/tunnel-mux.js'
import type { OpenInfo, TunnelStream } from '../../../common/tunnel/tunnel-stream.js'
import type { Readable } from 'node:stream'

/** A relay mux and an agent mux joined by a memory transport pair. */
export interface MuxPair {
  relay: TunnelMux
  agent: TunnelMux
  relayTransport: MemoryTransport
  agentTransport: MemoryTransport
}

/** Builds a relay/agent mux pair over memory transports. */
export function muxPair (limits: Partial<TunnelLimits> = {}, options: MemoryTransportOptions = {}): MuxPair {
  const [relayTransport, agentTransport] = memoryTransportPair(options)
  return {
    relay: new TunnelMux({ transport: relayTransport, role: 'relay', limits }),
    agent: new TunnelMux({ transport: agentTransport, role: 'agent', limits }),
    relayTransport,
    agentTransport
  }
}

/** A mux facing a raw transport end that the test drives frame by frame. */
export interface RawPeer {
  mux: TunnelMux
  transport: MemoryTransport
  /** Frames the mux sent, decoded, in order. */
  received: Frame[]
  /** Sends a frame with an explicit seq. */
  sendRaw: (streamId: number, seq: number, body: FrameBody) => void
  /** Sends a frame numbering seq per stream automatically. */
  send: (streamId: number, body: FrameBody) => void
  /** Resolves with the next received frame matching `pred`. */
  next: (pred: (f: Frame) => boolean) => Promise<Frame>
}

/** Builds a mux of `role` whose peer is a raw transport end. */
export function rawPeer (role: TunnelRole, limits: Partial<TunnelLimits> = {}): RawPeer {
  const [muxT, rawT] = memoryTransportPair()
  const mux = new TunnelMux({ transport: muxT, role, limits })
  const received: Frame[] = []
  const waiters: Array<{ pred: (f: Frame) => boolean, resolve: (f: Frame) => void }> = []
  const seqs = new Map<number, number>()
  rawT.on('message', (data) => {
    const f = decodeFrame(data, Number.MAX_SAFE_INTEGER)
    received.push(f)
    for (const w of [...waiters]) {
      if (w.pred(f)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(f)
      }
    }
  })
  const sendRaw = (streamId: number, seq: number, body: FrameBody): void => {
    rawT.send(encodeFrame({ streamId, seq, ...body }), () => {})
  }
  return {
    mux,
    transport: rawT,
    received,
    sendRaw,
    send: (streamId, body) => {
      const seq = seqs.get(streamId) ?? 0
      seqs.set(streamId, seq + 1)
      sendRaw(streamId, seq, body)
    },
    next: async (pred) => {
      const found = received.find(pred)
      if (found !== undefined) return found
      return await new Promise((resolve) => { waiters.push({ pred, resolve }) })
    }
  }
}

/** Deterministic pseudo-random bytes (xorshift), so byte-exact comparisons mean something. */
export function pattern (size: number, seed = 1): Buffer {
  const buf = Buffer.alloc(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    buf[i] = x & 0xff
  }
  return buf
}

/** Reads a readable to its end. */
export async function collect (stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** A default Open for tests. */
export function openInfo (overrides: Partial<OpenInfo> = {}): OpenInfo {
  return {
    connection: 'openai',
    method: 'POST',
    path: '/v1/chat/completions',
    headers: [['content-type', 'application/json']],
    exchangeId: 'ex-1',
    ...overrides
  }
}

/** Writes `body` to `stream` (respecting backpressure) and ends it. */
export async function writeAll (stream: TunnelStream, body: Buffer, chunkSize = 100_000): Promise<void> {
  for (let off = 0; off < body.length; off += chunkSize) {
    if (!stream.write(body.subarray(off, off + chunkSize))) await once(stream, 'drain')
  }
  stream.end()
}

/** Lets pending setImmediate deliveries run `n` rounds. */
export async function ticks (n = 10): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** Agent handler: echoes the request body back with status 200 and an `x-echo` header. */
export function echoAgent (agent: TunnelMux): void {
  agent.on('stream', (stream) => {
    stream.on('error', () => {})
    void collect(stream).then(async (body) => {
      stream.respond(200, [['x-echo', stream.open.path]])
      await writeAll(stream, body)
    }, () => {})
  })
}

/** Runs the Hello/Welcome exchange on a mux pair, so both ends know each other's capabilities. */
export async function handshake (pair: MuxPair, agentCapabilities?: number): Promise<void> {
  const hello = once(pair.relay, 'hello')
  const welcome = once(pair.agent, 'welcome')
  pair.agent.sendControl({ hello: { agentId: 'agent-1', connections: ['openai'], ...(agentCapabilities === undefined ? {} : { capabilities: agentCapabilities }) } })
  await hello
  pair.relay.sendControl({ welcome: { relayId: 'relay-1', maxFrameBytes: 1024 * 1024, initialWindowBytes: 256 * 1024 } })
  await welcome
}

/** Makes a raw peer announce `capabilities` to its mux (Hello to a relay mux, Welcome to an agent mux). */
export async function announce (peer: RawPeer, capabilities: number): Promise<void> {
  const seen = once(peer.mux, peer.mux.role === 'relay' ? 'hello' : 'welcome')
  if (peer.mux.role === 'relay') peer.send(0, { hello: { agentId: 'raw', connections: ['openai'], capabilities } })
  else peer.send(0, { welcome: { relayId: 'raw', capabilities } })
  await seen
}
