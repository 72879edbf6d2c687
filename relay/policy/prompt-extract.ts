/**
 * Extracts what policy checks from a parsed request body: the prompt text and the fields that caps look at.
 *
 * Shapes covered (docs/policy.md has the table):
 * - chat `messages`: string content, content-part arrays (`text` parts), tool messages' content, assistant
 *   `tool_calls[].function.arguments` / `function_call.arguments`, `refusal`, participant `name`;
 * - `/v1/responses`: `instructions`, `input` as a string or an item list (messages with `input_text` parts,
 *   `function_call.arguments`, `function_call_output.output`, reasoning `summary`), `prompt` templates' variables;
 * - legacy completions `prompt` (string or array; token arrays are ignored) and `suffix`;
 * - embeddings / moderations `input` (string, array of strings, text parts; token arrays are ignored);
 * - Anthropic `system` (string or blocks) and `messages` blocks: `text`, `tool_use.input`, `tool_result.content`,
 *   `document` with a text or content source, `thinking`;
 * - on every endpoint, tool definitions (`tools`, `functions`), `response_format`, `text.format` and `prediction`,
 *   whose descriptions and schemas the model reads too: every string value and object key in them.
 * On an endpoint not in KNOWN_ENDPOINT_SUFFIXES, or when the body is not an object, every string value and key of the
 * body is prompt text (fail closed).
 * Binary payloads (`image_url`, base64 sources, audio) are not text and are skipped; base64-encoded text documents
 * are therefore not checked (THREATS.md §C.3: encodings are a documented limit).
 *
 * The walk is iterative (an explicit stack), so a deeply nested body cannot overflow the call stack, and texts come
 * out in document order, so the engine can join adjacent parts to catch a keyword split across them.
 */
import { PromptTooLargeError } from './errors.js'

/** Path suffixes whose body shapes are known; any other endpoint's whole body counts as prompt text. */
export const KNOWN_ENDPOINT_SUFFIXES: readonly string[] = Object.freeze([
  '/chat/completions', '/completions', '/embeddings', '/moderations', '/responses', '/responses/input_tokens',
  '/messages', '/messages/count_tokens'
])

/** Fields that carry a token limit for the reply; a `maxTokens` cap applies to each one present. */
export const TOKEN_LIMIT_FIELDS: readonly string[] = Object.freeze(['max_tokens', 'max_completion_tokens', 'max_output_tokens'])

/** Fields that ask for several completions; a `maxN` cap applies to each one present. */
export const N_FIELDS: readonly string[] = Object.freeze(['n', 'best_of'])

/** Fields that hold tool definitions; a `maxTools` cap applies to their combined length. */
export const TOOL_FIELDS: readonly string[] = Object.freeze(['tools', 'functions'])

/** Keys whose values are binary payloads or URLs, never prompt text, skipped by the whole-value walk. */
const BINARY_KEYS: ReadonlySet<string> = new Set(['image_url', 'file_data', 'b64_json', 'input_audio', 'audio', 'file_id', 'file_url'])

/** Top-level fields read as message content (in this order) on known endpoints. */
const CONTENT_FIELDS = ['instructions', 'system', 'messages', 'input', 'prompt', 'suffix', 'prediction'] as const

/** Top-level fields read whole (every string value and key) on known endpoints. */
const FREEFORM_FIELDS = ['tools', 'functions', 'response_format', 'text'] as const

/** Keys of a message, item or block whose values are content, read in this order. */
const CONTENT_KEYS = ['name', 'text', 'content', 'refusal', 'thinking', 'summary', 'title', 'context', 'output', 'arguments', 'function', 'function_call', 'tool_calls'] as const

/** A numeric field and the value that caps compare (`Infinity` when present but not a finite number). */
export interface CappedField {
  /** Field name, e.g. `max_completion_tokens`. */
  readonly field: string
  /** Its value; a value that is present but not a finite number (a string, an object, 1e400) reads as Infinity. */
  readonly value: number
}

/** Fields of a request body that scopes and caps look at. */
export interface RequestFields {
  /** The body's `model` when it is a string. */
  model?: string
  /** The largest of the token-limit fields present (null counts as absent: it means "provider default"). */
  maxTokens?: CappedField
  /** The largest of `n` / `best_of` present. */
  n?: CappedField
  /** Number of tool definitions (`tools` plus `functions`); Infinity when either is present but not an array. */
  tools?: number
  /** True when the body asks for a streamed response. */
  stream?: boolean
}

/** Result of {@link extractPromptText}. */
export interface ExtractedPrompt extends RequestFields {
  /** Prompt texts in document order; empty strings are left out. */
  texts: string[]
  /** Total characters (UTF-16 code units) in `texts`. */
  chars: number
}

/** Options of {@link extractPromptText}. */
export interface ExtractOptions {
  /** Most characters to extract; past it PromptTooLargeError (413) is thrown. Default: unbounded. */
  maxChars?: number
}

