/**
 * Masking of every string inside a parsed JSON value (THREATS C.4: message content, tool-call arguments, refusals,
 * error messages, Responses output text, Anthropic content blocks, and any field a provider adds later).
 *
 * Strings are masked whole, with the JSON escapes already decoded by JSON.parse (so `\u0040` is `@`). Object keys,
 * numbers and the opaque binary fields in OPAQUE_JSON_KEYS (and `audio.data`) are left alone. The walk is iterative,
 * so nesting depth cannot overflow the stack.
 */
import { MAX_CLEAN_STRING_CACHE_CHARS, MAX_CLEAN_STRING_CACHE_ENTRIES, OPAQUE_JSON_KEYS } from './constants.js'
import { maskTextInto } from './text-masker.js'

import type { CompiledMask } from './detectors.js'
import type { MaskCounts } from './text-masker.js'

/** A JSON object as produced by JSON.parse. */
export type JsonRecord = Record<string, unknown>

/** True for a non-null, non-array object. */
export function isRecord (v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** True when the string under `key` (inside an object found under `parentKey`) is opaque binary. */
function isOpaque (key: string, parentKey: string | undefined): boolean {
  return OPAQUE_JSON_KEYS.has(key) || (key === 'data' && parentKey === 'audio')
}

/** Masks one string, skipping strings already known to be clean and remembering new clean ones (bounded). */
function maskString (mask: CompiledMask, v: string, counts: MaskCounts, clean: Set<string> | undefined): string {
  if (clean?.has(v) === true) return v
  const m = maskTextInto(mask, v, counts)
  if (m === v && clean !== undefined && v.length <= MAX_CLEAN_STRING_CACHE_CHARS && clean.size < MAX_CLEAN_STRING_CACHE_ENTRIES) clean.add(v)
  return m
}

/**
 * Masks, in place, every string in the containers of `root` (an object or array from JSON.parse); matches are
 * added to `counts`. Returns true when anything changed. A bare string root cannot be changed in place: use
 * {@link maskJsonValue}. `clean`, when given, is a per-response cache of strings known to need no masking
 * (masking is deterministic, so a clean string stays clean); it is read and extended, up to
 * MAX_CLEAN_STRING_CACHE_ENTRIES strings of at most MAX_CLEAN_STRING_CACHE_CHARS.
 */
export function maskJsonInPlace (mask: CompiledMask, root: object, counts: MaskCounts, clean?: Set<string>): boolean {
  let changed = false
  const stack: Array<{ node: object, key: string | undefined }> = [{ node: root, key: undefined }]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { node, key: parentKey } = top
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i]
        if (typeof v === 'string') {
          const m = maskString(mask, v, counts, clean)
          if (m !== v) {
            node[i] = m
            changed = true
          }
        } else if (typeof v === 'object' && v !== null) stack.push({ node: v, key: parentKey })
      }
      continue
    }
    const rec = node as JsonRecord
    for (const key of Object.keys(rec)) {
      const v = rec[key]
      if (typeof v === 'string') {
        if (isOpaque(key, parentKey)) continue
        const m = maskString(mask, v, counts, clean)
        if (m !== v) {
          rec[key] = m
          changed = true
        }
      } else if (typeof v === 'object' && v !== null) stack.push({ node: v, key })
    }
  }
  return changed
}

/** Masks any JSON value (a string root included); returns the new value and whether it changed. */
export function maskJsonValue (mask: CompiledMask, value: unknown, counts: MaskCounts): { value: unknown, changed: boolean } {
  if (typeof value === 'string') {
    const m = maskTextInto(mask, value, counts)
    return { value: m, changed: m !== value }
  }
  if (typeof value === 'object' && value !== null) return { value, changed: maskJsonInPlace(mask, value, counts) }
  return { value, changed: false }
}

/** Number of string values (not keys) anywhere in `root` equal to `value`. */
export function countStringValues (root: object, value: string): number {
  let n = 0
  const stack: object[] = [root]
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    for (const v of Object.values(node) as unknown[]) {
      if (v === value) n++
      else if (typeof v === 'object' && v !== null) stack.push(v)
    }
  }
  return n
}
