import t from 'tap'

import { MAX_LOCKS } from '../../../relay/state/constants.js'
import { lockMatches, MemoryStateStore } from '../../../relay/state/state-store.js'

const who = { subject: 'alice', groups: ['eng', 'ops'], tokenId: 'jti-1', connection: 'openai', agentId: 'agent-a' }

t.test('locks match by kind and value only', async (t) => {
  const base = { id: 'l', reason: '', actor: 'x', createdUnixMs: 0 }
  t.ok(lockMatches({ ...base, kind: 'subject', value: 'alice' }, who))
  t.notOk(lockMatches({ ...base, kind: 'subject', value: 'ali' }, who), 'exact, not a prefix')
  t.ok(lockMatches({ ...base, kind: 'group', value: 'ops' }, who))
  t.notOk(lockMatches({ ...base, kind: 'group', value: 'alice' }, who), 'a subject value is not a group')
  t.ok(lockMatches({ ...base, kind: 'token', value: 'jti-1' }, who))
  t.ok(lockMatches({ ...base, kind: 'connection', value: 'openai' }, who))
  t.ok(lockMatches({ ...base, kind: 'agent', value: 'agent-a' }, who))
  t.notOk(lockMatches({ ...base, kind: 'agent', value: 'agent-b' }, who))
})

t.test('memory store: add, find, expire, remove; killed tokens until expiry', async (t) => {
  const s = new MemoryStateStore()
  const lock = await s.addLock({ kind: 'group', value: 'ops', reason: 'r', actor: 'sec', untilUnixMs: 2000 }, 1000)
  t.match(lock.id, /^lock_/)
  t.equal((await s.findLock(who, 1500))?.id, lock.id)
  t.equal(await s.findLock(who, 2000), undefined, 'expired at its until')
  t.same(await s.listLocks(2000), [])
  const forever = await s.addLock({ kind: 'subject', value: 'alice', reason: '', actor: 'sec' }, 3000)
  t.equal((await s.listLocks(1e15)).length, 1, 'no until: in force until removed')
  t.equal((await s.removeLock(forever.id))?.id, forever.id)
  t.equal(await s.removeLock(forever.id), undefined)
  t.equal(await s.findLock(who, 4000), undefined)

  await s.killToken('jti-1', 5000)
  t.ok(await s.isTokenKilled('jti-1', 4999))
  t.notOk(await s.isTokenKilled('jti-1', 5000), 'refused only until the token expires')
  t.notOk(await s.isTokenKilled('other', 0))
})

t.test('bounded: more than MAX_LOCKS locks are refused with GW_ERR_STATE_FULL', async (t) => {
  const s = new MemoryStateStore()
  for (let i = 0; i < MAX_LOCKS; i++) await s.addLock({ kind: 'subject', value: `u${i}`, reason: '', actor: 'sec' }, 0)
  await t.rejects(s.addLock({ kind: 'subject', value: 'one-more', reason: '', actor: 'sec' }, 0), { code: 'GW_ERR_STATE_FULL' })
})
