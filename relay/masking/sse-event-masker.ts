/**
 * Masks a stream of parsed SSE blocks (issue 4, THREATS C.1): text deltas are joined per stream position and run
 * through one StreamingTextMasker each, so a value split across any number of events is still found; everything
 * else in each event is masked whole (json-masker.ts).
 *
 * Stream positions ("slots"), recognised by the shape of each event's JSON rather than by the request path:
 * - OpenAI chat / completions chunks (`choices` array): per choice `delta.content`, `delta.refusal`,
 *   `delta.reasoning_content`, `delta.reasoning`, `delta.function_call.arguments`, per tool call index
 *   `delta.tool_calls[].function.arguments`, and completions `text`. Flushed when the choice has a `finish_reason`.
 * - OpenAI Responses events (`type: "response.…"`): every `X.delta` with a string `delta` (except binary ones), per
 *   `item_id`/`output_index`/`content_index`/`summary_index`; flushed on the matching `X.done`.
 * - Anthropic Messages events: `content_block_delta` `text`, `partial_json` and `thinking` per block `index`;
 *   flushed on `content_block_stop`.
 * Everything still held is flushed before `[DONE]`, `message_delta`, `message_stop`, `response.completed`,
 * `response.incomplete`, `response.failed`, error events, and at the end of the stream.
 *
 * A plain text-delta event (one streamed field, nothing else to mask or flush) is held whole while part of its text
 * is undecided and then leaves as its exact bytes (see {@link HeldEvent}), so a stream without a secret comes out
 * byte for byte. When holding stops (a replacement, another kind of event, another slot, MAX_HELD_EVENTS), held
 * events leave carrying the decided part of their own text (possibly `""`) and the rest moves to a later event.
 * Flushed text goes into the flushing event when it carries the same field; otherwise into a synthesized event of
 * the same shape (same id/model/created, or a copy of the slot's last delta event) placed just before it. An event
 * whose output is unchanged is forwarded as its exact raw text; a changed one is re-encoded (comments dropped).
 */
import { MAX_HELD_EVENTS, OPAQUE_DELTA_EVENT_TYPES } from './constants.js'
import { countStringValues, isRecord, maskJsonInPlace, maskJsonValue } from './json-masker.js'
import { encodeSseEvent } from './sse-parser.js'
import { rawEvent, rawShape, readRawRun } from './sse-raw-path.js'
import { maskTextInto, StreamingTextMasker } from './text-masker.js'

import type { CompiledMask } from './detectors.js'
import type { JsonRecord } from './json-masker.js'
import type { SseBlock, SseEvent } from './sse-parser.js'
import type { RawPrefix, RawShape } from './sse-raw-path.js'
import type { MaskCounts, MaskerState } from './text-masker.js'

/** Builds a synthesized event's JSON from a slot's template event and the flushed text. */
type Build = (template: JsonRecord, text: string) => JsonRecord

/** One stream position whose text deltas are joined and masked together. */
interface Slot {
  masker: StreamingTextMasker
  /** Slots flushed together (one chat choice, one Anthropic block, one Responses part). */
  group: string
  /** The last event that fed this slot (after masking). */
  template: JsonRecord
  /** SSE event name of that event. */
  eventName: string | undefined
  build: Build
  /**
   * The masker holds text of events already sent (they went out carrying only what was released of it); held events
   * wait for this to clear, see {@link HeldEvent}.
   */
  orphan: boolean
}

/**
 * A plain text-delta event held back whole while part of its text is undecided, so that it can leave as its own
 * bytes: while nothing was replaced, the slot's masker holds exactly the undecided tail of the held events' text,
 * and each event whose text lies wholly before that tail is sent unchanged, in order. When holding stops (another
 * kind of event, a replacement, another slot, too many held events) the held events leave carrying what was decided
 * of their own text and the rest comes out later, as text moved to a later event.
 */
interface HeldEvent {
  /** The event as received (raw path: bytes; full path: text). */
  bytes: Buffer | string
  /** Its streamed text. */
  value: string
  /** The same event carrying `text` instead. */
  rebuild: (text: string) => Buffer | string
}

/** A streamed text field found in the current event. */
interface FieldRef {
  obj: JsonRecord
  key: string
  original: string
  slot: string
  group: string
  build: Build
}

