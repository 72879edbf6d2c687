/**
 * The response side of issue 4: the masker the proxy puts between the agent's response body and the client (and the
 * recorder), so secrets and PII never reach either.
 *
 * - JSON bodies (`application/json`, `application/*+json`) are buffered up to a cap, parsed, every string masked
 *   (json-masker.ts) and re-serialised. An unchanged body is forwarded byte for byte. A body over the cap fails the
 *   stream with MaskBodyTooLargeError (fail closed: nothing of it is forwarded). A body that is not valid JSON is
 *   masked as plain text.
 * - SSE bodies (`text/event-stream`) are decoded (streaming UTF-8, sse-parser.ts) and masked event by event
 *   (sse-event-masker.ts); output leaves as soon as it is ready (see masking-pump.ts for batching), and
 *   unchanged events are forwarded as their exact bytes.
 * Content-Length no longer holds after masking: the proxy must drop it (and send chunked) when a masker is used.
 * Errors (oversize body or event, hold-back overflow) are coded GatewayErrors; the proxy ends
 * the client response without forwarding anything further.
 */
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

import { DEFAULT_MAX_JSON_BODY_BYTES, MASKER_INPUT_HIGH_WATER_BYTES, SSE_MAX_CARRY_BYTES } from './constants.js'
import { MaskBodyTooLargeError, MaskEncodingUnsupportedError } from './errors.js'
import { maskJsonValue } from './json-masker.js'
import { MaskingPump } from './masking-pump.js'
import { SseEventMasker } from './sse-event-masker.js'
import { SseParser } from './sse-parser.js'
import { maskTextInto } from './text-masker.js'

import type { GatewayError } from '../../common/errors.js'
import type { CompiledMask } from './detectors.js'
import type { SseBlock } from './sse-parser.js'
import type { TransformCallback } from 'node:stream'
import type { MaskCounts } from './text-masker.js'

/** Options of {@link createResponseMasker}. */
export interface ResponseMaskerOptions {
  /** Request path, e.g. `/v1/chat/completions` (informational: events are recognised by their shape). */
  path: string
  /** The response's Content-Type header, if any. */
  contentType: string | undefined
  /** Provider dialect of the connection (informational, as for `path`). */
  dialect: 'openai' | 'anthropic'
  /** The response's Content-Encoding header; anything but absent/`identity` throws MaskEncodingUnsupportedError. */
  contentEncoding?: string | undefined
  /** Largest JSON body buffered, in bytes; default DEFAULT_MAX_JSON_BODY_BYTES. */
  maxJsonBodyBytes?: number
  /** Longest SSE line, in UTF-16 code units; default DEFAULT_MAX_SSE_LINE_CHARS. */
  maxSseLineChars?: number
  /** Longest SSE event block, in UTF-16 code units; default DEFAULT_MAX_SSE_EVENT_CHARS. */
  maxSseEventChars?: number
  /**
   * False: every SSE event goes through the decoder, parser and event masker (the raw path is off). Default true.
   * The raw path must give the same output; tests compare it with this.
   */
  rawPath?: boolean
}

/** Body kinds a masker handles. */
type BodyKind = 'json' | 'sse'

/** The format-specific part of a {@link BodyMasker} (see there). */
interface MaskerCore {
  write: (chunk: Buffer) => void
  end: () => void
  next: (max: number) => { out: Buffer, more: boolean } | undefined
}

/**
 * The masking of one response body, driven by hand: `write` input, `end` it, and take output with `next(max)`, which
 * masks up to `max` pending units (SSE events) and returns their output and whether more are pending, or undefined
 * when nothing is pending. Coded errors (oversize body or event, hold-back overflow) are thrown. Nothing may be
 * written while `next` still reports more: {@link MaskingPump} drives it from a source, {@link ResponseMasker} as a
 * stream.
 */
export class BodyMasker {
  /** The kind of body this masker handles. */
  readonly kind: BodyKind
  readonly #core: MaskerCore
  readonly #counts: MaskCounts

  /** Use {@link createBodyMasker}. */
  constructor (kind: BodyKind, core: MaskerCore, counts: MaskCounts) {
    this.kind = kind
    this.#core = core
    this.#counts = counts
  }

