/** Percentiles and plain-text tables for the bench report. */

/** Nearest-rank percentile (`p` in 0..100) of `values`; NaN when empty. */
export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

/** Rounds for display and for the JSON summary: 3 decimals below 10, 2 below 1000, else whole numbers. */
export function round (value: number): number {
  if (!Number.isFinite(value)) return value
  const digits = Math.abs(value) < 10 ? 3 : Math.abs(value) < 1000 ? 2 : 0
  return Number(value.toFixed(digits))
}

/** Renders rows as an aligned Markdown table (so it can be pasted into docs/benchmarks.md as is). */
export function table (header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cells = [header, ...rows].map((row) => row.map((c) => typeof c === 'number' ? String(round(c)) : c))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)))
  const line = (row: readonly string[]): string => `| ${row.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  const [head, ...body] = cells
  return [line(head ?? []), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}

/** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (index = df − 1); 1.96 beyond. */
const T_975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]
/** t quantile used past the table. */
const T_975_LARGE = 1.96

/**
 * A 95% confidence interval for the typical ratio of an A/B comparison, from its per-round ratios: the geometric
 * mean with a t interval on the logs (ratios are multiplicative, so 0.8 and 1.25 are equally far from 1). Undefined
 * with fewer than two rounds or a ratio that is not positive and finite.
 */
export function ratioInterval (ratios: readonly number[]): { mean: number, low: number, high: number } | undefined {
  const n = ratios.length
  if (n < 2 || ratios.some((r) => !(r > 0) || !Number.isFinite(r))) return undefined
  const logs = ratios.map(Math.log)
  const mean = logs.reduce((a, b) => a + b, 0) / n
  const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
  const half = (T_975[n - 2] ?? T_975_LARGE) * Math.sqrt(variance / n)
  return { mean: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half) }
}
