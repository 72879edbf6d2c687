/**
 * Spend admission and settlement of one exchange (issue 7), between the policy gate and forwarding.
 *
 * Admission: the `spend` rules in scope give the counters the request is charged to (per subject, group,
 * connection, model, or one per rule). The request's worst case is estimated (prompt tokens from the body size at
 * ESTIMATED_CHARS_PER_TOKEN, plus its output-token limit, or DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS when it sets none),
 * priced, and reserved atomically in the store. When a `cap` rule's remaining tokens or budget do not cover that
 * worst case, the request's output-token limit is lowered to what they do cover (at least MIN_CAPPED_OUTPUT_TOKENS)
 * before it is forwarded; otherwise, and for `refuse` rules, it gets 429 with `retry-after`.
 *
 * Settlement: once the exchange has ended (completed, failed, cut, killed), the reservation is replaced by the
 * actual usage the provider reported, or by an estimate from the text when it reported none.
 */
import { inScope, normaliseEndpoint } from '../policy/scope-match.js'
import { StateStoreUnavailableError } from '../state/errors.js'
import {
  DAY_MS, DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS, ESTIMATED_CHARS_PER_TOKEN, MIN_CAPPED_OUTPUT_TOKENS, MINUTE_MS
} from './constants.js'
import { SpendLimitError, SpendUnknownModelError } from './errors.js'
import { costNanoUsd, formatUsd } from './prices.js'

import type { Identity } from '../identity/jwt-verifier.js'
import type { CounterState, SpendCounter, SpendStore } from '../state/spend-store.js'
import type { Price, TokenUsage } from './prices.js'
import type { CompiledSpend, CompiledSpendRule } from './spend-policy.js'

/** What {@link admitSpend} needs. */
export interface SpendRequest {
  spend: CompiledSpend
  store: SpendStore | undefined
  identity: Identity
  connection: string
  /** Upstream path, e.g. `/v1/chat/completions`. */
  path: string
  /** The parsed JSON body (changed in place: include_usage, a capped token limit), or undefined for other bodies. */
  body: Record<string, unknown> | undefined
  bodyBytes: number
  nowMs: number
}

/** An admitted exchange's spend state, to settle when it ends. */
export interface SpendAdmission {
  readonly model: string
  readonly price: Price
  readonly promptTokensEstimate: number
  /** Reservation to settle, when any rule applied. */
  readonly reservationId: string | undefined
  /** The relay added `stream_options.include_usage`: remove the usage chunk from what the client sees. */
  readonly stripUsageChunk: boolean
  /** The output-token limit was lowered to fit a budget (the new value). */
  readonly cappedTo: number | undefined
  /** `x-ratelimit-*` headers for the client. */
  readonly headers: Record<string, string>
}

/** Body fields that limit output tokens, and which one a capped request gets when it set none. */
const TOKEN_FIELDS = ['max_completion_tokens', 'max_tokens', 'max_output_tokens'] as const

/** The output-token limit field to set for `path` when the body has none. */
function tokenFieldFor (path: string): string {
  return path.endsWith('/responses') ? 'max_output_tokens' : 'max_tokens'
}

/** The request's output-token limit and the field that holds it. */
function outputLimitOf (body: Record<string, unknown> | undefined, path: string): { field: string, tokens: number | undefined } {
  for (const f of TOKEN_FIELDS) {
    const v = body?.[f]
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return { field: f, tokens: Math.floor(v) }
  }
  return { field: tokenFieldFor(path), tokens: undefined }
}

/** Streamed chat completions and legacy completions report usage only when `stream_options.include_usage` is set. */
function wantsInjectedUsage (path: string, body: Record<string, unknown> | undefined): boolean {
  if (body === undefined || body.stream !== true) return false
  if (!path.endsWith('/chat/completions') && !path.endsWith('/completions')) return false
  const so = body.stream_options
  return !(typeof so === 'object' && so !== null && (so as Record<string, unknown>).include_usage === true)
}

