/**
 * Token usage of one response (issue 7), from the provider's own `usage` object: in a JSON body, or in the events of
 * a stream (OpenAI chat/completions final chunk, Responses `response.completed`, Anthropic `message_start` +
 * `message_delta`). Normalised so `input` counts every prompt token with `cached` ones included.
 *
 * {@link UsageTap} reads usage off the provider's bytes as they arrive (from the start and a bounded tail of the
 * stream, parsed at its end), and, through its `filter`, when the relay itself asked for streamed usage (the client did not set
 * `stream_options.include_usage`), it removes the usage-only chunk (`"choices":[]` with `usage`) so the client sees
 * the stream it asked for. In that mode output is re-cut at event boundaries.
 */

import { SseParser } from '../masking/sse-parser.js'
import { MAX_USAGE_JSON_BYTES, USAGE_HEAD_BYTES, USAGE_TAIL_BYTES } from './constants.js'

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
  /** `text/event-stream` (read events) or anything else (a JSON body, read whole up to MAX_USAGE_JSON_BYTES). */
  eventStream: boolean
  /** Remove the OpenAI usage-only chunk from the output (the relay added `include_usage`, the client did not). */
  stripUsageChunk: boolean
}

/** Marks an OpenAI usage-only chunk (`"choices":[]`) in the stream's bytes; the event is then parsed to be sure. */
const EMPTY_CHOICES = Buffer.from('"choices":[]')

/**
 * Offset of the next `"choices":[]` in `b` from `from`, or -1. Searched by its last byte (a single-byte search, about
 * three times cheaper than a multi-byte needle; `]` is rare in a chunk), then compared.
 */
function emptyChoices (b: Buffer, from: number): number {
  const last = EMPTY_CHOICES.length - 1
  for (let i = b.indexOf(0x5d, from + last); i >= 0; i = b.indexOf(0x5d, i + 1)) {
    if (b[i - 1] === 0x5b && b.compare(EMPTY_CHOICES, 0, last, i - last, i) === 0) return i - last
  }
  return -1
}
const LF_LF = Buffer.from('\n\n')
const LF_CRLF = Buffer.from('\n\r\n')

/** Offset just past the first event boundary (a blank line) in `b` at or after `from`, or `b.length` when there is none. */
function nextBoundary (b: Buffer, from: number): number {
  const lf = b.indexOf(LF_LF, from)
  const crlf = b.indexOf(LF_CRLF, from)
  return Math.min(lf < 0 ? b.length : lf + LF_LF.length, crlf < 0 ? b.length : crlf + LF_CRLF.length)
}

/** Offset just past the last event boundary (a blank line) in `b`, or 0 when there is none. */
function lastBoundary (b: Buffer): number {
  // The usual case first: a provider sends whole events, so a chunk ends with one.
  if (b.length >= 2 && b[b.length - 1] === 0x0a && b[b.length - 2] === 0x0a) return b.length
  const lf = b.lastIndexOf(LF_LF)
  const crlf = b.lastIndexOf(LF_CRLF)
  return Math.max(lf < 0 ? 0 : lf + LF_LF.length, crlf < 0 ? 0 : crlf + LF_CRLF.length)
}

/**
 * See the file comment. `observe` every chunk of the provider's body as it arrives and `end()` when it has ended
 * (then `usage` is final; undefined: the provider reported none). In strip mode, pass the bytes bound for the client
 * through `filter` (and `flush` at the end): it holds back an incomplete last event and drops usage-only chunks.
 * Not a stream stage of its own: the proxy calls it from the handlers it already has, so it adds no hop.
 */
export class UsageTap {
  readonly #o: UsageTapOptions
  readonly #seen: { usage: TokenUsage | undefined } = { usage: undefined }
  #json: Buffer[] = []
  #jsonBytes = 0
  /** Size of the body, in bytes of a stream or characters of a JSON body (for an estimate when usage is missing). */
  chars = 0
  /** Events of a stream seen so far (counted by their blank lines, LF LF or LF CR LF). */
  events = 0
  /** The start of the stream (≤ USAGE_HEAD_BYTES), and its last ≥ USAGE_TAIL_BYTES (read when it ends). */
  #head: Buffer[] = []
  #headBytes = 0
  #tail: Buffer[] = []
  #tailBytes = 0
  /** Bytes were dropped from the front of the tail. */
  #cut = false
  /** The last two bytes observed (a blank line may straddle two chunks); 0 before any. */
  readonly #last: [number, number] = [0, 0]
  /** Strip mode: bytes after the last event boundary, held until their event is complete (≤ USAGE_TAIL_BYTES). */
  #held: Buffer | undefined

  constructor (options: UsageTapOptions) {
    this.#o = options
  }

  /** The bytes bound for the client, without usage-only chunks (strip mode; otherwise `chunk` itself). */
  filter (chunk: Buffer): Buffer | undefined {
    return this.#o.eventStream && this.#o.stripUsageChunk ? this.#strip(chunk, false) : chunk
  }

  /** What `filter` still holds at the end of the body. */
  flush (): Buffer | undefined {
    return this.#o.eventStream && this.#o.stripUsageChunk ? this.#strip(Buffer.alloc(0), true) : undefined
  }

  /** Usage the provider reported, once the body has ended. */
  get usage (): TokenUsage | undefined {
    return this.#seen.usage
  }

