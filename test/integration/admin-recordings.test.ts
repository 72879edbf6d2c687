// Issue 5 (admin side): recordings listed, shown and exported through the relay's admin API, for the roles policy
// grants (admin, auditor), looked up by validated id only; everyone else gets 403; every call is audit-logged.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import t from 'tap'

import { verifyRecording } from '../../relay/recording/reader.js'
import { httpsRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

const POLICY = `roles:
  admin: [secops]
  auditor: [audit]
  approver: [leads]
`

let stack: Stack
const auditLines: Array<Record<string, unknown>> = []

t.before(async () => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  const sink = new Writable({
    write (chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue
        const obj = JSON.parse(line) as Record<string, unknown>
        if (obj.component === 'audit') auditLines.push(obj)
      }
      cb()
    }
  })
  stack = await startStack({ relay: { policy: policyPath }, logger: pino({ level: 'info' }, sink) })
})
t.teardown(async () => await stack.stop())

async function get (token: string, path: string): Promise<{ status: number, body: string, raw: Buffer }> {
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path, method: 'GET', headers: { authorization: `Bearer ${token}` } })
  return { status: r.status, body: r.text, raw: r.body }
}

t.test('roles: auditor and admin read recordings; approver, plain users and bad tokens do not', async (t) => {
  const user = await stack.token('carol', ['eng'])
  const chat = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello admin' }] }) })
  t.equal(chat.status, 200)

  const auditor = await stack.token('ann', ['audit'])
  const admin = await stack.token('sec', ['secops'])
  const approver = await stack.token('lee', ['leads'])

  const who = await get(auditor, '/admin/whoami')
  t.equal(who.status, 200)
  t.same(JSON.parse(who.body), { subject: 'ann', groups: ['audit'], roles: ['auditor'] })

  const list = await get(auditor, '/admin/recordings?subject=carol')
  t.equal(list.status, 200)
  const recs = (JSON.parse(list.body) as { recordings: Array<{ id: string, subject: string, path?: string }> }).recordings
  t.equal(recs.length, 1, 'carol has one recording')
  const id = recs[0]?.id ?? ''
  t.match(id, /^rec_[0-9A-Z]{26}$/)
  t.equal(recs[0]?.path, undefined, 'no file paths leave the relay')
  t.equal((JSON.parse((await get(auditor, '/admin/recordings?subject=nobody')).body) as { recordings: unknown[] }).recordings.length, 0, 'filters apply')
  const badSince = await get(auditor, '/admin/recordings?since=yesterday-ish')
  t.equal(badSince.status, 400, 'a bad since is a 400')
  t.match(badSince.body, /GW_ERR_ADMIN_BAD_REQUEST/)

  const show = await get(admin, `/admin/recordings/${id}`)
  t.equal(show.status, 200)
  const shown = JSON.parse(show.body) as { subject: string, transcript: string, verify: { ok: boolean } }
  t.equal(shown.subject, 'carol')
  t.match(shown.transcript, /hello admin/, 'the transcript shows the prompt')

  const jsonl = await get(auditor, `/admin/recordings/${id}/export?format=jsonl`)
  t.equal(jsonl.status, 200)
  t.ok(jsonl.body.trim().split('\n').every((l) => typeof JSON.parse(l) === 'object'), 'JSONL, one record per line')

  const sessions = await get(approver, '/admin/sessions')
  t.equal(sessions.status, 200, 'approvers see live sessions')
  t.ok((JSON.parse(sessions.body) as { sessions: Array<{ subject: string }> }).sessions.some((s) => s.subject === 'carol'))

  for (const [who, token] of [['approver', approver], ['a plain user', user]] as const) {
    const r = await get(token, '/admin/recordings')
    t.equal(r.status, 403, `${who} cannot list recordings`)
    t.match(r.body, /GW_ERR_ADMIN_FORBIDDEN/)
  }
  t.equal((await get(user, '/admin/whoami')).status, 403, 'no role, nothing at all')
  t.equal((await get('not-a-token', '/admin/whoami')).status, 401)
  const nope = await get(admin, '/admin/nope')
  t.equal(nope.status, 404)
  t.match(nope.body, /GW_ERR_ADMIN_NOT_FOUND/)
  const post = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/admin/whoami', method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: '' })
  t.equal(post.status, 405)

  t.ok(auditLines.some((l) => l.subject === 'ann' && l.outcome === 'ok' && String(l.action).includes('/export')), 'exports are audit-logged')
  t.ok(auditLines.some((l) => l.subject === 'lee' && l.outcome === 'refused'), 'refusals too')
  t.notOk(JSON.stringify(auditLines).includes(auditor), 'tokens never appear in the audit log')
})

t.test('export by id only: traversal and malformed ids are refused; pb export is the verifiable file', async (t) => {
  const admin = await stack.token('sec', ['secops'])
  for (const bad of ['..%2f..%2fetc%2fpasswd', 'rec_..', 'rec_01ABC', '%2e%2e', 'REC_01M88DDCJZP4EEFHG3XWB93EKE']) {
    const r = await get(admin, `/admin/recordings/${bad}/export?format=pb`)
    t.ok(r.status === 400 || r.status === 404, `${bad} → ${r.status}`)
    t.notMatch(r.body, /root:/)
  }
  t.equal((await get(admin, '/admin/recordings/rec_01M88DDCJZP4EEFHG3XWB93EKE/export')).status, 404, 'an unknown id is a 404')
  t.equal((await get(admin, '/admin/recordings/rec_01M88DDCJZP4EEFHG3XWB93EKE/export?format=zip')).status, 400, 'unknown format')

  const user = await stack.token('dave', ['eng'])
  await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }) })
  await stack.relay.sessions.close()
  const list = JSON.parse((await get(admin, '/admin/recordings?subject=dave')).body) as { recordings: Array<{ id: string }> }
  const id = list.recordings[0]?.id ?? ''
  const res = (await get(admin, `/admin/recordings/${id}/export?format=pb`)).raw
  const file = join(t.testdir(), `${id}.kwrec`)
  writeFileSync(file, res)
  const v = await verifyRecording(file)
  t.ok(v.ok, `the exported copy verifies (${v.problems.join('; ')})`)
})

t.test('a relay that records nothing says so (GW_ERR_ADMIN_RECORDING_OFF)', async (t) => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  const plain = await startStack({ relay: { policy: policyPath, recording: { enabled: false } } })
  t.teardown(async () => await plain.stop())
  const admin = await plain.token('sec', ['secops'])
  const r = await httpsRequest({ port: plain.relay.address.port, ca: plain.ca, path: '/admin/recordings', method: 'GET', headers: { authorization: `Bearer ${admin}` } })
  t.equal(r.status, 404)
  t.match(r.text, /GW_ERR_ADMIN_RECORDING_OFF/)
  t.equal(plain.relay.recorder, undefined)
})
