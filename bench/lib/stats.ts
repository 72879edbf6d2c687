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
