// Issue 6 (first part) through real sockets: an admin kills a live LangChain stream (it ends within a second with a
// clear error, the provider sees its request aborted, the token is refused afterwards, the recording says so), locks
// end matching live streams and refuse new requests until lifted, roles gate it all, and a failing lock store
// refuses rather than allows.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ChatOpenAI } from '@langchain/openai'
import t from 'tap'
import { Agent, setGlobalDispatcher } from 'undici'

import { keyward } from '../../proto/gen/recording.js'
import { readRecording } from '../../relay/recording/reader.js'
import { buildSessionModel } from '../../relay/recording/session-model.js'
import { httpsRequest, openRequest, readSse } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

const POLICY = `roles:
  admin: [secops]
  auditor: [audit]
`
/** A kill must end the stream within this long, in ms (the bound). */
const KILL_BOUND_MS = 1000

let stack: Stack
let admin: string

t.before(async () => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  stack = await startStack({ relay: { policy: policyPath } })
  admin = await stack.token('sec', ['secops'])
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
})
t.teardown(async () => await stack.stop())

async function adminCall (method: string, path: string, token = admin, body?: unknown): Promise<{ status: number, json: any, text: string }> {
  const r = await httpsRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path,
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? '' : JSON.stringify(body)
  })
  let json: unknown
  try {
    json = JSON.parse(r.text)
  } catch {
    json = undefined
  }
  return { status: r.status, json, text: r.text }
}

async function sessionOf (subject: string): Promise<{ id: string, recordingId: string } | undefined> {
  const r = await adminCall('GET', '/admin/sessions')
  return (r.json.sessions as Array<{ id: string, subject: string, recordingId: string }>).find((s) => s.subject === subject)
}

/** Starts a slow 100-chunk stream and resolves with its raw body once it ends, however it ends. */
async function slowStream (on: Stack, token: string): Promise<string> {
  const res = await openRequest({
    port: on.relay.address.port, ca: on.ca, path: '/v1/chat/completions', method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-fake-chunks': '100', 'x-fake-chunk-delay-ms': '50' },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'go' }] })
  })
  return (await readSse(res)).raw
}

const chat = (content: string): string => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })

t.test('kill: a LangChain stream ends within a second with a clear error; the provider call is aborted; the token is refused', async (t) => {
  const token = await stack.token('carol', ['eng'])
  const llm = new ChatOpenAI({
    model: 'gpt-4o-mini',
    apiKey: token,
    maxRetries: 0,
    configuration: { baseURL: stack.baseUrl, defaultHeaders: { 'x-fake-chunks': '100', 'x-fake-chunk-delay-ms': '50' } }
  })
  const stream = await llm.stream('tell me a long story')
  const it = stream[Symbol.asyncIterator]()
  const first = await it.next()
  t.notOk(first.done, 'the stream started')

  const auditor = await stack.token('ann', ['audit'])
  const s = await sessionOf('carol')
  if (s === undefined) return t.fail('no live session for carol')
  const liveView = (await adminCall('GET', '/admin/sessions')).json.sessions.find((x: { id: string }) => x.id === s.id)
  t.equal(liveView.exchanges[0]?.state, 'responding', 'the live view shows the exchange streaming')
  t.ok(liveView.exchanges[0]?.responseBytes > 0, 'with its bytes so far')
  t.equal(liveView.exchanges[0]?.model, 'gpt-4o-mini')
  const denied = await adminCall('POST', `/admin/sessions/${s.id}/kill`, auditor, { reason: 'test' })
  t.equal(denied.status, 403, 'an auditor cannot kill')
  t.match(denied.text, /GW_ERR_ADMIN_FORBIDDEN/)

  const killedAt = Date.now()
  const killed = await adminCall('POST', `/admin/sessions/${s.id}/kill`, admin, { reason: 'suspicious prompts' })
  t.equal(killed.status, 200)
  let err: unknown
  let more = 0
  try {
    for (let r = await it.next(); r.done !== true; r = await it.next()) more++
  } catch (e) {
    err = e
  }
  const took = Date.now() - killedAt
  t.ok(took < KILL_BOUND_MS, `the stream ended ${took} ms after the kill (< ${KILL_BOUND_MS} ms)`)
  t.ok(more < 99, 'it did not run to the end')
  t.match(String((err as Error | undefined)?.message ?? ''), /terminated by an operator/, 'LangChain raises a clear error')

  const upstream = await stack.provider.waitForAbort(undefined, 2000).catch(() => undefined)
  t.ok(upstream?.aborted, 'the provider saw its request aborted (no more tokens billed)')

  const again = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chat('again') })
  t.equal(again.status, 403, 'the killed token is refused')
  t.match(again.text, /GW_ERR_SESSION_KILLED/)

  const rec = await readRecording(join(stack.dataDir, 'recordings', `${s.recordingId}.kwrec`))
  const model = buildSessionModel(rec.records)
  t.ok(model.events.some((e) => e.event.kind === keyward.recording.v1.SessionEvent.Kind.KILLED && e.event.actor === 'sec' && e.event.reason === 'suspicious prompts'), 'the kill is recorded with who and why')
  t.equal(model.sessionEnd?.reason, keyward.recording.v1.SessionEnd.Reason.KILLED, 'the recording ends with KILLED')
})