  /** Reads one chunk of the provider's body. */
  observe (chunk: Buffer): void {
    if (!this.#o.eventStream) {
      this.#jsonBytes += chunk.length
      if (this.#jsonBytes <= MAX_USAGE_JSON_BYTES) this.#json.push(chunk)
      else this.#json = []
      return
    }
    // Usage is in the first and the last events: keep the start and a bounded tail of the bytes and read them at
    // the end, instead of decoding and parsing the whole stream on its way through.
    this.chars += chunk.length
    // Streams send about one token per event: the event count is the output estimate when usage is missing.
    // Counted with a single-byte search (memchr, a third of the cost of a two-byte needle); a blank line (LF LF or
    // LF CR LF) split across two chunks counts too.
    const last = this.#last
    // The byte at `j` of the stream counted from this chunk; j = -1, -2 are the previous chunks' last two bytes.
    const byte = (j: number): number | undefined => j >= 0 ? chunk[j] : last[2 + j]
    for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
      const before = byte(i - 1)
      if (before === 0x0a || (before === 0x0d && byte(i - 2) === 0x0a)) this.events++
    }
    if (chunk.length > 0) {
      last[0] = byte(chunk.length - 2) as number
      last[1] = chunk[chunk.length - 1] as number
    }
    if (this.#headBytes < USAGE_HEAD_BYTES) {
      const part = chunk.subarray(0, USAGE_HEAD_BYTES - this.#headBytes)
      this.#head.push(part)
      this.#headBytes += part.length
    }
    this.#tail.push(chunk)
    this.#tailBytes += chunk.length
    while (this.#tail.length > 1 && this.#tailBytes - (this.#tail[0] as Buffer).length >= USAGE_TAIL_BYTES) {
      this.#tailBytes -= (this.#tail.shift() as Buffer).length
      this.#cut = true
    }
  }

  /** The provider's body has ended: reads its usage. */
  end (): void {
    if (!this.#o.eventStream) {
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
      return
    }
    const tail = Buffer.concat(this.#tail)
    // The whole stream when nothing was cut; else its start up to its last event boundary, then the tail from its
    // first event boundary.
    if (this.#cut) {
      const head = Buffer.concat(this.#head)
      this.#readEvents(head.subarray(0, lastBoundary(head)))
      this.#readEvents(tail.subarray(nextBoundary(tail, 0)))
    } else this.#readEvents(tail)
    this.#head = []
    this.#tail = []
  }

  /**
   * Strip mode: passes on the complete events of `held + chunk` except OpenAI usage-only chunks, holding back an
   * incomplete last event (all of it at the `end`). A cheap byte search finds candidates; only those are parsed.
   */
  #strip (chunk: Buffer, end: boolean): Buffer | undefined {
    let data = this.#held === undefined ? chunk : Buffer.concat([this.#held, chunk])
    this.#held = undefined
    let upTo = end ? data.length : lastBoundary(data)
    if (!end && upTo === 0 && data.length > USAGE_TAIL_BYTES) upTo = data.length // no boundary for too long: give up holding
    if (upTo < data.length) this.#held = data.subarray(upTo)
    data = data.subarray(0, upTo)
    if (data.length === 0) return undefined
    let at = emptyChoices(data, 0)
    if (at < 0) return data
    const keep: Buffer[] = []
    let from = 0
    while (at >= 0) {
      // The candidate's event: from the boundary before it to the boundary after it.
      const before = data.subarray(from, at)
      const start = from + lastBoundary(before)
      const stop = nextBoundary(data, at)
      if (isUsageOnlyEvent(data.subarray(start, stop).toString('utf8'))) {
        keep.push(data.subarray(from, start))
        from = stop
      }
      at = emptyChoices(data, stop)
    }
    keep.push(data.subarray(from))
    return Buffer.concat(keep)
  }

  /**
   * Folds the usage of the events in `bytes`, in order. Only events where a `"usage"` key holds an object are decoded
   * and parsed (found by one regex pass): a stream the relay asked usage for carries `"usage":null` on every chunk,
   * and parsing all of them at the end cost more than the rest of the exchange's bookkeeping.
   */
  #readEvents (bytes: Buffer): void {
    // Latin-1 keeps one character per byte, so offsets in `text` are offsets in `bytes` (events are decoded as UTF-8).
    const text = bytes.toString('latin1')
    USAGE_OBJECT.lastIndex = 0
    for (let m = USAGE_OBJECT.exec(text); m !== null; m = USAGE_OBJECT.exec(text)) {
      // The event around the match: from the blank line before it to the one after it.
      const stop = nextBoundary(bytes, m.index)
      forEachEventData(bytes.toString('utf8', lastBoundary(bytes.subarray(0, m.index)), stop), (data) => {
        try {
          const parsed: unknown = JSON.parse(data)
          if (isObject(parsed)) foldEvent(parsed, this.#seen)
        } catch {
          // Not JSON: nothing to read.
        }
      })
      USAGE_OBJECT.lastIndex = stop
    }
  }
}

/**
 * A `"usage"` key whose value is an object (not `null`): where a stream event may carry usage. The value may start on
 * the event's next `data:` line (SSE joins the lines with a line feed).
 */
const USAGE_OBJECT = /"usage"\s*:(?:\s|\r?\ndata:)*\{/g

/** Calls `onData` with the `data` of each complete SSE event in `text`. */
function forEachEventData (text: string, onData: (data: string) => void): void {
  const parser = new SseParser({
    onBlock: (block) => {
      const data = block.event?.data
      if (data !== undefined) onData(data)
    },
    onError: () => {}
  })
  parser.feed(text)
  parser.end()
}

/** True when the SSE event text is one OpenAI usage-only chunk: a JSON object with `choices: []` and a usage. */
function isUsageOnlyEvent (event: string): boolean {
  let found = false
  forEachEventData(event, (data) => {
    try {
      const parsed: unknown = JSON.parse(data)
      found = isObject(parsed) && Array.isArray(parsed.choices) && parsed.choices.length === 0 && normaliseUsage(parsed.usage) !== undefined
    } catch {
      found = false
    }
  })
  return found
}