  /** Matches replaced so far, per detector name (a copy); complete once the body has ended. */
  get counts (): Record<string, number> {
    return { ...this.#counts }
  }

  write (chunk: Buffer): void {
    this.#core.write(chunk)
  }

  end (): void {
    this.#core.end()
  }

  next (max: number): { out: Buffer, more: boolean } | undefined {
    return this.#core.next(max)
  }
}

/**
 * A byte Transform that masks one response body (for stream users; the proxy drives a {@link MaskingPump} inline).
 * Batching is the pump's: the first SSE event leaves at once, then up to SSE_EVENTS_PER_BATCH per turn; the next input
 * chunk is only accepted once the current one is done (backpressure is unchanged).
 */
export class ResponseMasker extends Transform {
  /** The kind of body this masker handles. */
  readonly kind: BodyKind
  readonly #masker: BodyMasker
  readonly #pump: MaskingPump
  /** The Transform callback of the chunk (or flush) being worked through. */
  #callback: TransformCallback | undefined

  /** Use {@link createResponseMasker}. */
  constructor (masker: BodyMasker) {
    super({ writableHighWaterMark: MASKER_INPUT_HIGH_WATER_BYTES })
    this.kind = masker.kind
    this.#masker = masker
    this.#pump = new MaskingPump(masker, {
      emit: (out) => { this.push(out) },
      busy: () => {},
      fail: (err) => { this.#settle(err as Error) },
      idle: () => { this.#settle() }
    })
  }

  /** Matches replaced so far, per detector name (a copy). */
  get counts (): Record<string, number> {
    return this.#masker.counts
  }

  override _transform (chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.#callback = callback
    this.#pump.write(chunk)
  }

  /** Several queued input chunks: masked as one. */
  override _writev (chunks: Array<{ chunk: Buffer }>, callback: (err?: Error | null) => void): void {
    const data = chunks.length === 1 ? (chunks[0] as { chunk: Buffer }).chunk : Buffer.concat(chunks.map((c) => c.chunk))
    this._transform(data, 'buffer' as BufferEncoding, callback)
  }

  override _flush (callback: TransformCallback): void {
    this.#callback = callback
    this.#pump.end(() => { this.#settle() })
  }

  override _destroy (err: Error | null, callback: (error?: Error | null) => void): void {
    this.#pump.stop()
    callback(err)
  }

  #settle (err?: Error): void {
    const callback = this.#callback
    this.#callback = undefined
    callback?.(err)
  }
}

/** JSON bodies: buffer (bounded), mask, forward. */
function jsonCore (mask: CompiledMask, counts: MaskCounts, maxBytes: number): MaskerCore {
  const chunks: Buffer[] = []
  let size = 0
  let result: Buffer | undefined
  return {
    write (chunk) {
      size += chunk.length
      if (size > maxBytes) {
        chunks.length = 0
        throw new MaskBodyTooLargeError(`response body larger than ${maxBytes} bytes cannot be masked`)
      }
      chunks.push(chunk)
    },
    end () {
      const body = Buffer.concat(chunks)
      chunks.length = 0
      const text = body.toString('utf8')
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        const masked = maskTextInto(mask, text, counts)
        result = masked === text ? body : Buffer.from(masked)
        return
      }
      const r = maskJsonValue(mask, parsed, counts)
      result = r.changed ? Buffer.from(JSON.stringify(r.value)) : body
    },
    next () {
      const out = result
      result = undefined
      return out === undefined ? undefined : { out, more: false }
    }
  }
}

/**
 * SSE bodies: mask event by event as the Transform asks for them. An input chunk that starts at an event boundary
 * (decoder and parser idle) is kept as bytes: a leading run of events of the learned text-delta shape goes through
 * the raw path (no decode, parse or re-encode; unchanged events leave as their own bytes), and each other event is
 * cut off at its blank line and parsed on its own, after which the raw path is tried again. An incomplete last event
 * is kept as bytes until the next chunk completes it. Anything else (CRLF streams, an incomplete event over
 * SSE_MAX_CARRY_BYTES) is decoded and parsed as usual.
 */
