/**
 * The readable transcript of a recording (`keyward recordings show`, and `replay`, which prints the same text with
 * the original timing): who the session was, then each exchange in order — method, path, model, the prompt (the
 * texts relay/policy/prompt-extract.ts finds in the recorded request body), policy decisions, the reply as the
 * client received it, status, mask counts, usage and cost, errors — the session's events and how it ended.
 *
 * Everything printed comes from the recording; absent records are said to be absent ("no ExchangeEnd"), never
 * filled in. Recorded text is made safe for a terminal: C0/C1 control characters (except newline and tab), DEL
 * and Unicode bidirectional controls are shown as `\xNN` / `\uNNNN` escapes, so a prompt or reply cannot move the
 * cursor, rewrite earlier lines or reorder what an auditor reads.
 *
 * Reply decoding (ReplyDecoder): for SSE streams the text deltas of chat completions (`choices[].delta.content`),
 * the Responses API (`response.output_text.delta`), Anthropic messages (`content_block_delta` / `text_delta`) and
 * legacy completions are joined; for JSON replies the message content is shown. Error bodies and error events
 * show as one `[error …]` line, tool calls as `[tool call <name>]` followed by their arguments. A body in a shape
 * not known here is shown as received (UTF-8) or as a byte count (binary). SSE lines and events are bounded as in
 * the masking parser (DEFAULT_MAX_SSE_*): past a bound the rest of the stream is reported as undecodable, not
 * buffered. A JSON reply is buffered whole until its end, which the recording already bounds.
 */
import { StringDecoder } from 'node:string_decoder'

import { SseParser } from '../masking/sse-parser.js'
import { extractPromptText } from '../policy/prompt-extract.js'
import { toNumber } from './frame-codec.js'
import { enumName, responseMediaType } from './session-model.js'

import type { ExchangeModel, ModelEvent, ModelSizeCap, SessionModel } from './session-model.js'

/** What a transcript is made from: the model plus what the reader learnt about the file. */
export interface TranscriptSource {
  model: SessionModel
  /** The file ends with a Trailer (from the reader). */
  sealed: boolean
  /** The file was cut (from the reader: a torn tail, or a Trailer marked truncated). */
  truncated: boolean
  /** Problems the reader found (CRC, chain, decryption), one sentence each. */
  problems: readonly string[]
}