/** Counter keys of `rule` for this identity (a member of several listed groups is charged to each). */
function keysOf (rule: CompiledSpendRule, r: SpendRequest, model: string): string[] {
  switch (rule.per) {
    case 'subject': return [`subject:${r.identity.subject}`]
    case 'connection': return [`connection:${r.connection}`]
    case 'model': return [`model:${model}`]
    case 'rule': return ['all']
    case 'group': {
      const listed = rule.scope.groups
      const groups = listed === undefined ? r.identity.groups : r.identity.groups.filter((g) => listed.has(g))
      return groups.length === 0 ? ['group:'] : groups.map((g) => `group:${g}`)
    }
  }
}

/** The counters of the rules in scope, charged `tokens` and `costNano`. */
function countersFor (rules: readonly CompiledSpendRule[], r: SpendRequest, model: string, tokens: number, costNano: number): SpendCounter[] {
  const out: SpendCounter[] = []
  for (const rule of rules) {
    for (const key of keysOf(rule, r, model)) {
      const add = (metric: SpendCounter['metric'], window: SpendCounter['window'], limit: number | undefined, amount: number): void => {
        if (limit !== undefined) out.push({ rule: rule.name, key, metric, window, limit, amount })
      }
      add('requests', MINUTE_MS, rule.requestsPerMinute, 1)
      add('concurrent', 'none', rule.concurrent, 1)
      add('tokens', MINUTE_MS, rule.tokensPerMinute, tokens)
      add('tokens', DAY_MS, rule.tokensPerDay, tokens)
      add('cost', DAY_MS, rule.costPerDayNano, costNano)
      add('cost', 'month', rule.costPerMonthNano, costNano)
    }
  }
  return out
}

/** The tightest `metric` counter (least remaining). */
function tightest (states: readonly CounterState[], metric: SpendCounter['metric']): CounterState | undefined {
  let best: CounterState | undefined
  for (const s of states) {
    if (s.counter.metric !== metric) continue
    if (best === undefined || s.counter.limit - s.used < best.counter.limit - best.used) best = s
  }
  return best
}

/** Seconds until `s`'s window resets (at least 1). */
function secondsToReset (s: CounterState, nowMs: number): number {
  return s.resetUnixMs === undefined ? 1 : Math.max(1, Math.ceil((s.resetUnixMs - nowMs) / 1000))
}

/** `x-ratelimit-*` headers describing `states` (OpenAI's names for requests and tokens, ours for cost). */
function headersFor (states: readonly CounterState[], nowMs: number): Record<string, string> {
  const h: Record<string, string> = {}
  const req = tightest(states, 'requests')
  if (req !== undefined) {
    h['x-ratelimit-limit-requests'] = String(req.counter.limit)
    h['x-ratelimit-remaining-requests'] = String(Math.max(0, req.counter.limit - req.used))
    h['x-ratelimit-reset-requests'] = `${secondsToReset(req, nowMs)}s`
  }
  const tok = tightest(states, 'tokens')
  if (tok !== undefined) {
    h['x-ratelimit-limit-tokens'] = String(tok.counter.limit)
    h['x-ratelimit-remaining-tokens'] = String(Math.max(0, tok.counter.limit - tok.used))
    h['x-ratelimit-reset-tokens'] = `${secondsToReset(tok, nowMs)}s`
  }
  const cost = tightest(states, 'cost')
  if (cost !== undefined) {
    h['x-keyward-budget-limit-usd'] = formatUsd(cost.counter.limit)
    h['x-keyward-budget-remaining-usd'] = formatUsd(Math.max(0, cost.counter.limit - cost.used))
    h['x-keyward-budget-reset'] = `${secondsToReset(cost, nowMs)}s`
  }
  return h
}

/** What a refused counter means, for the client. */
function refusalText (s: CounterState): string {
  const c = s.counter
  const what = c.metric === 'requests'
    ? `${c.limit} requests per minute`
    : c.metric === 'concurrent'
      ? `${c.limit} concurrent requests`
      : c.metric === 'tokens'
        ? `${c.limit} tokens per ${c.window === MINUTE_MS ? 'minute' : 'day'}`
        : `$${formatUsd(c.limit)} per ${c.window === 'month' ? 'month' : 'day'}`
  return `spend limit reached: rule '${c.rule}' allows ${what} (${c.key})`
}

