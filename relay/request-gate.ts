/**
 * Policy admission of one request, after identity and routing and before anything is forwarded.
 *
 * Bodies of JSON API calls are read whole (bounded by the body limit, counted while streaming), parsed strictly
 * (invalid UTF-8 or JSON → 400), judged by policy, optionally masked, and re-serialised: the agent forwards exactly
 * the object policy saw, so duplicate keys or a second `model` cannot smuggle anything past it. Other bodies
 * (multipart uploads, audio) stream through untouched and are judged on their route and size only.
 */
import { BodyLimiter } from './http/body-limit.js'
import { compiledMaskFor } from './masking/mask-cache.js'
import { maskRequestInPlace } from './masking/request-masker.js'
import { APPROVAL_PROMPT_EXCERPT_CHARS } from './approvals/constants.js'
import { parseJsonBody, serializeForwardedBody } from './policy/json-body.js'
import { extractPromptText } from './policy/prompt-extract.js'
import { evaluateRequest } from './policy/policy-engine.js'
import { isKnownEndpoint } from './policy/prompt-extract.js'

import type { HoldDecision } from './policy/policy-engine.js'
import type { IncomingMessage } from 'node:http'
import type { Identity } from './identity/jwt-verifier.js'
import type { CompiledPolicy } from './policy/policy-compiler.js'
import type { MaskCounts } from './masking/text-masker.js'

/** Methods whose body is read and judged when it is JSON. */
const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

/** What the gate decided for an allowed request. */
export interface GateResult {
  /** The re-serialised body to forward, or undefined to stream the client's body through (non-JSON, or none). */
  forwardBody: Buffer | undefined
  /** Access and limits rules the request was in scope of. */
  matchedRules: string[]
  /** Values masked in the prompt, per detector (request-side masking). */
  requestMasked: MaskCounts
  /** The body's `model`, when it is a JSON object with a string model. */
  model?: string
  /** The body asked for a stream (`stream: true`). */
  stream?: boolean
  /** A `hold` rule matched: the request waits for an approval before it is forwarded. */
  hold?: HoldDecision
  /** For approvers of a held request: the start of its prompt text. */
  promptExcerpt?: string
}

/** Everything the gate needs for one request. */
export interface GateInput {
  req: IncomingMessage
  identity: Identity
  connection: string
  /** Upstream path without `/c/<connection>` and without the query, e.g. `/v1/chat/completions`. */
  path: string
  policy: CompiledPolicy
  maxBodyBytes: number
  bodyIdleMs: number
  hashKey: Uint8Array | undefined
  /**
   * Runs after policy allowed the request and before its body is serialised for forwarding (spend admission:
   * it may change the parsed body in place, or throw to refuse). Gets undefined for bodies that are not JSON objects.
   */
  beforeForward?: ((body: Record<string, unknown> | undefined, bodyBytes: number) => Promise<void>) | undefined
}

/** True when the request's body is parsed as JSON: a body method on a known JSON endpoint, or a JSON content type. */
export function readsJsonBody (method: string, path: string, contentType: string | undefined): boolean {
  if (!BODY_METHODS.has(method)) return false
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (type.startsWith('multipart/')) return false
  return isKnownEndpoint(path) || type === 'application/json' || type.endsWith('+json')
}

/** Reads a whole body, counting bytes as they stream; rejects with 413 past `maxBytes` and 408 when idle. */
export async function readBoundedBody (req: IncomingMessage, maxBytes: number, idleMs: number): Promise<Buffer> {
  const limiter = new BodyLimiter({ maxBytes, idleMs })
  const chunks: Buffer[] = []
  req.on('error', (err) => limiter.destroy(err))
  req.pipe(limiter)
  for await (const chunk of limiter) chunks.push(chunk as Buffer)
  return chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks)
}

/** The start of a request's prompt text, for approvers (APPROVAL_PROMPT_EXCERPT_CHARS). */
function promptExcerptOf (path: string, body: unknown): string {
  try {
    return extractPromptText(path, body, { maxChars: APPROVAL_PROMPT_EXCERPT_CHARS }).texts.join('\n').slice(0, APPROVAL_PROMPT_EXCERPT_CHARS)
  } catch {
    // Longer than the excerpt: show its start anyway.
    return extractPromptText(path, body, { maxChars: Number.MAX_SAFE_INTEGER }).texts.join('\n').slice(0, APPROVAL_PROMPT_EXCERPT_CHARS)
  }
}

/**
 * Admits or refuses one request. Resolves with what to forward; rejects with a GatewayError that is ready for the
 * client (400 bad JSON, 403 policy, 408/413 body, 413 prompt too large). The decision is never "allow" by default
 * on an error.
 */
export async function gateRequest (input: GateInput): Promise<GateResult> {
  const { req, identity, policy } = input
  const method = req.method ?? 'GET'
  const base = { subject: identity.subject, groups: identity.groups, connection: input.connection, method, path: input.path }
  if (!readsJsonBody(method, input.path, req.headers['content-type'])) {
    const declared = Number(req.headers['content-length'] ?? 0)
    const decision = evaluateRequest(policy, { ...base, body: undefined, bodyBytes: Number.isFinite(declared) ? declared : 0 })
    if (!decision.allowed) throw decision.error
    await input.beforeForward?.(undefined, Number.isFinite(declared) ? declared : 0)
    return { forwardBody: undefined, matchedRules: decision.matchedRules, requestMasked: {}, ...(decision.hold === undefined ? {} : { hold: decision.hold, promptExcerpt: '' }) }
  }
  const raw = await readBoundedBody(req, input.maxBodyBytes, input.bodyIdleMs)
  const body = parseJsonBody(raw)
  const decision = evaluateRequest(policy, { ...base, body, bodyBytes: raw.length })
  if (!decision.allowed) throw decision.error
  const requestMasked: MaskCounts = {}
  if (decision.maskRequest) maskRequestInPlace(compiledMaskFor(policy.mask, input.hashKey), body, requestMasked)
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body)
  const fields = isObject ? body as Record<string, unknown> : {}
  await input.beforeForward?.(isObject ? fields : undefined, raw.length)
  return {
    forwardBody: serializeForwardedBody(body),
    matchedRules: decision.matchedRules,
    requestMasked,
    ...(typeof fields.model === 'string' ? { model: fields.model } : {}),
    stream: fields.stream === true,
    ...(decision.hold === undefined ? {} : { hold: decision.hold, promptExcerpt: promptExcerptOf(input.path, body) })
  }
}
