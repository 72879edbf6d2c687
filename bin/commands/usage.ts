/**
 * `keyward usage`: tokens and cost through the relay's admin API (issue 7, docs/spend.md).
 *
 *   keyward usage [--subject s] [--group g] [--connection c] [--model m] [--since 24h] [--by model|subject|connection] [--json]
 *
 * GET /admin/usage (auditor or admin role). Takes `--relay`, `--token`, `--ca` like the other admin commands
 * (admin-client.ts). Exit codes: 0 success, 1 the relay refused or could not be reached, 2 usage error.
 */
import { adminClientFrom, adminOptions } from './admin-client.js'
import { cell, jsonOption, obj, objects, printJson, printTable } from './admin-format.js'

import type { Argv } from 'yargs'
import type { AdminArgs } from './admin-client.js'
import type { JsonArgs } from './admin-format.js'

/** Arguments of `keyward usage`. */
export interface UsageArgs extends AdminArgs, JsonArgs {
  subject?: string | undefined
  group?: string | undefined
  connection?: string | undefined
  model?: string | undefined
  since: string
  by: string
}

/** Adds the options of `keyward usage` to `y`. */
export function usageOptions<T> (y: Argv<T>): Argv<T & UsageArgs> {
  return jsonOption(adminOptions(y))
    .option('subject', { type: 'string', describe: 'only this subject' })
    .option('group', { type: 'string', describe: 'only members of this group' })
    .option('connection', { type: 'string', describe: 'only this connection' })
    .option('model', { type: 'string', describe: 'only this model' })
    .option('since', { type: 'string', default: '24h', describe: 'from this ISO time, or this long ago (30m, 12h, 7d, 2w)' })
    .option('by', { type: 'string', choices: ['model', 'subject', 'connection', 'none'], default: 'none', describe: 'one row per model, subject or connection' }) as unknown as Argv<T & UsageArgs>
}

/** Prints the usage table (or the JSON answer); returns the exit code. */
export async function runUsage (args: UsageArgs): Promise<number> {
  const q = new URLSearchParams({ since: args.since, by: args.by })
  for (const k of ['subject', 'group', 'connection', 'model'] as const) {
    const v = args[k]
    if (v !== undefined) q.set(k, v)
  }
  const answer = await (await adminClientFrom(args)).json({ method: 'GET', path: `/admin/usage?${q.toString()}` })
  if (args.json) {
    printJson(answer)
    return 0
  }
  const rows = objects(obj(answer).usage)
  printTable([args.by === 'none' ? 'SCOPE' : args.by.toUpperCase(), 'REQUESTS', 'INPUT', 'CACHED', 'OUTPUT', 'COST USD', 'ESTIMATED'], rows.map((r) => [
    cell(r.key), cell(r.requests), cell(r.inputTokens), cell(r.cachedTokens), cell(r.outputTokens), cell(r.costUsd), cell(r.estimated)
  ]), `no usage since ${cell(obj(answer).since)}`)
  return 0
}
