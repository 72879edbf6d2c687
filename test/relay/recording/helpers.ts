// Shared helpers of the recording tests (not a test file: tap runs *.test.ts only).
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

import { keyward } from '../../../proto/gen/recording.js'
import { nodeFileOps } from '../../../relay/recording/file-ops.js'
import { generateSigningKey } from '../../../relay/recording/keys.js'
import { Recorder } from '../../../relay/recording/writer.js'

import type { RecordingFileHandle, RecordingFileOps } from '../../../relay/recording/file-ops.js'
import type { StoredFrame } from '../../../relay/recording/frame-codec.js'
import type { RecordingSigningKey } from '../../../relay/recording/keys.js'
import type { RecorderOptions, SessionStartInit } from '../../../relay/recording/writer.js'

/** The part of a tap Test the helpers use. */
export interface TestLike {
  testdir: (content?: Record<string, never>) => string
  teardown: (fn: () => unknown) => void
}

/** A SessionStart like the proxy writes. */
export function sessionStart (over: Partial<SessionStartInit> = {}): SessionStartInit {
  return {
    sessionId: 'jti-1:openai',
    subject: 'alice',
    groups: ['eng'],
    tokenId: 'jti-1',
    tokenSha256: 'ab'.repeat(32),
    tokenExpiresUnixMs: 1_900_000_000_000,
    issuer: 'https://relay.test',
    clientAddress: '127.0.0.1',
    connection: 'openai',
    agentId: 'agent-1',
    ...over
  }
}

/** Opens a recorder on a fresh temp folder (or `dir`), closed at teardown; retention off unless asked. */
export async function openRecorder (t: TestLike, over: Partial<RecorderOptions> = {}): Promise<{ recorder: Recorder, dir: string, signingKey: RecordingSigningKey }> {
  const dir = over.dir ?? join(t.testdir(), 'recordings')
  const signingKey = over.signingKey ?? generateSigningKey()
  const recorder = await Recorder.open({ relayId: 'relay-test', mode: 'fail-closed', syncIntervalMs: 1, retention: false, keywardVersion: '0.0.0-test', ...over, dir, signingKey })
  t.teardown(async () => { await recorder.close() })
  return { recorder, dir, signingKey }
}

/** Counters and fault hooks of {@link spyFileOps}. */
export interface FileOpsSpy {
  ops: RecordingFileOps
  writes: number
  datasyncs: number
  dirSyncs: number
  /** Ordered log of completed operations ('write', 'datasync', 'syncDir'). */
  events: string[]
  /** Makes the next write (or every write while set) fail with this error. */
  failWrite?: NodeJS.ErrnoException
  /** Makes datasync fail with this error. */
  failDatasync?: NodeJS.ErrnoException
  /** Makes directory syncs fail with this error. */
  failSyncDir?: NodeJS.ErrnoException
  /** Makes open fail with this error. */
  failOpen?: NodeJS.ErrnoException
  /** When set, each datasync waits for this gate before completing (see {@link gate}). */
  datasyncGate?: Gate
  /** When set, each write waits for this gate first (then fails if failWrite is set by then). */
  writeGate?: Gate
  /**
   * When set to N, each open completes only once N opens have (all in the same turn), so that N recordings created
   * together append together, whatever order and time the file system finishes them in.
   */
  openBarrier?: number
}

/** A promise a test opens by hand, and a promise that says someone is waiting on it. */
export interface Gate {
  /** Resolves when the next waiter arrives. */
  reached: Promise<void>
  wait: () => Promise<void>
  open: () => void
}

/** A gate: `wait()` blocks until `open()`; `reached` resolves at the first `wait()`. */
export function gate (): Gate {
  let opened!: () => void
  let arrive!: () => void
  const openPromise = new Promise<void>((resolve) => { opened = resolve })
  const reached = new Promise<void>((resolve) => { arrive = resolve })
  return {
    reached,
    async wait () {
      arrive()
      await openPromise
    },
    open: () => opened()
  }
}

/** An errno-style error. */
export function errno (code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code })
}

/** File operations over node:fs that count calls and can fail or stall on demand. */
export function spyFileOps (): FileOpsSpy {
  let opened = 0
  let allOpened!: () => void
  const barrier = new Promise<void>((resolve) => { allOpened = resolve })
  const spy: FileOpsSpy = {
    writes: 0,
    datasyncs: 0,
    dirSyncs: 0,
    events: [],
    ops: {
      async open (path, flags, mode) {
        if (spy.failOpen !== undefined) throw spy.failOpen
        const real = await nodeFileOps.open(path, flags, mode)
        if (spy.openBarrier !== undefined) {
          if (++opened >= spy.openBarrier) allOpened()
          await barrier
        }
        const handle: RecordingFileHandle = {
          async write (buffer, offset, length, position) {
            await spy.writeGate?.wait()
            if (spy.failWrite !== undefined) throw spy.failWrite
            const r = await real.write(buffer, offset, length, position)
            spy.writes++
            spy.events.push('write')
            return r
          },
          async datasync () {
            if (spy.failDatasync !== undefined) throw spy.failDatasync
            await spy.datasyncGate?.wait()
            await real.datasync()
            spy.datasyncs++
            spy.events.push('datasync')
          },
          truncate: async (len) => { await real.truncate(len) },
          close: async () => { await real.close() }
        }
        return handle
      },
      async syncDir (dir) {
        if (spy.failSyncDir !== undefined) throw spy.failSyncDir
        await nodeFileOps.syncDir(dir)
        spy.dirSyncs++
        spy.events.push('syncDir')
      }
    }
  }
  return spy
}

/**
 * The delimited bytes of `frame` with some of its fields replaced, as a forger with no key would write them: the
 * CRC is always recomputed over the (possibly replaced) record bytes.
 */
export function reframe (frame: StoredFrame, over: { record?: Uint8Array, chain?: Uint8Array, seq?: number } = {}): Buffer {
  const record = over.record ?? frame.record
  return Buffer.from(keyward.recording.v1.Frame.encodeDelimited({
    record,
    crc32: crc32(record),
    nonce: frame.nonce,
    chain: over.chain ?? frame.chain,
    seq: over.seq ?? frame.seq
  }).finish())
}
