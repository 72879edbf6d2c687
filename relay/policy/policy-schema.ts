/**
 * The policy file format (docs/policy.md is the reference, with a complete example).
 *
 * Policy is data that security staff edit: a YAML file validated before use, every problem listed at once, unknown
 * keys refused. This module only describes the shape; semantic checks that need more than one field (patterns RE2
 * can compile, duplicate rule names, keyword totals) are in policy-compiler.ts.
 *
 * ```yaml
 * access:                       # optional; once any rule exists, a request must be in the scope of one of them
 *   - name: eng
 *     scope: { groups: [eng] }
 *   - name: contractors
 *     scope: { groups: [contractors], connections: [openai], models: ['gpt-4o-mini*'] }
 *     maskRequest: true          # the masker runs on these prompts before they leave
 * deny:
 *   - name: canary
 *     pattern: POLICY-CANARY-DENY          # RE2 regular expression
 *   - name: codenames
 *     contains: [BLUEBIRD, NIGHTJAR]       # literal keywords
 *     caseInsensitive: true
 *     scope: { groups: [contractors] }
 * limits:
 *   - name: default-limits
 *     maxTokens: 4096
 *     maxN: 1
 * mask:
 *   builtin: [email, card, ssn, aws_access_key]
 * ```
 */
import { z } from 'zod'

import { maskConfigSchema } from '../masking/mask-config.js'
import { MAX_SPEND_RULES } from '../spend/constants.js'
import { pricingSchema, spendRuleSchema } from '../spend/spend-policy.js'
import {
  MAX_ACCESS_RULES, MAX_BODY_BYTES_CEILING, MAX_DENY_RULES, MAX_KEYWORD_CHARS, MAX_KEYWORDS_PER_RULE, MAX_LIMIT_RULES,
  MAX_APPROVAL_TIMEOUT_SECONDS, MAX_GRANT_SECONDS, MAX_N_CEILING, MAX_PATTERN_CHARS, MAX_PROMPT_CHARS_CEILING, MAX_RULE_NAME_CHARS, MAX_SCOPE_ENTRIES,
  MAX_SCOPE_ENTRY_CHARS, MAX_TOKENS_CEILING, MAX_TOOLS_CEILING
} from './constants.js'

