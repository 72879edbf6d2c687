/**
 * Compiles a `mask:` config (mask-config.ts) into detectors: the built-in scanners (builtin-detectors.ts), custom
 * RE2 patterns (re2js, linear time, THREATS C.5) and custom word lists.
 *
 * A detector is asked, position by position, whether a match starts there (see {@link Detector.bind}); the text
 * masker combines all detectors left to right (earliest start wins, then the longest match, then the earlier
 * detector). Every detector sees the normalised shadow text (normalize.ts), never the original.
 */
import { RE2JS } from 're2js'

import { BUILTIN_SPECS, MAY_CONTINUE, NO_MATCH, quietRelease } from './builtin-detectors.js'
import { MIN_HASH_KEY_BYTES } from './constants.js'
import { MaskHashKeyInvalidError, MaskPatternInvalidError } from './errors.js'
import { BUILTIN_DETECTORS } from './mask-config.js'
import { Normalizer } from './normalize.js'
import { applyStrategy } from './strategies.js'

import type { BoundScanner } from './builtin-detectors.js'
import type { CustomDetectorConfig, MaskConfig, MaskStrategy } from './mask-config.js'

export { MAY_CONTINUE, NO_MATCH } from './builtin-detectors.js'

/**
 * A detector bound to one text: `matchAt(start)` is the end offset of the match starting at `start`, NO_MATCH, or
 * MAY_CONTINUE; `next(pos)` is a lower bound of the next start at or after `pos` where `matchAt` may answer
 * anything but NO_MATCH (Infinity when there is none), which lets a pass skip text no detector can start in.
 */
export type BoundDetector = BoundScanner

/** One compiled detector. */
export interface Detector {
  /** Name used in `[REDACTED:<name>]`, in counts and in per-detector strategies. */
  readonly name: string
  /** Replacement strategy for this detector's matches. */
  readonly strategy: MaskStrategy
  /**
   * Longest match, in shadow characters: the most a stream ever holds back for this detector. For a custom pattern
   * this is the configured `maxLength`, which the pattern must honour (docs/masking.md).
   */
  readonly maxLength: number
  /**
   * Binds the detector to `text` (a shadow copy) for one left-to-right pass; the bound functions must be called
   * with non-decreasing offsets. With `final` false the end of `text` is the end of a buffer that may grow, and
   * any answer that depends on what comes next is MAY_CONTINUE; with `final` true it is the end of the text.
   */
  bind: (text: string, final: boolean) => BoundDetector
  /** Canonical form of a matched (shadow) value, fed to the mask and hash strategies. */
  readonly canonical: (value: string) => string
}

/** Options of {@link compileMask}. */
export interface CompileMaskOptions {
  /**
   * Per-relay random HMAC key for the `hash` strategy, at least MIN_HASH_KEY_BYTES bytes (e.g. `randomBytes(32)`
   * made once at startup). Required when any detector uses `hash`; otherwise unused.
   */
  hashKey?: Uint8Array
}

/** A compiled `mask:` section, shared read-only by every masker of a relay. */
export interface CompiledMask {
  /** The detectors, in priority order: built-ins (fixed order), then custom ones in config order. */
  readonly detectors: readonly Detector[]
  /** True when at least one detector is configured; when false, masking is off. */
  readonly enabled: boolean
  /** Longest match across detectors, in shadow characters (the largest possible hold-back). */
  readonly maxMatchLength: number
  /** Shadow-copy builder. */
  readonly normalizer: Normalizer
  /**
   * Cheap whole-text pre-check: false when no detector can match anywhere in `text` (final mode only). With only
   * built-ins, a match needs a digit, `@`, `A` or `sk-`; custom detectors always answer true.
   */
  mayMatch: (text: string) => boolean
  /**
   * The streaming pass's shortcut (builtin-detectors.ts `quietRelease`): for a non-final pass over `ctx + work`
   * (`ctx` the one character before), the number of characters of `work` released when `work` holds nothing any
   * detector needs, or -1 when it may (then the detectors run). Undefined with custom detectors.
   */
  quietRelease: ((ctx: string, work: string) => number) | undefined
  /** Replacement text for a match of detector `index` whose shadow text is `value`. */
  replacement: (index: number, value: string) => string
}

