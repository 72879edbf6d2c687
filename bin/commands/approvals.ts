/**
 * `keyward approvals …`: requests held by a policy `hold` rule, decided through the relay's admin API
 * (docs/admin-cli.md). Every route needs the `approver` or `admin` role; nobody may decide on their own request.
 *
 *   keyward approvals list [--json]                         GET /admin/approvals
 *   keyward approvals approve <id> [--comment text] [--json]   POST /admin/approvals/<id>/approve
 *   keyward approvals deny <id> [--comment text] [--json]      POST /admin/approvals/<id>/deny
 *   keyward approvals watch [--json] [--once]               GET /admin/approvals/feed (SSE)
 *
 * `watch` prints one line per feed event (or, with `--json`, each event's JSON on one line) until SIGINT/SIGTERM
 * (exit 0), the relay ends the stream (exit 0), or it fails (exit 1); `--once` returns after the first `held`
 * event. Prompts are untrusted text: cut to PROMPT_EXCERPT_CHARS, control characters escaped, one line.
 */
import { SseParser } from '../../relay/masking/sse-parser.js'
import { terminalSafe } from '../../relay/recording/transcript.js'
import { adminClientFrom, adminOptions, segment } from './admin-client.js'
import { cell, jsonOption, obj, objects, printJson, printTable, str } from './admin-format.js'
import { FEED_IDLE_TIMEOUT_MS, MAX_FEED_EVENT_CHARS, PROMPT_EXCERPT_CHARS } from './constants.js'

import type { IncomingMessage } from 'node:http'
import type { Argv } from 'yargs'
import type { AdminClient } from './admin-client.js'
import type { CommandRunner } from './recordings.js'

/** Event types of the feed, padded to this width in `watch` lines. */
const TYPE_WIDTH = 'timed_out'.length

/**
 * Untrusted text (a prompt, a comment) for a line or a cell: the first `max` characters as a JSON string, so quotes,
 * line breaks and C0 controls are `\"`, `\n`, `\u001b` escapes; what JSON leaves raw (DEL, C1, bidi overrides) is
 * escaped by terminalSafe. `…` marks a cut.
 */
export function quoted (text: string, max: number): string {
  const cut = text.length > max
  return terminalSafe(JSON.stringify(cut ? text.slice(0, max) : text)) + (cut ? '…' : '')
}

/** A prompt excerpt for a line or a cell: the first PROMPT_EXCERPT_CHARS characters, quoted; `-` when there is none. */
export function promptExcerpt (prompt: unknown): string {
  return typeof prompt === 'string' && prompt !== '' ? quoted(prompt, PROMPT_EXCERPT_CHARS) : '-'
}

/**
 * The line `watch` prints for one feed event: time, type, approval id, subject, rule, prompt excerpt, and who decided.
 * The time is the hold's for `held` (the feed replays pending holds on connect), else when the event arrived.
 */
export function feedLine (event: Record<string, unknown>, nowMs: number = Date.now()): string {
  const a = obj(event.approval)
  const type = str(event.type) ?? 'event'
  const time = type === 'held' && typeof a.created === 'string' ? a.created : new Date(nowMs).toISOString()
  const by = typeof event.actor === 'string' && event.actor !== '' ? `  by=${cell(event.actor)}` : ''
  const comment = typeof event.comment === 'string' && event.comment !== '' ? `  comment=${quoted(event.comment, PROMPT_EXCERPT_CHARS)}` : ''
  return `${cell(time)}  ${cell(type).padEnd(TYPE_WIDTH)}  ${cell(a.id)}  subject=${cell(a.subject)}  rule=${cell(a.rule)}  ${promptExcerpt(a.prompt)}${by}${comment}`
}

/** An AbortSignal fired by the first SIGINT or SIGTERM, and a `dispose` that stops listening. */
function signalOnInterrupt (): { signal: AbortSignal, dispose: () => void } {
  const ac = new AbortController()
  const onSignal = (sig: NodeJS.Signals): void => { ac.abort(sig) }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}

/**
 * Reads the approvals feed from `res`, calling `onEvent` with each event's data (parsed JSON) and its raw data text.
 * Resolves when the stream ends, or when `onEvent` returns true (`--once`); rejects on a malformed or oversized
 * event, or a broken connection.
 */
