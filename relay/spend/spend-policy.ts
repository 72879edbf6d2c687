/**
 * The spend section of policy (issue 7): `spend:` rules that limit requests, concurrency, tokens and cost per
 * identity, and `pricing:` (model prices over the shipped table, and what to do with a model that has none).
 *
 * ```yaml
 * spend:
 *   - name: eng-daily
 *     scope: { groups: [eng] }          # who/what, as for every rule (models, connections, subjects, endpoints)
 *     per: subject                       # whose counter: subject (default), group, connection, model, or rule (one shared)
 *     requestsPerMinute: 60
 *     concurrent: 4
 *     tokensPerMinute: 200000
 *     tokensPerDay: 2000000
 *     costPerDayUsd: 20
 *     costPerMonthUsd: 200
 *     onOverBudget: cap                  # cap max_tokens to what the budget still covers (default), or refuse
 * pricing:
 *   models: { my-finetune: { input: 3, output: 12, cached: 1.5 } }   # USD per million tokens
 *   unknownModel: refuse                 # or { input: 10, output: 30 }: charge unknown models this (default)
 * ```
 */
import { z } from 'zod'

import { compileScope } from '../policy/scope-match.js'
import { MAX_PRICED_MODELS, MAX_SPEND_RULES } from './constants.js'
import { nanoPerToken, PriceTable, toPrice } from './prices.js'

import type { PolicyScope } from '../policy/policy-schema.js'
import type { CompiledScope } from '../policy/scope-match.js'
import type { Price } from './prices.js'

/** A USD-per-million price that is a whole number of nano-USD per token. */
const usdPerMillion = z.number().min(0).max(1_000_000).refine((v) => {
  try {
    nanoPerToken(v)
    return true
  } catch {
    return false
  }
}, { message: 'a price has at most 3 decimals (USD per million tokens)' })

const priceSchema = z.strictObject({ input: usdPerMillion, output: usdPerMillion, cached: usdPerMillion.optional() })

/** `pricing:` of policy. */
export const pricingSchema = z.strictObject({
  models: z.record(z.string().min(1).max(200), priceSchema).refine((m) => Object.keys(m).length <= MAX_PRICED_MODELS, { message: `at most ${MAX_PRICED_MODELS} models` }).default({}),
  /** A model with no price: `refuse` it (403), or charge it this price. Default: the gpt-4o list price. */
  unknownModel: z.union([z.literal('refuse'), priceSchema]).default({ input: 2.5, output: 10 })
})

/** Whose counters a spend rule keeps. */
export const SPEND_KEYS = ['subject', 'group', 'connection', 'model', 'rule'] as const
export type SpendKey = typeof SPEND_KEYS[number]

const positiveInt = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const usd = z.number().positive().max(1e9)

/** Builds the `spend:` rule schema around the shared rule-name and scope schemas (policy-schema.ts owns those). */
export function spendRuleSchema (ruleName: z.ZodType<string>, scopeSchema: z.ZodType<PolicyScope>): z.ZodType<SpendRuleConfig> {
  return z.strictObject({
    name: ruleName,
    scope: scopeSchema.optional(),
    per: z.enum(SPEND_KEYS).default('subject'),
    requestsPerMinute: positiveInt.optional(),
    concurrent: positiveInt.optional(),
    tokensPerMinute: positiveInt.optional(),
    tokensPerDay: positiveInt.optional(),
    costPerDayUsd: usd.optional(),
    costPerMonthUsd: usd.optional(),
    onOverBudget: z.enum(['cap', 'refuse']).default('cap')
  }).refine((r) => r.requestsPerMinute !== undefined || r.concurrent !== undefined || r.tokensPerMinute !== undefined ||
    r.tokensPerDay !== undefined || r.costPerDayUsd !== undefined || r.costPerMonthUsd !== undefined,
  { message: 'a spend rule sets at least one limit' }) as unknown as z.ZodType<SpendRuleConfig>
}

/** A validated `spend:` rule. */
export interface SpendRuleConfig {
  name: string
  scope?: PolicyScope | undefined
  per: SpendKey
  requestsPerMinute?: number | undefined
  concurrent?: number | undefined
  tokensPerMinute?: number | undefined
  tokensPerDay?: number | undefined
  costPerDayUsd?: number | undefined
  costPerMonthUsd?: number | undefined
  onOverBudget: 'cap' | 'refuse'
}

/** A validated `pricing:` section. */
export type PricingConfig = z.output<typeof pricingSchema>

/** A compiled spend rule: costs in nano-USD. */
export interface CompiledSpendRule {
  readonly name: string
  readonly scope: CompiledScope
  readonly per: SpendKey
  readonly requestsPerMinute: number | undefined
  readonly concurrent: number | undefined
  readonly tokensPerMinute: number | undefined
  readonly tokensPerDay: number | undefined
  readonly costPerDayNano: number | undefined
  readonly costPerMonthNano: number | undefined
  readonly onOverBudget: 'cap' | 'refuse'
}

/** The compiled spend section: rules, the price table, and the unknown-model price (undefined: refuse). */
export interface CompiledSpend {
  readonly rules: readonly CompiledSpendRule[]
  readonly prices: PriceTable
  readonly unknownModelPrice: Price | undefined
}

const usdToNano = (v: number | undefined): number | undefined => v === undefined ? undefined : Math.round(v * 1e9)

/** Compiles validated `spend` rules and `pricing`. */
export function compileSpend (rules: readonly SpendRuleConfig[], pricing: PricingConfig): CompiledSpend {
  if (rules.length > MAX_SPEND_RULES) throw new RangeError(`at most ${MAX_SPEND_RULES} spend rules`)
  return Object.freeze({
    rules: Object.freeze(rules.map((r) => Object.freeze({
      name: r.name,
      scope: compileScope(r.scope),
      per: r.per,
      requestsPerMinute: r.requestsPerMinute,
      concurrent: r.concurrent,
      tokensPerMinute: r.tokensPerMinute,
      tokensPerDay: r.tokensPerDay,
      costPerDayNano: usdToNano(r.costPerDayUsd),
      costPerMonthNano: usdToNano(r.costPerMonthUsd),
      onOverBudget: r.onOverBudget
    }))),
    prices: new PriceTable(pricing.models),
    unknownModelPrice: pricing.unknownModel === 'refuse' ? undefined : toPrice(pricing.unknownModel)
  })
}
