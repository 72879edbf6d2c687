/**
 * The SSE masker's raw path: the bytes of a run of whole text-delta events that all have the stream's learned
 * shape (`[event: <name>\n]data: <prefix>"…"<suffix>\n\n`, see sse-event-masker.ts) are read without decoding
 * the chunk, parsing SSE lines or re-encoding strings ({@link readRawRun}). Each event's JSON string literal is the
 * only part read as text; everything around it is compared byte for byte with the shape. The event masker sends
 * unchanged events as their exact bytes; a changed event is written as the shape's bytes around the re-serialised
 * string ({@link rawEvent}).
 *
 * It is an optimisation of what the parser + event masker do for such events and must give the same output: it
 * takes the leading run of such events and stops at the first byte that does not fit the shape (a comment, an id,
 * CRLF line ends, an escape the literal check cannot settle, malformed UTF-8, an incomplete event), leaving the
 * rest, which the caller sends through the full path.
 */

/** A learned event shape, as bytes. */
export interface RawShape {
  /** Everything before the streamed string literal: optional `event:` line, `data: ` and the JSON prefix. */
  readonly head: Buffer
  /** Everything after the literal on the data line (the JSON suffix), without the line end. */
  readonly suffix: Buffer
  /** `head` and `suffix` decoded as latin1 (one character per byte), as readRawRun compares them. */
  readonly headText: string
  readonly suffixText: string
}

/** The shape of events whose data line is `head` + a JSON string literal + `suffix` (see {@link RawShape}). */
export function rawShape (head: string, suffix: string): RawShape {
  const h = Buffer.from(head)
  const sfx = Buffer.from(suffix)
  return { head: h, suffix: sfx, headText: h.toString('latin1'), suffixText: sfx.toString('latin1') }
}

/** Code of LF. */
const LF = 0x0a
/** Code of `"`. */
const QUOTE = 0x22
/** Code of `\`. */
const BACKSLASH = 0x5c
/** First byte allowed unescaped inside a JSON string (control characters must be escaped). */
const FIRST_TEXT_BYTE = 0x20
/** First byte of a multi-byte UTF-8 sequence or continuation. */
const FIRST_NON_ASCII_BYTE = 0x80
/** Bytes that end an event after its data line: LF LF. */
const EVENT_END = Buffer.from('\n\n')

/**
 * The string value of the JSON string literal in `chunk[start, end)`, or undefined when that range is not exactly
 * one valid literal of valid UTF-8. `text` is `chunk` decoded as latin1 (one character per byte, same offsets).
 */
function literalAt (chunk: Buffer, text: string, start: number, end: number): string | undefined {
  if (end - start < 2 || text.charCodeAt(start) !== QUOTE || text.charCodeAt(end - 1) !== QUOTE) return undefined
  let ascii = true
  for (let i = start + 1; i < end - 1; i++) {
    const b = text.charCodeAt(i)
    if (b === BACKSLASH) return parsedLiteral(chunk, start, end)
    if (b === QUOTE || b < FIRST_TEXT_BYTE) return undefined
    if (b >= FIRST_NON_ASCII_BYTE) ascii = false
  }
  if (ascii) return text.slice(start + 1, end - 1)
  const value = chunk.toString('utf8', start + 1, end - 1)
  // Malformed UTF-8 decodes to U+FFFD, which would not re-encode to the same bytes: leave it to the full path.
  return Buffer.byteLength(value) === end - start - 2 && Buffer.compare(Buffer.from(value), chunk.subarray(start + 1, end - 1)) === 0 ? value : undefined
}

/** A literal with escapes, through JSON.parse (after the same UTF-8 check). */
function parsedLiteral (chunk: Buffer, start: number, end: number): string | undefined {
  const text = chunk.toString('utf8', start, end)
  if (Buffer.byteLength(text) !== end - start) return undefined
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'string' ? v : undefined
  } catch {
    return undefined
  }
}

/** The leading run of whole events of a shape in a chunk: their streamed strings and where each event ends. */
export interface RawRun {
  values: string[]
  /** Offset just past each event (its blank line), in order. */
  ends: number[]
}

/**
 * Reads the leading run of whole events of `shape` in `chunk` (at most `maxEvents`), stopping before the first byte
 * that does not fit the shape; undefined when the chunk does not start with such an event.
 */
export function readRawRun (chunk: Buffer, shape: RawShape, maxEvents: number = Number.POSITIVE_INFINITY): RawRun | undefined {
  // Compared as latin1 strings (one character per byte, same offsets): a substring compared with === costs less than
  // a Buffer.compare call per event (and far less than startsWith at an offset), and an ASCII value is then a slice
  // of the same string.
  const text = chunk.toString('latin1')
  const head = shape.headText
  const suffix = shape.suffixText
  const values: string[] = []
  const ends: number[] = []
  for (let pos = 0; pos < text.length && values.length < maxEvents;) {
    if (text.substring(pos, pos + head.length) !== head) break
    const from = pos + head.length
    const eol = text.indexOf('\n', from)
    const to = eol - suffix.length
    if (eol < 0 || text.charCodeAt(eol + 1) !== LF || to < from || text.substring(to, eol) !== suffix) break
    const value = literalAt(chunk, text, from, to)
    if (value === undefined) break
    values.push(value)
    pos = eol + 2
    ends.push(pos)
  }
  return values.length === 0 ? undefined : { values, ends }
}

/** One event of `shape` carrying `text`, as bytes. */
export function rawEvent (shape: RawShape, text: string): Buffer {
  return Buffer.concat([shape.head, Buffer.from(JSON.stringify(text)), shape.suffix, EVENT_END])
}

/** What a raw run consumed and produced (SseEventMasker.rawPrefix). */
export interface RawPrefix {
  /** The bytes to send for the consumed events: events decided so far, as received or rebuilt. */
  out: Buffer
  /** Bytes of the chunk consumed: whole events, ending at an event boundary. */
  used: number
  /** Events consumed. */
  events: number
}