t.test('locks: a new lock ends matching live streams, refuses new requests until lifted or expired; others are untouched', async (t) => {
  const dan = await stack.token('dan', ['eng'])
  const eve = await stack.token('eve', ['eng'])
  const ended = slowStream(stack, dan)
  await new Promise((resolve) => setTimeout(resolve, 150))

  t.equal((await adminCall('POST', '/admin/locks', admin, { kind: 'planet', value: 'x' })).status, 400, 'unknown kind')
  t.equal((await adminCall('POST', '/admin/locks', admin, { kind: 'subject', value: 'dan', until: 'yesterday' })).status, 400, 'bad until')
  const added = await adminCall('POST', '/admin/locks', admin, { kind: 'subject', value: 'dan', reason: 'offboarding' })
  t.equal(added.status, 201)
  t.equal(added.json.ended.length, 1, 'the live session was ended')
  const body = await ended
  t.match(body, /GW_ERR_ACCESS_LOCKED/, 'the live stream ended with the lock error')
  t.notMatch(body, /data: \[DONE\]/)

  const refused = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${dan}`, 'content-type': 'application/json' }, body: chat('hi') })
  t.equal(refused.status, 403)
  t.match(refused.text, /subject 'dan' is locked by an operator \(offboarding\)/)
  const other = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${eve}`, 'content-type': 'application/json' }, body: chat('hi') })
  t.equal(other.status, 200, 'another subject is untouched')

  const list = await adminCall('GET', '/admin/locks', await stack.token('ann', ['audit']))
  t.equal(list.status, 200, 'auditors can see locks')
  t.ok((list.json.locks as Array<{ value: string }>).some((l) => l.value === 'dan'))
  t.equal((await adminCall('DELETE', `/admin/locks/${String(added.json.lock.id)}`, await stack.token('ann', ['audit']))).status, 403, 'auditors cannot lift locks')
  t.equal((await adminCall('DELETE', `/admin/locks/${String(added.json.lock.id)}`)).status, 200)
  t.equal((await adminCall('DELETE', `/admin/locks/${String(added.json.lock.id)}`)).status, 404, 'already lifted')
  const back = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${dan}`, 'content-type': 'application/json' }, body: chat('hi') })
  t.equal(back.status, 200, 'lifted: dan is served again')

  const timed = await adminCall('POST', '/admin/locks', admin, { kind: 'group', value: 'eng', until: '1s' })
  t.equal(timed.status, 201)
  t.equal((await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${eve}`, 'content-type': 'application/json' }, body: chat('hi') })).status, 403, 'a group lock refuses its members')
  await new Promise((resolve) => setTimeout(resolve, 1100))
  t.equal((await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${eve}`, 'content-type': 'application/json' }, body: chat('hi') })).status, 200, 'it lapses by itself')
})

t.test('a lock store that fails refuses the request (fail closed)', async (t) => {
  const state = stack.relay.state
  const original = state.findLock.bind(state)
  state.findLock = async () => { throw new Error('store down') }
  t.teardown(() => { state.findLock = original })
  const token = await stack.token('fay', ['eng'])
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chat('hi') })
  t.equal(r.status, 503)
  t.match(r.text, /GW_ERR_STATE_UNAVAILABLE/)
})

t.test('sessions.maxDurationSeconds ends a session mid-stream; the next request opens a new one', async (t) => {
  const timed = await startStack({ relay: { sessions: { maxDurationSeconds: 1 } } })
  t.teardown(async () => await timed.stop())
  const token = await timed.token('hal', ['eng'])
  const body = await slowStream(timed, token)
  t.match(body, /GW_ERR_SESSION_EXPIRED/, 'the stream ended with the expiry error')
  t.notMatch(body, /data: \[DONE\]/)
  const again = await httpsRequest({ port: timed.relay.address.port, ca: timed.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chat('again') })
  t.equal(again.status, 200, 'a new session serves the same token')
  t.equal((await timed.relay.sessions.list()).length, 1)
})

t.test('every admin call is in the audit file (0600): who, what, outcome; never a token', async (t) => {
  const path = join(stack.dataDir, 'audit', 'admin-audit.jsonl')
  const text = readFileSync(path, 'utf8')
  const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { subject?: string, action: string, outcome: string, code?: string, time: string })
  t.ok(lines.some((l) => l.subject === 'sec' && /POST \/admin\/sessions\/.+\/kill/.test(l.action) && l.outcome === 'ok'), 'the kill')
  t.ok(lines.some((l) => l.subject === 'ann' && l.outcome === 'refused' && l.code === 'GW_ERR_ADMIN_FORBIDDEN'), 'the auditor refused a kill')
  t.ok(lines.some((l) => l.action.startsWith('DELETE /admin/locks/') && l.outcome === 'ok'), 'lifting a lock')
  t.ok(lines.every((l) => typeof l.time === 'string'))
  t.notOk(text.includes(admin), 'no token in the audit log')
  t.equal(statSync(path).mode & 0o777, 0o600)
})