function isRecord (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Reads a capped numeric field: absent or null → undefined; a finite number → itself; anything else → Infinity. */
function cappedValue (v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
}

/** The largest present field of `fields` in `body`. */
function largest (body: Record<string, unknown>, fields: readonly string[]): CappedField | undefined {
  let best: CappedField | undefined
  for (const field of fields) {
    const value = cappedValue(body[field])
    if (value !== undefined && (best === undefined || value > best.value)) best = { field, value }
  }
  return best
}

/** Reads the fields caps and scopes need; cheap (top-level only). A body that is not an object yields `{}`. */
export function extractRequestFields (body: unknown): RequestFields {
  if (!isRecord(body)) return {}
  const out: RequestFields = {}
  if (typeof body.model === 'string') out.model = body.model
  const maxTokens = largest(body, TOKEN_LIMIT_FIELDS)
  if (maxTokens !== undefined) out.maxTokens = maxTokens
  const n = largest(body, N_FIELDS)
  if (n !== undefined) out.n = n
  let tools: number | undefined
  for (const field of TOOL_FIELDS) {
    const v = body[field]
    if (v === undefined || v === null) continue
    tools = (tools ?? 0) + (Array.isArray(v) ? v.length : Number.POSITIVE_INFINITY)
  }
  if (tools !== undefined) out.tools = tools
  if (typeof body.stream === 'boolean') out.stream = body.stream
  return out
}

/** True when `path` (no query) ends in a suffix of KNOWN_ENDPOINT_SUFFIXES, ignoring case and trailing slashes. */
export function isKnownEndpoint (path: string): boolean {
  const q = path.indexOf('?')
  let p = (q === -1 ? path : path.slice(0, q)).toLowerCase()
  while (p.endsWith('/')) p = p.slice(0, -1)
  return KNOWN_ENDPOINT_SUFFIXES.some((s) => p.endsWith(s))
}

/** One pending step of the walk: read `value` as content, read it whole, or emit an object key. */
type Task = { mode: 'content' | 'whole', value: unknown } | { mode: 'key', value: string }

/**
 * Extracts the prompt text of a request to `path` (the upstream path, e.g. `/v1/chat/completions`) plus the fields
 * of {@link extractRequestFields}. Throws PromptTooLargeError when the texts pass `opts.maxChars`; never throws
 * anything else, whatever the body.
 */
export function extractPromptText (path: string, body: unknown, opts: ExtractOptions = {}): ExtractedPrompt {
  const maxChars = opts.maxChars ?? Number.POSITIVE_INFINITY
  const texts: string[] = []
  let chars = 0
  const emit = (s: string): void => {
    if (s === '') return
    chars += s.length
    if (chars > maxChars) {
      throw new PromptTooLargeError(`request blocked by policy: the prompt text is longer than ${maxChars} characters, the most policy checks`)
    }
    texts.push(s)
  }

  // The stack holds tasks in reverse document order: pushing children reversed keeps the output in order.
  const stack: Task[] = []
  const pushAll = (tasks: Task[]): void => {
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i] as Task)
  }
  if (isKnownEndpoint(path) && isRecord(body)) {
    pushAll([
      ...CONTENT_FIELDS.map((f): Task => ({ mode: 'content', value: body[f] })),
      ...FREEFORM_FIELDS.map((f): Task => ({ mode: 'whole', value: body[f] }))
    ])
  } else {
    stack.push({ mode: 'whole', value: body })
  }

  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    const { value } = task
    if (task.mode === 'key' || typeof value === 'string') {
      emit(value as string)
    } else if (Array.isArray(value)) {
      const mode = task.mode
      pushAll(value.map((v): Task => ({ mode, value: v })))
    } else if (isRecord(value)) {
      pushAll(task.mode === 'whole' ? wholeChildren(value) : contentChildren(value))
    }
    // Numbers (token arrays), booleans and null carry no text.
  }
  return { ...extractRequestFields(body), texts, chars }
}

/** Children of an object read whole: each key, then its value; binary payload keys are skipped entirely. */
function wholeChildren (obj: Record<string, unknown>): Task[] {
  const out: Task[] = []
  for (const [k, v] of Object.entries(obj)) {
    if (BINARY_KEYS.has(k)) continue
    out.push({ mode: 'key', value: k }, { mode: 'whole', value: v })
  }
  return out
}

/** Children of a message, item or content block read as content. */
function contentChildren (obj: Record<string, unknown>): Task[] {
  const out: Task[] = CONTENT_KEYS.map((k): Task => ({ mode: 'content', value: obj[k] }))
  // Tool-call arguments: a JSON string (OpenAI) or an object (Anthropic `tool_use.input`, whose keys the model reads).
  const input = obj.input
  out.push({ mode: isRecord(input) ? 'whole' : 'content', value: input })
  // Anthropic documents: `{type:'text', data}` is plain text, `{type:'content', content:[…]}` is blocks; base64 is not text.
  const source = obj.source
  if (isRecord(source)) {
    if (source.type === 'text') out.push({ mode: 'content', value: source.data })
    else if (source.type === 'content') out.push({ mode: 'content', value: source.content })
  }
  // Responses prompt templates: `prompt: {id, variables: {name: string | part}}`.
  if (isRecord(obj.variables)) out.push({ mode: 'content', value: Object.values(obj.variables) })
  return out
}
