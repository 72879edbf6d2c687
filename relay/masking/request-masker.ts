/**
 * Request-side masking: when a policy rule says `maskRequest: true`, PII in the prompt is replaced before the
 * request leaves the relay, so the provider never receives it.
 *
 * Only the fields that carry prompt text are walked (chat `messages`, Responses `input`/`instructions`, legacy
 * `prompt`, embeddings `input`, Anthropic `system`/`messages`); inside them every string is masked except
 * structural ones (roles, types, ids, URLs and binary payloads). Model names and parameters are never touched.
 */
import { maskTextInto } from './text-masker.js'

import type { CompiledMask } from './detectors.js'
import type { MaskCounts } from './text-masker.js'

/** Top-level request fields that hold prompt text. */
const PROMPT_FIELDS = ['messages', 'system', 'input', 'instructions', 'prompt', 'suffix'] as const
/** Keys inside prompt fields whose string values are structure, not text. */
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  'role', 'type', 'id', 'tool_call_id', 'tool_use_id', 'call_id', 'item_id', 'name', 'image_url', 'url', 'file_id',
  'file_url', 'file_data', 'input_audio', 'audio', 'b64_json', 'detail', 'format', 'media_type', 'source', 'cache_control', 'status'
])
/** Deepest nesting walked; parseJsonBody already refuses deeper bodies. */
const MAX_WALK_DEPTH = 64

/** Masks prompt text in `body` in place; adds per-detector counts to `counts`. Returns true when anything changed. */
export function maskRequestInPlace (mask: CompiledMask, body: unknown, counts: MaskCounts): boolean {
  if (!mask.enabled || body === null || typeof body !== 'object' || Array.isArray(body)) return false
  const root = body as Record<string, unknown>
  let changed = false
  const walk = (holder: Record<string, unknown> | unknown[], key: string | number, depth: number): void => {
    const value = (holder as Record<string | number, unknown>)[key]
    if (typeof value === 'string') {
      const masked = maskTextInto(mask, value, counts)
      if (masked !== value) {
        (holder as Record<string | number, unknown>)[key] = masked
        changed = true
      }
      return
    }
    if (depth >= MAX_WALK_DEPTH || value === null || typeof value !== 'object') return
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) walk(value, i, depth + 1)
      return
    }
    for (const k of Object.keys(value)) {
      if (!STRUCTURAL_KEYS.has(k)) walk(value as Record<string, unknown>, k, depth + 1)
    }
  }
  for (const field of PROMPT_FIELDS) {
    if (Object.hasOwn(root, field)) walk(root, field, 0)
  }
  return changed
}
