/**
 * Prices and cost (issue 7). A price is quoted in US dollars per million tokens, for input (prompt), cached input
 * and output; it is held as an integer of nano-dollars per token (×1000), so every cost is an exact integer of
 * nano-USD: 1 234 input tokens of gpt-4o-mini at $0.15/M cost exactly 185 100 nano-USD.
 *
 * The shipped table covers common OpenAI and Anthropic models (list prices as published when this was written;
 * operators override or add models with `pricing.models` in policy). A model is looked up exactly, else by the
 * longest table key it starts with (`gpt-4o-mini-2024-07-18` → `gpt-4o-mini`, `claude-3-5-haiku-latest` →
 * `claude-3-5-haiku`), case-insensitively.
 */
import { NANO_USD_PER_USD, TOKENS_PER_PRICE_UNIT } from './constants.js'

/** A price as written: US dollars per million tokens. `cached` defaults to `input`. */
export interface PriceUsd {
  input: number
  output: number
  cached?: number | undefined
}

/** A price in nano-USD per token (integers). */
export interface Price {
  input: number
  output: number
  cached: number
}

/** Token counts of one exchange. `input` counts every prompt token, cached ones included. */
export interface TokenUsage {
  input: number
  output: number
  cached: number
}

/** Shipped list prices, USD per million tokens. */
export const DEFAULT_PRICES_USD: Readonly<Record<string, PriceUsd>> = Object.freeze({
  'gpt-4o': { input: 2.5, cached: 1.25, output: 10 },
  'gpt-4o-mini': { input: 0.15, cached: 0.075, output: 0.6 },
  'gpt-4.1': { input: 2, cached: 0.5, output: 8 },
  'gpt-4.1-mini': { input: 0.4, cached: 0.1, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, cached: 0.025, output: 0.4 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  o1: { input: 15, cached: 7.5, output: 60 },
  o3: { input: 2, cached: 0.5, output: 8 },
  'o3-mini': { input: 1.1, cached: 0.55, output: 4.4 },
  'o4-mini': { input: 1.1, cached: 0.275, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'claude-3-haiku': { input: 0.25, cached: 0.03, output: 1.25 },
  'claude-3-5-haiku': { input: 0.8, cached: 0.08, output: 4 },
  'claude-3-5-sonnet': { input: 3, cached: 0.3, output: 15 },
  'claude-3-7-sonnet': { input: 3, cached: 0.3, output: 15 },
  'claude-sonnet-4': { input: 3, cached: 0.3, output: 15 },
  'claude-opus-4': { input: 15, cached: 1.5, output: 75 }
})

/** Nano-USD per token of a USD-per-million price; RangeError unless it is a whole number of nano-USD (≤ 3 decimals). */
export function nanoPerToken (usdPerMillion: number): number {
  const v = usdPerMillion * NANO_USD_PER_USD / TOKENS_PER_PRICE_UNIT
  const rounded = Math.round(v)
  if (!Number.isFinite(v) || v < 0 || Math.abs(v - rounded) > 1e-6) throw new RangeError(`price ${usdPerMillion} USD per million tokens must be ≥ 0 with at most 3 decimals`)
  return rounded
}

/** The nano-USD form of a USD price. */
export function toPrice (p: PriceUsd): Price {
  return { input: nanoPerToken(p.input), output: nanoPerToken(p.output), cached: nanoPerToken(p.cached ?? p.input) }
}

/** A compiled price table: the defaults with overrides on top. */
export class PriceTable {
  readonly #prices = new Map<string, Price>()
  /** Keys longest first, for prefix lookup. */
  readonly #keys: string[]

  /** `overrides` replace or add models; they are validated here (RangeError). */
  constructor (overrides: Readonly<Record<string, PriceUsd>> = {}, defaults: Readonly<Record<string, PriceUsd>> = DEFAULT_PRICES_USD) {
    for (const [model, p] of Object.entries(defaults)) this.#prices.set(model.toLowerCase(), toPrice(p))
    for (const [model, p] of Object.entries(overrides)) this.#prices.set(model.toLowerCase(), toPrice(p))
    this.#keys = [...this.#prices.keys()].sort((a, b) => b.length - a.length)
  }

  /** The price of `model`, or undefined when neither it nor a prefix of it is in the table. */
  lookup (model: string | undefined): Price | undefined {
    if (model === undefined || model === '') return undefined
    const m = model.toLowerCase()
    const exact = this.#prices.get(m)
    if (exact !== undefined) return exact
    for (const k of this.#keys) if (m.startsWith(k)) return this.#prices.get(k)
    return undefined
  }
}

/** Exact cost of `usage` at `price`, in nano-USD. Cached tokens are part of `input` and priced at `cached`. */
export function costNanoUsd (usage: TokenUsage, price: Price): number {
  const cached = Math.min(usage.cached, usage.input)
  return (usage.input - cached) * price.input + cached * price.cached + usage.output * price.output
}

/** `nano` nano-USD as a decimal string of dollars (exact), e.g. 185100 → "0.0001851". */
export function formatUsd (nano: number): string {
  const sign = nano < 0 ? '-' : ''
  const abs = Math.abs(Math.round(nano))
  const whole = Math.floor(abs / NANO_USD_PER_USD)
  const frac = String(abs % NANO_USD_PER_USD).padStart(9, '0').replace(/0+$/, '')
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`
}