/** What to do with one event. */
interface Plan {
  fields: FieldRef[]
  /** Groups to flush after this event's fields are pushed. */
  flushGroups: string[]
  /** Flush every slot before this event. */
  flushAll: boolean
  /** Whether matches in the rest of the event count (false for Responses summaries that repeat streamed text). */
  count: boolean
}

/** Chat delta fields that stream text. */
const CHAT_DELTA_FIELDS = ['content', 'refusal', 'reasoning_content', 'reasoning'] as const
/** Anthropic delta types and the field holding their text. */
const ANTHROPIC_DELTA_FIELDS: Readonly<Record<string, string>> = { text_delta: 'text', input_json_delta: 'partial_json', thinking_delta: 'thinking' }
/** Responses event types after which nothing more streams. */
const RESPONSES_TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error'])
/** Anthropic event types after which no content block streams. */
const ANTHROPIC_TERMINAL = new Set(['message_delta', 'message_stop', 'error'])
/** Length of `.delta`. */
const DELTA_SUFFIX = '.delta'
/** Length of `.done`. */
const DONE_SUFFIX = '.done'

/** A chat/completions chunk carrying `fill`'s choice, with the template's top-level fields and `usage: null`. */
function chatChunk (template: JsonRecord, choice: JsonRecord): JsonRecord {
  const out: JsonRecord = { ...template, choices: [choice] }
  if ('usage' in out) out.usage = null
  return out
}

/** Slot key of a Responses `X.delta` / `X.done` event. */
function responsesSlot (base: string, obj: JsonRecord): string {
  return [base, obj.item_id, obj.output_index, obj.content_index, obj.summary_index].map(String).join('|')
}

/** Code of `:`. */
const COLON = 0x3a

/** True when the JSON text before `i` (skipping whitespace) ends in `:`, i.e. a string token at `i` is a value. */
function atValuePosition (data: string, i: number): boolean {
  let k = i - 1
  while (k >= 0 && (data[k] === ' ' || data[k] === '\t' || data[k] === '\n' || data[k] === '\r')) k--
  return data.charCodeAt(k) === COLON
}

/** Offset of the only occurrence of string token `enc` at a value position in `data`, or -1 (none, or several). */
function uniqueValueToken (data: string, enc: string): number {
  let found = -1
  for (let i = data.indexOf(enc); i !== -1; i = data.indexOf(enc, i + 1)) {
    if (!atValuePosition(data, i)) continue
    if (found !== -1) return -1
    found = i
  }
  return found
}

/** Code of `"`. */
const QUOTE = 0x22

/**
 * The learned shape of this stream's plain text-delta events (an OpenAI chunk with one `delta.content`, an
 * Anthropic `content_block_delta`): the exact JSON text around the streamed string. An event with the same
 * prefix and suffix and one JSON string literal between them is the same event with other text, so it is masked
 * without parsing the rest (whose strings were already found clean in the event the shape was learned from).
 */
interface FastShape {
  prefix: string
  suffix: string
  slot: string
  eventName: string | undefined
  /** The shape as bytes for the raw path (sse-raw-path.ts); undefined when it holds a line break (multi-line data). */
  raw: RawShape | undefined
}

/** Line breaks, which a shape's prefix and suffix must not hold for the raw path. */
const LINE_BREAK_CHARS = /[\r\n]/


/**
 * Rewrites only the streamed fields in the provider's own JSON text, instead of re-serialising the whole event
 * (cheaper, and everything else keeps its exact bytes). Each changed field's original value must appear exactly
 * once as an object value in `data` (a `"` right after `:` cannot be inside a string, where quotes are escaped) and
 * no other string in the event may equal it, so the occurrence found is that field. Returns undefined, and the
 * caller re-serialises, whenever that cannot be shown.
 */
function spliceFields (data: string, obj: JsonRecord, fields: readonly FieldRef[]): string | undefined {
  let out = data
  for (const f of fields) {
    const now = f.obj[f.key]
    if (now === f.original || typeof now !== 'string') continue
    if (countStringValues(obj, f.original) !== 0) return undefined
    const enc = JSON.stringify(f.original)
    const found = uniqueValueToken(out, enc)
    if (found < 0) return undefined
    out = out.slice(0, found) + JSON.stringify(now) + out.slice(found + enc.length)
  }
  return out
}

