/**
 * Replacement strategies for a detected value (issue 4):
 * - `redact` → `[REDACTED:<detector>]`;
 * - `mask`   → `****` plus the last MASK_VISIBLE_TAIL_CHARS characters of the canonical value (cards: digits only,
 *              so `4111-1111-1111-1111` and fullwidth `４１１１…` both give `****1111`); values shorter than
 *              MASK_TAIL_MIN_VALUE_CHARS become a bare `****` so a short secret is never half shown;
 * - `hash`   → `[HASH:<detector>:<first HASH_HEX_CHARS hex of HMAC-SHA-256(key, canonical value)>]`. The key is
 *              per relay and random, so the same value correlates across responses of one relay but cannot be
 *              brute-forced offline (a card or SSN has too few possibilities for a plain hash).
 * Replacements contain no `"`, `\` or control characters, so they are safe inside JSON strings and tool-call
 * argument JSON.
 */
import { createHmac } from 'node:crypto'

import { HASH_HEX_CHARS, MASK_PREFIX, MASK_TAIL_MIN_VALUE_CHARS, MASK_VISIBLE_TAIL_CHARS } from './constants.js'
import { MaskHashKeyInvalidError } from './errors.js'

import type { MaskStrategy } from './mask-config.js'

/** `[REDACTED:<name>]`. */
export function redactValue (name: string): string {
  return `[REDACTED:${name}]`
}

/**
 * `****` plus the last MASK_VISIBLE_TAIL_CHARS code points of `canonical`, or `****` alone when `canonical` has fewer
 * than MASK_TAIL_MIN_VALUE_CHARS code points.
 */
export function maskValue (canonical: string): string {
  const cps = Array.from(canonical)
  if (cps.length < MASK_TAIL_MIN_VALUE_CHARS) return MASK_PREFIX
  return MASK_PREFIX + cps.slice(-MASK_VISIBLE_TAIL_CHARS).join('')
}

/**
 * `[HASH:<name>:<hex>]` with the first HASH_HEX_CHARS hex digits of HMAC-SHA-256(`key`, UTF-8 of `canonical`).
 * Throws MaskHashKeyInvalidError without a key (compileMask refuses such a config earlier).
 */
export function hashValue (name: string, canonical: string, key: Uint8Array | undefined): string {
  if (key === undefined) throw new MaskHashKeyInvalidError('the hash strategy needs a per-relay key')
  const hex = createHmac('sha256', key).update(canonical, 'utf8').digest('hex').slice(0, HASH_HEX_CHARS)
  return `[HASH:${name}:${hex}]`
}

/** The replacement for a value found by detector `name` under `strategy`. */
export function applyStrategy (strategy: MaskStrategy, name: string, canonical: string, key: Uint8Array | undefined): string {
  switch (strategy) {
    case 'redact': return redactValue(name)
    case 'mask': return maskValue(canonical)
    case 'hash': return hashValue(name, canonical, key)
  }
}
