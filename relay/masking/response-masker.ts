/**
 * The response side of issue 4: a byte Transform the proxy puts between the agent's response body and the client
 * (and the recorder), so secrets and PII never reach either.
 *
 * - JSON bodies (`application/json`, `application/*+json`) are buffered up to a cap, parsed, every string masked
 *   (json-masker.ts) and re-serialised. An unchanged body is forwarded byte for byte. A body over the cap fails the
 *   stream with MaskBodyTooLargeError (fail closed: nothing of it is forwarded). A body that is not valid JSON is
 *   masked as plain text.
 * - SSE bodies (`text/event-stream`) are decoded (streaming UTF-8, sse-parser.ts) and masked event by event
 *   (sse-event-masker.ts); each output event is pushed as its own chunk as soon as it is ready, and unchanged events
 *   are forwarded as their exact bytes.
 * Content-Length no longer holds after masking: the proxy must drop it (and send chunked) when a masker is used.
 * Errors (oversize body or event, hold-back overflow) fail the Transform with a coded GatewayError; the proxy ends
 * the client response without forwarding anything further.
 */
import { Transform } from 'node:stream'

import { DEFAULT_MAX_JSON_BODY_BYTES } from './constants.js'
import { MaskBodyTooLargeError, MaskEncodingUnsupportedError } from './errors.js'
import { maskJsonValue } from './json-masker.js'
import { SseEventMasker } from './sse-event-masker.js'
import { SseParser } from './sse-parser.js'
import { maskTextInto } from './text-masker.js'

import type { GatewayError } from '../../common/errors.js'
import type { CompiledMask } from './detectors.js'
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

/** The format-specific part of a masker: bytes in, output chunks out. */
interface MaskerCore {
  write: (chunk: Buffer) => Buffer[]
  end: () => Buffer[]
}

/**
 * A byte Transform that masks one response body. `counts` reports matches per detector name (never the values),
 * complete once the stream has ended.
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
    this.#run(() => this.#core.write(chunk), callback)
  }

  override _flush (callback: TransformCallback): void {
    this.#run(() => this.#core.end(), callback)
  }

  #run (step: () => Buffer[], callback: TransformCallback): void {
    let out: Buffer[]
    try {
      out = step()
    } catch (err: unknown) {
      callback(err as Error)
      return
    }
    for (const b of out) this.push(b)
    callback()
  }
}

/** JSON bodies: buffer (bounded), mask, forward. */
function jsonCore (mask: CompiledMask, counts: MaskCounts, maxBytes: number): MaskerCore {
  const chunks: Buffer[] = []
  let size = 0
  return {
    write (chunk) {
      size += chunk.length
      if (size > maxBytes) {
        chunks.length = 0
        throw new MaskBodyTooLargeError(`response body larger than ${maxBytes} bytes cannot be masked`)
      }
      chunks.push(chunk)
      return []
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
        return [masked === text ? body : Buffer.from(masked)]
      }
      const r = maskJsonValue(mask, parsed, counts)
      return [r.changed ? Buffer.from(JSON.stringify(r.value)) : body]
    }
  }
}

/** SSE bodies: decode, parse, mask per event, forward each event as its own chunk. */
function sseCore (mask: CompiledMask, counts: MaskCounts, options: ResponseMaskerOptions): MaskerCore {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  const events = new SseEventMasker(mask, counts)
  let out: Buffer[] = []
  let failure: GatewayError | Error | undefined
  const parser = new SseParser({
    onBlock: (block) => {
      if (failure !== undefined) return
      try {
        for (const s of events.block(block)) out.push(Buffer.from(s))
      } catch (err: unknown) {
        failure = err as Error
      }
    },
    onError: (err) => { failure ??= err },
    maxLineChars: options.maxSseLineChars,
    maxEventChars: options.maxSseEventChars
  })
  const take = (): Buffer[] => {
    if (failure !== undefined) throw failure
    const r = out
    out = []
    return r
  }
  return {
    write (chunk) {
      parser.feed(decoder.decode(chunk, { stream: true }))
      return take()
    },
    end () {
      parser.feed(decoder.decode())
      const rest = parser.end()
      const flushed = take()
      for (const s of events.finish()) flushed.push(Buffer.from(s))
      // An unterminated last block is discarded by SSE clients; it is still masked (as text) before it is forwarded.
      if (rest.length > 0) flushed.push(Buffer.from(maskTextInto(mask, rest, counts)))
      return flushed
    }
  }
}

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
