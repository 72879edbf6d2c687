/**
 * Output helpers of the admin commands: `--json` prints the API's JSON unchanged (2-space indent); tables are
 * aligned columns without colours, every cell one line with terminal control characters escaped (subjects,
 * reasons and prompts come from other people and must not rewrite the operator's terminal).
 */
import { oneLine } from './admin-client.js'
import { formatTable } from './recordings.js'

import type { Argv } from 'yargs'

/** Longest table cell, in characters (a longer reason or value is cut with `…`). */
const MAX_CELL_CHARS = 120
/** Milliseconds per second, minute, hour, day. */
const SECOND_MS = 1000
const MINUTE_MS = 60 * SECOND_MS
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

/** The `--json` flag of a command. */
export interface JsonArgs {
  json: boolean
}

/** Adds `--json`. */
export function jsonOption<T> (y: Argv<T>): Argv<T & JsonArgs> {
  return y.option('json', { type: 'boolean', default: false, describe: 'print the admin API\'s JSON answer instead of text' }) as unknown as Argv<T & JsonArgs>
}

/** Prints `value` as pretty JSON (2 spaces) on stdout. */
export function printJson (value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** Prints an aligned table (header row first) on stdout, or `empty` when there are no data rows. */
export function printTable (header: string[], rows: string[][], empty: string): void {
  process.stdout.write(rows.length === 0 ? `${empty}\n` : formatTable([header, ...rows]))
}

/** One table cell: `-` for nothing, else the value on one safe line, cut at MAX_CELL_CHARS. */
export function cell (value: unknown, max = MAX_CELL_CHARS): string {
  if (value === undefined || value === null || value === '') return '-'
  if (Array.isArray(value)) return value.length === 0 ? '-' : oneLine(value.map(String).join(','), max)
  return oneLine(typeof value === 'string' ? value : String(value), max)
}

/** `850ms`, `12s`, `3m04s`, `2h05m`, `3d04h`: a duration for a table. */
export function formatDuration (ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-'
  if (ms < SECOND_MS) return `${Math.round(ms)}ms`
  if (ms < MINUTE_MS) return `${Math.floor(ms / SECOND_MS)}s`
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (ms < HOUR_MS) return `${Math.floor(ms / MINUTE_MS)}m${pad(Math.floor((ms % MINUTE_MS) / SECOND_MS))}s`
  if (ms < DAY_MS) return `${Math.floor(ms / HOUR_MS)}h${pad(Math.floor((ms % HOUR_MS) / MINUTE_MS))}m`
  return `${Math.floor(ms / DAY_MS)}d${pad(Math.floor((ms % DAY_MS) / HOUR_MS))}h`
}

/** `value` when it is a plain object, else an empty one (answers are read defensively: the relay may be newer). */
export function obj (value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
}

/** `value` when it is an array of objects (others dropped), else []. */
export function objects (value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) as Array<Record<string, unknown>> : []
}

/** `value` when it is a string, else undefined. */
export function str (value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
