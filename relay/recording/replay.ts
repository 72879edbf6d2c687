/**
 * `keyward recordings replay <id>`: prints a session as `show` does (relay/recording/transcript.ts), but with the
 * session's own timing: it waits between exchanges and events as long as the relay did between writing them, and
 * a reply streams out chunk by chunk at the offsets (`ResponseChunk.at_ms`) the client received them.
 *
 * `speed` divides every wait (2 = twice as fast); 0 prints without waiting, and then the output is exactly the
 * transcript. No single wait is longer than `maxWaitMs` (default {@link REPLAY_MAX_WAIT_MS}) after scaling: a
 * session idle for an hour between two exchanges would otherwise stall the replay, so a gap that was shortened
 * is announced with a `[… later]` line. Waiting stops at once when `signal` aborts (the promise then rejects
 * with the signal's reason).
 */
import { once } from 'node:events'
import { setTimeout as sleepMs } from 'node:timers/promises'

import {
  ReplyPrinter, eventText, exchangeHead, exchangeTail, sizeCapText, transcriptFooter, transcriptHeader
} from './transcript.js'

import type { TranscriptSource } from './transcript.js'

/** Longest single wait of a replay, in ms after `speed` is applied; longer gaps are cut to this and announced. */
export const REPLAY_MAX_WAIT_MS = 5_000

/** Where replay text goes: a writable stream (stdout) or anything with the same `write`/`once` shape. */
export interface ReplayOutput {
  /** Writes text; returns false when the caller should wait for 'drain'. */
  write: (text: string) => boolean
  once: (event: 'drain', listener: () => void) => unknown
}

/** Options of {@link replaySession}. */
export interface ReplayOptions {
  /** Divides every recorded wait; 0 means no waiting. Must be a finite number ≥ 0. */
  speed: number
  /** Where the text goes. */
  out: ReplayOutput
  /** Longest single wait in ms (default REPLAY_MAX_WAIT_MS). */
  maxWaitMs?: number
  /** Aborts the replay (waits reject with the signal's reason). */
  signal?: AbortSignal
  /** Waits `ms` milliseconds (injected by tests; default timers/promises setTimeout). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** `1h 2m 3s`-style text of a duration in ms (whole seconds; under a second shows as `<1s`). */
export function formatDuration (ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s === 0) return '<1s'
  const parts: string[] = []
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  if (h > 0) parts.push(`${h}h`)
  if (m > 0) parts.push(`${m}m`)
  if (s % 60 > 0) parts.push(`${s % 60}s`)
  return parts.join(' ')
}

/**
 * Replays `src` to `opts.out` with its recorded timing (see the module comment). Throws RangeError for a speed that
 * is negative or not finite.
 */
export async function replaySession (src: TranscriptSource, opts: ReplayOptions): Promise<void> {
  if (!Number.isFinite(opts.speed) || opts.speed < 0) throw new RangeError(`replay speed must be a number ≥ 0, got ${opts.speed}`)
  const maxWait = opts.maxWaitMs ?? REPLAY_MAX_WAIT_MS
  const sleep = opts.sleep ?? (async (ms: number, signal?: AbortSignal) => { await sleepMs(ms, undefined, signal === undefined ? {} : { signal }) })
  const write = async (text: string): Promise<void> => {
    if (text !== '' && !opts.out.write(text)) await once(opts.out as unknown as NodeJS.EventEmitter, 'drain')
  }
  const model = src.model
  /** The recording's clock at the point the replay has reached, in Unix ms. */
  let cursor = model.sessionStart?.timeUnixMs ?? 0
  /** Waits until recorded time `at`; returns true when the wait was shortened to maxWait. */
  const until = async (at: number): Promise<boolean> => {
    const gap = cursor === 0 ? 0 : at - cursor
    cursor = Math.max(cursor, at)
    if (opts.speed === 0 || gap <= 0) return false
    const scaled = gap / opts.speed
    await sleep(Math.min(scaled, maxWait), opts.signal)
    return scaled > maxWait
  }

  await write(transcriptHeader(src))
  let n = 0
  for (const entry of model.timeline) {
    const at = entry.kind === 'exchange' ? entry.exchange.timeUnixMs : entry.kind === 'event' ? entry.event.timeUnixMs : entry.sizeCap.timeUnixMs
    const before = cursor
    if (await until(at)) await write(`[… ${formatDuration(at - before)} later]\n\n`)
    if (entry.kind === 'event') {
      await write(eventText(entry.event))
    } else if (entry.kind === 'size-cap') {
      await write(sizeCapText(entry.sizeCap))
    } else {
      const ex = entry.exchange
      await write(exchangeHead(ex, ++n))
      const printer = new ReplyPrinter(ex)
      await write(printer.intro())
      if (ex.responseHead !== undefined) {
        for (const c of ex.responseChunks) {
          await until(ex.timeUnixMs + c.atMs)
          await write(printer.chunk(c.data))
        }
        await write(printer.end())
      }
      await write(exchangeTail(ex))
    }
  }
  if (model.sessionEnd !== undefined) await until(model.sessionEnd.timeUnixMs)
  await write(transcriptFooter(src))
}
