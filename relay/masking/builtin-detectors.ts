/**
 * The built-in detectors, as hand-written linear scanners over the normalised shadow text (no regular expressions,
 * so no backtracking, THREATS C.5).
 *
 * Each scanner answers one question: "does a match start exactly at `s`, and where does it end?" It returns the
 * end offset, {@link NO_MATCH}, or {@link MAY_CONTINUE} when the answer depends on characters past the end of a
 * buffer that may still grow (`final` false). A scanner only reads `text[s - 1]` (its left boundary) and at most its
 * detector's maximum length plus one character after `s`, which is what lets the streaming masker hold back no more
 * than could still complete a match.
 */
import {
  AWS_ACCESS_KEY_CHARS, CARD_MAX_DIGITS, CARD_MIN_DIGITS, EMAIL_MAX_DOMAIN_CHARS, EMAIL_MAX_LABEL_CHARS,
  EMAIL_MAX_LOCAL_CHARS, EMAIL_MIN_TLD_CHARS, PROVIDER_KEY_MAX_BODY_CHARS, PROVIDER_KEY_MIN_BODY_CHARS, SSN_CHARS
} from './constants.js'

/** Scanner result: no match starts at this position. */
export const NO_MATCH = -1
/** Scanner result: undecided until more text arrives (only when `final` is false). */
export const MAY_CONTINUE = -2

/** A scanner: end offset of the match starting at `s` in `text`, NO_MATCH, or MAY_CONTINUE. */
export type Scanner = (text: string, s: number, final: boolean) => number

/** One ASCII character class as a 128-entry lookup table. */
function table (test: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(128)
  for (let c = 0; c < 128; c++) t[c] = test(c) ? 1 : 0
  return t
}

const isDigitC = (c: number): boolean => c >= 48 && c <= 57
const isUpperC = (c: number): boolean => c >= 65 && c <= 90
const isLowerC = (c: number): boolean => c >= 97 && c <= 122

const DIGIT = table(isDigitC)
const UPPER_ALNUM = table((c) => isDigitC(c) || isUpperC(c))
const ALNUM = table((c) => isDigitC(c) || isUpperC(c) || isLowerC(c))
const KEY_CHAR = table((c) => ALNUM[c] === 1 || c === 0x2d || c === 0x5f)
/** RFC 5322 `atext` (the dot-atom characters except `.`). */
const LOCAL_CHAR = table((c) => ALNUM[c] === 1 || "!#$%&'*+/=?^_`{|}~-".includes(String.fromCharCode(c)))
const DOMAIN_CHAR = table((c) => ALNUM[c] === 1 || c === 0x2d)
const LETTER = table((c) => isUpperC(c) || isLowerC(c))

/** True when `text[i]` is an ASCII character in `t` (false past either end of the string). */
function is (t: Uint8Array, text: string, i: number): boolean {
  const c = text.charCodeAt(i) // NaN outside the string, and t[NaN] is undefined
  return t[c] === 1
}

/** Code of `-`. */
const DASH = 0x2d
/** Code of a space. */
const SPACE = 0x20
/** Code of `@`. */
const AT = 0x40
/** Code of `.`. */
const DOT = 0x2e