function sseCore (mask: CompiledMask, counts: MaskCounts, options: ResponseMaskerOptions): MaskerCore {
  // StringDecoder keeps a BOM as U+FEFF (the parser strips it) and carries a split UTF-8 sequence to the next chunk.
  const decoder = new StringDecoder('utf8')
  const events = new SseEventMasker(mask, counts)
  // Parsed blocks not yet masked (bounded by one input chunk: no new input until they are done).
  let queue: SseBlock[] = []
  let head = 0
  /** The rest of the current input chunk, still as bytes, starting at an event boundary. */
  let bytes: Buffer | undefined
  /** An incomplete last event kept as bytes, to be completed by the next chunk (at most SSE_MAX_CARRY_BYTES). */
  let carry: Buffer[] = []
  let carryBytes = 0
  let tail = ''
  let ended = false
  let failure: GatewayError | undefined
  let decoderIdle = true
  const parser = new SseParser({
    onBlock: (block) => { queue.push(block) },
    onError: (err) => { failure ??= err },
    maxLineChars: options.maxSseLineChars,
    maxEventChars: options.maxSseEventChars
  })
  const raw = options.rawPath ?? true
  /** Something went to the parser (before that it has nothing pending, and its BOM check is still to come). */
  let fed = false
  const feed = (chunk: Buffer): void => {
    // The decoder holds back nothing after a chunk that ends in an ASCII byte.
    if (chunk.length > 0) decoderIdle = (chunk[chunk.length - 1] as number) < ASCII_LIMIT
    fed = true
    parser.feed(decoder.write(chunk))
  }
  /**
   * Text that starts a new event may bypass the decoder and parser. Before anything was fed that holds too: the raw
   * path needs a learned shape, so the stream's first event (and any BOM) always goes through the parser.
   */
  const atBoundary = (): boolean => decoderIdle && (!fed || parser.idle)
  /** Takes the next unit of `bytes`: a raw run (into `parts`), or one event handed to the parser. */
  const takeBytes = (chunk: Buffer, parts: Buffer[], maxEvents: number): number => {
    const run = events.rawPrefix(chunk, maxEvents)
    if (run !== undefined) {
      parts.push(run.out)
      bytes = run.used === chunk.length ? undefined : chunk.subarray(run.used)
      return run.events
    }
    const end = chunk.indexOf(EVENT_BOUNDARY)
    bytes = undefined
    if (end < 0 && chunk.length <= SSE_MAX_CARRY_BYTES && chunk.indexOf(CR) < 0) {
      // An event cut by the chunk boundary: wait for its end rather than parse it (the parser would not release
      // it earlier either), so the next chunk can still start on the raw path. Not with a CR: its event may have
      // ended (CRLF or CR line ends, which only the parser reads), and waiting would stall the stream.
      carry = [chunk]
      carryBytes = chunk.length
      return 0
    }
    if (end < 0 || end + EVENT_BOUNDARY.length === chunk.length) {
      feed(chunk)
      return 0
    }
    feed(chunk.subarray(0, end + EVENT_BOUNDARY.length))
    bytes = chunk.subarray(end + EVENT_BOUNDARY.length)
    // A blank line that did not end a block (a CR before it, say) leaves the parser mid-block: parse the rest too.
    if (!atBoundary()) {
      feed(bytes)
      bytes = undefined
    }
    return 0
  }
  return {
    write (chunk) {
      if (head !== queue.length || bytes !== undefined || !raw) {
        feed(chunk)
        return
      }
      if (atBoundary()) {
        if (carry.length === 0) {
          bytes = chunk
          return
        }
        // Still no end for the carried event: keep collecting (no copy per chunk, so tiny chunks cost linear time).
        const last = carry[carry.length - 1] as Buffer
        const ends = chunk.indexOf(EVENT_BOUNDARY) >= 0 || chunk.indexOf(CR) >= 0 || (last[last.length - 1] === LF && chunk[0] === LF)
        if (!ends && carryBytes + chunk.length <= SSE_MAX_CARRY_BYTES) {
          carry.push(chunk)
          carryBytes += chunk.length
          return
        }
        carry.push(chunk)
        bytes = Buffer.concat(carry)
        carry = []
        carryBytes = 0
        return
      }
      // The parser is inside an event (one that was cut by a chunk boundary and parsed): it gets the rest of that
      // event, and the chunk's later events stay as bytes, so a stream cut at arbitrary bytes returns to the raw path.
      const end = chunk.indexOf(EVENT_BOUNDARY)
      if (end < 0 || end + EVENT_BOUNDARY.length === chunk.length) {
        feed(chunk)
        return
      }
      feed(chunk.subarray(0, end + EVENT_BOUNDARY.length))
      const rest = chunk.subarray(end + EVENT_BOUNDARY.length)
      if (atBoundary()) bytes = rest
      else feed(rest)
    },
    end () {
      for (const c of carry) feed(c)
      if (bytes !== undefined) feed(bytes)
      bytes = undefined
      carry = []
      carryBytes = 0
      parser.feed(decoder.end())
      const rest = parser.end()
      // Held text is flushed after the last block; an unterminated last block (discarded by SSE clients) is still
      // masked, as text, before it is forwarded.
      tail = rest
      queue.push({ raw: '', event: undefined })
      ended = true
    },
    next (max) {
      const parts: Buffer[] = []
      let text = ''
      let n = 0
      while (n < max) {
        if (head < queue.length) {
          const block = queue[head++] as SseBlock
          n++
          if (ended && head === queue.length) {
            for (const s of events.finish()) text += s
            if (tail.length > 0) text += maskTextInto(mask, tail, counts)
            tail = ''
          } else for (const s of events.block(block)) text += s
          continue
        }
        queue = []
        head = 0
        // Events before an oversized one are forwarded; then the stream fails.
        if (failure !== undefined) throw failure
        if (bytes === undefined) break
        if (text.length > 0) {
          parts.push(Buffer.from(text))
          text = ''
        }
        n += takeBytes(bytes, parts, max - n)
      }
      if (text.length > 0) parts.push(Buffer.from(text))
      // A failure is thrown by the next call, after this call's output (events before the oversized one) has left.
      const more = head < queue.length || bytes !== undefined || failure !== undefined
      if (parts.length === 0 && !more) return n === 0 ? undefined : { out: EMPTY, more }
      return { out: parts.length === 1 ? parts[0] as Buffer : Buffer.concat(parts), more }
    }
  }
}

