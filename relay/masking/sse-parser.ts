/**
 * Server-sent events decoder and encoder (WHATWG HTML §9.2.6 "Interpreting an event stream", THREATS B).
 *
 * The decoder is an explicit state machine over decoded text chunks (feed it the output of a streaming
 * `TextDecoder('utf-8', { ignoreBOM: true })`, so a character split across byte chunks is whole by the time it gets
 * here). It recognises CR, LF and CRLF line ends, including a CR that ends one chunk and an LF that starts the
 * next; strips one leading BOM; skips comments; joins repeated `data:` lines with `\n`; removes one space after
 * the colon; ignores unknown fields, `id` values containing NUL and non-numeric `retry`. Every line and every event
 * block is bounded; past a bound it reports MaskSseTooLargeError to `onError` and ignores the rest of the stream.
 * It never throws.
 *
 * Besides the parsed event, each block carries its `raw` text (every line, comment and terminator since the
 * previous block, the BOM included), so a caller that does not change an event can forward it byte for byte.
 */
import { DEFAULT_MAX_SSE_EVENT_CHARS, DEFAULT_MAX_SSE_LINE_CHARS } from './constants.js'
import { MaskSseFieldInvalidError, MaskSseTooLargeError } from './errors.js'

import type { GatewayError } from '../../common/errors.js'

/** One dispatched server-sent event. */
export interface SseEvent {
  /** The `event:` field of this event, when it had one ('' is a valid value; consumers treat it as `message`). */
  event?: string
  /** The data lines, joined with `\n`. */
  data: string
  /** The `id:` field of this event, when it had one (not the stream's running last-event-id). */
  id?: string
  /** The `retry:` field of this event, in milliseconds, when it had a valid one. */
  retry?: number
}

/** Everything from the end of the previous block up to and including the blank line that ends this one. */
export interface SseBlock {
  /** The exact text of the block, for byte-identical forwarding. */
  raw: string
  /** The event it dispatches, or undefined when it has no `data:` line (only comments or other fields). */
  event: SseEvent | undefined
}

/** Options of {@link SseParser}. */
export interface SseParserOptions {
  /** Called with each complete block, in order. */
  onBlock: (block: SseBlock) => void
  /** Called at most once, with MaskSseTooLargeError; afterwards the parser ignores its input. */
  onError: (err: GatewayError) => void
  /** Longest line, in UTF-16 code units; default DEFAULT_MAX_SSE_LINE_CHARS. */
  maxLineChars?: number
  /** Longest block (all its lines, comments and terminators), in UTF-16 code units; default DEFAULT_MAX_SSE_EVENT_CHARS. */
  maxEventChars?: number
}

/** Code of LF. */
const LF = 10
/** Code of CR. */
const CR = 13
/** Code of `:`. */
const COLON = 58
/** Code of the byte order mark. */
const BOM = 0xfeff
/** Valid `retry:` value: ASCII digits only (WHATWG). */
const RETRY_DIGITS = /^[0-9]+$/

/** Streaming SSE decoder; see the module comment. */
export class SseParser {
  readonly #onBlock: (block: SseBlock) => void
  readonly #onError: (err: GatewayError) => void
  readonly #maxLine: number
  readonly #maxEvent: number
  /** Whether the first character of the stream has been seen (BOM check done). */
  #started = false
  /** The previous chunk ended in CR: an LF starting the next chunk belongs to that line end. */
  #afterCR = false
  /** The unterminated line so far. */
  #line = ''
  /** Raw text of the current block up to the start of #line. */
  #raw = ''
  #data: string[] = []
  #event: string | undefined = undefined
  #id: string | undefined = undefined
  #retry: number | undefined = undefined
  #failed = false

  constructor (options: SseParserOptions) {
    this.#onBlock = options.onBlock
    this.#onError = options.onError
    this.#maxLine = options.maxLineChars ?? DEFAULT_MAX_SSE_LINE_CHARS
    this.#maxEvent = options.maxEventChars ?? DEFAULT_MAX_SSE_EVENT_CHARS
  }

  /** True once a size limit was exceeded; input is ignored from then on. */
  get failed (): boolean {
    return this.#failed
  }

  /**
   * True between blocks: the stream has started (its BOM check is done) and nothing of a line or block is pending,
   * so text that starts a new block may bypass the parser (the response masker's raw path).
   */
  get idle (): boolean {
    return this.#started && !this.#failed && !this.#afterCR && this.#line.length === 0 && this.#raw.length === 0 && this.#data.length === 0 &&
      this.#event === undefined && this.#id === undefined && this.#retry === undefined
  }

