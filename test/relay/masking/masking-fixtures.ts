/**
 * Helpers of the masking tests: a compiled config with every detector, secret samples, SSE stream builders in the
 * shapes the fake provider (test/fixtures/fake-provider-*.ts) emits, and a driver that pushes bytes through a
 * ResponseMasker in given chunks.
 */
import { randomBytes } from 'node:crypto'

import { compileMask } from '../../../relay/masking/detectors.js'
import { maskConfigSchema } from '../../../relay/masking/mask-config.js'
import { SseParser } from '../../../relay/masking/sse-parser.js'

import type { CompiledMask } from '../../../relay/masking/detectors.js'
import type { ResponseMasker } from '../../../relay/masking/response-masker.js'
import type { SseBlock, SseEvent } from '../../../relay/masking/sse-parser.js'

/** A fixed 32-byte HMAC key for the hash strategy. */
export const HASH_KEY = Buffer.alloc(32, 7)

/** Compiles a mask config (zod defaults applied) with {@link HASH_KEY}. */
export function compile (config: unknown): CompiledMask {
  return compileMask(maskConfigSchema.parse(config), { hashKey: HASH_KEY })
}

/** Every built-in detector plus one custom pattern and one word list, all redacting. */
export function allDetectors (): CompiledMask {
  return compile({
    builtin: 'all',
    custom: [
      { name: 'employee_id', pattern: 'EMP-[0-9]{6}', maxLength: 10 },
      { name: 'codename', words: ['BLUEBIRD', 'NIGHT JAR'], caseInsensitive: true }
    ]
  })
}

/** One sample value per detector (the name is the detector that must catch it). */
export const SAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['card', '4111-1111-1111-1111'],
  ['card', '4111 1111 1111 1111'],
  ['card', '5500005555555559'],
  ['card', '378282246310005'],
  ['ssn', '123-45-6789'],
  ['aws_access_key', 'AKIAIOSFODNN7EXAMPLE'],
  ['openai_key', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
  ['openai_key', 'sk-svcacct-Q1w2E3r4T5y6U7i8O9p0A1s2D3f4'],
  ['anthropic_key', 'sk-ant-api03-Zx9Cv8Bn7Mm6Ll5Kk4Jj3Hh2Gg1Ff0-AbCdEf'],
  ['email', 'jane.doe+tag@mail.example.co.uk'],
  ['employee_id', 'EMP-123456'],
  ['codename', 'BlueBird']
]

/** Characters random "clean" text is drawn from: near misses of every detector, but no complete secret. */
export const NEAR_MISS_ALPHABET = [...'abcsk AKIZ0123459 .-@_\n"\\é😀']

/** Serialises one event like the fake provider (`event:` line when named, `data: ` lines, blank line). */
export function sse (ev: SseEvent): string {
  let out = ev.event === undefined ? '' : `event: ${ev.event}\n`
  for (const line of ev.data.split('\n')) out += `data: ${line}\n`
  return out + '\n'
}

/** Fixed top-level fields of the chat chunks. */
const CHAT_BASE = { id: 'chatcmpl-fake1', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o-mini', system_fingerprint: 'fp_fake' }

/** The usage chunk a chat stream ends with (`choices: []`). */
export const CHAT_USAGE_CHUNK = { ...CHAT_BASE, choices: [], usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 } }

/**
 * An OpenAI chat completion stream as the fake provider writes it with include_usage: role delta, one content
 * delta per piece, finish chunk, usage chunk, `[DONE]`. With `tool`, the pieces are tool-call argument deltas.
 */
export function chatStream (pieces: readonly string[], tool = false): string {
  const chunk = (choices: unknown[], usage: unknown = null): string => sse({ data: JSON.stringify({ ...CHAT_BASE, choices, usage }) })
  let out = chunk([{ index: 0, delta: tool ? { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } }] } : { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }])
  for (const p of pieces) {
    out += chunk([{ index: 0, delta: tool ? { tool_calls: [{ index: 0, function: { arguments: p } }] } : { content: p }, logprobs: null, finish_reason: null }])
  }
  out += chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: tool ? 'tool_calls' : 'stop' }])
  out += sse({ data: JSON.stringify(CHAT_USAGE_CHUNK) })
  return out + sse({ data: '[DONE]' })
}

/** A `/v1/completions` stream: one `text` piece per chunk, a finish chunk with `text: ''`, `[DONE]`. */
export function completionsStream (pieces: readonly string[]): string {
  const base = { id: 'cmpl-fake1', object: 'text_completion', created: 1700000000, model: 'gpt-3.5-turbo-instruct' }
  let out = ''
  for (const p of pieces) out += sse({ data: JSON.stringify({ ...base, choices: [{ text: p, index: 0, logprobs: null, finish_reason: null }] }) })
  out += sse({ data: JSON.stringify({ ...base, choices: [{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }] }) })
  return out + sse({ data: '[DONE]' })
}