/** Luhn (ISO/IEC 7812-1 annex B) check of `digits[0..n)`. */
function luhn (digits: readonly number[], n: number): boolean {
  let sum = 0
  for (let i = n - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits[i] ?? 0
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return sum % 10 === 0
}

/**
 * Payment card: 13–19 digits in groups separated by one space or dash, Luhn-valid, not preceded by a digit and
 * ending where a digit run ends. When several group prefixes qualify, the longest valid one wins, so a card
 * followed by ` 1234` is still found.
 */
export const scanCard: Scanner = (text, s, final) => {
  if (!is(DIGIT, text, s) || is(DIGIT, text, s - 1)) return NO_MATCH
  const end = text.length
  const digits: number[] = []
  let best = NO_MATCH
  let i = s
  for (;;) {
    while (i < end && is(DIGIT, text, i)) {
      digits.push(text.charCodeAt(i) - 48)
      i++
      if (digits.length > CARD_MAX_DIGITS) return best
    }
    if (i === end && !final) return MAY_CONTINUE
    if (digits.length >= CARD_MIN_DIGITS && luhn(digits, digits.length)) best = i
    if (digits.length === CARD_MAX_DIGITS) return best
    const c = text.charCodeAt(i)
    if (c !== SPACE && c !== DASH) return best
    if (i + 1 === end) return final ? best : MAY_CONTINUE
    if (!is(DIGIT, text, i + 1)) return best
    i++
  }
}

/** Position of each `-` in `ddd-dd-dddd`. */
const SSN_DASHES = new Set([3, 6])

/**
 * US Social Security number `ddd-dd-dddd`, not preceded or followed by a digit, excluding numbers the SSA never
 * issues: area 000, 666 or 900–999, group 00, serial 0000.
 */
export const scanSsn: Scanner = (text, s, final) => {
  if (!is(DIGIT, text, s) || is(DIGIT, text, s - 1)) return NO_MATCH
  const end = text.length
  for (let k = 0; k < SSN_CHARS; k++) {
    const i = s + k
    if (i === end) return final ? NO_MATCH : MAY_CONTINUE
    if (SSN_DASHES.has(k) ? text.charCodeAt(i) !== DASH : !is(DIGIT, text, i)) return NO_MATCH
    if (k === 2) {
      const area = text.slice(s, s + 3)
      if (area === '000' || area === '666' || area[0] === '9') return NO_MATCH
    }
    if (k === 5 && text.slice(s + 4, s + 6) === '00') return NO_MATCH
    if (k === 10 && text.slice(s + 7, s + 11) === '0000') return NO_MATCH
  }
  const after = s + SSN_CHARS
  if (after === end) return final ? after : MAY_CONTINUE
  return is(DIGIT, text, after) ? NO_MATCH : after
}

/**
 * Four-character prefixes of AWS access key ids and other unique ids that are credentials (AWS IAM "unique ID
 * prefixes"); `?` stands for any upper-case letter or digit (`A3T?`).
 */
const AWS_PREFIXES = ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'AGPA', 'AIDA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'AROA', 'ASCA', 'A3T?']
/** Length of an AWS id prefix. */
const AWS_PREFIX_CHARS = 4

/** True when `text[s..s+len)` is a prefix of some AWS id prefix. */
function awsPrefixOk (text: string, s: number, len: number): boolean {
  return AWS_PREFIXES.some((p) => {
    for (let k = 0; k < len; k++) {
      if (p[k] !== '?' && p[k] !== text[s + k]) return false
    }
    return true
  })
}

/**
 * AWS access key id: a known 4-character prefix (`AKIA`, `ASIA`, …) and 16 more upper-case letters or digits, 20 in
 * all, not touching another upper-case letter or digit on either side.
 */
export const scanAwsAccessKey: Scanner = (text, s, final) => {
  if (text.charCodeAt(s) !== 0x41 || is(UPPER_ALNUM, text, s - 1)) return NO_MATCH
  const end = text.length
  for (let k = 0; k < AWS_ACCESS_KEY_CHARS; k++) {
    const i = s + k
    if (i === end) return final ? NO_MATCH : MAY_CONTINUE
    if (!is(UPPER_ALNUM, text, i)) return NO_MATCH
    if (k < AWS_PREFIX_CHARS && !awsPrefixOk(text, s, k + 1)) return NO_MATCH
  }
  const after = s + AWS_ACCESS_KEY_CHARS
  if (after === end) return final ? after : MAY_CONTINUE
  return is(UPPER_ALNUM, text, after) ? NO_MATCH : after
}

/**
 * A provider key: `prefix` then at least PROVIDER_KEY_MIN_BODY_CHARS of `[A-Za-z0-9_-]`, not preceded by a letter or
 * digit. A body longer than PROVIDER_KEY_MAX_BODY_CHARS is matched up to that length (masking more is safe).
 */
function scanKey (text: string, s: number, final: boolean, prefix: string): number {
  if (is(ALNUM, text, s - 1)) return NO_MATCH
  const end = text.length
  for (let k = 0; k < prefix.length; k++) {
    if (s + k === end) return final ? NO_MATCH : MAY_CONTINUE
    if (text[s + k] !== prefix[k]) return NO_MATCH
  }
  const body = s + prefix.length
  let j = body
  while (j < end && j - body < PROVIDER_KEY_MAX_BODY_CHARS && is(KEY_CHAR, text, j)) j++
  if (j - body === PROVIDER_KEY_MAX_BODY_CHARS) return j
  if (j === end && !final) return MAY_CONTINUE
  return j - body >= PROVIDER_KEY_MIN_BODY_CHARS ? j : NO_MATCH
}

/** Prefix of Anthropic API keys (`sk-ant-api03-…`, `sk-ant-admin01-…`). */
const ANTHROPIC_PREFIX = 'sk-ant-'
/** Prefix of OpenAI API keys (`sk-…`, `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`). */
const OPENAI_PREFIX = 'sk-'

/** Anthropic API key: `sk-ant-` and a key body. */
export const scanAnthropicKey: Scanner = (text, s, final) => scanKey(text, s, final, ANTHROPIC_PREFIX)

/** OpenAI API key: `sk-` and a key body that does not start with `ant-` (those are Anthropic's). */
export const scanOpenAIKey: Scanner = (text, s, final) => {
  if (text.startsWith(ANTHROPIC_PREFIX, s)) return NO_MATCH
  return scanKey(text, s, final, OPENAI_PREFIX)
}

/**
 * Email address, a practical RFC 5322 subset: a local part of `atext` and dots (not starting with a dot, at most
 * 64 characters), `@`, and a domain of at least two dot-separated labels of letters, digits and `-` (each at most
 * 63 characters, 253 in all) whose last label is at least two letters. The local part must not follow another
 * `atext` character; the match takes as many labels as form a valid domain, so a trailing `.` is left out.
 */
export const scanEmail: Scanner = (text, s, final) => {
  if (!is(LOCAL_CHAR, text, s) || is(LOCAL_CHAR, text, s - 1)) return NO_MATCH
  const end = text.length
  let i = s
  while (i < end && (is(LOCAL_CHAR, text, i) || text.charCodeAt(i) === DOT)) {
    i++
    if (i - s > EMAIL_MAX_LOCAL_CHARS) return NO_MATCH
  }
  if (i === end) return final ? NO_MATCH : MAY_CONTINUE
  if (text.charCodeAt(i) !== AT) return NO_MATCH
  const domain = i + 1
  let best = NO_MATCH
  let labels = 0
  let l = domain
  for (;;) {
    let j = l
    while (j < end && is(DOMAIN_CHAR, text, j) && j - l <= EMAIL_MAX_LABEL_CHARS) j++
    if (j - l > EMAIL_MAX_LABEL_CHARS || j - domain > EMAIL_MAX_DOMAIN_CHARS) return best
    if (j === end && !final) return MAY_CONTINUE
    if (j === l) return best
    labels++
    if (labels >= 2 && j - l >= EMAIL_MIN_TLD_CHARS && allLetters(text, l, j)) best = j
    if (text.charCodeAt(j) !== DOT) return best
    if (j + 1 === end) return final ? best : MAY_CONTINUE
    if (!is(DOMAIN_CHAR, text, j + 1)) return best
    l = j + 1
  }
}

/** True when `text[from..to)` is all ASCII letters. */
function allLetters (text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!is(LETTER, text, k)) return false
  return true
}

