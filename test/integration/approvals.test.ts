// Issue 6 (approvals) through real sockets: a request matching a `hold` rule waits until an approver decides;
// approved → forwarded, denied → 403, timed out → 403; the requester cannot approve their own request; a grant
// lets the same subject's matching requests pass for a while; the feed and a signed webhook announce holds; a
// `terminate` rule ends the whole session; everything lands in the recording.
import { createServer } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { OpenAI } from 'openai'
import t from 'tap'
import { Agent, setGlobalDispatcher } from 'undici'

import { keyward } from '../../proto/gen/recording.js'
import { WEBHOOK_SIGNATURE_HEADER } from '../../relay/approvals/constants.js'
import { webhookSignature } from '../../relay/approvals/webhook.js'
import { readRecording } from '../../relay/recording/reader.js'
import { buildSessionModel } from '../../relay/recording/session-model.js'
import { httpsRequest, openRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { AddressInfo } from 'node:net'
import type { Stack } from '../fixtures/stack.js'

const WEBHOOK_SECRET = 'webhook-secret-0123456789abcdef'
const Outcome = keyward.recording.v1.PolicyDecision.Outcome

const policyText = `roles:
  admin: [secops]
  approver: [leads]
deny:
  - name: wire
    contains: ['wire transfer']
    caseInsensitive: true
    action: hold
    approvalTimeoutSeconds: 20
  - name: quick
    contains: ['quick decision']
    action: hold
    approvalTimeoutSeconds: 1
  - name: budget
    contains: ['budget report']
    action: hold
    grantSeconds: 60
  - name: exfil
    pattern: 'EXFIL-[0-9]+'
    action: terminate
`

let stack: Stack
const hooks: Array<{ body: string, signature: string, ok: boolean }> = []
let failFirstHook = true

t.before(async () => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, policyText)
  const hookServer = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => { body += c.toString() })
    req.on('end', () => {
      const signature = String(req.headers[WEBHOOK_SIGNATURE_HEADER] ?? '')
      const t0 = Number(/t=(\d+)/.exec(signature)?.[1] ?? '0')
      hooks.push({ body, signature, ok: signature === webhookSignature(Buffer.from(WEBHOOK_SECRET), t0, body) })
      // The first delivery fails, so the retry is exercised.
      if (failFirstHook) {
        failFirstHook = false
        res.writeHead(500).end()
      } else res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { hookServer.close() })
  process.env.KEYWARD_TEST_WEBHOOK_SECRET = WEBHOOK_SECRET
  stack = await startStack({
    relay: {
      policy: policyPath,
      approvals: { webhook: { url: `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`, secretEnv: 'KEYWARD_TEST_WEBHOOK_SECRET' } }
    }
  })
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
})
t.teardown(async () => await stack.stop())

async function admin (method: string, path: string, token: string, body?: unknown): Promise<{ status: number, json: any, text: string }> {
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path, method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? '' : JSON.stringify(body) })
  let json: unknown
  try {
    json = JSON.parse(r.text)
  } catch {}
  return { status: r.status, json, text: r.text }
}

async function chat (token: string, content: string): Promise<{ status: number, text: string }> {
  const r = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }) })
  return { status: r.status, text: r.text }
}

