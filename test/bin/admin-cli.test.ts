// Issue 6 (command line): `keyward sessions|locks|approvals` and `keyward recordings … --relay` against a real relay
// stack whose policy grants the admin roles and holds prompts mentioning a wire transfer, driven through
// main([...]) with stdout and stderr captured.
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'

import t from 'tap'

import { EXIT_USAGE, main } from '../../bin/cli.js'
import { AdminClient, errorFromAnswer, parseRelayUrl } from '../../bin/commands/admin-client.js'
import { cell, formatDuration } from '../../bin/commands/admin-format.js'
import { MAX_ADMIN_RESPONSE_BYTES } from '../../bin/commands/constants.js'
import { feedLine, promptExcerpt } from '../../bin/commands/approvals.js'
import { verifyRecording } from '../../relay/recording/reader.js'
import { cli, startCli } from '../fixtures/cli-capture.js'
import { httpsRequest, openRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Stack } from '../fixtures/stack.js'
import type { CliResult } from '../fixtures/cli-capture.js'

const POLICY = `roles:
  admin: [secops]
  approver: [leads]
  auditor: [audit]
deny:
  - name: wire
    contains: ['wire transfer']
    caseInsensitive: true
    action: hold
`

let stack: Stack
let secops: string
let auditor: string
let approver: string
const savedEnv = { relay: process.env.KEYWARD_RELAY, token: process.env.KEYWARD_TOKEN }

/** `--relay --token --ca` for this stack. */
function target (token: string): string[] {
  return ['--relay', stack.origin, '--token', token, '--ca', stack.caPath]
}

/** Runs an admin command as `token`. */
async function admin (token: string, ...argv: string[]): Promise<CliResult> {
  return await cli([...argv, ...target(token)])
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Resolves after `ms` (polling pauses only; no test asserts on elapsed time). */
async function pause (ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}

const chat = (content: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], ...extra })

/** Sends a chat completion as `token` and buffers the answer. */
async function send (token: string, content: string): Promise<{ status: number, text: string }> {
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chat(content) })
  return { status: r.status, text: r.text }
}

/** Reads a response to its end (or until the connection closes). */
async function readAll (res: IncomingMessage): Promise<string> {
  let body = ''
  await new Promise<void>((resolve) => {
    res.on('data', (c: Buffer) => { body += c.toString() })
    res.on('end', resolve)
    res.on('close', resolve)
    res.on('error', () => { resolve() })
  })
  return body
}

