/**
 * Token usage of one response (issue 7), from the provider's own `usage` object: in a JSON body, or in the events of
 * a stream (OpenAI chat/completions final chunk, Responses `response.completed`, Anthropic `message_start` +
 * `message_delta`). Normalised so `input` counts every prompt token with `cached` ones included.
 *
 * {@link UsageTap} is the byte Transform the proxy puts right after the tunnel: it passes bytes through unchanged
 * while it reads usage (from the start and a bounded tail of the stream, parsed at its end), except that, when the relay itself asked for streamed usage (the client did not set
 * `stream_options.include_usage`), it removes the usage-only chunk (`"choices":[]` with `usage`) so the client sees
 * the stream it asked for. In that mode output is re-cut at event boundaries.
 */
import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

import { SseParser } from '../masking/sse-parser.js'
import { MAX_USAGE_JSON_BYTES, USAGE_HEAD_CHARS, USAGE_TAIL_CHARS } from './constants.js'

import type { TransformCallback } from 'node:stream'
import type { TokenUsage } from './prices.js'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const count = (v: unknown): number => typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0

/** Usage from a provider `usage` object of any dialect, or undefined when `u` is not one. */
export function normaliseUsage (u: unknown): TokenUsage | undefined {
  if (!isObject(u)) return undefined
  if ('prompt_tokens' in u || 'completion_tokens' in u) {
    const details = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {}
    return { input: count(u.prompt_tokens), output: count(u.completion_tokens), cached: count(details.cached_tokens) }
  }
  if ('input_tokens' in u || 'output_tokens' in u) {
    // Responses API: input_tokens includes cached; Anthropic: input_tokens excludes cache reads and writes.
    if (isObject(u.input_tokens_details)) return { input: count(u.input_tokens), output: count(u.output_tokens), cached: count(u.input_tokens_details.cached_tokens) }
    const read = count(u.cache_read_input_tokens)
    return { input: count(u.input_tokens) + read + count(u.cache_creation_input_tokens), output: count(u.output_tokens), cached: read }
  }
  return undefined
}

/** Usage of a whole JSON response body, or undefined. */
export function usageFromJson (body: unknown): TokenUsage | undefined {
  if (!isObject(body)) return undefined
  return normaliseUsage(body.usage) ?? (isObject(body.response) ? normaliseUsage(body.response.usage) : undefined)
}

/** Folds one parsed stream event into the usage seen so far; returns whether the event is an OpenAI usage-only chunk. */
function foldEvent (data: Json, seen: { usage: TokenUsage | undefined }): boolean {
  const type = typeof data.type === 'string' ? data.type : undefined
  if (type === 'message_start' && isObject(data.message)) {
    seen.usage = normaliseUsage(data.message.usage) ?? seen.usage
    return false
  }
  if (type === 'message_delta') {
    const u = isObject(data.usage) ? data.usage : undefined
    if (u !== undefined && seen.usage !== undefined) {
      // Anthropic reports output so far (cumulative) in message_delta; input came with message_start.
      seen.usage = { ...seen.usage, output: count(u.output_tokens) }
    } else if (u !== undefined) seen.usage = normaliseUsage(u)
    return false
  }
  if (type !== undefined && type.startsWith('response.') && isObject(data.response)) {
    seen.usage = normaliseUsage(data.response.usage) ?? seen.usage
    return false
  }
  const u = normaliseUsage(data.usage)
  if (u === undefined) return false
  seen.usage = u
  return Array.isArray(data.choices) && data.choices.length === 0
}

/** Options of a {@link UsageTap}. */
export interface UsageTapOptions {
  /** `text/event-stream` (parse events) or anything else (a JSON body, read whole up to MAX_USAGE_JSON_BYTES). */
  eventStream: boolean
  /** Remove the OpenAI usage-only chunk from the output (the relay added `include_usage`, the client did not). */
  stripUsageChunk: boolean
}

/** See the file comment. `usage` is final once the stream has ended (undefined: the provider reported none). */
export class UsageTap extends Transform {
  readonly #o: UsageTapOptions
  readonly #seen: { usage: TokenUsage | undefined } = { usage: undefined }
  readonly #decoder = new StringDecoder('utf8')
  readonly #parser: SseParser | undefined
  /** Event text released by the parser, to push (strip mode only). */
  #out = ''
  #json: Buffer[] = []
  #jsonBytes = 0
  /** Text characters of the body (for an estimate when usage is missing). */
  chars = 0
  /** Observe-only mode: the start of the stream, and a bounded tail of it. */
  #headText = ''
  #tailText = ''
  /** The tail was cut (the stream was longer than 2 × USAGE_TAIL_CHARS). */
  #cut = false