async function readFeed (res: IncomingMessage, onEvent: (event: Record<string, unknown>, data: string) => boolean): Promise<void> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
  let failure: Error | undefined
  let stop = false
  const parser = new SseParser({
    maxLineChars: MAX_FEED_EVENT_CHARS,
    maxEventChars: MAX_FEED_EVENT_CHARS,
    onError: (err) => { failure = new Error(`an approvals feed event is larger than ${MAX_FEED_EVENT_CHARS} characters`, { cause: err }) },
    onBlock: (block) => {
      if (block.event === undefined || stop || failure !== undefined) return
      let data: unknown
      try {
        data = JSON.parse(block.event.data)
      } catch {
        failure = new Error('the approvals feed sent an event that is not JSON')
        return
      }
      const event = obj(data)
      if (typeof event.type !== 'string' && block.event.event !== undefined) event.type = block.event.event
      stop = onEvent(event, block.event.data)
    }
  })
  for await (const chunk of res) {
    parser.feed(decoder.decode(chunk as Buffer, { stream: true }))
    if (failure !== undefined) throw failure
    if (stop) return
  }
  parser.end()
}

/** `approvals watch`: see the file comment. Resolves with the exit code. */
async function watch (client: AdminClient, json: boolean, once: boolean): Promise<number> {
  const interrupt = signalOnInterrupt()
  try {
    // The relay sends a keep-alive comment every 15 s: FEED_IDLE_TIMEOUT_MS of silence means it is gone.
    const res = await client.open({ method: 'GET', path: '/admin/approvals/feed', accept: 'text/event-stream', signal: interrupt.signal, timeoutMs: FEED_IDLE_TIMEOUT_MS })
    try {
      await readFeed(res, (event, data) => {
        // The relay's data line is one JSON line already: print it as it came.
        process.stdout.write((json ? data.replace(/\r?\n/g, ' ') : feedLine(event)) + '\n')
        return once && event.type === 'held'
      })
    } catch (err: unknown) {
      if (interrupt.signal.aborted) return 0
      // A connection cut mid-stream surfaces as a bare "aborted": say what broke.
      throw new Error(`the approvals feed from ${client.relay.origin} broke: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    } finally {
      res.destroy()
    }
    return 0
  } catch (err: unknown) {
    // Interrupted before the feed answered: that is a normal way to stop watching.
    if (interrupt.signal.aborted) return 0
    throw err
  } finally {
    interrupt.dispose()
  }
}

/** Adds the `approvals` subcommands to `y`; `run` turns each handler's result into the exit code. */
export function approvalsCommands<T> (y: Argv<T>, run: CommandRunner): Argv<T> {
  const decide = (verb: 'approve' | 'deny'): ((args: { id: string, comment?: string | undefined, json: boolean, relay?: string, token?: string, ca?: string }) => Promise<number>) => async (args) => {
    const answer = await (await adminClientFrom(args)).json({
      method: 'POST',
      path: `/admin/approvals/${segment(args.id)}/${verb}`,
      body: args.comment === undefined ? {} : { comment: args.comment }
    })
    if (args.json) {
      printJson(answer)
      return 0
    }
    const a = obj(answer)
    const approval = obj(a.approval)
    process.stdout.write(`${cell(a.outcome)} ${cell(approval.id)} (subject ${cell(approval.subject)}, rule ${cell(approval.rule)}) by ${cell(a.by)}\n`)
    return 0
  }
  return y
    .command('list', 'list the requests held for approval', (c) => jsonOption(adminOptions(c)),
      run(async (args) => {
        const answer = await (await adminClientFrom(args)).json({ method: 'GET', path: '/admin/approvals' })
        if (args.json) {
          printJson(answer)
          return 0
        }
        printTable(['ID', 'SUBJECT', 'RULE', 'CONNECTION', 'MODEL', 'CREATED', 'EXPIRES', 'PROMPT'], objects(obj(answer).approvals).map((a) => [
          cell(a.id), cell(a.subject), cell(a.rule), cell(a.connection), cell(a.model), cell(a.created), cell(a.expires), promptExcerpt(a.prompt)
        ]), 'no requests held for approval')
        return 0
      }))
    .command('approve <id>', 'let a held request through (never your own)', (c) => jsonOption(adminOptions(c))
      .positional('id', { type: 'string', demandOption: true, describe: 'approval id (apr_…, from `keyward approvals list`)' })
      .option('comment', { type: 'string', describe: 'note for the record and the audit log' }),
    run(decide('approve')))
    .command('deny <id>', 'refuse a held request (the client gets 403 GW_ERR_APPROVAL_DENIED)', (c) => jsonOption(adminOptions(c))
      .positional('id', { type: 'string', demandOption: true, describe: 'approval id (apr_…, from `keyward approvals list`)' })
      .option('comment', { type: 'string', describe: 'why (the refused client sees it)' }),
    run(decide('deny')))
    .command('watch', 'print held requests and decisions as they happen, until Ctrl-C', (c) => jsonOption(adminOptions(c))
      .option('once', { type: 'boolean', default: false, describe: 'return after the first `held` event (pending holds are sent first)' }),
    run(async (args) => await watch(await adminClientFrom(args), args.json, args.once)))
    .demandCommand(1, 'say `keyward approvals list|approve|deny|watch`')
}
