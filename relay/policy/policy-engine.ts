/**
 * Evaluates one request against a compiled policy, before anything leaves the relay (DESIGN.md, request path 4).
 *
 * Order: access rules (connection, model, endpoint for this identity), then caps (body bytes, token limits, n,
 * tools), then deny rules on the prompt text. The first refusal wins and is returned, never thrown.
 *
 * Deny matching (docs/policy.md, "How prompt text is matched"):
 * - every extracted text is checked on its own, and all texts joined with no separator are checked too, so a
 *   keyword split across two content parts or messages (`"POLICY-CANARY-"` + `"DENY"`) is still caught; the
 *   price is a rare false positive where the end of one text and the start of the next happen to form a keyword;
 * - a text with non-ASCII or control characters is also checked in a shadow form: NFKC-normalised (fullwidth
 *   letters and digits fold to ASCII) with default-ignorable code points (zero-width spaces and joiners, bidi
 *   controls, tag characters) and control characters other than tab/LF/CR removed, so `POLICY\u200B-CANARY-DENY`,
 *   `POLICY\u0007-CANARY-DENY` or fullwidth letters do not slip through;
 * - `pattern` rules run on RE2JS (`test`, its DFA fast path): linear time in the text, whatever the pattern;
 *   `contains` rules use indexOf, lower-casing each text once when any rule is case-insensitive.
 * The refusal names the rule, never the matched text.
 */
import { GatewayError } from '../../common/errors.js'
import { ACCESS_RULE_NAME, DEFAULT_MAX_PROMPT_CHARS } from './constants.js'
import { PolicyDeniedError, PolicyLimitError, PolicyNotAllowedError, PromptTooLargeError } from './errors.js'
import { extractPromptText, extractRequestFields } from './prompt-extract.js'
import { inScope, matchesConnection, matchesModel, matchesWho, normaliseEndpoint } from './scope-match.js'

import type { CompiledDenyRule, CompiledPolicy } from './policy-compiler.js'
import type { RequestFields } from './prompt-extract.js'
import type { ScopeSubject } from './scope-match.js'

/** What the engine knows about a request once identity and routing are done and the body is parsed. */
export interface RequestContext {
  /** Verified subject. */
  subject: string
  /** Verified groups. */
  groups: readonly string[]
  /** Connection the request was routed to. */
  connection: string
  /** HTTP method. */
  method: string
  /** Upstream path without the `/c/<connection>` prefix, e.g. `/v1/chat/completions`; a query is ignored. */
  path: string
  /** The parsed body, exactly as it will be forwarded; undefined when there is none. */
  body: unknown
  /** Size of the request body, in bytes. */
  bodyBytes: number
}

/** One effective cap and the rule that set it (the lowest value among the rules in scope). */
export interface EffectiveCap {
  readonly value: number
  readonly rule: string
}

/** The caps that apply to a request. */
export interface EffectiveLimits {
  maxBodyBytes?: EffectiveCap
  maxTokens?: EffectiveCap
  /** Name of a rule in scope that requires a token limit. */
  requireMaxTokens?: string
  maxN?: EffectiveCap
  maxTools?: EffectiveCap
  maxPromptChars?: EffectiveCap
}

/** The outcome of {@link evaluateRequest}. */
export type PolicyDecision =
  | {
    allowed: true
    /** Run the masker on the prompt before it leaves (an access rule in scope says `maskRequest: true`). */
    maskRequest: boolean
    /** Names of the access and limits rules the request was in scope of, in policy order (for the recording). */
    matchedRules: string[]
    /** The caps that applied; `maxTokens` lets the caller inject a ceiling into a request that set none. */
    limits: EffectiveLimits
    /** The fields caps looked at. */
    fields: RequestFields
    /** A `hold` rule matched: the request needs a human approval before it is forwarded. */
    hold?: HoldDecision
  }
  | {
    allowed: false
    /** A 4xx GatewayError ready for sendError: PolicyDeniedError, PolicyNotAllowedError, PolicyLimitError or PromptTooLargeError. */
    error: GatewayError
    /** Name of the rule that refused (ACCESS_RULE_NAME when no access rule allowed it; `default` for the built-in prompt cap). */
    rule: string
    /** The rule's action is `terminate`: end the whole session, not only this request. */
    terminate?: boolean
  }

/** What a matching `hold` rule asks for. */
export interface HoldDecision {
  rule: string
  /** How long the request may wait for a decision, in ms. */
  timeoutMs: number
  /** The just-in-time window an approval grants, in ms (0: none). */
  grantMs: number
}

/** Endpoints that generate text, where `requireMaxTokens` applies (embeddings or model listings have no token limit). */
const GENERATION_ENDPOINT_SUFFIXES: readonly string[] = ['/chat/completions', '/completions', '/responses', '/messages']

