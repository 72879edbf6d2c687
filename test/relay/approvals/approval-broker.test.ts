import t from 'tap'

import { ApprovalBroker } from '../../../relay/approvals/approval-broker.js'
import { MAX_PENDING_APPROVALS } from '../../../relay/approvals/constants.js'

import type { HoldInit } from '../../../relay/approvals/approval-broker.js'

const base = (subject: string, extra: Partial<HoldInit> = {}): HoldInit => ({
  exchangeId: 'x', sessionId: 's', subject, groups: [], connection: 'openai', method: 'POST', path: '/v1/chat/completions',
  model: 'm', rule: 'r', prompt: 'p', timeoutMs: 60_000, grantMs: 0, ...extra
})

t.test('bounded: past MAX_PENDING_APPROVALS a hold is refused with GW_ERR_APPROVAL_QUEUE_FULL', async (t) => {
  const b = new ApprovalBroker()
  const holds: Array<Promise<unknown>> = []
  const ac = new AbortController()
  for (let i = 0; i < MAX_PENDING_APPROVALS; i++) holds.push(b.hold(base(`u${i}`, { signal: ac.signal })).catch(() => undefined))
  await t.rejects(b.hold(base('one-more')), { code: 'GW_ERR_APPROVAL_QUEUE_FULL' })
  ac.abort(new Error('done'))
  await Promise.all(holds)
  t.equal(b.list().length, 0, 'withdrawn holds leave the list')
})

t.test('grants expire; a withdrawn hold is announced as cancelled', async (t) => {
  let now = 1000
  const b = new ApprovalBroker({ now: () => now })
  const events: string[] = []
  b.on('event', (e) => events.push(e.type))
  const p = b.hold(base('amy', { grantMs: 500 }))
  const [a] = b.list()
  b.decide(a?.id ?? '', 'boss', true)
  t.same(await p, { by: 'approver', actor: 'boss', comment: '' })
  t.ok(b.granted('amy', 'r'))
  t.notOk(b.granted('amy', 'other-rule'))
  now = 1500
  t.notOk(b.granted('amy', 'r'), 'the grant lapsed')
  const ac = new AbortController()
  const w = b.hold(base('bob', { signal: ac.signal }))
  ac.abort(new Error('gone'))
  await t.rejects(w, /gone/)
  t.same(events, ['held', 'approved', 'held', 'cancelled'])
})
