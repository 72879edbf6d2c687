/**
 * Masking of text, whole or streamed (issue 4, THREATS C.1/C.2).
 *
 * The streaming masker keeps an unreleased tail of the text. On every push it rebuilds the shadow copy of that tail
 * (with one character of already-released shadow text in front, so detectors see their left boundary), runs the
 * detectors, and releases everything before the first position where a detector answered "may continue"; matches
 * before it are replaced. What stays behind is only text that could still be the start of a match, so it is never
 * longer than the longest detector match (plus invisible characters, bounded by MAX_HELD_BACK_CHARS).
 *
 * Invariant (property-tested): for any split of a text into pushes, the concatenated outputs of push…push, flush
 * equal maskText(text). It holds because the shadow copy is per code point, a detector reads at most one character
 * before a candidate start, and an answer other than "may continue" never changes when more text arrives.
 */
import { MAX_HELD_BACK_CHARS } from './constants.js'
import { scanSpans } from './detectors.js'
import { MaskHoldBackOverflowError } from './errors.js'

import type { CompiledMask, Span } from './detectors.js'

/** Per-detector match counts: detector name → number of values replaced. Never holds the values. */
export type MaskCounts = Record<string, number>

/** Result of {@link maskText}. */
export interface MaskResult {
  /** The masked text. */
  text: string
  /** Matches replaced, per detector; detectors with no match are absent. */
  counts: MaskCounts
}

/** Output of one masking pass over a held-back tail. */
interface PassResult {
  /** Text released now. */
  out: string
  /** Original text still held back. */
  rest: string
  /** Last released shadow character (left context of the next pass). */
  ctx: string
  /** Values replaced in this pass. */
  matches: number
}

/** True for a UTF-16 high surrogate (the first half of a pair). */
function isHighSurrogate (c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff
}

/** Adds one match of `name` to `counts`. */
function bump (counts: MaskCounts, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1
}

/**
 * One pass: masks `work` (original text, preceded in the stream by shadow character `ctx`), releasing what is decided
 * (everything when `final`). Matches are counted into `counts`.
 */
function pass (mask: CompiledMask, ctx: string, work: string, final: boolean, counts: MaskCounts): PassResult {
  // Most streamed text (prose) holds nothing any built-in match needs: only its undecided tail is worked out.
  const quiet = final || mask.quietRelease === undefined ? -1 : mask.quietRelease(ctx, work)
  if (quiet >= 0) return { out: work.slice(0, quiet), rest: work.slice(quiet), ctx: quiet > 0 ? work.charAt(quiet - 1) : ctx, matches: 0 }
  const sh = mask.normalizer.shadow(work)
  const text = ctx + sh.text
  const off = ctx.length
  const starts = sh.starts
  const ends = sh.ends
  const spans: Span[] = []
  const isContinuation = starts === undefined
    ? undefined
    : (i: number): boolean => i > off && starts[i - off] === starts[i - off - 1]
  let safe = scanSpans(mask, text, off, final, spans, isContinuation)
  // Never cut inside the expansion of one original character: release up to its start and re-scan it next time.
  if (isContinuation !== undefined) while (safe < text.length && isContinuation(safe)) safe--
  const origAt = (i: number): number => i - off === sh.text.length ? work.length : starts === undefined ? i - off : starts[i - off] ?? work.length
  const release = origAt(safe)
  let out = ''
  let cursor = 0
  for (const span of spans) {
    const os = Math.max(cursor, origAt(span.start))
    const oe = ends === undefined ? span.end - off : ends[span.end - off - 1] ?? work.length
    out += work.slice(cursor, os) + mask.replacement(span.detector, text.slice(span.start, span.end))
    cursor = Math.max(cursor, oe)
    bump(counts, mask.detectors[span.detector]?.name ?? '?')
  }
  out += work.slice(cursor, Math.max(cursor, release))
  return { out, rest: work.slice(Math.max(cursor, release)), ctx: safe > 0 ? text.charAt(safe - 1) : ctx, matches: spans.length }
}