/**
 * Admits one request: returns its spend state, or throws SpendLimitError (429), SpendUnknownModelError (403) or
 * StateStoreUnavailableError (503, the store failed: fail closed).
 */
export async function admitSpend (r: SpendRequest): Promise<SpendAdmission> {
  const model = typeof r.body?.model === 'string' ? r.body.model : ''
  const price = r.spend.prices.lookup(model) ?? r.spend.unknownModelPrice
  if (price === undefined) {
    if (model !== '') throw new SpendUnknownModelError(`model '${model}' has no price and policy refuses unpriced models (pricing.unknownModel: refuse)`)
  }
  const effective = price ?? { input: 0, output: 0, cached: 0 }
  const stripUsageChunk = wantsInjectedUsage(r.path, r.body)
  if (stripUsageChunk && r.body !== undefined) {
    const so = r.body.stream_options
    r.body.stream_options = { ...(typeof so === 'object' && so !== null ? so : {}), include_usage: true }
  }
  const promptTokens = Math.ceil(r.bodyBytes / ESTIMATED_CHARS_PER_TOKEN)
  const subject = { subject: r.identity.subject, groups: r.identity.groups, connection: r.connection, modelLower: model === '' ? undefined : model.toLowerCase(), endpointLower: normaliseEndpoint(r.path) }
  const rules = r.spend.rules.filter((rule) => inScope(rule.scope, subject))
  const base = { model, price: effective, promptTokensEstimate: promptTokens, stripUsageChunk }
  if (rules.length === 0 || r.store === undefined) return { ...base, reservationId: undefined, cappedTo: undefined, headers: {} }

  const limit = outputLimitOf(r.body, r.path)
  let maxOut = limit.tokens ?? DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS
  let cappedTo: number | undefined
  const worst = (out: number): { tokens: number, cost: number } => ({ tokens: promptTokens + out, cost: costNanoUsd({ input: promptTokens, output: out, cached: 0 }, effective) })
  try {
    // A `cap` rule whose remaining tokens or budget do not cover the worst case lowers the output-token limit.
    const capRules = rules.filter((rule) => rule.onOverBudget === 'cap')
    if (capRules.length > 0 && r.body !== undefined) {
      const w = worst(maxOut)
      const states = await r.store.peek(countersFor(capRules, r, model, w.tokens, w.cost), r.nowMs)
      let fits = maxOut
      for (const s of states) {
        const left = s.counter.limit - s.used
        if (s.counter.metric === 'tokens') fits = Math.min(fits, left - promptTokens)
        else if (s.counter.metric === 'cost' && effective.output > 0) fits = Math.min(fits, Math.floor((left - promptTokens * effective.input) / effective.output))
      }
      if (fits < maxOut && fits >= MIN_CAPPED_OUTPUT_TOKENS) {
        maxOut = fits
        cappedTo = fits
        r.body[limit.field] = fits
      }
    }
    const w = worst(maxOut)
    const res = await r.store.reserve(countersFor(rules, r, model, w.tokens, w.cost), r.nowMs)
    if (!res.ok) {
      const err = new SpendLimitError(refusalText(res.refused))
      err.responseHeaders = { ...headersFor(res.counters, r.nowMs), 'retry-after': String(secondsToReset(res.refused, r.nowMs)) }
      throw err
    }
    return { ...base, reservationId: res.id, cappedTo, headers: headersFor(res.counters, r.nowMs) }
  } catch (err) {
    if (err instanceof SpendLimitError) throw err
    throw new StateStoreUnavailableError('cannot check spend limits right now; the request is refused', { cause: err })
  }
}

/**
 * Usage estimated when the provider reported none: prompt from the admission; output from the reply, one token per
 * stream event (providers stream about a token per event) or ESTIMATED_CHARS_PER_TOKEN characters of a JSON body.
 */
export function estimateUsage (a: SpendAdmission, reply: { events: number, chars: number }): TokenUsage {
  const output = reply.events > 0 ? reply.events : Math.ceil(reply.chars / ESTIMATED_CHARS_PER_TOKEN)
  return { input: a.promptTokensEstimate, output, cached: 0 }
}