/** Indentation of the lines under an exchange. */
const INDENT = '  '
/** Prefix of each line of a prompt text or reply. */
const QUOTE = '    | '
/** Media type of Server-Sent Events. */
const SSE_MEDIA_TYPE = 'text/event-stream'
/** The stream's end-of-data sentinel (OpenAI-compatible streams). */
const DONE_SENTINEL = '[DONE]'
/** Micro-dollars per dollar (`Usage.cost_micro_usd`). */
const MICRO_PER_UNIT = 1_000_000
/** Terminal control characters shown escaped: C0 except TAB/LF, DEL, C1, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** `s` with terminal control characters replaced by visible escapes (see the module comment). */
export function terminalSafe (s: string): string {
  return s.replace(UNSAFE_CHARS, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/** ISO 8601 text of a time in ms since the epoch; '?' for 0 (not recorded). */
export function isoTime (ms: number): string {
  return ms === 0 || !Number.isFinite(ms) ? '?' : new Date(ms).toISOString()
}

function isRecord (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str (v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/** `[error <message> (<type>, <code>)]` from an OpenAI- or Anthropic-style error object. */
function errorLine (err: unknown): string {
  if (!isRecord(err)) return `[error ${typeof err === 'string' ? err : JSON.stringify(err)}]`
  const details = [str(err.type), str(err.code)].filter((s): s is string => s !== undefined && s !== '')
  return `[error ${str(err.message) ?? JSON.stringify(err)}${details.length > 0 ? ` (${details.join(', ')})` : ''}]`
}

/** Decodes one recorded response body into reply text; see the module comment. Never throws. */
export class ReplyDecoder {
  readonly #text = new StringDecoder('utf8')
  readonly #parser: SseParser | undefined
  readonly #bytes: Uint8Array[] = []
  #out = ''
  /** Choice index of the last chat delta shown (a change gets a `[choice N]` marker). */
  #choice = 0

  /** `mediaType`: the response's content type without parameters, lower case ('' when unknown). */
  constructor (mediaType: string) {
    if (mediaType === SSE_MEDIA_TYPE) {
      this.#parser = new SseParser({
        onBlock: (block) => { if (block.event !== undefined) this.#onEvent(block.event.event, block.event.data) },
        onError: (err) => { this.#out += `\n[the rest of the stream could not be decoded: ${err.message}]\n` }
      })
    }
  }

  /** Feeds the next recorded chunk; returns the text it completes (possibly ''). */
  push (chunk: Uint8Array): string {
    if (this.#parser === undefined) {
      this.#bytes.push(chunk)
      return ''
    }
    this.#parser.feed(this.#text.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)))
    return this.#take()
  }

  /** Ends the body; returns the remaining text. */
  finish (): string {
    if (this.#parser !== undefined) {
      // A stream cut mid-event leaves an unterminated block: like an SSE client, it is not dispatched.
      this.#parser.feed(this.#text.end())
      return this.#take()
    }
    const body = Buffer.concat(this.#bytes)
    if (body.length === 0) return ''
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body)
    } catch {
      return `(${body.length} bytes of binary data, not shown)`
    }
    try {
      return jsonReplyText(JSON.parse(text)) ?? text
    } catch {
      return text
    }
  }

  #take (): string {
    const out = this.#out
    this.#out = ''
    return out
  }

  #onEvent (name: string | undefined, data: string): void {
    if (data === DONE_SENTINEL) return
    let ev: unknown
    try {
      ev = JSON.parse(data)
    } catch {
      // Not JSON: a stream in a shape this decoder does not know; show the data as it was sent.
      this.#out += data
      return
    }
    if (!isRecord(ev)) return
    if (ev.error !== undefined && ev.error !== null) {
      this.#out += `\n${errorLine(ev.error)}\n`
      return
    }
    const type = str(ev.type) ?? name
    if (Array.isArray(ev.choices)) {
      this.#chatChoices(ev.choices)
    } else if (type === 'response.output_text.delta' || type === 'response.refusal.delta' || type === 'response.function_call_arguments.delta') {
      this.#out += str(ev.delta) ?? ''
    } else if (type === 'response.output_item.added' && isRecord(ev.item) && ev.item.type === 'function_call') {
      this.#out += `\n[tool call ${str(ev.item.name) ?? ''}] `
    } else if (type === 'response.failed' && isRecord(ev.response) && isRecord(ev.response.error)) {
      this.#out += `\n${errorLine(ev.response.error)}\n`
    } else if (type === 'content_block_start' && isRecord(ev.content_block) && ev.content_block.type === 'tool_use') {
      this.#out += `\n[tool call ${str(ev.content_block.name) ?? ''}] `
    } else if (type === 'content_block_delta' && isRecord(ev.delta)) {
      if (ev.delta.type === 'text_delta') this.#out += str(ev.delta.text) ?? ''
      else if (ev.delta.type === 'input_json_delta') this.#out += str(ev.delta.partial_json) ?? ''
    }
  }

  /** Chat and legacy-completion stream choices: content, refusal and tool-call deltas. */
  #chatChoices (choices: unknown[]): void {
    for (const c of choices) {
      if (!isRecord(c)) continue
      let piece = ''
      if (isRecord(c.delta)) {
        piece += (str(c.delta.content) ?? '') + (str(c.delta.refusal) ?? '')
        for (const call of Array.isArray(c.delta.tool_calls) ? c.delta.tool_calls : []) {
          if (!isRecord(call) || !isRecord(call.function)) continue
          const fnName = str(call.function.name)
          if (fnName !== undefined) piece += `\n[tool call ${fnName}] `
          piece += str(call.function.arguments) ?? ''
        }
      } else {
        piece += str(c.text) ?? ''
      }
      if (piece === '') continue
      const index = typeof c.index === 'number' ? c.index : 0
      if (index !== this.#choice) {
        this.#choice = index
        piece = `\n[choice ${index}] ${piece}`
      }
      this.#out += piece
    }
  }
}

/** Text of a content value: a string, or an array of parts with `text` (chat parts, Responses/Anthropic blocks). */
function contentText (content: unknown): string {
  if (typeof content === 'string') return content
  let out = ''
  for (const part of Array.isArray(content) ? content : []) {
    if (!isRecord(part)) continue
    if (typeof part.text === 'string') out += part.text
    else if (typeof part.refusal === 'string') out += part.refusal
    else if (part.type === 'tool_use') out += `\n[tool call ${str(part.name) ?? ''}] ${JSON.stringify(part.input ?? {})}`
  }
  return out
}