/** Start of the run of local-part characters and dots that ends `text` (text.length when it ends otherwise). */
function trailingLocalRun (text: string): number {
  let i = text.length
  while (i > 0 && (is(LOCAL_CHAR, text, i - 1) || text.charCodeAt(i - 1) === DOT)) i--
  return i
}

/** A scanner bound to one text: `next(pos)` is the first position >= pos where it may answer other than NO_MATCH. */
export interface BoundScanner {
  /** Lower bound of the next candidate start at or after `pos` (Infinity when there is none). */
  next: (pos: number) => number
  /** The scanner's answer at `s`. */
  matchAt: (s: number) => number
}

/** Binds a scanner whose candidates are the matches of `re` (a global regex of the possible first characters). */
function bindByRegex (scan: Scanner, re: RegExp): (text: string, final: boolean) => BoundScanner {
  // One regex per detector: passes run synchronously and every use sets lastIndex first, so sharing it is safe.
  const r = new RegExp(re.source, 'g')
  return (text, final) => ({
    next: (pos) => {
      r.lastIndex = pos
      const m = r.exec(text)
      return m === null ? Infinity : m.index
    },
    matchAt: (s) => scan(text, s, final)
  })
}

/**
 * Provider keys: candidates are occurrences of `sk-`, plus (in a growing buffer) the last two positions, where a
 * split `s` / `sk` may become one.
 */
function bindKey (scan: Scanner): (text: string, final: boolean) => BoundScanner {
  return (text, final) => ({
    next: (pos) => {
      const i = text.indexOf(OPENAI_PREFIX, pos)
      const found = i === -1 ? Infinity : i
      return final ? found : Math.min(found, Math.max(pos, text.length - 2))
    },
    matchAt: (s) => scan(text, s, final)
  })
}

/**
 * Email: a match at `s` needs an `@` within EMAIL_MAX_LOCAL_CHARS + 1 characters (the first `@` after `s` ends the
 * local part). Without one, the only undecided starts are in the local-part run that reaches the end of a growing
 * buffer. So candidates are the 64 positions before each `@`, and that trailing run: prose without `@` costs one
 * indexOf per pass instead of a scan per word.
 */