/**
 * Masks a whole string: every match of every detector of `mask` is replaced. Returns the text and per-detector
 * counts. Linear in the length of `text`.
 */
export function maskText (mask: CompiledMask, text: string): MaskResult {
  const counts: MaskCounts = {}
  return { text: maskTextInto(mask, text, counts), counts }
}

/** {@link maskText} that adds its counts to `counts` and returns only the text (no allocation when nothing matches). */
export function maskTextInto (mask: CompiledMask, text: string, counts: MaskCounts): string {
  if (!mask.enabled || text.length === 0 || !mask.mayMatch(text)) return text
  return pass(mask, '', text, true, counts).out
}

/**
 * Masks a text that arrives in pieces (one per SSE delta). `push` returns the text that is safe to release now;
 * `flush` releases the rest at the end. The concatenation of everything returned equals maskText of the whole
 * text, for any split. Holds back only a suffix that could still be (the start of) a match: at most the longest
 * match of any detector (`maxMatchLength` shadow characters, for custom patterns always their `maxLength`), plus
 * any invisible characters inside it. `push` throws MaskHoldBackOverflowError, and the stream must fail closed,
 * when that suffix exceeds MAX_HELD_BACK_CHARS original characters.
 */
export class StreamingTextMasker {
  readonly #mask: CompiledMask
  readonly #counts: MaskCounts
  #held = ''
  #ctx = ''
  #matches = 0

  /** `counts`, when given, is a record shared with other maskers of the same response; matches are added to it. */
  constructor (mask: CompiledMask, counts: MaskCounts = {}) {
    this.#mask = mask
    this.#counts = counts
  }

  /** Matches replaced so far, per detector (the shared record when one was given). */
  get counts (): Readonly<MaskCounts> {
    return this.#counts
  }

  /** Original characters currently held back. */
  get heldBack (): number {
    return this.#held.length
  }

  /** Values replaced so far by this masker (all detectors). */
  get matches (): number {
    return this.#matches
  }

  /** This masker's state (held text, context, match count), to {@link restore} after a trial push. */
  save (): MaskerState {
    return { held: this.#held, ctx: this.#ctx, matches: this.#matches }
  }

  /** Puts back a state from {@link save} (the caller restores any shared counts record itself). */
  restore (state: MaskerState): void {
    this.#held = state.held
    this.#ctx = state.ctx
    this.#matches = state.matches
  }

  /** Adds `text` and returns what can be released now (possibly ''). */
  push (text: string): string {
    if (!this.#mask.enabled) return text
    let work = this.#held + text
    if (work.length === 0) return ''
    // A high surrogate whose low half is still to come is held: the shadow copy works on whole code points.
    let tail = ''
    if (isHighSurrogate(work.charCodeAt(work.length - 1))) {
      tail = work.slice(-1)
      work = work.slice(0, -1)
    }
    const r = pass(this.#mask, this.#ctx, work, false, this.#counts)
    this.#matches += r.matches
    this.#held = r.rest + tail
    this.#ctx = r.ctx
    if (this.#held.length > MAX_HELD_BACK_CHARS) {
      throw new MaskHoldBackOverflowError(`masking held back more than ${MAX_HELD_BACK_CHARS} characters`)
    }
    return r.out
  }

  /** Releases everything held back, masked. The masker may be reused for a new text afterwards. */
  flush (): string {
    const work = this.#held
    this.#held = ''
    const ctx = this.#ctx
    this.#ctx = ''
    if (work.length === 0) return ''
    const r = pass(this.#mask, ctx, work, true, this.#counts)
    this.#matches += r.matches
    return r.out
  }
}

/** A {@link StreamingTextMasker}'s state. */
export interface MaskerState {
  readonly held: string
  readonly ctx: string
  readonly matches: number
}
