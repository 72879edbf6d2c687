/**
 * Times given on the command line and to the admin API: a duration (`30m`, `12h`, `7d`, `2w`: a whole number and
 * one unit) or an ISO 8601 time (`2026-01-02`, `2026-01-02T03:04:05Z`). Callers decide which direction a duration
 * counts (back from now for `since`, forward for `until`).
 */

/** Milliseconds per duration unit. */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
/** A duration: a whole number (no leading zero, at most 10 digits) and a unit. */
const DURATION_RE = /^([1-9][0-9]{0,9})([smhdw])$/
/** An ISO 8601 date, optionally with a time and zone. */
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/

/** The length of duration `text` in ms, or undefined when it is not a duration. */
export function durationMs (text: string): number | undefined {
  const d = DURATION_RE.exec(text.trim())
  return d === null ? undefined : Number(d[1]) * (UNIT_MS[d[2] ?? 's'] ?? 0)
}

/** The Unix ms of ISO time `text`, or undefined when it is not a valid ISO time. */
export function isoTimeMs (text: string): number | undefined {
  const value = text.trim()
  const t = ISO_TIME_RE.test(value) ? Date.parse(value) : Number.NaN
  return Number.isNaN(t) ? undefined : t
}
