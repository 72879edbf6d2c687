import t from 'tap'

import { ReconnectBackoff } from '../../agent/reconnect-backoff.js'

t.test('full jitter: each delay is uniform in [0, min(max, base·2ⁿ)]', async (t) => {
  const top = new ReconnectBackoff({ baseMs: 100, maxMs: 1000, random: () => 0.999999 })
  t.same(Array.from({ length: 6 }, () => top.next()), [99, 199, 399, 799, 999, 999], 'ceilings double up to the cap')
  const bottom = new ReconnectBackoff({ baseMs: 100, maxMs: 1000, random: () => 0 })
  t.equal(bottom.next(), 0, 'full jitter can retry at once')
  t.equal(top.attempts, 6)
  top.reset()
  t.equal(top.attempts, 0)
  t.equal(top.next(), 99, 'reset starts from the base again')
})

t.test('never overflows after very many attempts', async (t) => {
  const b = new ReconnectBackoff({ baseMs: 250, maxMs: 30_000, random: () => 0.5 })
  let last = 0
  for (let i = 0; i < 5000; i++) last = b.next()
  t.equal(last, 15_000)
})