/** An Anthropic Messages stream (message_start … content_block_delta… … message_stop). */
export function anthropicStream (pieces: readonly string[]): string {
  const ev = (type: string, fields: Record<string, unknown>): string => sse({ event: type, data: JSON.stringify({ type, ...fields }) })
  const message = { id: 'msg_fake1', type: 'message', role: 'assistant', model: 'claude-3-5-haiku-latest', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } }
  let out = ev('message_start', { message })
  out += ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } })
  out += ev('ping', {})
  for (const p of pieces) out += ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } })
  out += ev('content_block_stop', { index: 0 })
  out += ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 12 } })
  return out + ev('message_stop', {})
}

/** A `/v1/responses` stream as the fake provider writes it (deltas, then done events repeating the full text). */
export function responsesStream (pieces: readonly string[]): string {
  let seq = 0
  const ev = (type: string, fields: Record<string, unknown>): string => sse({ event: type, data: JSON.stringify({ type, sequence_number: seq++, ...fields }) })
  const text = pieces.join('')
  const part = { type: 'output_text', text, annotations: [] }
  const item = { id: 'msg_fake1', type: 'message', status: 'completed', role: 'assistant', content: [part] }
  const response = (status: string, output: unknown[]): Record<string, unknown> => ({ id: 'resp_fake1', object: 'response', created_at: 1700000000, status, model: 'gpt-4o-mini', output, usage: null })
  const at = { item_id: 'msg_fake1', output_index: 0, content_index: 0 }
  let out = ev('response.created', { response: response('in_progress', []) })
  out += ev('response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } })
  out += ev('response.content_part.added', { ...at, part: { ...part, text: '' } })
  for (const delta of pieces) out += ev('response.output_text.delta', { ...at, delta, logprobs: [] })
  out += ev('response.output_text.done', { ...at, text, logprobs: [] })
  out += ev('response.content_part.done', { ...at, part })
  out += ev('response.output_item.done', { output_index: 0, item })
  return out + ev('response.completed', { response: response('completed', [item]) })
}

/** Cuts `bytes` at the given offsets (any order, duplicates and out-of-range values ignored). */
export function cut (bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p))
    prev = p
  }
  return out
}

/**
 * Runs `chunks` through `masker` and returns everything it output, as one Buffer. Each chunk is written on its own
 * turn of the event loop, so each reaches the masker alone (as the tunnel delivers them); chunks written in one
 * synchronous run would be joined into one input before masking.
 */
export async function run (masker: ResponseMasker, chunks: readonly Buffer[]): Promise<Buffer> {
  const collected: Buffer[] = []
  masker.on('data', (b: Buffer) => collected.push(b))
  const done = new Promise<void>((resolve, reject) => {
    masker.on('end', resolve)
    masker.on('error', reject)
  })
  // A failure may come while chunks are still being written; it is reported by `await done` below.
  done.catch(() => {})
  for (const c of chunks) {
    if (masker.destroyed) break
    masker.write(c)
    await new Promise((resolve) => setImmediate(resolve))
  }
  if (!masker.destroyed) masker.end()
  await done
  return Buffer.concat(collected)
}

/** Parses SSE text into blocks (throws on parser error). */
export function parseBlocks (text: string): SseBlock[] {
  const blocks: SseBlock[] = []
  const p = new SseParser({ onBlock: (b) => blocks.push(b), onError: (err) => { throw err } })
  p.feed(text)
  const rest = p.end()
  if (rest !== '') throw new Error(`unterminated SSE block: ${JSON.stringify(rest)}`)
  return blocks
}

/** The dispatched events of SSE text. */
export function parseEvents (text: string): SseEvent[] {
  return parseBlocks(text).flatMap((b) => b.event === undefined ? [] : [b.event])
}

/** Joined `choices[0].delta.content` (or tool-call arguments, or completions `text`) of chat chunks. */
export function joinedChat (events: readonly SseEvent[], tool = false): string {
  let out = ''
  for (const e of events) {
    if (e.data === '[DONE]') continue
    const d = JSON.parse(e.data) as { choices: Array<{ text?: string, delta?: { content?: string | null, tool_calls?: Array<{ function?: { arguments?: string } }> } }> }
    for (const ch of d.choices) {
      if (typeof ch.text === 'string') out += ch.text
      if (tool) out += ch.delta?.tool_calls?.map((tc) => tc.function?.arguments ?? '').join('') ?? ''
      else out += ch.delta?.content ?? ''
    }
  }
  return out
}

/** A random hash key (for tests that want a fresh one). */
export function freshKey (): Buffer {
  return randomBytes(32)
}