  /** Feeds the next piece of decoded text. */
  feed (chunk: string): void {
    if (this.#failed || chunk.length === 0) return
    let i = 0
    if (!this.#started) {
      this.#started = true
      if (chunk.charCodeAt(0) === BOM) {
        this.#raw += chunk[0]
        i = 1
      }
    }
    if (this.#afterCR) {
      this.#afterCR = false
      if (chunk.charCodeAt(i) === LF) {
        this.#raw += '\n'
        i++
      }
    }
    const n = chunk.length
    let lineStart = i
    for (let j = i; j < n; j++) {
      const c = chunk.charCodeAt(j)
      if (c !== LF && c !== CR) continue
      const line = this.#line + chunk.slice(lineStart, j)
      this.#line = ''
      let term = '\n'
      if (c === CR) {
        if (j + 1 === n) {
          term = '\r'
          this.#afterCR = true
        } else if (chunk.charCodeAt(j + 1) === LF) {
          term = '\r\n'
          j++
        } else term = '\r'
      }
      if (line.length > this.#maxLine) return this.#fail('line')
      this.#raw += line + term
      if (this.#raw.length > this.#maxEvent) return this.#fail('event')
      this.#processLine(line)
      lineStart = j + 1
    }
    if (lineStart < n) {
      this.#line += chunk.slice(lineStart)
      if (this.#line.length > this.#maxLine) return this.#fail('line')
      if (this.#raw.length + this.#line.length > this.#maxEvent) return this.#fail('event')
    }
  }

  /**
   * Ends the stream. Returns the raw text of an unfinished block (lines after the last blank line, and any
   * unterminated line), which the WHATWG algorithm discards; the caller decides what to do with it. Returns '' after
   * a failure.
   */
  end (): string {
    const rest = this.#failed ? '' : this.#raw + this.#line
    this.#raw = ''
    this.#line = ''
    this.#reset()
    return rest
  }

  /** Interprets one complete line (WHATWG "process the field"). */
  #processLine (line: string): void {
    if (line.length === 0) return this.#dispatch()
    if (line.charCodeAt(0) === COLON) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.charCodeAt(0) === 0x20) value = value.slice(1)
    switch (field) {
      case 'data':
        this.#data.push(value)
        break
      case 'event':
        this.#event = value
        break
      case 'id':
        if (!value.includes('\0')) this.#id = value
        break
      case 'retry':
        if (RETRY_DIGITS.test(value)) this.#retry = Number(value)
        break
      default:
        // Unknown fields are ignored (WHATWG).
    }
  }

  /** Blank line: hand over the block and start a new one. */
  #dispatch (): void {
    const raw = this.#raw
    this.#raw = ''
    let event: SseEvent | undefined
    if (this.#data.length > 0) {
      event = { data: this.#data.join('\n') }
      if (this.#event !== undefined) event.event = this.#event
      if (this.#id !== undefined) event.id = this.#id
      if (this.#retry !== undefined) event.retry = this.#retry
    }
    this.#reset()
    this.#onBlock({ raw, event })
  }

  #reset (): void {
    this.#data = []
    this.#event = undefined
    this.#id = undefined
    this.#retry = undefined
  }

  #fail (what: 'line' | 'event'): void {
    this.#failed = true
    this.#raw = ''
    this.#line = ''
    this.#reset()
    const limit = what === 'line' ? this.#maxLine : this.#maxEvent
    this.#onError(new MaskSseTooLargeError(`upstream SSE ${what} longer than ${limit} characters`))
  }
}

/** Line breaks that split `data` into `data:` lines (any of CRLF, CR, LF). */
const LINE_BREAK = /\r\n|\r|\n/
/** Characters refused in event names and ids: CR and LF would end the line (injection), NUL voids an id. */
const FORBIDDEN_FIELD_CHARS = /[\r\n\0]/

/**
 * Serialises one event as `event:`/`id:`/`retry:`/`data:` lines and a blank line, LF line ends. Multi-line data
 * becomes one `data:` line per line (CR, LF and CRLF all split, and come back as `\n`). Throws
 * MaskSseFieldInvalidError for an event name or id containing CR, LF or NUL, or a retry that is not a
 * non-negative safe integer (STYLE rule 14).
 */
export function encodeSseEvent (ev: SseEvent): string {
  let out = ''
  if (ev.event !== undefined) {
    if (FORBIDDEN_FIELD_CHARS.test(ev.event)) throw new MaskSseFieldInvalidError('SSE event name contains CR, LF or NUL')
    out += `event: ${ev.event}\n`
  }
  if (ev.id !== undefined) {
    if (FORBIDDEN_FIELD_CHARS.test(ev.id)) throw new MaskSseFieldInvalidError('SSE id contains CR, LF or NUL')
    out += `id: ${ev.id}\n`
  }
  if (ev.retry !== undefined) {
    if (!Number.isSafeInteger(ev.retry) || ev.retry < 0) throw new MaskSseFieldInvalidError('SSE retry must be a non-negative integer')
    out += `retry: ${ev.retry}\n`
  }
  const data = ev.data
  // Fast path: JSON payloads have no raw line breaks.
  if (data.indexOf('\n') === -1 && data.indexOf('\r') === -1) return `${out}data: ${data}\n\n`
  for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`
  return out + '\n'
}
