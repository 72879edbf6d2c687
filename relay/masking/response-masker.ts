/**
 * The response side of issue 4: a byte Transform the proxy puts between the agent's response body and the client
 * (and the recorder), so secrets and PII never reach either.
 *
 * - JSON bodies (`application/json`, `application/*+json`) are buffered up to a cap, parsed, every string masked
 *   (json-masker.ts) and re-serialised. An unchanged body is forwarded byte for byte. A body over the cap fails the
 *   stream with MaskBodyTooLargeError (fail closed: nothing of it is forwarded). A body that is not valid JSON is
 *   masked as plain text.
 * - SSE bodies (`text/event-stream`) are decoded (streaming UTF-8, sse-parser.ts) and masked event by event
 *   (sse-event-masker.ts); output is pushed as soon as it is ready (see {@link ResponseMasker} for batching), and
 *   unchanged events are forwarded as their exact bytes.
 * Content-Length no longer holds after masking: the proxy must drop it (and send chunked) when a masker is used.
 * Errors (oversize body or event, hold-back overflow) fail the Transform with a coded GatewayError; the proxy ends
 * the client response without forwarding anything further.
 */
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

import { DEFAULT_MAX_JSON_BODY_BYTES, SSE_EVENTS_FIRST_BATCH, SSE_EVENTS_PER_BATCH, SSE_RAW_PATH_MAX_BYTES } from './constants.js'
import { MaskBodyTooLargeError, MaskEncodingUnsupportedError } from './errors.js'
import { maskJsonValue } from './json-masker.js'
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
}

/** Body kinds a masker handles. */
type BodyKind = 'json' | 'sse'

/**
 * The format-specific part of a masker: `write`/`end` take input; `next(max)` masks up to `max` pending units (SSE
 * events) and returns their output and whether more are pending, or undefined when nothing is pending. Coded
 * errors are thrown.
 */
interface MaskerCore {
  write: (chunk: Buffer) => void
  end: () => void
  next: (max: number) => { out: Buffer, more: boolean } | undefined
}

/**
 * A byte Transform that masks one response body. `counts` reports matches per detector name (never the values),
 * complete once the stream has ended.
 *
 * When one input chunk holds many SSE events (a provider that writes faster than the tunnel delivers), the first
 * SSE_EVENTS_FIRST_BATCH events are pushed at once and the rest in batches of SSE_EVENTS_PER_BATCH on later turns
 * of the event loop, so the first bytes reach the client without waiting for the whole chunk to be masked. The
 * next input chunk is only accepted once the current one is done (backpressure is unchanged).
 */
export class ResponseMasker extends Transform {
  readonly #core: MaskerCore
  readonly #counts: MaskCounts
  /** The kind of body this masker handles. */
  readonly kind: BodyKind

  /** Use {@link createResponseMasker}. */
  constructor (kind: BodyKind, core: MaskerCore, counts: MaskCounts) {
    super()
    this.kind = kind
    this.#core = core
    this.#counts = counts
  }

  /** Matches replaced so far, per detector name (a copy). */
  get counts (): Record<string, number> {
    return { ...this.#counts }
  }

  override _transform (chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#core.write(chunk)
    } catch (err: unknown) {
      callback(err as Error)
      return
    }
    this.#drain(callback, SSE_EVENTS_FIRST_BATCH)
  }

  override _flush (callback: TransformCallback): void {
    try {
      this.#core.end()
    } catch (err: unknown) {
      callback(err as Error)
      return
    }
    this.#drain(callback, SSE_EVENTS_FIRST_BATCH)
  }

  #drain (callback: TransformCallback, max: number): void {
    if (this.destroyed) return
    let step: { out: Buffer, more: boolean } | undefined
    try {
      step = this.#core.next(max)
    } catch (err: unknown) {
      callback(err as Error)
      return
    }
    if (step === undefined) {
      callback()
      return
    }
    if (step.out.length > 0) this.push(step.out)
    if (step.more) setImmediate(() => this.#drain(callback, SSE_EVENTS_PER_BATCH))
    else callback()
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

/** SSE bodies: decode, parse, then mask event by event as the Transform asks for them. */
function sseCore (mask: CompiledMask, counts: MaskCounts, options: ResponseMaskerOptions): MaskerCore {
  // StringDecoder keeps a BOM as U+FEFF (the parser strips it) and carries a split UTF-8 sequence to the next chunk.
  const decoder = new StringDecoder('utf8')
  const events = new SseEventMasker(mask, counts)
  // Blocks of the current input chunk not yet masked (bounded by one input chunk: no new input until they are done).
  let queue: SseBlock[] = []
  let head = 0
  let tail = ''
  let ended = false
  let failure: GatewayError | undefined
  /** Output of the raw path for the current input chunk, not yet handed out. */
  let ready: Buffer | undefined
  let decoderIdle = true
  const parser = new SseParser({
    onBlock: (block) => { queue.push(block) },
    onError: (err) => { failure ??= err },
    maxLineChars: options.maxSseLineChars,
    maxEventChars: options.maxSseEventChars
  })
  return {
    write (chunk) {
      // Raw path: a chunk of whole text-delta events of the learned shape skips the decoder and the parser (which
      // must both be between events), and leaves as its own bytes when masking changed none of them.
      if (queue.length === 0 && decoderIdle && chunk.length <= SSE_RAW_PATH_MAX_BYTES && parser.idle) {
        ready = events.rawRun(chunk)
        if (ready !== undefined) return
      }
      // The decoder holds back nothing after a chunk that ends in an ASCII byte.
      decoderIdle = chunk.length === 0 ? decoderIdle : (chunk[chunk.length - 1] as number) < ASCII_LIMIT
      parser.feed(decoder.write(chunk))
    },
    end () {
      parser.feed(decoder.end())
      const rest = parser.end()
      // Held text is flushed after the last block; an unterminated last block (discarded by SSE clients) is still
      // masked, as text, before it is forwarded.
      tail = rest
      queue.push({ raw: '', event: undefined })
      ended = true
    },
    next (max) {
      if (ready !== undefined) {
        const out = ready
        ready = undefined
        return { out, more: false }
      }
      let out = ''
      let n = 0
      while (head < queue.length && n < max) {
        const block = queue[head++] as SseBlock
        n++
        if (ended && head === queue.length) {
          for (const s of events.finish()) out += s
          if (tail.length > 0) out += maskTextInto(mask, tail, counts)
          tail = ''
        } else for (const s of events.block(block)) out += s
      }
      if (head === queue.length) {
        queue = []
        head = 0
        // Events before an oversized one are forwarded; then the stream fails.
        if (failure !== undefined) throw failure
        if (n === 0) return undefined
      }
      return { out: Buffer.from(out), more: head < queue.length }
    }
  }
}

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
export function createResponseMasker (config: CompiledMask, options: ResponseMaskerOptions): ResponseMasker | undefined {
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
  return new ResponseMasker(kind, core, counts)
}