/** Masks the SSE blocks of one response; see the module comment. */
export class SseEventMasker {
  readonly #mask: CompiledMask
  readonly #counts: MaskCounts
  /** Matches in events that repeat already-streamed text land here and are not reported. */
  readonly #uncounted: MaskCounts = {}
  readonly #slots = new Map<string, Slot>()
  /** Strings seen in this response that need no masking (ids, model names…), scanned once. */
  readonly #clean = new Set<string>()
  /** The shape of the last plain text-delta event, for the fast path (see {@link FastShape}). */
  #fast: FastShape | undefined = undefined
  /** Held events, oldest first, all of one slot (see {@link HeldEvent}). */
  #held: HeldEvent[] = []
  #heldSlot: Slot | undefined = undefined
  /** Characters of the held events' text. */
  #heldChars = 0

  /** Matches are added to `counts`. */
  constructor (mask: CompiledMask, counts: MaskCounts) {
    this.#mask = mask
    this.#counts = counts
  }

  /**
   * Returns the text to send for one block, in order: held events that are now decided or released, synthesized
   * flush events, then the block itself (its raw text when unchanged) unless it is held. Throws
   * MaskHoldBackOverflowError (fail closed).
   */
  block (block: SseBlock): string[] {
    const out: Array<Buffer | string> = []
    this.#block(block, out)
    return asText(out)
  }