/** Binds a built-in scanner. */
function builtin (name: keyof typeof BUILTIN_SPECS, strategy: MaskStrategy): Detector {
  const spec = BUILTIN_SPECS[name]
  return {
    name,
    strategy,
    maxLength: spec.maxLength,
    canonical: spec.canonical,
    bind: spec.bind
  }
}

/**
 * A custom RE2 pattern. Its end-of-buffer answer is conservative: with `final` false, any start within `maxLength`
 * of the end is MAY_CONTINUE (RE2 has no partial-match query), so a stream holds back `maxLength` characters.
 * Empty matches are ignored.
 */
function regexDetector (c: CustomDetectorConfig, pattern: string, maxLength: number, strategy: MaskStrategy): Detector {
  let re: RE2JS
  try {
    re = RE2JS.compile(pattern, c.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (err: unknown) {
    throw new MaskPatternInvalidError(`custom detector '${c.name}': pattern is not valid RE2 syntax`, { cause: err })
  }
  return {
    name: c.name,
    strategy,
    maxLength,
    canonical: (v) => v,
    bind: (text, final) => {
      const m = re.matcher(text)
      const limit = final ? Infinity : text.length - maxLength
      // Next non-empty match at or after `from` (RE2 leftmost-first), cached while the pass moves forward.
      let nextStart = -1
      let nextEnd = -1
      const search = (from: number): void => {
        nextStart = Infinity
        let at = from
        while (at <= text.length && m.find(at)) {
          if (m.end() > m.start()) {
            nextStart = m.start()
            nextEnd = m.end()
            return
          }
          at = m.start() + 1
        }
      }
      return {
        next: (pos) => {
          if (pos >= limit) return pos
          if (nextStart < pos) search(pos)
          return Math.min(nextStart, limit)
        },
        matchAt: (s) => {
          if (s >= limit) return MAY_CONTINUE
          if (nextStart < s) search(s)
          return nextStart === s ? nextEnd : NO_MATCH
        }
      }
    }
  }
}

/**
 * What every built-in match contains, in the shadow text: a digit (card, SSN), `@` (email), `A` (AWS) or `sk-`
 * (keys). The shadow of a string without these characters in the original is also without them unless it has
 * non-ASCII characters (NFKC can produce them), so non-ASCII text always passes the check.
 */
const BUILTIN_TRIGGER = /[0-9@A\u0080-\uffff]|sk-/

/** Trie node of a word list, keyed by folded UTF-16 code unit. */
interface TrieNode {
  next: Map<number, TrieNode>
  terminal: boolean
}

/** True for characters that make up words (ASCII word characters, Unicode letters and digits). */
function isWordUnit (c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
  return /[\p{L}\p{N}]/u.test(String.fromCharCode(c))
}

/** Case folding of one UTF-16 code unit (identity when it would change length). */
function foldUnit (c: number): number {
  if (c >= 65 && c <= 90) return c + 32
  if (c < 128) return c
  const lower = String.fromCharCode(c).toLowerCase()
  return lower.length === 1 ? lower.charCodeAt(0) : c
}

/**
 * A word list: the longest listed word starting at `s` (compared on the shadow text, case-folded per code unit when
 * `caseInsensitive`), with a word boundary on each side where the word itself begins or ends with a word character.
 */
function wordDetector (c: CustomDetectorConfig, words: readonly string[], strategy: MaskStrategy, normalizer: Normalizer): Detector {
  const fold = c.caseInsensitive ? foldUnit : (u: number): number => u
  const root: TrieNode = { next: new Map(), terminal: false }
  const firstChars = new Set<string>()
  let startsNonAscii = c.caseInsensitive
  let maxLength = 0
  for (const raw of words) {
    const w = normalizer.shadow(raw).text
    if (w.length === 0) continue
    maxLength = Math.max(maxLength, w.length)
    let node = root
    for (let k = 0; k < w.length; k++) {
      const u = fold(w.charCodeAt(k))
      let child = node.next.get(u)
      if (child === undefined) {
        child = { next: new Map(), terminal: false }
        node.next.set(u, child)
      }
      node = child
    }
    node.terminal = true
    const first = w.charAt(0)
    if (first.charCodeAt(0) < 128) {
      firstChars.add(first)
      // Both cases of a letter start a case-insensitive word.
      if (c.caseInsensitive) {
        firstChars.add(first.toLowerCase())
        firstChars.add(first.toUpperCase())
      }
    } else startsNonAscii = true
  }
  // Candidate starts: any listed first character (and any non-ASCII character when a word may start with one).
  const hex = (ch: string): string => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`
  const startClass = `[${[...firstChars].map(hex).join('')}${startsNonAscii ? '\\u0080-\\uffff' : ''}]`
  // Shared by every pass: passes run synchronously and each use sets lastIndex first.
  const r = new RegExp(startClass, 'g')
  const matchAt = (text: string, final: boolean, s: number): number => {
      const end = text.length
      if (isWordUnit(text.charCodeAt(s)) && s > 0 && isWordUnit(text.charCodeAt(s - 1))) return NO_MATCH
      let node: TrieNode | undefined = root
      let best = NO_MATCH
      let pending = false
      for (let j = s; node !== undefined; j++) {
        if (node.terminal && j > s) {
          // The word ends at j: it needs a boundary after it only if its last character is a word character.
          if (!isWordUnit(text.charCodeAt(j - 1))) best = j
          else if (j < end) { if (!isWordUnit(text.charCodeAt(j))) best = j } else if (final) best = j
          else pending = true
        }
        if (j === end) {
          if (!final && node.next.size > 0) pending = true
          break
        }
        node = node.next.get(fold(text.charCodeAt(j)))
      }
      return pending ? MAY_CONTINUE : best
  }
  return {
    name: c.name,
    strategy,
    maxLength,
    canonical: (v) => v,
    bind: (text, final) => {
      return {
        next: (pos) => {
          if (firstChars.size === 0 && !startsNonAscii) return Infinity
          r.lastIndex = pos
          return r.exec(text)?.index ?? Infinity
        },
        matchAt: (s) => matchAt(text, final, s)
      }
    }
  }
}

/**
 * Compiles a validated `mask:` section. Throws MaskPatternInvalidError for a pattern RE2 rejects, and
 * MaskHashKeyInvalidError when a detector uses `hash` without a hashKey of at least MIN_HASH_KEY_BYTES bytes.
 * Call once per policy load; the result is immutable and shared.
 */
export function compileMask (config: MaskConfig, options: CompileMaskOptions = {}): CompiledMask {
  const normalizer = new Normalizer()
  const strategyOf = (name: string, own?: MaskStrategy): MaskStrategy => own ?? config.strategies[name] ?? config.strategy
  const wanted = new Set<string>(config.builtin === 'all' ? BUILTIN_DETECTORS : config.builtin)
  const detectors: Detector[] = []
  for (const name of Object.keys(BUILTIN_SPECS) as Array<keyof typeof BUILTIN_SPECS>) {
    if (wanted.has(name)) detectors.push(builtin(name, strategyOf(name)))
  }
  for (const c of config.custom) {
    const strategy = strategyOf(c.name, c.strategy)
    if (c.pattern !== undefined) detectors.push(regexDetector(c, c.pattern, c.maxLength ?? 1, strategy))
    else detectors.push(wordDetector(c, c.words ?? [], strategy, normalizer))
  }
  const hashKey = options.hashKey
  const quietEmail = wanted.has('email')
  const quietKeys = wanted.has('openai_key') || wanted.has('anthropic_key')
  if (detectors.some((d) => d.strategy === 'hash') && (hashKey === undefined || hashKey.byteLength < MIN_HASH_KEY_BYTES)) {
    throw new MaskHashKeyInvalidError(`the hash strategy needs a per-relay key of at least ${MIN_HASH_KEY_BYTES} bytes`)
  }
  return Object.freeze({
    detectors: Object.freeze(detectors),
    enabled: detectors.length > 0,
    maxMatchLength: detectors.reduce((m, d) => Math.max(m, d.maxLength), 0),
    normalizer,
    mayMatch: config.custom.length > 0 ? () => true : (text: string) => BUILTIN_TRIGGER.test(text),
    quietRelease: config.custom.length > 0
      ? undefined
      : (ctx: string, work: string) => BUILTIN_TRIGGER.test(work) ? -1 : quietRelease(ctx, work, quietEmail, quietKeys),
    replacement: (index: number, value: string): string => {
      const d = detectors[index]
      if (d === undefined) throw new RangeError(`no detector ${index}`)
      return applyStrategy(d.strategy, d.name, d.canonical(value), hashKey)
    }
  })
}

/** A match span in a string: [start, end) and the index of the detector that found it. */
export interface Span {
  /** First character of the match. */
  start: number
  /** One past the last character of the match. */
  end: number
  /** Index into CompiledMask.detectors. */
  detector: number
}

/**
 * Runs every detector of `mask` over `text` from `from`, left to right, appending non-overlapping spans to `out`.
 * At each position the longest match wins (ties: the earlier detector); scanning resumes after it. Returns the
 * offset up to which the outcome is decided: `text.length` when `final`, else the first position where some
 * detector answered MAY_CONTINUE (a match may start there once more text arrives).
 * `isContinuation(i)`, when given, is true for shadow offsets inside the expansion of one original character; a
 * match end is moved past such offsets so a replaced character is never scanned again.
 */
export function scanSpans (mask: CompiledMask, text: string, from: number, final: boolean, out: Span[], isContinuation?: (i: number) => boolean): number {
  const dets = mask.detectors
  const n = dets.length
  const bound: BoundDetector[] = []
  const next: number[] = []
  for (let k = 0; k < n; k++) {
    bound.push((dets[k] as Detector).bind(text, final))
    next.push(-1)
  }
  const end = text.length
  let pos = from
  while (pos < end) {
    // Jump to the first position where some detector may start.
    let at = Infinity
    for (let k = 0; k < n; k++) {
      let nk = next[k] as number
      if (nk < pos) next[k] = nk = (bound[k] as BoundDetector).next(pos)
      if (nk < at) at = nk
    }
    if (at >= end) break
    pos = at
    let bestEnd = -1
    let best = -1
    for (let k = 0; k < n; k++) {
      if (next[k] !== pos) continue
      const r = (bound[k] as BoundDetector).matchAt(pos)
      if (r === MAY_CONTINUE) return pos
      if (r > bestEnd) {
        bestEnd = r
        best = k
      }
    }
    if (best < 0) {
      pos++
      continue
    }
    out.push({ start: pos, end: bestEnd, detector: best })
    pos = bestEnd
    if (isContinuation !== undefined) while (pos < end && isContinuation(pos)) pos++
  }
  return end
}

/**
 * Finds the spans of one detector in a whole string (`final` true) or a growing buffer: the convenience form of
 * {@link scanSpans} used by tests and tools. `decided` is the offset before which the answer can no longer change.
 */
export function findSpans (mask: CompiledMask, text: string, final = true): { spans: Span[], decided: number } {
  const spans: Span[] = []
  const decided = scanSpans(mask, text, 0, final, spans)
  return { spans, decided }
}