/** Waits until the approvals list shows a request by `subject` and returns it. */
async function pendingOf (approver: string, subject: string): Promise<{ id: string, rule: string, prompt: string, subject: string }> {
  for (let i = 0; i < 200; i++) {
    const r = await admin('GET', '/admin/approvals', approver)
    const found = (r.json.approvals as Array<{ id: string, rule: string, prompt: string, subject: string }>).find((a) => a.subject === subject)
    if (found !== undefined) return found
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no pending approval for ${subject}`)
}

t.test('held → approved by a second identity → forwarded; the requester cannot approve their own; all recorded', async (t) => {
  const lee = await stack.token('lee', ['leads'])
  const sec = await stack.token('sec', ['secops'])
  const before = stack.provider.requests.length
  const pending = chat(lee, 'please make a Wire Transfer of 10 dollars')
  const held = await pendingOf(sec, 'lee')
  t.equal(held.rule, 'wire')
  t.match(held.prompt, /Wire Transfer/, 'approvers see what was asked')
  t.equal(stack.provider.requests.length, before, 'nothing forwarded while held')
  const heldView = (await admin('GET', '/admin/sessions', sec)).json.sessions.find((x: { subject: string }) => x.subject === 'lee')
  t.equal(heldView?.exchanges[0]?.state, 'held', 'the live view shows it held')

  const self = await admin('POST', `/admin/approvals/${held.id}/approve`, lee, { comment: 'me' })
  t.equal(self.status, 403, 'the requester cannot approve their own request')
  t.match(self.text, /GW_ERR_APPROVAL_SELF/)
  const ok = await admin('POST', `/admin/approvals/${held.id}/approve`, sec, { comment: 'known vendor' })
  t.equal(ok.status, 200)
  const r = await pending
  t.equal(r.status, 200, 'approved: forwarded at once')
  t.equal(stack.provider.requests.length, before + 1)
  const gone = await admin('POST', `/admin/approvals/${held.id}/approve`, sec)
  t.equal(gone.status, 404, 'a settled approval is gone')
  t.match(gone.text, /GW_ERR_APPROVAL_NOT_FOUND/)

  const s = (await admin('GET', '/admin/sessions', sec)).json.sessions.find((x: { subject: string }) => x.subject === 'lee')
  const rec = await readRecording(join(stack.dataDir, 'recordings', `${String(s.recordingId)}.kwrec`))
  const decisions = buildSessionModel(rec.records).exchanges.flatMap((e) => e.policy)
  t.ok(decisions.some((d) => d.outcome === Outcome.HELD && d.rules?.includes('wire') === true), 'HELD recorded')
  t.ok(decisions.some((d) => d.outcome === Outcome.APPROVED && d.actor === 'sec' && d.comment === 'known vendor'), 'APPROVED recorded with who and why')

  await new Promise((resolve) => setTimeout(resolve, 600))
  const held1 = hooks.filter((h) => h.body.includes('"approval.held"'))
  t.ok(held1.length >= 2, 'the webhook was told of the hold, and retried after a 500')
  t.ok(hooks.every((h) => h.ok), 'every delivery carries a valid HMAC signature')
})

t.test('denied → 403 with the approver\'s comment; timed out → 403; nothing forwarded', async (t) => {
  const carol = await stack.token('carol', ['eng'])
  const lead = await stack.token('lou', ['leads'])
  const before = stack.provider.requests.length
  const pending = chat(carol, 'wire transfer to an unknown account')
  const held = await pendingOf(lead, 'carol')
  t.equal((await admin('POST', `/admin/approvals/${held.id}/deny`, lead, { comment: 'not approved vendor' })).status, 200)
  const denied = await pending
  t.equal(denied.status, 403)
  t.match(denied.text, /GW_ERR_APPROVAL_DENIED/)
  t.match(denied.text, /denied by lou: not approved vendor/)

  const slow = await chat(carol, 'a quick decision please')
  t.equal(slow.status, 403, 'timed out')
  t.match(slow.text, /GW_ERR_APPROVAL_TIMEOUT/)
  t.equal(stack.provider.requests.length, before, 'neither reached the provider')
})

t.test('a streamed request is held too and streams once approved (OpenAI SDK); the feed announces it', async (t) => {
  const dana = await stack.token('dana', ['eng'])
  const lead = await stack.token('lia', ['leads'])
  const feed = await openRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/admin/approvals/feed', method: 'GET', headers: { authorization: `Bearer ${lead}` } })
  let feedText = ''
  feed.on('data', (c: Buffer) => { feedText += c.toString() })
  const client = new OpenAI({ apiKey: dana, baseURL: stack.baseUrl, maxRetries: 0 })
  const streaming = (async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'wire transfer, streamed' }] })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    return text
  })()
  const held = await pendingOf(lead, 'dana')
  await admin('POST', `/admin/approvals/${held.id}/approve`, lead)
  t.ok((await streaming).length > 0, 'the stream completed after approval')
  t.match(feedText, /event: held\ndata: .*"subject":"dana"/, 'the feed showed the hold')
  t.match(feedText, /event: approved\ndata: .*"actor":"lia"/, 'and the approval')
  feed.destroy()
})

t.test('an approval with a grant lets the same subject\'s matching requests pass for a while', async (t) => {
  const eve = await stack.token('eve', ['eng'])
  const lead = await stack.token('lia', ['leads'])
  const first = chat(eve, 'the budget report for Q3')
  const held = await pendingOf(lead, 'eve')
  await admin('POST', `/admin/approvals/${held.id}/approve`, lead)
  t.equal((await first).status, 200)
  const again = await chat(eve, 'another budget report')
  t.equal(again.status, 200, 'no second hold within the grant')
  const other = await stack.token('finn', ['eng'])
  const otherPending = chat(other, 'budget report')
  const otherHeld = await pendingOf(lead, 'finn')
  t.ok(otherHeld, 'the grant is for eve only')
  await admin('POST', `/admin/approvals/${otherHeld.id}/deny`, lead)
  t.equal((await otherPending).status, 403)
})

t.test('a terminate rule ends the whole session: the request is refused and the token too, afterwards', async (t) => {
  const gus = await stack.token('gus', ['eng'])
  t.equal((await chat(gus, 'hello')).status, 200)
  const r = await chat(gus, 'here is EXFIL-12345')
  t.equal(r.status, 403)
  t.match(r.text, /GW_ERR_POLICY_DENIED/)
  await new Promise((resolve) => setTimeout(resolve, 100))
  const after = await chat(gus, 'innocent')
  t.equal(after.status, 403, 'the session is over: the token is refused')
  t.match(after.text, /GW_ERR_SESSION_KILLED/)
  t.match(after.text, /was terminated/)
})
