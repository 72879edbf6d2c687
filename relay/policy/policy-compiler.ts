/**
 * Turns policy text or a plain object into a {@link CompiledPolicy}: YAML → schema → semantic checks → compiled
 * rules, with every problem collected into one {@link PolicyInvalidError}.
 *
 * Semantic checks run on the raw input next to the schema, so a file with a schema error and a bad pattern reports
 * both: patterns RE2 cannot compile (lookarounds, backreferences, repeat counts over 1000), patterns that match the
 * empty string (they would block every request), duplicate rule names across sections (a refusal names one rule,
 * so names must be unambiguous), and the policy-wide keyword total.
 */
import { createHash } from 'node:crypto'

import { RE2JS } from 're2js'
import { parseDocument } from 'yaml'

import { deepFreeze, formatIssues } from '../../common/config/load-config.js'
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS, MAX_KEYWORDS_TOTAL } from './constants.js'
import { PolicyInvalidError } from './errors.js'
import { policySchema } from './policy-schema.js'
import { compileScope } from './scope-match.js'
import { compileSpend } from '../spend/spend-policy.js'

import type { MaskConfig } from '../masking/mask-config.js'
import type { PolicyConfig } from './policy-schema.js'
import type { CompiledScope } from './scope-match.js'
import type { CompiledSpend } from '../spend/spend-policy.js'

/** A compiled `access` rule. */
export interface CompiledAccessRule {
  readonly name: string
  readonly scope: CompiledScope
  readonly maskRequest: boolean
}

/** A compiled `deny` rule: exactly one of `regex` or `keywords` is set. */
export interface CompiledDenyRule {
  readonly name: string
  readonly scope: CompiledScope
  readonly caseInsensitive: boolean
  /** What a match does (policy-schema.ts `action`). */
  readonly action: 'block' | 'terminate' | 'hold'
  /** `hold`: how long the request waits for a decision, in ms. */
  readonly approvalTimeoutMs: number
  /** `hold`: the just-in-time window an approval grants, in ms (0: none). */
  readonly grantMs: number
  /** The compiled RE2 pattern (case flag applied). */
  readonly regex?: RE2JS
  /** Literal keywords, NFKC-normalised, lower-cased when `caseInsensitive`. */
  readonly keywords?: readonly string[]
}

/** A compiled `limits` rule (the validated rule itself: nothing to compile but the scope). */
export interface CompiledLimitRule {
  readonly name: string
  readonly scope: CompiledScope
  readonly maxBodyBytes?: number
  readonly maxTokens?: number
  readonly requireMaxTokens?: boolean
  readonly maxN?: number
  readonly maxTools?: number
  readonly maxPromptChars?: number
}

/** A validated, compiled policy: what the engine evaluates requests against. Never mutated after creation. */
export interface CompiledPolicy {
  /** Where it came from: a file path, or a label such as `(object)` / `(empty policy)`. */
  readonly source: string
  /** SHA-256 (hex) of the source text (or of the validated config's JSON), naming the policy version in logs and recordings. */
  readonly sha256: string
  /** The validated policy, defaults applied, deep-frozen. */
  readonly config: Readonly<PolicyConfig>
  readonly access: readonly CompiledAccessRule[]
  readonly deny: readonly CompiledDenyRule[]
  readonly limits: readonly CompiledLimitRule[]
  /** The `spend:` rules and `pricing:` (issue 7). */
  readonly spend: CompiledSpend
  /** The `mask:` section, for the masker. */
  readonly mask: Readonly<MaskConfig>
}

/** Milliseconds per second. */
const MS_PER_SECOND = 1000

/** Builds the error that lists `problems`, prefixed by `source`. */
export function policyInvalid (source: string, problems: readonly string[], cause?: unknown): PolicyInvalidError {
  const n = problems.length
  return new PolicyInvalidError(
    `invalid policy in ${source} (${n} problem${n === 1 ? '' : 's'}):\n` + problems.map((p) => `  - ${p}`).join('\n'),
    { problems, ...(cause === undefined ? {} : { cause }) }
  )
}

/**
 * Parses YAML policy text into a plain value. Duplicate keys, syntax errors and alias bombs are refused; every YAML
 * error is listed with its line and column. An empty document reads as `{}`. Throws PolicyInvalidError.
 */
export function parsePolicyYaml (text: string, source: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    // With prettyErrors the first line of each message ends in "at line L, column C:" followed by an excerpt.
    throw policyInvalid(source, doc.errors.map((e) => `(yaml) ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`))
  }
  try {
    return doc.toJS() ?? {}
  } catch (err) {
    // toJS throws on alias bombs (more than maxAliasCount expansions) and unresolved aliases.
    throw policyInvalid(source, [`(yaml) ${err instanceof Error ? err.message : String(err)}`], err)
  }
}

