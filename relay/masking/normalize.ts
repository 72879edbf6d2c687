/**
 * The normalised "shadow copy" detectors match on (THREATS C.2), with a map back to the original text so that the
 * ORIGINAL characters of a match are replaced.
 *
 * Each code point is normalised on its own, which makes the shadow of a concatenation the concatenation of the
 * shadows: the property the streaming masker relies on to give the same answer for any split of the input.
 * - NFKC (UAX #15) folds fullwidth and other compatibility forms: `４１１１` → `4111`, `ｓｋ－` → `sk-`, `𝟒` → `4`.
 * - Zero-width and invisible formatting characters are dropped from the shadow (they stay in the original and are
 *   replaced with the match around them): see {@link isInvisible}.
 * - Unicode dashes (hyphen, en/em dash, minus sign…) fold to `-` so `4111‐1111‐…` still reads as a card.
 * Per-code-point NFKC does not compose combining sequences (`e` + U+0301 stays two characters) and no confusable
 * (homoglyph) folding is done: Cyrillic `а` is not `a`. docs/masking.md lists what this does not catch.
 */

/** Largest number of distinct non-ASCII code points one {@link Normalizer} memoises (bounds its memory). */
const MAX_MEMO_ENTRIES = 4096

/** First code point that is not ASCII; ASCII is NFKC-stable and has no invisible characters. */
const FIRST_NON_ASCII = 0x80
/** Any non-ASCII UTF-16 code unit. */
const NON_ASCII = /[^\x00-\x7f]/

/**
 * True for code points dropped from the shadow copy: zero-width space/non-joiner/joiner (U+200B–U+200D), word joiner
 * (U+2060), invisible operators (U+2061–U+2064), zero-width no-break space / BOM (U+FEFF), soft hyphen (U+00AD) and
 * the Mongolian vowel separator (U+180E).
 */
export function isInvisible (cp: number): boolean {
  return (cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 && cp <= 0x2064) || cp === 0xfeff || cp === 0x00ad || cp === 0x180e
}

/** True for dash-like code points (after NFKC) that fold to ASCII `-`. */
function isDash (cp: number): boolean {
  return (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d
}

/**
 * A shadow copy: `text` is what detectors see; `starts[i]`/`ends[i]` give the [start, end) range in the original
 * of the code point that produced shadow character `i`. Both are undefined when the shadow is the original itself
 * (pure ASCII, the common case), meaning the identity map.
 */
export interface Shadow {
  /** The normalised text. */
  readonly text: string
  /** Original start offset of each shadow character (length `text.length`), or undefined for the identity map. */
  readonly starts: readonly number[] | undefined
  /** Original end offset of each shadow character (length `text.length`), or undefined for the identity map. */
  readonly ends: readonly number[] | undefined
}

/**
 * Builds shadow copies. Holds a small memo of per-code-point normalisations (at most MAX_MEMO_ENTRIES entries, after
 * which new code points are normalised without being remembered), so one instance belongs to one compiled config.
 */
export class Normalizer {
  readonly #memo = new Map<number, string>()

  /** The shadow of one code point: '' when invisible, `-` for dashes, else its NFKC form. */
  fold (cp: number): string {
    const hit = this.#memo.get(cp)
    if (hit !== undefined) return hit
    let out: string
    if (isInvisible(cp)) out = ''
    else {
      out = String.fromCodePoint(cp).normalize('NFKC')
      if (out.length === 1 && isDash(out.charCodeAt(0))) out = '-'
    }
    if (this.#memo.size < MAX_MEMO_ENTRIES) this.#memo.set(cp, out)
    return out
  }

  /**
   * Returns the shadow copy of `original`. A lone surrogate is kept as it is; callers that stream must not pass a
   * high surrogate whose low half has not arrived yet (the streaming masker holds it back).
   */
  shadow (original: string): Shadow {
    const n = original.length
    // A native search finds the first non-ASCII character much faster than a charCodeAt loop.
    let i = original.search(NON_ASCII)
    if (i < 0) return { text: original, starts: undefined, ends: undefined }
    const starts: number[] = []
    const ends: number[] = []
    for (let k = 0; k < i; k++) {
      starts.push(k)
      ends.push(k + 1)
    }
    let text = original.slice(0, i)
    while (i < n) {
      const c = original.charCodeAt(i)
      if (c < FIRST_NON_ASCII) {
        text += original[i]
        starts.push(i)
        ends.push(i + 1)
        i++
        continue
      }
      const cp = original.codePointAt(i) ?? c
      const width = cp > 0xffff ? 2 : 1
      const folded = this.fold(cp)
      for (let k = 0; k < folded.length; k++) {
        starts.push(i)
        ends.push(i + width)
      }
      text += folded
      i += width
    }
    return { text, starts, ends }
  }
}