/** Rule names go into client-visible messages and logs: a restricted alphabet keeps them printable and quotable. */
const ruleName = z.string().regex(
  new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MAX_RULE_NAME_CHARS - 1}}$`),
  `rule names are letters, digits, '_', '.' and '-' (at most ${MAX_RULE_NAME_CHARS}), starting with a letter or digit`
)

/** Any printable entry: control characters in a group or model name are always a mistake (or an attack on logs). */
const scopeEntry = z.string().min(1).max(MAX_SCOPE_ENTRY_CHARS)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { message: 'control characters are not allowed' })

const endpointEntry = z.string().max(MAX_SCOPE_ENTRY_CHARS)
  .regex(/^\/[A-Za-z0-9._~!$&'()+,;=:@%/*-]*$/, "endpoints are paths starting with '/' (e.g. /v1/chat/completions); '*' matches any run of characters")

function list<T extends z.ZodType> (item: T): z.ZodArray<T> {
  return z.array(item).min(1, 'give at least one entry, or leave the key out to match everything').max(MAX_SCOPE_ENTRIES)
}

/**
 * Which requests a rule applies to. Every key is optional and a missing key matches everything. `groups` and
 * `subjects` say *who* (a member of any listed group, or any listed subject); `connections`, `models` and
 * `endpoints` narrow *what*; a request is in scope when it matches who and every listed what. Models and endpoints
 * are globs where `*` matches any run of characters, compared case-insensitively.
 */
export const scopeSchema = z.strictObject({
  groups: list(scopeEntry).optional(),
  subjects: list(scopeEntry).optional(),
  connections: list(scopeEntry).optional(),
  models: list(scopeEntry).optional(),
  endpoints: list(endpointEntry).optional()
})

/** One `access` rule: requests in its scope are allowed; `maskRequest` asks for their prompts to be masked. */
export const accessRuleSchema = z.strictObject({
  name: ruleName,
  scope: scopeSchema.optional(),
  maskRequest: z.boolean().default(false)
})

/**
 * One `deny` rule: exactly one of `pattern` (an RE2 regular expression) or `contains` (literal keywords), matched
 * anywhere in the prompt text of requests in scope; `caseInsensitive` applies to either.
 */
export const denyRuleSchema = z.strictObject({
  name: ruleName,
  pattern: z.string().min(1).max(MAX_PATTERN_CHARS).optional(),
  contains: z.array(z.string().min(1).max(MAX_KEYWORD_CHARS)).min(1).max(MAX_KEYWORDS_PER_RULE).optional(),
  caseInsensitive: z.boolean().default(false),
  scope: scopeSchema.optional(),
  /**
   * What a match does: `block` the request (403); `terminate` block it and end the whole session (its live
   * exchanges end, its token is refused until it expires); `hold` it for a human approval (docs/admin-api.md).
   */
  action: z.enum(['block', 'terminate', 'hold']).default('block'),
  /** `hold` only: how long a held request waits for a decision before it is refused, in seconds. */
  approvalTimeoutSeconds: z.number().int().positive().max(MAX_APPROVAL_TIMEOUT_SECONDS).optional(),
  /** `hold` only: an approval also lets the same subject's requests matching this rule pass for this long, in seconds. */
  grantSeconds: z.number().int().positive().max(MAX_GRANT_SECONDS).optional()
}).refine((r) => r.action === 'hold' ? !(r.pattern !== undefined && r.contains !== undefined) : (r.pattern === undefined) !== (r.contains === undefined), {
  message: 'give exactly one of pattern or contains'
}).refine((r) => r.action === 'hold' || (r.approvalTimeoutSeconds === undefined && r.grantSeconds === undefined), {
  message: 'approvalTimeoutSeconds and grantSeconds only apply to action: hold'
})

/**
 * One `limits` rule: caps for requests in its scope. When several rules are in scope, the lowest value of each cap
 * wins (and the refusal names the rule that set it).
 */
export const limitRuleSchema = z.strictObject({
  name: ruleName,
  scope: scopeSchema.optional(),
  /** Largest request body, in bytes. */
  maxBodyBytes: z.number().int().positive().max(MAX_BODY_BYTES_CEILING).optional(),
  /** Largest `max_tokens` / `max_completion_tokens` / `max_output_tokens`, in tokens. */
  maxTokens: z.number().int().positive().max(MAX_TOKENS_CEILING).optional(),
  /** Refuse requests that set none of the token-limit fields (the provider default is often the whole context). */
  requireMaxTokens: z.boolean().optional(),
  /** Largest `n` (and legacy `best_of`): completions per request. */
  maxN: z.number().int().positive().max(MAX_N_CEILING).optional(),
  /** Most tool definitions (`tools` plus legacy `functions`); 0 forbids tools. */
  maxTools: z.number().int().min(0).max(MAX_TOOLS_CEILING).optional(),
  /** Most prompt characters deny rules will check; beyond it a request is refused with 413. */
  maxPromptChars: z.number().int().positive().max(MAX_PROMPT_CHARS_CEILING).optional()
}).refine((r) => r.maxBodyBytes !== undefined || r.maxTokens !== undefined || r.requireMaxTokens !== undefined ||
  r.maxN !== undefined || r.maxTools !== undefined || r.maxPromptChars !== undefined, { message: 'a limits rule sets at least one cap' })

/** Schema of a whole policy file. An empty file (or `{}`) is the empty policy: allow everything, mask nothing. */
/**
 * `roles:` — which groups hold each admin-API role (docs/admin-api.md). `admin` may do everything, `approver` approve
 * or deny held requests and view, `auditor` view sessions and recordings; a group listed nowhere gets nothing.
 */
export const rolesSchema = z.strictObject({
  admin: z.array(scopeEntry).max(MAX_SCOPE_ENTRIES).default([]),
  approver: z.array(scopeEntry).max(MAX_SCOPE_ENTRIES).default([]),
  auditor: z.array(scopeEntry).max(MAX_SCOPE_ENTRIES).default([])
})

export const policySchema = z.strictObject({
  /** Format version; only 1 exists. Optional, so files written today keep working when a version 2 appears. */
  version: z.literal(1).optional(),
  access: z.array(accessRuleSchema).max(MAX_ACCESS_RULES).default([]),
  deny: z.array(denyRuleSchema).max(MAX_DENY_RULES).default([]),
  limits: z.array(limitRuleSchema).max(MAX_LIMIT_RULES).default([]),
  /** Spend control (issue 7, docs/spend.md): rate, concurrency, token and cost limits per identity. */
  spend: z.array(spendRuleSchema(ruleName, scopeSchema)).max(MAX_SPEND_RULES).default([]),
  pricing: pricingSchema.prefault({}),
  mask: maskConfigSchema.prefault({}),
  roles: rolesSchema.prefault({})
})

/** A validated scope. */
export type PolicyScope = z.output<typeof scopeSchema>
/** A validated access rule. */
export type AccessRuleConfig = z.output<typeof accessRuleSchema>
/** A validated deny rule. */
export type DenyRuleConfig = z.output<typeof denyRuleSchema>
/** A validated limits rule. */
export type LimitRuleConfig = z.output<typeof limitRuleSchema>
/** A validated policy file, defaults applied. */
export type PolicyConfig = z.output<typeof policySchema>