  constructor (options: UsageTapOptions) {
    super()
    this.#o = options
    if (options.eventStream && options.stripUsageChunk) {
      this.#parser = new SseParser({
        onBlock: (block) => {
          let strip = false
          const data = block.event?.data
          if (data !== undefined && data.includes('usage')) {
            try {
              const parsed: unknown = JSON.parse(data)
              if (isObject(parsed)) strip = foldEvent(parsed, this.#seen) && this.#o.stripUsageChunk
            } catch {
              // Not JSON ([DONE], provider noise): nothing to read.
            }
          }
          if (this.#o.stripUsageChunk && !strip) this.#out += block.raw
        },
        // An oversized event: when the output is re-cut here the stream fails (as the masker would); otherwise the
        // bytes go on untouched and usage is estimated.
        onError: (err) => { if (this.#o.stripUsageChunk) this.destroy(err) }
      })
    }
  }

  /** Folds the usage of the events in `text` (observe-only mode). */
  #readEvents (text: string): void {
    if (!text.includes('usage')) return
    const parser = new SseParser({
      onBlock: (block) => {
        const data = block.event?.data
        if (data === undefined || !data.includes('usage')) return
        try {
          const parsed: unknown = JSON.parse(data)
          if (isObject(parsed)) foldEvent(parsed, this.#seen)
        } catch {
          // Not JSON: nothing to read.
        }
      },
      onError: () => {}
    })
    parser.feed(text)
    parser.end()
  }

  /** Usage the provider reported, once the body has ended. */
  get usage (): TokenUsage | undefined {
    return this.#seen.usage
  }

  override _transform (chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    if (this.#o.eventStream && !this.#o.stripUsageChunk) {
      // Observe only: keep the start and a bounded tail of the text (usage is in the first and the last events)
      // and parse them at the end, instead of parsing the whole stream on its way through.
      const text = this.#decoder.write(chunk)
      this.chars += text.length
      if (this.#headText.length < USAGE_HEAD_CHARS) this.#headText += text.slice(0, USAGE_HEAD_CHARS - this.#headText.length)
      this.#tailText += text
      if (this.#tailText.length > 2 * USAGE_TAIL_CHARS) {
        this.#tailText = this.#tailText.slice(-USAGE_TAIL_CHARS)
        this.#cut = true
      }
      callback(null, chunk)
      return
    }
    const parser = this.#parser
    if (parser === undefined) {
      this.#jsonBytes += chunk.length
      if (this.#jsonBytes <= MAX_USAGE_JSON_BYTES) this.#json.push(chunk)
      else this.#json = []
      callback(null, chunk)
      return
    }
    const text = this.#decoder.write(chunk)
    this.chars += text.length
    parser.feed(text)
    if (!this.#o.stripUsageChunk) {
      callback(null, chunk)
      return
    }
    const out = this.#out
    this.#out = ''
    callback(null, out.length === 0 ? undefined : Buffer.from(out))
  }

  override _flush (callback: TransformCallback): void {
    if (this.#o.eventStream && !this.#o.stripUsageChunk) {
      const tail = this.#tailText + this.#decoder.end()
      // The whole stream when nothing was cut; else its start, then the tail from its first event boundary.
      if (this.#cut) {
        this.#readEvents(this.#headText.slice(0, this.#headText.lastIndexOf('\n\n') + 2))
        const from = tail.indexOf('\n\n')
        if (from >= 0) this.#readEvents(tail.slice(from + 2))
      } else this.#readEvents(tail)
      this.#headText = ''
      this.#tailText = ''
      callback()
      return
    }
    const parser = this.#parser
    if (parser === undefined) {
      if (this.#jsonBytes <= MAX_USAGE_JSON_BYTES && this.#json.length > 0) {
        const text = Buffer.concat(this.#json).toString('utf8')
        this.chars = text.length
        try {
          this.#seen.usage = usageFromJson(JSON.parse(text))
        } catch {
          // Not JSON: estimated by the caller.
        }
      }
      this.#json = []
      callback()
      return
    }
    parser.feed(this.#decoder.end())
    const rest = parser.end()
    const out = this.#out + (this.#o.stripUsageChunk ? rest : '')
    this.#out = ''
    callback(null, out.length === 0 ? undefined : Buffer.from(out))
  }
}