/**
 * The reply text of a parsed JSON response body (chat, legacy completions, Responses, Anthropic messages, error
 * bodies; embeddings as a count), or undefined when the shape is not known (callers then show the body as is).
 */
export function jsonReplyText (body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  if (body.error !== undefined && body.error !== null) return errorLine(body.error)
  if (Array.isArray(body.choices)) {
    const many = body.choices.length > 1
    return body.choices.filter(isRecord).map((c, i) => {
      let text = str(c.text) ?? ''
      if (isRecord(c.message)) {
        text = contentText(c.message.content) + (str(c.message.refusal) ?? '')
        for (const call of Array.isArray(c.message.tool_calls) ? c.message.tool_calls : []) {
          if (isRecord(call) && isRecord(call.function)) text += `\n[tool call ${str(call.function.name) ?? ''}] ${str(call.function.arguments) ?? ''}`
        }
      }
      return many ? `[choice ${typeof c.index === 'number' ? c.index : i}] ${text}` : text
    }).join('\n')
  }
  if (Array.isArray(body.output)) {
    let out = ''
    for (const item of body.output.filter(isRecord)) {
      if (item.type === 'message') out += contentText(item.content)
      else if (item.type === 'function_call') out += `\n[tool call ${str(item.name) ?? ''}] ${str(item.arguments) ?? ''}`
    }
    return out
  }
  if (body.type === 'message' && Array.isArray(body.content)) return contentText(body.content)
  const first: unknown = Array.isArray(body.data) ? body.data[0] : undefined
  if (Array.isArray(body.data) && isRecord(first) && Array.isArray(first.embedding)) {
    return `(${body.data.length} embedding${body.data.length === 1 ? '' : 's'} of ${first.embedding.length} numbers)`
  }
  return undefined
}

/** Writes text as quoted lines (`    | …`), tracking line starts across calls so streamed text indents correctly. */
class QuotedText {
  #atLineStart = true
  #any = false