  #block (block: SseBlock, out: Array<Buffer | string>): void {
    const ev = block.event
    if (ev === undefined) {
      this.#neutral(block.raw, out)
      return
    }
    if (this.#fastPath(block, ev, out)) return
    if (ev.data === '[DONE]') {
      this.#finish(out)
      out.push(block.raw)
      return
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(ev.data)
    } catch {
      // Not JSON: mask the data as plain text, on its own.
      this.#settle(undefined, out)
      const masked = maskTextInto(this.#mask, ev.data, this.#counts)
      out.push(masked === ev.data ? block.raw : encodeSseEvent({ ...ev, data: masked }))
      return
    }
    if (!isRecord(parsed)) {
      this.#settle(undefined, out)
      const r = maskJsonValue(this.#mask, parsed, this.#counts)
      out.push(r.changed ? this.#encode(ev, r.value) : block.raw)
      return
    }
    const obj = parsed
    const plan = this.#plan(obj)
    for (const f of plan.fields) f.obj[f.key] = ''
    const rest = maskJsonInPlace(this.#mask, obj, plan.count ? this.#counts : this.#uncounted, this.#clean)
    const only = plan.fields.length === 1 ? plan.fields[0] as FieldRef : undefined
    if (only !== undefined && plan.flushGroups.length === 0 && !plan.flushAll && !rest && ev.id === undefined && ev.retry === undefined) {
      // A plain text delta: held whole while its text is undecided.
      const slot = this.#slotFor(only, obj, ev)
      this.#learnShape(ev, obj, only)
      this.#hold(slot, only.original, block.raw, (text) => {
        only.obj[only.key] = text
        return encodeSseEvent({ ...ev, data: spliceFields(ev.data, obj, [only]) ?? JSON.stringify(obj) })
      }, out)
      return
    }
    if (plan.fields.length === 0 && plan.flushGroups.length === 0 && !plan.flushAll) {
      // No streamed text and no flush (an Anthropic ping, a usage chunk): it waits behind held events, in order.
      this.#neutral(rest ? encodeSseEvent({ ...ev, data: JSON.stringify(obj) }) : block.raw, out)
      return
    }
    this.#settle(plan, out)
    let changed = rest
    if (plan.flushAll) this.#finish(out)
    const here = new Map<string, FieldRef>()
    for (const f of plan.fields) {
      const slot = this.#slotFor(f, obj, ev)
      const released = slot.masker.push(f.original)
      slot.orphan = slot.masker.heldBack > 0
      f.obj[f.key] = released
      if (released !== f.original) changed = true
      here.set(f.slot, f)
    }
    for (const group of plan.flushGroups) {
      for (const [key, slot] of this.#slots) {
        if (slot.group !== group) continue
        this.#slots.delete(key)
        const text = slot.masker.flush()
        if (text.length === 0) continue
        const f = here.get(key)
        if (f !== undefined) {
          f.obj[f.key] = String(f.obj[f.key]) + text
          changed = true
        } else out.push(this.#synthesize(slot, text))
      }
    }
    if (!changed) out.push(block.raw)
    else out.push(encodeSseEvent({ ...ev, data: (rest ? undefined : spliceFields(ev.data, obj, plan.fields)) ?? JSON.stringify(obj) }))
  }

  /** The slot of field `f` (created on first use), with `obj` as its template for synthesized events. */
  #slotFor (f: FieldRef, obj: JsonRecord, ev: SseEvent): Slot {
    let slot = this.#slots.get(f.slot)
    if (slot === undefined) {
      slot = { masker: new StreamingTextMasker(this.#mask, this.#counts), group: f.group, template: obj, eventName: ev.event, build: f.build, orphan: false }
      this.#slots.set(f.slot, slot)
    }
    slot.template = obj
    slot.eventName = ev.event
    return slot
  }

  /** Flushes every slot into synthesized events (for the end of the stream or a terminal event). */
  finish (): string[] {
    const out: Array<Buffer | string> = []
    this.#finish(out)
    return asText(out)
  }

  #finish (out: Array<Buffer | string>): void {
    this.#settle(undefined, out, true)
    for (const slot of this.#slots.values()) {
      const text = slot.masker.flush()
      if (text.length > 0) out.push(this.#synthesize(slot, text))
    }
    this.#slots.clear()
  }

  /**
   * Events that differ from the learned shape only in the streamed string skip JSON.parse and the walk over the
   * other fields: `data` must be the shape's prefix, one JSON string literal, and its suffix, with the same event
   * name and no id/retry. Returns false, having output nothing, to take the full path.
   */
  #fastPath (block: SseBlock, ev: SseEvent, out: Array<Buffer | string>): boolean {
    const f = this.#fast
    if (f === undefined || ev.event !== f.eventName || ev.id !== undefined || ev.retry !== undefined) return false
    const d = ev.data
    if (d.length < f.prefix.length + f.suffix.length + 2 || !d.startsWith(f.prefix) || !d.endsWith(f.suffix)) return false
    const token = d.slice(f.prefix.length, d.length - f.suffix.length)
    if (token.charCodeAt(0) !== QUOTE) return false
    let value: unknown
    try {
      value = JSON.parse(token)
    } catch {
      return false
    }
    const slot = this.#slots.get(f.slot)
    if (typeof value !== 'string' || slot === undefined) return false
    this.#hold(slot, value, block.raw, (text) => encodeSseEvent({ ...ev, data: f.prefix + JSON.stringify(text) + f.suffix }), out)
    return true
  }

  /**
   * The raw path (sse-raw-path.ts): masks the leading run (at most `maxEvents`) of whole events of the learned
   * shape in `chunk`. Returns undefined (nothing consumed) when the chunk does not start with one.
   */
  rawPrefix (chunk: Buffer, maxEvents: number): RawPrefix | undefined {
    const fast = this.#fast
    const raw = fast?.raw
    const slot = fast === undefined ? undefined : this.#slots.get(fast.slot)
    if (fast === undefined || raw === undefined || slot === undefined) return undefined
    const run = readRawRun(chunk, raw, maxEvents)
    if (run === undefined) return undefined
    const { values, ends } = run
    const bytesOf = (k: number): Buffer => {
      const from = k === 0 ? 0 : ends[k - 1] as number
      const to = ends[k] as number
      return from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to)
    }
    const rebuild = (text: string): Buffer => rawEvent(raw, text)
    const out: Array<Buffer | string> = []
    if (!this.#holdRun(slot, values, bytesOf, rebuild, out)) {
      for (let k = 0; k < values.length; k++) this.#hold(slot, values[k] as string, bytesOf(k), rebuild, out)
    }
    return { out: joinPieces(out, chunk), used: ends[ends.length - 1] as number, events: values.length }
  }

  /**
   * A raw run pushed as one text (one detector pass instead of one per event): when nothing in it is replaced and
   * holding applies, its events are held and the decided ones leave. Returns false, with the masker and counts as
   * they were, when the run must go event by event instead (a replacement, or text of sent events still held).
   */
  #holdRun (slot: Slot, values: string[], bytesOf: (k: number) => Buffer, rebuild: (text: string) => Buffer, out: Array<Buffer | string>): boolean {
    if (values.length < 2 || slot.orphan) return false
    if (this.#held.length > 0 && this.#heldSlot !== slot) this.#drain(out)
    const before = slot.masker.save()
    const counts = { ...this.#counts }
    slot.masker.push(values.join(''))
    if (slot.masker.matches !== before.matches) {
      this.#restore(slot, before, counts)
      return false
    }
    for (let k = 0; k < values.length; k++) this.#enqueue(slot, { bytes: bytesOf(k), value: values[k] as string, rebuild })
    this.#releaseDecided(out)
    return true
  }

  /** One plain text-delta event of `slot`: held whole (see {@link HeldEvent}), or sent carrying released text. */
  #hold (slot: Slot, value: string, bytes: Buffer | string, rebuild: (text: string) => Buffer | string, out: Array<Buffer | string>): void {
    if (this.#held.length > 0 && this.#heldSlot !== slot) this.#drain(out)
    // Characters of the held events' text decided before this push (none held: 0).
    const decided = this.#heldChars - slot.masker.heldBack
    const matches = slot.masker.matches
    const released = slot.masker.push(value)
    if (!slot.orphan && slot.masker.matches === matches) {
      this.#enqueue(slot, { bytes, value, rebuild })
      this.#releaseDecided(out)
      return
    }
    // Not held: the held events leave with what was decided of their text before this push, and this event carries
    // what the push released (with a replacement in it, the rest of their text, masked).
    this.#drainAt(decided, out)
    slot.orphan = slot.masker.heldBack > 0
    out.push(released === value ? bytes : rebuild(released))
  }

  /** An event that carries no streamed text and flushes nothing (or a comment): sent at once, or after held events. */
  #neutral (bytes: string, out: Array<Buffer | string>): void {
    if (this.#held.length === 0) {
      out.push(bytes)
      return
    }
    this.#held.push({ bytes, value: '', rebuild: () => bytes })
    this.#releaseDecided(out)
  }

  #enqueue (slot: Slot, e: HeldEvent): void {
    this.#held.push(e)
    this.#heldSlot = slot
    this.#heldChars += e.value.length
  }

  /** Sends, as received, the held events whose text is all decided; holding stops past MAX_HELD_EVENTS. */
  #releaseDecided (out: Array<Buffer | string>): void {
    const slot = this.#heldSlot
    if (slot === undefined) return
    let decided = this.#heldChars - slot.masker.heldBack
    let n = 0
    while (n < this.#held.length && (this.#held[n] as HeldEvent).value.length <= decided) {
      const e = this.#held[n++] as HeldEvent
      decided -= e.value.length
      this.#heldChars -= e.value.length
      out.push(e.bytes)
    }
    if (n > 0) this.#held = this.#held.slice(n)
    if (this.#held.length > MAX_HELD_EVENTS) this.#drain(out)
  }

  /**
   * Holding stops: each held event leaves carrying the decided part of its own text; what the masker still holds
   * now belongs to sent events and comes out with later ones.
   */
  #drain (out: Array<Buffer | string>): void {
    const slot = this.#heldSlot
    if (slot === undefined || this.#held.length === 0) return
    this.#drainAt(this.#heldChars - slot.masker.heldBack, out)
    slot.orphan = slot.masker.heldBack > 0
  }

  /** {@link #drain} with `decided` characters of the held text decided (the rest went or goes out elsewhere). */
  #drainAt (decided: number, out: Array<Buffer | string>): void {
    if (this.#held.length === 0) return
    for (const e of this.#held) {
      const own = Math.max(0, Math.min(decided, e.value.length))
      decided -= own
      out.push(own === e.value.length ? e.bytes : e.rebuild(e.value.slice(0, own)))
    }
    this.#clearHeld()
  }

  /**
   * Before an event that is not held: the held events leave. When that event flushes their slot and adds no text to
   * it (a finish chunk, whose `text` may be empty; `content_block_stop`; `[DONE]` or a terminal event: `all`), the
   * slot is flushed here, and when nothing in its rest is replaced every held event leaves as received.
   */
  #settle (plan: Plan | undefined, out: Array<Buffer | string>, all = false): void {
    const slot = this.#heldSlot
    if (slot === undefined || this.#held.length === 0) return
    const flushes = all || (plan !== undefined && (plan.flushAll ||
      (plan.flushGroups.includes(slot.group) && !plan.fields.some((f) => this.#slots.get(f.slot) === slot && f.original !== ''))))
    if (flushes) {
      const before = slot.masker.save()
      const counts = { ...this.#counts }
      slot.masker.flush()
      if (slot.masker.matches === before.matches) {
        for (const e of this.#held) out.push(e.bytes)
        slot.orphan = false
        this.#clearHeld()
        return
      }
      this.#restore(slot, before, counts)
    }
    this.#drain(out)
  }

  #clearHeld (): void {
    this.#held = []
    this.#heldSlot = undefined
    this.#heldChars = 0
  }

  /** Puts back a slot masker's state and the response's counts after a trial push or flush. */
  #restore (slot: Slot, state: MaskerState, counts: MaskCounts): void {
    slot.masker.restore(state)
    for (const k of Object.keys(this.#counts)) delete this.#counts[k]
    Object.assign(this.#counts, counts)
  }

  /**
   * Learns the shape of an event with exactly one streamed field, no flush and nothing else to mask: the text
   * before and after that field's value, which must be the only string equal to it and appear once as a value.
   */
  #learnShape (ev: SseEvent, obj: JsonRecord, f: FieldRef): void {
    if (ev.id !== undefined || ev.retry !== undefined) return
    if (countStringValues(obj, f.original) - (f.obj[f.key] === f.original ? 1 : 0) !== 0) return
    const at = uniqueValueToken(ev.data, JSON.stringify(f.original))
    if (at < 0) return
    const prefix = ev.data.slice(0, at)
    const suffix = ev.data.slice(at + JSON.stringify(f.original).length)
    const raw = LINE_BREAK_CHARS.test(prefix + suffix)
      ? undefined
      : rawShape(`${ev.event === undefined ? '' : `event: ${ev.event}\n`}data: ${prefix}`, suffix)
    this.#fast = { prefix, suffix, slot: f.slot, eventName: ev.event, raw }
  }

  #encode (ev: SseEvent, value: unknown): string {
    return encodeSseEvent({ ...ev, data: JSON.stringify(value) })
  }

  #synthesize (slot: Slot, text: string): string {
    const ev: SseEvent = { data: JSON.stringify(slot.build(slot.template, text)) }
    if (slot.eventName !== undefined) ev.event = slot.eventName
    return encodeSseEvent(ev)
  }

  /** Finds the streamed fields of one event and what it flushes. */
  #plan (obj: JsonRecord): Plan {
    const plan: Plan = { fields: [], flushGroups: [], flushAll: false, count: true }
    const type = typeof obj.type === 'string' ? obj.type : undefined
    if (Array.isArray(obj.choices)) this.#planChoices(obj.choices, plan)
    else if (type?.startsWith('response.') === true || type === 'error') this.#planResponses(obj, type, plan)
    else if (type !== undefined) this.#planAnthropic(obj, type, plan)
    if (obj.error !== undefined && obj.error !== null) plan.flushAll = true
    return plan
  }

  #planChoices (choices: unknown[], plan: Plan): void {
    choices.forEach((ch, pos) => {
      if (!isRecord(ch)) return
      const idx = typeof ch.index === 'number' ? ch.index : pos
      const group = `c${idx}`
      const delta = ch.delta
      if (isRecord(delta)) {
        for (const field of CHAT_DELTA_FIELDS) {
          if (typeof delta[field] !== 'string') continue
          plan.fields.push({
            obj: delta, key: field, original: delta[field], slot: `${group}|${field}`, group,
            build: (t, text) => chatChunk(t, { index: idx, delta: { [field]: text }, logprobs: null, finish_reason: null })
          })
        }
        const fc = delta.function_call
        if (isRecord(fc) && typeof fc.arguments === 'string') {
          plan.fields.push({
            obj: fc, key: 'arguments', original: fc.arguments, slot: `${group}|fc`, group,
            build: (t, text) => chatChunk(t, { index: idx, delta: { function_call: { arguments: text } }, logprobs: null, finish_reason: null })
          })
        }
        if (Array.isArray(delta.tool_calls)) {
          delta.tool_calls.forEach((tc: unknown, tpos) => {
            if (!isRecord(tc) || !isRecord(tc.function) || typeof tc.function.arguments !== 'string') return
            const tci = typeof tc.index === 'number' ? tc.index : tpos
            plan.fields.push({
              obj: tc.function, key: 'arguments', original: tc.function.arguments, slot: `${group}|tc${tci}`, group,
              build: (t, text) => chatChunk(t, { index: idx, delta: { tool_calls: [{ index: tci, function: { arguments: text } }] }, logprobs: null, finish_reason: null })
            })
          })
        }
      }
      if (typeof ch.text === 'string') {
        plan.fields.push({
          obj: ch, key: 'text', original: ch.text, slot: `${group}|text`, group,
          build: (t, text) => chatChunk(t, { index: idx, text, logprobs: null, finish_reason: null })
        })
      }
      if (ch.finish_reason !== null && ch.finish_reason !== undefined) plan.flushGroups.push(group)
    })
  }

  #planResponses (obj: JsonRecord, type: string, plan: Plan): void {
    if (type.endsWith(DELTA_SUFFIX) && typeof obj.delta === 'string' && !OPAQUE_DELTA_EVENT_TYPES.has(type)) {
      const slot = responsesSlot(type.slice(0, -DELTA_SUFFIX.length), obj)
      plan.fields.push({
        obj, key: 'delta', original: obj.delta, slot, group: slot,
        build: (t, text) => Array.isArray(t.logprobs) ? { ...t, delta: text, logprobs: [] } : { ...t, delta: text }
      })
    } else if (type.endsWith(DONE_SUFFIX)) {
      plan.flushGroups.push(responsesSlot(type.slice(0, -DONE_SUFFIX.length), obj))
      plan.count = false
    } else if (RESPONSES_TERMINAL.has(type)) {
      plan.flushAll = true
      plan.count = type === 'error'
    }
  }

  #planAnthropic (obj: JsonRecord, type: string, plan: Plan): void {
    const group = `a${String(obj.index)}`
    if (type === 'content_block_delta' && isRecord(obj.delta)) {
      const delta = obj.delta
      const dt = String(delta.type)
      const field = ANTHROPIC_DELTA_FIELDS[dt]
      const value = field === undefined ? undefined : delta[field]
      if (field !== undefined && typeof value === 'string') {
        plan.fields.push({
          obj: delta, key: field, original: value, slot: `${group}|${dt}`, group,
          build: (t, text) => ({ ...t, delta: { ...(isRecord(t.delta) ? t.delta : {}), [field]: text } })
        })
      }
    } else if (type === 'content_block_stop') plan.flushGroups.push(group)
    else if (ANTHROPIC_TERMINAL.has(type)) plan.flushAll = true
  }
}

/** Output pieces as text (the full path's output). */
function asText (pieces: ReadonlyArray<Buffer | string>): string[] {
  return pieces.map((p) => typeof p === 'string' ? p : p.toString('utf8'))
}

/** Output pieces as one buffer: adjacent views of one buffer are joined without a copy (`from` itself when they span it). */
function joinPieces (pieces: ReadonlyArray<Buffer | string>, from: Buffer): Buffer {
  if (pieces.length === 0) return EMPTY
  if (pieces.length === 1 && typeof pieces[0] !== 'string') return pieces[0] as Buffer
  const bufs = pieces.map((p) => typeof p === 'string' ? Buffer.from(p) : p)
  const first = bufs[0] as Buffer
  let contiguous = true
  for (let k = 1; k < bufs.length && contiguous; k++) {
    const prev = bufs[k - 1] as Buffer
    const b = bufs[k] as Buffer
    contiguous = b.buffer === prev.buffer && b.byteOffset === prev.byteOffset + prev.length
  }
  if (!contiguous) return Buffer.concat(bufs)
  const last = bufs[bufs.length - 1] as Buffer
  const length = last.byteOffset + last.length - first.byteOffset
  return first.buffer === from.buffer && first.byteOffset === from.byteOffset && length === from.length
    ? from
    : Buffer.from(first.buffer, first.byteOffset, length)
}

const EMPTY = Buffer.alloc(0)