t.before(async () => {
  delete process.env.KEYWARD_RELAY
  delete process.env.KEYWARD_TOKEN
  const policyPath = join(t.testdir(), 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  stack = await startStack({ relay: { policy: policyPath } })
  secops = await stack.token('sec', ['secops'])
  auditor = await stack.token('ann', ['audit'])
  approver = await stack.token('lena', ['leads'])
})
t.teardown(async () => {
  await stack.stop()
  if (savedEnv.relay !== undefined) process.env.KEYWARD_RELAY = savedEnv.relay
  if (savedEnv.token !== undefined) process.env.KEYWARD_TOKEN = savedEnv.token
})

t.test('usage errors exit 2 before anything is sent: no --relay, no token, plain http off loopback, a bad kind', async (t) => {
  const noRelay = await cli(['sessions', 'list', '--token', secops])
  t.equal(noRelay.code, EXIT_USAGE, 'missing --relay')
  t.match(noRelay.stderr, /say which relay: --relay https:\/\/host:port \(or set KEYWARD_RELAY\)/)
  t.notMatch(noRelay.stderr, secops, 'the token is never printed')
  const noToken = await cli(['locks', 'list', '--relay', stack.origin])
  t.equal(noToken.code, EXIT_USAGE, 'missing token')
  t.match(noToken.stderr, /an admin token is needed/)
  const http = await cli(['approvals', 'list', '--relay', 'http://relay.example:8080', '--token', secops])
  t.equal(http.code, EXIT_USAGE, 'plain http to another host')
  t.match(http.stderr, /plain http:\/\/ is refused for relay\.example:8080/)
  t.equal((await cli(['locks', 'add', '--kind', 'planet', '--value', 'x', ...target(secops)])).code, EXIT_USAGE, 'unknown lock kind')
  t.equal((await cli(['sessions', 'kill', ...target(secops)])).code, EXIT_USAGE, 'no session id')
  t.equal((await cli(['sessions'])).code, EXIT_USAGE, 'no subcommand')
  const help = await cli(['approvals', 'watch', '--help'])
  t.equal(help.code, 0, '--help needs no relay')
  t.match(help.stdout, /--once/)
  t.equal((await cli(['sessions', 'list', '--relay', 'https://user:pw@relay.example', '--token', secops])).code, EXIT_USAGE, 'credentials in the URL')
  t.equal((await cli(['sessions', 'list', '--relay', stack.origin, '--token', `Bearer ${secops}`])).code, EXIT_USAGE, 'a pasted "Bearer " prefix')
})

t.test('failures exit 1 with the relay\'s message and code on one line', async (t) => {
  const bad = await admin('not-a-jwt', 'sessions', 'list')
  t.equal(bad.code, 1, 'a bad token')
  t.match(bad.stderr, /^keyward: .+ \(HTTP 401\) \[GW_ERR_AUTH_INVALID_TOKEN\]\n$/)
  const nobody = await admin(await stack.token('carl', ['eng']), 'locks', 'list')
  t.equal(nobody.code, 1, 'no admin role')
  t.match(nobody.stderr, /'carl' holds no admin role .*\(HTTP 403\) \[GW_ERR_ADMIN_FORBIDDEN\]/)
  const noCa = await cli(['sessions', 'list', '--relay', stack.origin, '--token', secops])
  t.equal(noCa.code, 1, 'the dev CA is not in the system roots')
  t.match(noCa.stderr, new RegExp(`cannot reach the relay at ${stack.origin}: `))
  const caFile = join(t.testdir(), 'not-a-ca.pem')
  writeFileSync(caFile, 'hello')
  const notCa = await cli(['sessions', 'list', '--relay', stack.origin, '--token', secops, '--ca', caFile])
  t.match(notCa, { code: 1, stderr: /holds no PEM certificate/ })
  for (const r of [bad, nobody, noCa, notCa]) t.notOk(r.stderr.includes(secops), 'the token is never printed')
})

t.test('KEYWARD_RELAY and KEYWARD_TOKEN stand in for --relay and --token', async (t) => {
  process.env.KEYWARD_RELAY = stack.origin
  process.env.KEYWARD_TOKEN = auditor
  try {
    const r = await cli(['locks', 'list', '--ca', stack.caPath])
    t.equal(r.code, 0, r.stderr)
    t.equal(r.stdout, 'no locks\n')
  } finally {
    delete process.env.KEYWARD_RELAY
    delete process.env.KEYWARD_TOKEN
  }
})

t.test('sessions: list shows a live stream, show its exchange; an auditor cannot kill it, an admin can', async (t) => {
  const carol = await stack.token('carol', ['eng', 'ml'])
  const res = await openRequest({
    port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST',
    headers: { authorization: `Bearer ${carol}`, 'content-type': 'application/json', 'x-fake-chunks': '50', 'x-fake-chunk-delay-ms': '50' },
    body: chat('count slowly to fifty', { stream: true })
  })
  const body = readAll(res)

  const listed = await admin(auditor, 'sessions', 'list', '--json')
  t.equal(listed.code, 0, listed.stderr)
  const sessions = (JSON.parse(listed.stdout) as { sessions: Array<{ id: string, subject: string, exchanges: unknown[] }> }).sessions
  const live = sessions.find((s) => s.subject === 'carol')
  if (live === undefined) return t.fail(`no live session for carol in ${listed.stdout}`)
  t.equal(live.exchanges.length, 1, '--json is the API answer: one exchange in flight')

  const table = await admin(auditor, 'sessions', 'list')
  t.equal(table.code, 0, table.stderr)
  t.match(table.stdout, /^ID +SUBJECT +GROUPS +CONNECTION +STARTED +IDLE +IN-FLIGHT\n/)
  t.match(table.stdout, new RegExp(`^${live.id} +carol +eng,ml +openai +\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z +\\S+ +1$`, 'm'), 'a row with the live stream')

  const shown = await admin(auditor, 'sessions', 'show', live.id)
  t.equal(shown.code, 0, shown.stderr)
  t.match(shown.stdout, /^session +[0-9a-f-]{36}$/m)
  t.match(shown.stdout, /^subject +carol$/m)
  t.match(shown.stdout, /^EXCHANGE +METHOD +PATH +MODEL +STATE +RESPONSE +STARTED$/m)
  t.match(shown.stdout, /^\S+ +POST +\/v1\/chat\/completions +gpt-4o-mini +responding +\d+(\.\d)? (B|KiB) +\S+Z$/m)
  const shownJson = await admin(auditor, 'sessions', 'show', live.id, '--json')
  t.equal((JSON.parse(shownJson.stdout) as { id: string }).id, live.id)
  t.match(await admin(auditor, 'sessions', 'show', 'no-such-session'), { code: 1, stderr: /no live session no-such-session/ })

  const forbidden = await admin(auditor, 'sessions', 'kill', live.id, '--reason', 'nope')
  t.equal(forbidden.code, 1, 'an auditor cannot kill')
  t.match(forbidden.stderr, /this route needs one of the roles: admin \(HTTP 403\) \[GW_ERR_ADMIN_FORBIDDEN\]/)

  const killed = await admin(secops, 'sessions', 'kill', live.id, '--reason', 'cli test')
  t.equal(killed.code, 0, killed.stderr)
  t.match(killed.stdout, new RegExp(`^killed 1 session: ${live.id}\ntoken \\S+ is refused until \\S+Z\n$`))
  const streamed = await body
  t.match(streamed, /GW_ERR_SESSION_KILLED/, 'the stream ends with the kill error')
  t.match(streamed, /session terminated by an operator: cli test/)
  t.notMatch(streamed, /data: \[DONE\]/)
  t.match(await admin(secops, 'sessions', 'kill', live.id), { code: 1, stderr: /\(HTTP 404\) \[GW_ERR_ADMIN_NOT_FOUND\]/ }, 'gone')
})

t.test('locks: add, list and remove round trip; a locked subject gets 403 from the relay meanwhile', async (t) => {
  const dan = await stack.token('dan', ['eng'])
  t.equal((await send(dan, 'hi')).status, 200, 'dan is served before the lock')

  const added = await admin(secops, 'locks', 'add', '--kind', 'subject', '--value', 'dan', '--reason', 'offboarding', '--until', '2h', '--json')
  t.equal(added.code, 0, added.stderr)
  const lock = (JSON.parse(added.stdout) as { lock: { id: string, kind: string, value: string, until: string }, ended: string[] }).lock
  t.match(lock, { kind: 'subject', value: 'dan' })
  t.ok(Date.parse(lock.until) > Date.now(), '--until 2h became a future time')

  const refused = await send(dan, 'hi')
  t.equal(refused.status, 403, 'the locked subject is refused')
  t.match(refused.text, /GW_ERR_ACCESS_LOCKED/)
  t.match(refused.text, /offboarding/)

  const listed = await admin(auditor, 'locks', 'list')
  t.equal(listed.code, 0, listed.stderr)
  t.match(listed.stdout, /^ID +KIND +VALUE +REASON +BY +CREATED +UNTIL\n/)
  t.match(listed.stdout, new RegExp(`^${lock.id} +subject +dan +offboarding +sec +\\S+Z +${lock.until.replace(/\./g, '\\.')}$`, 'm'))

  const text = await admin(secops, 'locks', 'add', '--kind', 'group', '--value', 'contractors')
  t.equal(text.code, 0, text.stderr)
  t.match(text.stdout, /^added lock \S+: group 'contractors', until lifted\nno live session matched\n$/)
  const groupLock = /^added lock (\S+):/.exec(text.stdout)?.[1] ?? ''

  t.match(await admin(secops, 'locks', 'add', '--kind', 'subject', '--value', 'x', '--until', 'yesterday'), { code: 1, stderr: /until must be a future ISO time.*\[GW_ERR_ADMIN_BAD_REQUEST\]/ })
  t.match(await admin(auditor, 'locks', 'remove', lock.id), { code: 1, stderr: /GW_ERR_ADMIN_FORBIDDEN/ }, 'auditors cannot lift locks')

  const removed = await admin(secops, 'locks', 'remove', lock.id)
  t.equal(removed.code, 0, removed.stderr)
  t.equal(removed.stdout, `removed lock ${lock.id}: subject 'dan' (offboarding), until ${lock.until}\n`)
  const removedJson = await admin(secops, 'locks', 'remove', groupLock, '--json')
  t.equal((JSON.parse(removedJson.stdout) as { removed: { value: string } }).removed.value, 'contractors')
  t.match(await admin(secops, 'locks', 'remove', lock.id), { code: 1, stderr: /\(HTTP 404\) \[GW_ERR_ADMIN_NOT_FOUND\]/ }, 'already lifted')
  t.equal((await send(dan, 'hi')).status, 200, 'dan is served again')
  t.equal((await admin(auditor, 'locks', 'list')).stdout, 'no locks\n')
})

t.test('approvals: a held request is watched, listed, refused to its own requester, approved, and completes', async (t) => {
  // The requester is an approver too: the relay still refuses their own decision.
  const lee = await stack.token('lee', ['eng', 'leads'])
  const held = send(lee, 'Please make a Wire Transfer of $1M to account 42')

  const watched = await admin(approver, 'approvals', 'watch', '--once', '--json')
  t.equal(watched.code, 0, watched.stderr)
  const lines = watched.stdout.trim().split('\n')
  t.equal(lines.length, 1, 'one JSON line, then --once returns')
  const event = JSON.parse(lines[0] ?? '') as { type: string, approval: { id: string, subject: string, rule: string, prompt: string } }
  t.match(event, { type: 'held', approval: { subject: 'lee', rule: 'wire', prompt: /Wire Transfer/ } })
  const id = event.approval.id

  const listed = await admin(approver, 'approvals', 'list')
  t.equal(listed.code, 0, listed.stderr)
  t.match(listed.stdout, /^ID +SUBJECT +RULE +CONNECTION +MODEL +CREATED +EXPIRES +PROMPT\n/)
  t.match(listed.stdout, new RegExp(`^${id} +lee +wire +openai +gpt-4o-mini +\\S+Z +\\S+Z +"Please make a Wire Transfer of \\$1M to account 42"$`, 'm'))
  const listedJson = await admin(approver, 'approvals', 'list', '--json')
  t.ok((JSON.parse(listedJson.stdout) as { approvals: Array<{ id: string }> }).approvals.some((a) => a.id === id), '--json lists it')
  t.match(await admin(auditor, 'approvals', 'list'), { code: 1, stderr: /GW_ERR_ADMIN_FORBIDDEN/ }, 'auditors do not see approvals')

  const self = await admin(lee, 'approvals', 'approve', id)
  t.equal(self.code, 1, 'the requester cannot approve their own request')
  t.match(self.stderr, /the requester cannot approve or deny their own request \(HTTP 403\) \[GW_ERR_APPROVAL_SELF\]/)

  const approved = await admin(approver, 'approvals', 'approve', id, '--comment', 'checked with finance')
  t.equal(approved.code, 0, approved.stderr)
  t.equal(approved.stdout, `approved ${id} (subject lee, rule wire) by lena\n`)
  const done = await held
  t.equal(done.status, 200, 'the approved request completes')
  t.match(await admin(approver, 'approvals', 'approve', id), { code: 1, stderr: /\[GW_ERR_APPROVAL_NOT_FOUND\]/ }, 'decided once')
})

t.test('approvals: watch prints one safe line per event until SIGTERM; deny refuses the request', async (t) => {
  const mo = await stack.token('mo', ['eng'])
  const watch = startCli(['approvals', 'watch', ...target(secops)])
  let ended = false
  void watch.done.finally(() => { ended = true })
  // A hold made after the watch connected arrives as a live event; poll what was printed (no assertions meanwhile).
  let pending: Promise<{ status: number, text: string }> | undefined
  for (let i = 0; !ended && (pending === undefined || !watch.out().includes(' held ')); i++) {
    // Give the watch a moment to connect before the first hold; if it connected later, the replayed hold shows too.
    if (i === 2) pending = send(mo, 'wire transfer\u001b[2J now\nplease\u202e')
    await pause(25)
  }
  const id = /(apr_\S+)/.exec(watch.out())?.[1] ?? ''
  const decided = await httpsRequest({
    port: stack.relay.address.port, ca: stack.ca, path: `/admin/approvals/${id}/deny`, method: 'POST',
    headers: { authorization: `Bearer ${approver}`, 'content-type': 'application/json' }, body: JSON.stringify({ comment: 'not today' })
  })
  while (!ended && !watch.out().includes(' denied ')) await pause(25)
  // What Ctrl-C or `kill` does; tap's own exit handler ignores a signal another listener handles.
  process.emit('SIGTERM', 'SIGTERM')
  const r = await watch.done
  t.equal(decided.status, 200)
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  t.equal(lines.length, 2, 'held, then denied')
  t.equal(lines[0]?.replace(/^\S+Z  /, ''), `held       ${id}  subject=mo  rule=wire  "wire transfer\\u001b[2J now\\nplease\\u202e"`)
  t.match(lines[1], new RegExp(`^\\S+Z  denied     ${id}  subject=mo  rule=wire  ".*"  by=lena  comment="not today"$`))
  t.notOk(/[\u001b\u202e]/.test(r.stdout), 'no raw control character reaches the terminal')
  const refused = await pending
  t.equal(refused?.status, 403)
  t.match(refused?.text, /GW_ERR_APPROVAL_DENIED/)
})

t.test('recordings list|show|export --relay read through the admin API', async (t) => {
  const erin = await stack.token('erin', ['eng'])
  t.equal((await send(erin, 'recorded through the relay')).status, 200)

  const listed = await admin(auditor, 'recordings', 'list', '--subject', 'erin')
  t.equal(listed.code, 0, listed.stderr)
  t.match(listed.stdout, /^ID +CREATED +SUBJECT +CONNECTION +SIZE +STATE\n/)
  const id = /^(rec_[0-9A-Z]{26}) +\S+ +erin +openai /m.exec(listed.stdout)?.[1]
  if (id === undefined) return t.fail(`no recording for erin in ${listed.stdout}`)
  const json = JSON.parse((await admin(auditor, 'recordings', 'list', '--json', '--since', '1h')).stdout) as Array<{ id: string, path?: string }>
  t.ok(json.some((r) => r.id === id), '--since keeps it')
  t.notOk(json.some((r) => r.path !== undefined), 'no relay file paths')

  const shown = await admin(auditor, 'recordings', 'show', id)
  t.equal(shown.code, 0, shown.stderr)
  t.match(shown.stdout, new RegExp(`^recording +${id}`))
  t.match(shown.stdout, /subject +erin/)
  t.match(shown.stdout, /\| recorded through the relay/, 'the transcript quotes the prompt')

  const out = join(t.testdir(), 'copy.kwrec')
  const exported = await admin(auditor, 'recordings', 'export', id, '--format', 'pb', '--out', out)
  t.equal(exported.code, 0, exported.stderr)
  t.match((await verifyRecording(out)).problems, [], 'the downloaded copy verifies')
  const jsonl = await admin(secops, 'recordings', 'export', id, '--format', 'jsonl')
  t.equal(jsonl.code, 0, jsonl.stderr)
  t.ok(jsonl.stdout.trim().split('\n').every((l) => typeof JSON.parse(l) === 'object'), 'JSONL from the relay')
  t.match(jsonl.stdout, /recorded through the relay/)

  t.match(await admin(approver, 'recordings', 'list'), { code: 1, stderr: /GW_ERR_ADMIN_FORBIDDEN/ }, 'approvers do not read recordings')
  t.match(await admin(auditor, 'recordings', 'show', 'rec_00000000000000000000000000'), { code: 1, stderr: /\[GW_ERR_RECORDING_NOT_FOUND\]/ })
  t.ok(readFileSync(out).length > 0)
})

t.test('a misbehaving relay (plain http on loopback): bad feed events, foreign error bodies, oversized answers fail with exit 1', async (t) => {
  const server = createHttpServer((req, res) => {
    if (req.url === '/admin/approvals/feed') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(': hello\n\nevent: held\ndata: {"type":"held","approval":{"id":"apr_1","subject":"s","rule":"r","prompt":"p"}}\n\nevent: held\ndata: not json\n\n')
    } else if (req.url === '/admin/locks') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_ADMIN_RESPONSE_BYTES + 1) })
      res.end()
    } else {
      res.writeHead(502, { 'content-type': 'text/html' })
      res.end('<html>bad gateway</html>')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const relay = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const feed = await cli(['approvals', 'watch', '--relay', relay, '--token', 't'])
  t.equal(feed.code, 1)
  t.match(feed.stdout, /held +apr_1 +subject=s +rule=r +"p"\n$/, 'the good event was printed first')
  t.match(feed.stderr, /the approvals feed from http:\/\/127\.0\.0\.1:\d+ broke: the approvals feed sent an event that is not JSON/)
  t.match(await cli(['sessions', 'list', '--relay', relay, '--token', 't']), { code: 1, stderr: /HTTP 502 without a keyward error body/ })
  t.match(await cli(['locks', 'list', '--relay', relay, '--token', 't']), { code: 1, stderr: /more than the \d+ this client reads/ })
})

