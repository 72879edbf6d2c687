/**
 * `keyward locks …`: refuse a subject, group, token, connection or agent through the relay's admin API
 * (docs/admin-cli.md).
 *
 *   keyward locks list [--json]                                       GET /admin/locks (any admin role)
 *   keyward locks add --kind K --value V [--reason R] [--until T] [--json]   POST /admin/locks (admin)
 *   keyward locks remove <lock-id> [--json]                           DELETE /admin/locks/<id> (admin)
 *
 * `--until` is passed to the relay as given (a duration such as `2h` or an ISO time); the relay checks it, so the CLI
 * and the API accept exactly the same values. Exit codes: 0 success, 1 the relay refused or could not be reached,
 * 2 usage error.
 */
import { LOCK_KINDS } from '../../relay/state/state-store.js'
import { adminClientFrom, adminOptions, segment } from './admin-client.js'
import { cell, jsonOption, obj, objects, printJson, printTable } from './admin-format.js'

import type { Argv } from 'yargs'
import type { CommandRunner } from './recordings.js'

/** `subject 'dan' (offboarding), until 2025-…`: one lock in a sentence. */
export function lockText (lock: Record<string, unknown>): string {
  const reason = typeof lock.reason === 'string' && lock.reason !== '' ? ` (${cell(lock.reason)})` : ''
  const until = typeof lock.until === 'string' ? `, until ${cell(lock.until)}` : ', until lifted'
  return `${cell(lock.kind)} '${cell(lock.value)}'${reason}${until}`
}

/** Adds the `locks` subcommands to `y`; `run` turns each handler's result into the exit code. */
export function locksCommands<T> (y: Argv<T>, run: CommandRunner): Argv<T> {
  return y
    .command('list', 'list the locks in force', (c) => jsonOption(adminOptions(c)),
      run(async (args) => {
        const answer = await (await adminClientFrom(args)).json({ method: 'GET', path: '/admin/locks' })
        if (args.json) {
          printJson(answer)
          return 0
        }
        printTable(['ID', 'KIND', 'VALUE', 'REASON', 'BY', 'CREATED', 'UNTIL'], objects(obj(answer).locks).map((l) => [
          cell(l.id), cell(l.kind), cell(l.value), cell(l.reason), cell(l.actor), cell(l.created), cell(l.until)
        ]), 'no locks')
        return 0
      }))
    .command('add', 'refuse requests that match; live sessions that match end at once (admin role)', (c) => jsonOption(adminOptions(c))
      .option('kind', { choices: LOCK_KINDS, demandOption: true, describe: 'what --value names' })
      .option('value', { type: 'string', demandOption: true, describe: 'the subject, group, token id, connection or agent id' })
      .option('reason', { type: 'string', describe: 'why (shown to refused clients, written to the audit log)' })
      .option('until', { type: 'string', describe: 'lift it by itself: a duration (30m, 2h, 7d) or a future ISO time [default: until removed]' }),
    run(async (args) => {
      const body = {
        kind: args.kind,
        value: args.value,
        ...(args.reason === undefined ? {} : { reason: args.reason }),
        ...(args.until === undefined ? {} : { until: args.until })
      }
      const answer = await (await adminClientFrom(args)).json({ method: 'POST', path: '/admin/locks', body })
      if (args.json) {
        printJson(answer)
        return 0
      }
      const a = obj(answer)
      const lock = obj(a.lock)
      const ended = Array.isArray(a.ended) ? a.ended.map((s) => cell(s)) : []
      process.stdout.write(`added lock ${cell(lock.id)}: ${lockText(lock)}\n` +
        (ended.length === 0 ? 'no live session matched\n' : `ended ${ended.length} live session${ended.length === 1 ? '' : 's'}: ${ended.join(', ')}\n`))
      return 0
    }))
    .command('remove <lock-id>', 'lift a lock (admin role)', (c) => jsonOption(adminOptions(c))
      .positional('lock-id', { type: 'string', demandOption: true, describe: 'lock id (from `keyward locks list`)' }),
    run(async (args) => {
      const answer = await (await adminClientFrom(args)).json({ method: 'DELETE', path: `/admin/locks/${segment(args['lock-id'])}` })
      if (args.json) printJson(answer)
      else process.stdout.write(`removed lock ${cell(obj(obj(answer).removed).id)}: ${lockText(obj(obj(answer).removed))}\n`)
      return 0
    }))
    .demandCommand(1, 'say `keyward locks list|add|remove`')
}