function isRecord (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Items of `input[key]` when it is an array of objects (anything else is the schema's to report). */
function rulesOf (input: unknown, key: string): Array<[number, Record<string, unknown>]> {
  if (!isRecord(input)) return []
  const list = input[key]
  if (!Array.isArray(list)) return []
  return list.flatMap((item, i): Array<[number, Record<string, unknown>]> => isRecord(item) ? [[i, item]] : [])
}

/** Compiles an RE2 pattern with the rule's case option; throws RE2JS's syntax error. */
function compilePattern (pattern: string, caseInsensitive: boolean): RE2JS {
  return RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0)
}

/**
 * Checks that need more than one field, on the raw input; returns problems and the compiled deny patterns by rule
 * index (compiled once here, reused by the compile step).
 */
function semanticChecks (input: unknown): { problems: string[], regexes: Map<number, RE2JS> } {
  const problems: string[] = []
  const regexes = new Map<number, RE2JS>()
  const seen = new Map<string, string>()
  for (const section of ['access', 'deny', 'limits', 'spend']) {
    for (const [i, rule] of rulesOf(input, section)) {
      if (typeof rule.name !== 'string') continue
      const where = `${section}.${i}`
      const first = seen.get(rule.name)
      if (first !== undefined) problems.push(`${where}.name: duplicate rule name '${rule.name}' (first used at ${first})`)
      else seen.set(rule.name, where)
    }
  }
  let keywords = 0
  for (const [i, rule] of rulesOf(input, 'deny')) {
    if (Array.isArray(rule.contains)) keywords += rule.contains.length
    const pattern = rule.pattern
    if (typeof pattern !== 'string' || pattern === '') continue
    const label = typeof rule.name === 'string' ? `rule '${rule.name}': ` : ''
    try {
      const re = compilePattern(pattern, rule.caseInsensitive === true)
      // A pattern that matches the empty string matches every prompt: certainly a mistake, and it would stop traffic.
      if (re.test('')) problems.push(`deny.${i}.pattern: ${label}the pattern matches the empty string, so it would block every request`)
      else regexes.set(i, re)
    } catch (err) {
      problems.push(`deny.${i}.pattern: ${label}not a valid RE2 pattern (${err instanceof Error ? err.message : String(err)})`)
    }
  }
  if (keywords > MAX_KEYWORDS_TOTAL) {
    problems.push(`deny: ${keywords} 'contains' keywords in total; the limit is ${MAX_KEYWORDS_TOTAL}`)
  }
  return { problems, regexes }
}

/** Options of {@link compilePolicy}. */
export interface CompilePolicyOptions {
  /** SHA-256 of the source text; by default the hash of the validated config's JSON. */
  sha256?: string
}

/**
 * Validates `input` (a parsed policy file or an object) and compiles it. Throws one PolicyInvalidError listing every
 * problem (schema violations with the path of the offending key, plus the semantic checks), prefixed by `source`.
 */
export function compilePolicy (input: unknown, source: string, opts: CompilePolicyOptions = {}): CompiledPolicy {
  const parsed = policySchema.safeParse(input)
  const { problems, regexes } = semanticChecks(input)
  if (!parsed.success) problems.unshift(...formatIssues(parsed.error.issues))
  if (!parsed.success || problems.length > 0) throw policyInvalid(source, problems)
  const config = deepFreeze(parsed.data)
  const deny = config.deny.map((r, i): CompiledDenyRule => {
    const base = {
      name: r.name,
      scope: compileScope(r.scope),
      caseInsensitive: r.caseInsensitive,
      action: r.action,
      approvalTimeoutMs: (r.approvalTimeoutSeconds ?? DEFAULT_APPROVAL_TIMEOUT_SECONDS) * MS_PER_SECOND,
      grantMs: (r.grantSeconds ?? 0) * MS_PER_SECOND
    }
    if (r.contains !== undefined) {
      // Keywords are NFKC-normalised because prompts are also checked in NFKC form (prompt-extract.ts).
      const keywords = r.contains.map((k) => {
        const n = k.normalize('NFKC')
        return r.caseInsensitive ? n.toLowerCase() : n
      })
      return Object.freeze({ ...base, keywords: Object.freeze(keywords) })
    }
    // A hold rule with neither pattern nor contains holds every request in its scope.
    if (r.pattern === undefined) return Object.freeze(base)
    // semanticChecks compiled every valid pattern; the schema passing means this one was valid.
    const regex = regexes.get(i) ?? compilePattern(r.pattern, r.caseInsensitive)
    return Object.freeze({ ...base, regex })
  })
  return Object.freeze({
    source,
    // Hash the validated config, not the raw input: it is plain JSON (no cycles, no BigInt), so stringify cannot throw.
    sha256: opts.sha256 ?? createHash('sha256').update(JSON.stringify(config)).digest('hex'),
    config,
    access: Object.freeze(config.access.map((r) => Object.freeze({ name: r.name, scope: compileScope(r.scope), maskRequest: r.maskRequest }))),
    deny: Object.freeze(deny),
    limits: Object.freeze(config.limits.map((r) => Object.freeze({ ...r, scope: compileScope(r.scope) }))),
    spend: compileSpend(config.spend, config.pricing),
    mask: config.mask
  })
}

/** The empty policy: no access rules (everything allowed), no deny rules, no limits, no masking. */
export function emptyPolicy (): CompiledPolicy {
  return compilePolicy({}, '(empty policy)')
}