t.test('helpers: relay URLs, error bodies, cells, durations, feed lines', async (t) => {
  t.equal(parseRelayUrl('http://127.0.0.1:8080').host, '127.0.0.1:8080', 'http to loopback is allowed')
  t.equal(parseRelayUrl('http://[::1]:8080').hostname, '[::1]')
  t.equal(parseRelayUrl('http://localhost').hostname, 'localhost')
  t.throws(() => parseRelayUrl('ftp://relay.example'), /must be https/)
  t.throws(() => parseRelayUrl('relay.example'), /invalid relay URL/)
  t.throws(() => parseRelayUrl('https://relay.example/?x=1'), /query or fragment/)

  const coded = errorFromAnswer(403, Buffer.from(JSON.stringify({ error: { message: 'no\nway\u001b[31m', type: 'permission_error', code: 'GW_ERR_ADMIN_FORBIDDEN' } })))
  t.match(coded, { code: 'GW_ERR_ADMIN_FORBIDDEN', status: 403, message: 'no\\nway\\x1b[31m (HTTP 403)' })
  t.match(errorFromAnswer(502, Buffer.from('<html>bad gateway</html>')).message, /HTTP 502 without a keyward error body/)
  t.match(errorFromAnswer(500, Buffer.from('{"error":{"code":"rm -rf"}}')).message, /without a keyward error body/, 'a code not shaped like ours is not trusted')

  t.equal(cell(undefined), '-')
  t.equal(cell([]), '-')
  t.equal(cell(['a', 'b']), 'a,b')
  t.equal(cell('x'.repeat(200)).length, 121, 'cut with …')
  t.equal(formatDuration(850), '850ms')
  t.equal(formatDuration(12_300), '12s')
  t.equal(formatDuration(184_000), '3m04s')
  t.equal(formatDuration(7_500_000), '2h05m')
  t.equal(formatDuration(3 * 86_400_000 + 4 * 3_600_000), '3d04h')
  t.equal(formatDuration(-1), '-')
  t.equal(promptExcerpt(undefined), '-')
  t.equal(promptExcerpt('y'.repeat(100)), `"${'y'.repeat(80)}"…`, 'prompts are cut at 80 characters')
  t.equal(promptExcerpt('say "hi"\u0085\u202e'), '"say \\"hi\\"\\x85\\u202e"', 'what JSON leaves raw is escaped too')
  t.equal(feedLine({ type: 'timed_out', approval: { id: 'apr_1', subject: 's', rule: 'r', prompt: 'p' } }, 0), '1970-01-01T00:00:00.000Z  timed_out  apr_1  subject=s  rule=r  "p"')

  const port = await closedPort()
  const closed = new AdminClient({ relay: parseRelayUrl(`http://127.0.0.1:${port}`), token: 't' })
  await t.rejects(closed.json({ method: 'GET', path: '/admin/whoami' }), new RegExp(`cannot reach the relay at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
})