function bindEmail (text: string, final: boolean): BoundScanner {
  let at = -2
  let trail = -1
  return {
    next: (pos) => {
      if (at !== -1 && at < pos) at = text.indexOf('@', pos)
      if (at === -1) {
        if (final) return Infinity
        if (trail < 0) trail = trailingLocalRun(text)
        return Math.max(pos, trail)
      }
      return Math.max(pos, at - EMAIL_MAX_LOCAL_CHARS)
    },
    matchAt: (s) => scanEmail(text, s, final)
  }
}

/** Static description of one built-in detector. */
export interface BuiltinSpec {
  /** Longest match, in shadow characters. */
  readonly maxLength: number
  /** The scanner. */
  readonly scan: Scanner
  /** Binds the scanner to one text. */
  readonly bind: (text: string, final: boolean) => BoundScanner
  /** Canonical form of a matched value for the mask and hash strategies (cards: digits only). */
  readonly canonical: (value: string) => string
}

const identity = (v: string): string => v
const digitsOnly = (v: string): string => v.replace(/[^0-9]/g, '')

/** The built-in detectors by name, in priority order (on equal length, the earlier one wins). */
export const BUILTIN_SPECS = {
  anthropic_key: { maxLength: ANTHROPIC_PREFIX.length + PROVIDER_KEY_MAX_BODY_CHARS, scan: scanAnthropicKey, bind: bindKey(scanAnthropicKey), canonical: identity },
  openai_key: { maxLength: OPENAI_PREFIX.length + PROVIDER_KEY_MAX_BODY_CHARS, scan: scanOpenAIKey, bind: bindKey(scanOpenAIKey), canonical: identity },
  aws_access_key: { maxLength: AWS_ACCESS_KEY_CHARS, scan: scanAwsAccessKey, bind: bindByRegex(scanAwsAccessKey, /A/g), canonical: identity },
  card: { maxLength: CARD_MAX_DIGITS * 2 - 1, scan: scanCard, bind: bindByRegex(scanCard, /[0-9]/g), canonical: digitsOnly },
  ssn: { maxLength: SSN_CHARS, scan: scanSsn, bind: bindByRegex(scanSsn, /[0-9]/g), canonical: identity },
  email: { maxLength: EMAIL_MAX_LOCAL_CHARS + 1 + EMAIL_MAX_DOMAIN_CHARS, scan: scanEmail, bind: bindEmail, canonical: identity }
} as const satisfies Record<string, BuiltinSpec>

/** Code of `s`. */
const LOWER_S = 0x73
/** Code of `k`. */
const LOWER_K = 0x6b

/**
 * The streaming pass's answer for "quiet" text, without running the scanners: how many characters of `work` a
 * non-final pass over `ctx + work` (scanning from `work`) releases, when `work` holds no character any built-in
 * match needs (no digit, `@`, `A`, `sk-` or non-ASCII: the caller checks) and only built-in detectors are configured.
 * Then nothing in `work` can match, and the only undecided starts are where more text could still complete one:
 * - email (`email`): a local part that starts in the local-part run ending `work` (at a local character not after
 *   another one: the run's start or just after a dot), at most EMAIL_MAX_LOCAL_CHARS from the end;
 * - provider keys (`keys`): `s` or `sk` ending `work`, not after a letter or digit.
 * The answer is the first such start (`work.length` when none): exactly what scanSpans returns for that text, which
 * the masking tests check for random quiet text against the scanners themselves. `ctx` is the one character
 * before `work` ('' at the start).
 */
export function quietRelease (ctx: string, work: string, email: boolean, keys: boolean): number {
  const len = work.length
  const code = (i: number): number => i >= 0 ? work.charCodeAt(i) : ctx.charCodeAt(ctx.length + i)
  let release = len
  if (keys) {
    if (len >= 2 && work.charCodeAt(len - 2) === LOWER_S && work.charCodeAt(len - 1) === LOWER_K && ALNUM[code(len - 3)] !== 1) release = len - 2
    else if (len >= 1 && work.charCodeAt(len - 1) === LOWER_S && ALNUM[code(len - 2)] !== 1) release = len - 1
  }
  if (email) {
    let run = len
    while (run > 0 && (LOCAL_CHAR[work.charCodeAt(run - 1)] === 1 || work.charCodeAt(run - 1) === DOT)) run--
    for (let p = Math.max(run, len - EMAIL_MAX_LOCAL_CHARS); p < release; p++) {
      if (LOCAL_CHAR[work.charCodeAt(p)] === 1 && LOCAL_CHAR[code(p - 1)] !== 1) {
        release = p
        break
      }
    }
  }
  return release
}
