import t from 'tap'

import { memoryJtiStore } from '../../../relay/identity/jti-store.js'
import { JTI_STORE_PRUNE_EVERY_CLAIMS } from '../../../relay/identity/constants.js'

t.test('claims an id once until it expires', async (t) => {
  let clock = 1_000
  const store = memoryJtiStore({ now: () => clock })
  t.equal(await store.claim('a', 2_000), true)
  t.equal(await store.claim('a', 2_000), false)
  t.equal(await store.claim('b', 2_000), true)
  clock = 2_000
  t.equal(await store.claim('a', 3_000), true, 'an expired entry no longer blocks')
})

t.test('when full of live entries it refuses with GW_ERR_AUTH_REPLAY_STORE_FULL instead of forgetting', async (t) => {
  let clock = 0
  const store = memoryJtiStore({ maxEntries: 2, now: () => clock })
  await store.claim('a', 100)
  await store.claim('b', 200)
  await t.rejects(store.claim('c', 300), { code: 'GW_ERR_AUTH_REPLAY_STORE_FULL', status: 503 })
  t.equal(await store.claim('a', 100), false, 'a live entry is still remembered when full')
  clock = 150
  t.equal(await store.claim('c', 300), true, 'expired entries are swept to make room')
  t.equal(store.size, 2)
})

t.test('sweeps expired entries periodically', async (t) => {
  let clock = 0
  const store = memoryJtiStore({ now: () => clock })
  for (let i = 0; i < 10; i++) await store.claim(`old-${i}`, 10)
  clock = 20
  for (let i = 0; i < JTI_STORE_PRUNE_EVERY_CLAIMS; i++) await store.claim(`new-${i}`, 1_000)
  t.ok(store.size <= JTI_STORE_PRUNE_EVERY_CLAIMS, 'old entries were swept')
  t.equal(memoryJtiStore().size, 0, 'defaults work')
})