  /** The terminal-safe, quoted form of the next piece of text. */
  write (text: string): string {
    if (text === '') return ''
    this.#any = true
    let out = ''
    for (const ch of terminalSafe(text).split(/(\n)/)) {
      if (ch === '\n') {
        out += this.#atLineStart ? `${QUOTE.trimEnd()}\n` : '\n'
        this.#atLineStart = true
      } else if (ch !== '') {
        out += (this.#atLineStart ? QUOTE : '') + ch
        this.#atLineStart = false
      }
    }
    return out
  }

  /** Closes the last line; `emptyNote` is printed when nothing was written at all. */
  end (emptyNote: string): string {
    if (!this.#any) return `${QUOTE.trimEnd()} ${emptyNote}\n`
    const out = this.#atLineStart ? '' : '\n'
    this.#atLineStart = true
    return out
  }
}

/**
 * Prints one exchange's reply as it arrives: `chunk()` per recorded ResponseChunk, then `end()`. The output of all
 * calls joined is the reply block of {@link renderTranscript}.
 */
export class ReplyPrinter {
  readonly #decoder: ReplyDecoder
  readonly #quoted = new QuotedText()
  readonly #ex: ExchangeModel

  constructor (ex: ExchangeModel) {
    this.#ex = ex
    this.#decoder = new ReplyDecoder(responseMediaType(ex))
  }

  /** The reply's first line (`  reply (200, text/event-stream):`), or a line saying no response was recorded. */
  intro (): string {
    const head = this.#ex.responseHead
    if (head === undefined) return `${INDENT}reply:    (no response head recorded)\n`
    const type = responseMediaType(this.#ex)
    return `${INDENT}reply (${head.status ?? 0}${type === '' ? '' : `, ${type}`}):\n`
  }

  /** Text to print for the next recorded chunk. */
  chunk (data: Uint8Array): string {
    return this.#quoted.write(this.#decoder.push(data))
  }

  /** Text to print after the last chunk. */
  end (): string {
    const rest = this.#quoted.write(this.#decoder.finish())
    const empty = this.#ex.bodiesCapped && this.#ex.responseBytes === 0
      ? '(response body not recorded: the session\'s size cap was reached)'
      : '(no reply text)'
    return rest + this.#quoted.end(empty)
  }
}

/** The lines before the first exchange: banners, who, when. */
export function transcriptHeader (src: TranscriptSource): string {
  const { header, sessionStart: s } = src.model
  const lines: string[] = []
  if (src.truncated) lines.push('TRUNCATED: this recording was cut (the relay stopped before writing it whole); what follows is every record that survived', '')
  const state = src.sealed ? 'sealed' : 'NOT SEALED (still being written, or the relay stopped before sealing it)'
  lines.push(`recording   ${header?.recordingId ?? '?'}  ${state}`)
  if (header !== undefined && header !== null) {
    lines.push(`relay       ${header.relayId ?? '?'} (keyward ${header.keywardVersion ?? '?'}), created ${isoTime(toNumber(header.createdUnixMs))}`)
    lines.push(`signed by   key ${header.signingKeyId ?? '?'}${(header.encryptionKeyId ?? '') === '' ? '' : `; encrypted with key ${header.encryptionKeyId ?? ''}`}`)
  }
  if (s === undefined) {
    lines.push('session     (no SessionStart recorded)')
  } else {
    lines.push(`subject     ${s.subject ?? ''}${(s.groups ?? []).length > 0 ? `  groups ${(s.groups ?? []).join(', ')}` : ''}`)
    lines.push(`token       ${s.tokenId ?? ''} (issuer ${s.issuer ?? ''}, expires ${isoTime(toNumber(s.tokenExpiresUnixMs))}, sha256 ${s.tokenSha256 ?? ''})`)
    lines.push(`client      ${s.clientAddress ?? ''}`)
    lines.push(`connection  ${s.connection ?? ''}  agent ${s.agentId ?? ''}`)
    lines.push(`session     ${s.sessionId ?? ''}, started ${isoTime(s.timeUnixMs)}`)
  }
  for (const p of src.problems) lines.push(`problem     ${p}`)
  for (const p of src.model.problems) lines.push(`problem     ${p}`)
  return terminalSafe(lines.join('\n')) + '\n\n'
}

/** Prompt block of an exchange: the texts prompt-extract finds in the recorded body, or why there are none. */
function promptBlock (ex: ExchangeModel): string {
  const size = ex.requestBody.length
  const declared = toNumber(ex.start.bodyBytes)
  if (size === 0 && declared === 0) return ''
  if (!ex.requestBodyComplete) {
    const why = ex.bodiesCapped ? 'the session\'s size cap was reached' : 'the recording was cut'
    return `${INDENT}prompt:   (request body not fully recorded: ${size} of ${declared} bytes; ${why})\n`
  }
  let body: unknown
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(ex.requestBody))
  } catch {
    return `${INDENT}prompt:   (request body of ${size} bytes is not JSON; not shown)\n`
  }
  const { texts } = extractPromptText(ex.start.path ?? '', body)
  if (texts.length === 0) return `${INDENT}prompt:   (no prompt text)\n`
  // One quoted block per extracted text (a message, a part, a tool argument), separated by an empty quote line.
  const q = new QuotedText()
  return `${INDENT}prompt:\n` + texts.map((text) => q.write(text) + q.end('')).join(`${QUOTE.trimEnd()}\n`)
}

/** The lines of an exchange up to its reply: request line, policy decisions, prompt. `n` counts from 1. */
export function exchangeHead (ex: ExchangeModel, n: number): string {
  const st = ex.start
  const flags = [(st.model ?? '') === '' ? '' : `model ${st.model ?? ''}`, st.stream === true ? 'stream' : ''].filter((s) => s !== '')
  let out = terminalSafe(`[${n}] ${isoTime(ex.timeUnixMs)}  ${st.method ?? ''} ${st.path ?? ''}${flags.length > 0 ? `  ${flags.join('  ')}` : ''}  (${ex.id})`) + '\n'
  for (const d of ex.policy) {
    const rules = (d.rules ?? []).length > 0 ? ` by ${(d.rules ?? []).join(', ')}` : ''
    const actor = (d.actor ?? '') === '' ? '' : ` (${d.actor ?? ''})`
    const detail = [d.code ?? '', d.message ?? '', d.comment ?? ''].filter((s) => s !== '').join(': ')
    out += terminalSafe(`${INDENT}policy:   ${enumName('outcome', d.outcome)}${rules}${actor}${detail === '' ? '' : ` — ${detail}`}`) + '\n'
  }
  return out + promptBlock(ex)
}

/** The lines of an exchange after its reply: mask counts, usage, end (or INCOMPLETE). */
export function exchangeTail (ex: ExchangeModel): string {
  const lines: string[] = []
  if (ex.maskCounts.length > 0) {
    const sides = ex.maskCounts.map((m) => {
      const counts = Object.entries(m.counts ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')
      return `${enumName('side', m.side).toLowerCase()} ${counts === '' ? '(none)' : counts}`
    })
    lines.push(`${INDENT}masked:   ${sides.join('; ')}`)
  }
  const u = ex.usage
  if (u !== undefined) {
    const cached = toNumber(u.cachedTokens)
    const cost = toNumber(u.costMicroUsd)
    lines.push(`${INDENT}usage:    ${toNumber(u.inputTokens)} input / ${toNumber(u.outputTokens)} output tokens` +
      `${cached > 0 ? ` (${cached} cached)` : ''}, cost $${(cost / MICRO_PER_UNIT).toFixed(6)}` +
      `${u.estimated === true ? ' (estimated)' : ''}${(u.model ?? '') === '' ? '' : `, model ${u.model ?? ''}`}`)
  }
  const e = ex.end
  if (e === undefined) {
    lines.push(`${INDENT}INCOMPLETE: no ExchangeEnd recorded (the recording was cut, or the exchange was still running)`)
  } else {
    const error = (e.errorCode ?? '') === '' && (e.errorMessage ?? '') === '' ? '' : `; error ${[e.errorCode ?? '', e.errorMessage ?? ''].filter((s) => s !== '').join(': ')}`
    lines.push(`${INDENT}end:      status ${e.status ?? 0}, ${e.completed === true ? 'completed' : 'NOT completed (the client did not receive the whole response)'}, ` +
      `${toNumber(e.responseBytes)} bytes in ${e.durationMs ?? 0} ms${error}`)
  }
  return terminalSafe(lines.join('\n')) + '\n\n'
}

/** One session event line. */
export function eventText (ev: ModelEvent): string {
  const e = ev.event
  const parts = [`[event] ${isoTime(ev.timeUnixMs)}  ${enumName('kind', e.kind)}`]
  if ((e.actor ?? '') !== '') parts.push(`by ${e.actor ?? ''}`)
  if ((e.lockId ?? '') !== '') parts.push(`lock ${e.lockId ?? ''}`)
  if ((e.reason ?? '') !== '') parts.push(`— ${e.reason ?? ''}`)
  return terminalSafe(parts.join(' ')) + '\n\n'
}

/** The size-cap marker line. */
export function sizeCapText (cap: ModelSizeCap): string {
  return `[size cap] ${isoTime(cap.timeUnixMs)}  ${cap.limitBytes} bytes reached: bodies after this point are not recorded\n\n`
}

/** The lines after the last exchange: how the session ended, and the TRUNCATED banner again. */
export function transcriptFooter (src: TranscriptSource): string {
  const end = src.model.sessionEnd
  let out = end === undefined
    ? 'session end: (no SessionEnd recorded)\n'
    : terminalSafe(`session end: ${isoTime(end.timeUnixMs)}  ${enumName('reason', end.reason)}${(end.detail ?? '') === '' ? '' : ` — ${end.detail ?? ''}`}`) + '\n'
  if (src.truncated) out += 'TRUNCATED: records after the last intact frame were lost\n'
  return out
}

/** The whole transcript as one string (what `keyward recordings show` prints). */
export function renderTranscript (src: TranscriptSource): string {
  let out = transcriptHeader(src)
  let n = 0
  for (const entry of src.model.timeline) {
    if (entry.kind === 'event') {
      out += eventText(entry.event)
    } else if (entry.kind === 'size-cap') {
      out += sizeCapText(entry.sizeCap)
    } else {
      const ex = entry.exchange
      out += exchangeHead(ex, ++n)
      const printer = new ReplyPrinter(ex)
      out += printer.intro()
      if (ex.responseHead !== undefined) {
        for (const c of ex.responseChunks) out += printer.chunk(c.data)
        out += printer.end()
      }
      out += exchangeTail(ex)
    }
  }
  return out + transcriptFooter(src)
}
