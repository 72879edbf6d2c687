/**
 * `keyward sessions …`: the relay's live sessions through its admin API (docs/admin-cli.md).
 *
 *   keyward sessions list [--json]                          GET /admin/sessions (any admin role)
 *   keyward sessions show <id> [--json]                     one live session and its in-flight exchanges
 *   keyward sessions kill <id> [--reason text] [--json]     POST /admin/sessions/<id>/kill (admin)
 *
 * Every command takes `--relay`, `--token`, `--ca` (admin-client.ts). Exit codes: 0 success, 1 the relay refused or
 * could not be reached (the relay's message and code on stderr), 2 usage error.
 */
import { adminClientFrom, adminOptions, segment } from './admin-client.js'
import { cell, formatDuration, jsonOption, obj, objects, printJson, printTable, str } from './admin-format.js'
import { formatBytes, formatTable } from './recordings.js'

import type { Argv } from 'yargs'
import type { AdminClient } from './admin-client.js'
import type { CommandRunner } from './recordings.js'

/** GET /admin/sessions: the answer as sent, and its sessions. */
async function listSessions (client: AdminClient): Promise<{ answer: unknown, sessions: Array<Record<string, unknown>> }> {
  const answer = await client.json({ method: 'GET', path: '/admin/sessions' })
  return { answer, sessions: objects(obj(answer).sessions) }
}

/** The text `sessions show` prints: the session's fields, then its in-flight exchanges as a table. */
export function sessionText (s: Record<string, unknown>): string {
  const fields: Array<[string, unknown]> = [
    ['session', s.id],
    ['subject', s.subject],
    ['groups', s.groups],
    ['token', s.tokenId],
    ['connection', s.connection],
    ['recording', s.recordingId],
    ['started', s.startedAt],
    ['idle', typeof s.idleMs === 'number' ? formatDuration(s.idleMs) : undefined]
  ]
  const width = Math.max(...fields.map(([k]) => k.length))
  const head = fields.map(([k, v]) => `${k.padEnd(width)}  ${cell(v)}`).join('\n') + '\n'
  const exchanges = objects(s.exchanges)
  if (exchanges.length === 0) return `${head}\nno exchanges in flight\n`
  // STATE: checking (policy), held (waiting for approval), forwarded (waiting for the provider), responding.
  const rows = exchanges.map((e) => [
    cell(e.id), cell(e.method), cell(e.path), cell(e.model), cell(e.state),
    typeof e.responseBytes === 'number' ? formatBytes(e.responseBytes) : '-', cell(e.startedAt)
  ])
  return `${head}\n${formatTable([['EXCHANGE', 'METHOD', 'PATH', 'MODEL', 'STATE', 'RESPONSE', 'STARTED'], ...rows])}`
}

/** Adds the `sessions` subcommands to `y`; `run` turns each handler's result into the exit code. */
export function sessionsCommands<T> (y: Argv<T>, run: CommandRunner): Argv<T> {
  return y
    .command('list', 'list the relay\'s live sessions', (c) => jsonOption(adminOptions(c)),
      run(async (args) => {
        const { answer, sessions } = await listSessions(await adminClientFrom(args))
        if (args.json) {
          printJson(answer)
          return 0
        }
        printTable(['ID', 'SUBJECT', 'GROUPS', 'CONNECTION', 'STARTED', 'IDLE', 'IN-FLIGHT'], sessions.map((s) => [
          cell(s.id),
          cell(s.subject),
          cell(s.groups),
          cell(s.connection),
          cell(s.startedAt),
          typeof s.idleMs === 'number' ? formatDuration(s.idleMs) : '-',
          String(objects(s.exchanges).length)
        ]), 'no live sessions')
        return 0
      }))
    .command('show <id>', 'show one live session and its in-flight exchanges', (c) => jsonOption(adminOptions(c))
      .positional('id', { type: 'string', demandOption: true, describe: 'session id (from `keyward sessions list`)' }),
    run(async (args) => {
      // The admin API has no per-session route: the list is small (live sessions only) and carries everything.
      const { sessions } = await listSessions(await adminClientFrom(args))
      const session = sessions.find((s) => s.id === args.id)
      if (session === undefined) throw new Error(`no live session ${cell(args.id)} (it may have ended; \`keyward sessions list\` shows the live ones)`)
      if (args.json) printJson(session)
      else process.stdout.write(sessionText(session))
      return 0
    }))
    .command('kill <id>', 'end a live session now and refuse its token until it expires (admin role)', (c) => jsonOption(adminOptions(c))
      .positional('id', { type: 'string', demandOption: true, describe: 'session id (from `keyward sessions list`)' })
      .option('reason', { type: 'string', describe: 'why (recorded, shown to the client, written to the audit log)' }),
    run(async (args) => {
      const client = await adminClientFrom(args)
      const answer = await client.json({ method: 'POST', path: `/admin/sessions/${segment(args.id)}/kill`, body: args.reason === undefined ? {} : { reason: args.reason } })
      if (args.json) {
        printJson(answer)
        return 0
      }
      const a = obj(answer)
      const killed = Array.isArray(a.killed) ? a.killed.map((k) => cell(k)) : []
      process.stdout.write(`killed ${killed.length} session${killed.length === 1 ? '' : 's'}: ${killed.join(', ') || '-'}\n` +
        `token ${cell(str(a.tokenId))} is refused until ${cell(str(a.refusedUntil))}\n`)
      return 0
    }))
    .demandCommand(1, 'say `keyward sessions list|show|kill`')
}