/** Prefix of every refusal message, so a client reading only the message knows policy refused it. */
const BLOCKED = 'request blocked by policy'

/**
 * Characters a shadow form drops: default-ignorable code points (zero-width characters, bidi controls, tag
 * characters, variation selectors) and ASCII control characters other than tab, LF and CR.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const IGNORABLE_RE = /[\p{Default_Ignorable_Code_Point}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu
/** Anything but printable ASCII, tab, LF and CR: only such texts can differ from their shadow form. */
const NEEDS_SHADOW_RE = /[^\t\n\r\u0020-\u007e]/

function deny (error: GatewayError, rule: string): PolicyDecision {
  return { allowed: false, error, rule }
}

/** Lowers every cap in `limits` to the rules in scope; returns the limits and the names of those rules. */
function effectiveLimits (policy: CompiledPolicy, req: ScopeSubject): { limits: EffectiveLimits, names: string[] } {
  const limits: EffectiveLimits = {}
  const names: string[] = []
  const lower = (key: 'maxBodyBytes' | 'maxTokens' | 'maxN' | 'maxTools' | 'maxPromptChars', value: number | undefined, rule: string): void => {
    const cur = limits[key]
    if (value !== undefined && (cur === undefined || value < cur.value)) limits[key] = { value, rule }
  }
  for (const r of policy.limits) {
    if (!inScope(r.scope, req)) continue
    names.push(r.name)
    lower('maxBodyBytes', r.maxBodyBytes, r.name)
    lower('maxTokens', r.maxTokens, r.name)
    lower('maxN', r.maxN, r.name)
    lower('maxTools', r.maxTools, r.name)
    lower('maxPromptChars', r.maxPromptChars, r.name)
    if (r.requireMaxTokens === true) limits.requireMaxTokens ??= r.name
  }
  return { limits, names }
}

/** Formats a capped value for a message: a present but non-numeric value is reported as such, not as "Infinity". */
function shown (field: string, value: number): string {
  return Number.isFinite(value) ? `${field} ${value}` : `${field} (not a finite number)`
}

/** The first cap the request exceeds, as a refusal; undefined when it is within every cap. */
function checkLimits (limits: EffectiveLimits, fields: RequestFields, ctx: RequestContext, endpoint: string): PolicyDecision | undefined {
  const over = (what: string, cap: EffectiveCap): PolicyDecision =>
    deny(new PolicyLimitError(`${BLOCKED}: ${what} exceeds the policy limit ${cap.value} (rule '${cap.rule}')`, { rule: cap.rule }), cap.rule)
  const { maxBodyBytes, maxTokens, maxN, maxTools } = limits
  if (maxBodyBytes !== undefined && ctx.bodyBytes > maxBodyBytes.value) return over(`a request body of ${ctx.bodyBytes} bytes`, maxBodyBytes)
  if (maxTokens !== undefined && fields.maxTokens !== undefined && !(fields.maxTokens.value <= maxTokens.value)) {
    return over(shown(fields.maxTokens.field, fields.maxTokens.value), maxTokens)
  }
  if (limits.requireMaxTokens !== undefined && fields.maxTokens === undefined && GENERATION_ENDPOINT_SUFFIXES.some((s) => endpoint.endsWith(s))) {
    const rule = limits.requireMaxTokens
    return deny(new PolicyLimitError(`${BLOCKED}: a token limit (max_tokens, max_completion_tokens or max_output_tokens) is required (rule '${rule}')`, { rule }), rule)
  }
  if (maxN !== undefined && fields.n !== undefined && !(fields.n.value <= maxN.value)) return over(shown(fields.n.field, fields.n.value), maxN)
  if (maxTools !== undefined && fields.tools !== undefined && !(fields.tools <= maxTools.value)) {
    return over(Number.isFinite(fields.tools) ? `${fields.tools} tools` : 'tools (not a list)', maxTools)
  }
  return undefined
}

/** Explains why no access rule allowed the request: the first dimension no rule for this identity matches. */
function notAllowed (policy: CompiledPolicy, req: ScopeSubject): PolicyDecision {
  const who = policy.access.filter((r) => matchesWho(r.scope, req))
  const conn = who.filter((r) => matchesConnection(r.scope, req))
  const model = conn.filter((r) => matchesModel(r.scope, req))
  // Connection names are validated by the router, so they are safe to repeat; the model and path come from the
  // client and are not echoed.
  const why = who.length === 0
    ? 'no access rule allows this identity'
    : conn.length === 0
      ? `this identity may not use connection '${req.connection}'`
      : model.length === 0
        ? `this identity may not use this model on connection '${req.connection}'`
        : `this identity may not use this endpoint on connection '${req.connection}'`
  return deny(new PolicyNotAllowedError(`${BLOCKED}: ${why}`, { rule: ACCESS_RULE_NAME }), ACCESS_RULE_NAME)
}