/** LF LF: the end of an event in a stream with LF line ends. */
const EVENT_BOUNDARY = Buffer.from('\n\n')
const EMPTY = Buffer.alloc(0)
/** Codes of LF and CR. */
const LF = 0x0a
const CR = 0x0d

/** Bytes below this are ASCII: a chunk ending in one leaves no partial UTF-8 sequence in the decoder. */
const ASCII_LIMIT = 0x80

/** Lower-case media type of a Content-Type value, without parameters. */
function mediaType (contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase()
}

/**
 * Creates the masker for one response, or undefined when there is nothing to do: masking is off (no detectors) or
 * the body is neither JSON nor SSE (binary files, audio, images pass through unmasked; docs/masking.md). Throws
 * MaskEncodingUnsupportedError for a compressed body (the caller must fail closed, or request identity encoding).
 */
export function createBodyMasker (config: CompiledMask, options: ResponseMaskerOptions): BodyMasker | undefined {
  if (!config.enabled || options.contentType === undefined) return undefined
  const type = mediaType(options.contentType)
  let kind: BodyKind
  if (type === 'text/event-stream') kind = 'sse'
  else if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) kind = 'json'
  else return undefined
  const encoding = options.contentEncoding?.trim().toLowerCase()
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    throw new MaskEncodingUnsupportedError('cannot mask a response with a Content-Encoding other than identity')
  }
  const counts: MaskCounts = {}
  const core = kind === 'sse'
    ? sseCore(config, counts, options)
    : jsonCore(config, counts, options.maxJsonBodyBytes ?? DEFAULT_MAX_JSON_BODY_BYTES)
  return new BodyMasker(kind, core, counts)
}

/** {@link createBodyMasker} as a stream Transform. */
export function createResponseMasker (config: CompiledMask, options: ResponseMaskerOptions): ResponseMasker | undefined {
  const masker = createBodyMasker(config, options)
  return masker === undefined ? undefined : new ResponseMasker(masker)
}