/** One string the deny rules look at, with its lower-case form computed on first use. */
class View {
  readonly raw: string
  private lowered: string | undefined
  constructor (raw: string) { this.raw = raw }
  get lower (): string {
    this.lowered ??= this.raw.toLowerCase()
    return this.lowered
  }
}

/** The text plus, when it could differ, its shadow: NFKC-normalised, IGNORABLE_RE characters removed. */
function forms (text: string, out: View[]): void {
  out.push(new View(text))
  if (!NEEDS_SHADOW_RE.test(text)) return
  const shadow = text.normalize('NFKC').replace(IGNORABLE_RE, '')
  if (shadow !== text) out.push(new View(shadow))
}

/** True when `rule` matches any of `views`. */
function ruleMatches (rule: CompiledDenyRule, views: readonly View[]): boolean {
  const { regex, keywords } = rule
  for (const v of views) {
    if (regex !== undefined) {
      if (regex.test(v.raw)) return true
    } else if (keywords !== undefined) {
      const hay = rule.caseInsensitive ? v.lower : v.raw
      for (const k of keywords) if (hay.includes(k)) return true
    }
  }
  return false
}

/**
 * Evaluates `ctx` against `policy`. Returns a refusal (never throws one) carrying a 4xx GatewayError whose message
 * names the rule or cap and never the matched text; or an approval with the request-masking decision and the caps.
 * Cost is linear in the extracted prompt size times the number of rules in scope (RE2, no backtracking).
 */
export function evaluateRequest (policy: CompiledPolicy, ctx: RequestContext): PolicyDecision {
  const fields = extractRequestFields(ctx.body)
  const endpoint = normaliseEndpoint(ctx.path)
  const req: ScopeSubject = {
    subject: ctx.subject,
    groups: ctx.groups,
    connection: ctx.connection,
    modelLower: fields.model?.toLowerCase(),
    endpointLower: endpoint
  }
  const matchedRules: string[] = []
  let maskRequest = false
  if (policy.access.length > 0) {
    for (const r of policy.access) {
      if (!inScope(r.scope, req)) continue
      matchedRules.push(r.name)
      maskRequest ||= r.maskRequest
    }
    if (matchedRules.length === 0) return notAllowed(policy, req)
  }

  const { limits, names } = effectiveLimits(policy, req)
  matchedRules.push(...names)
  const overLimit = checkLimits(limits, fields, ctx, endpoint)
  if (overLimit !== undefined) return overLimit

  const rules = policy.deny.filter((r) => inScope(r.scope, req))
  let hold: HoldDecision | undefined
  // A hold rule without text to match holds every request in its scope; the rules that match text come after.
  for (const rule of rules) {
    if (rule.action === 'hold' && rule.regex === undefined && rule.keywords === undefined) {
      hold ??= { rule: rule.name, timeoutMs: rule.approvalTimeoutMs, grantMs: rule.grantMs }
    }
  }
  const textRules = rules.filter((r) => r.regex !== undefined || r.keywords !== undefined)
  if (textRules.length > 0) {
    const cap = limits.maxPromptChars ?? { value: DEFAULT_MAX_PROMPT_CHARS, rule: 'default' }
    let texts: string[]
    try {
      texts = extractPromptText(ctx.path, ctx.body, { maxChars: cap.value }).texts
    } catch (err) {
      if (!(err instanceof PromptTooLargeError)) throw err
      const message = `${BLOCKED}: the prompt text is longer than ${cap.value} characters, the most policy checks (rule '${cap.rule}')`
      return deny(new PromptTooLargeError(message, { cause: err }), cap.rule)
    }
    const views: View[] = []
    const joinedViews: View[] = []
    for (const t of texts) forms(t, views)
    if (texts.length > 1) forms(texts.join(''), joinedViews)
    else joinedViews.push(...views)
    for (const rule of textRules) {
      // Keywords found in any single text are found in the concatenation too, so `contains` rules scan only that.
      const matched = rule.regex !== undefined
        ? ruleMatches(rule, views) || (texts.length > 1 && ruleMatches(rule, joinedViews))
        : ruleMatches(rule, joinedViews)
      if (!matched) continue
      // The first hold is remembered, but every block rule is still checked: a block always wins over a hold.
      if (rule.action === 'hold') {
        hold ??= { rule: rule.name, timeoutMs: rule.approvalTimeoutMs, grantMs: rule.grantMs }
        continue
      }
      const error = new PolicyDeniedError(`${BLOCKED} rule '${rule.name}'`, { rule: rule.name, terminate: rule.action === 'terminate' })
      return { allowed: false, error, rule: rule.name, ...(rule.action === 'terminate' ? { terminate: true } : {}) }
    }
  }
  return { allowed: true, maskRequest, matchedRules, limits, fields, ...(hold === undefined ? {} : { hold }) }
}
