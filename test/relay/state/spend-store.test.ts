import t from 'tap'

import { MemorySpendStore } from '../../../relay/state/spend-store.js'

import type { SpendCounter } from '../../../relay/state/spend-store.js'

const budget = (limit: number, amount: number, window: SpendCounter['window'] = 60_000): SpendCounter => ({ rule: 'r', key: 'subject:a', metric: 'cost', window, limit, amount })

t.test('reserve is all-or-nothing and never passes a limit, however calls interleave', async (t) => {
  const store = new MemorySpendStore()
  const now = 1_000_000
  const results = await Promise.all(Array.from({ length: 50 }, async () => await store.reserve([budget(10, 1), { rule: 'r', key: 'subject:a', metric: 'requests', window: 60_000, limit: 1000, amount: 1 }], now)))
  t.equal(results.filter((r) => r.ok).length, 10, 'exactly 10 of 50 fit a limit of 10')
  const [state] = await store.peek([budget(10, 0)], now)
  t.equal(state?.used, 10, 'the refused ones added nothing')
  const [req] = await store.peek([{ rule: 'r', key: 'subject:a', metric: 'requests', window: 60_000, limit: 1000, amount: 0 }], now)
  t.equal(req?.used, 10, 'a refusal leaves the other counters of the request untouched too')
  const refused = results.find((r) => !r.ok)
  t.match(refused, { ok: false, refused: { counter: { metric: 'cost' }, used: 10, resetUnixMs: 1_020_000 } })
})

t.test('settle replaces reserved tokens and cost by actual use and frees concurrency; twice is a no-op', async (t) => {
  const store = new MemorySpendStore()
  const counters: SpendCounter[] = [
    { rule: 'r', key: 'k', metric: 'tokens', window: 60_000, limit: 1000, amount: 500 },
    { rule: 'r', key: 'k', metric: 'cost', window: 'month', limit: 1000, amount: 400 },
    { rule: 'r', key: 'k', metric: 'concurrent', window: 'none', limit: 1, amount: 1 },
    { rule: 'r', key: 'k', metric: 'requests', window: 60_000, limit: 10, amount: 1 }
  ]
  const res = await store.reserve(counters, 0)
  if (!res.ok) return t.fail('expected a reservation')
  t.equal((await store.reserve(counters, 0)).ok, false, 'the one concurrency slot is taken')
  await store.settle(res.id, { tokens: 120, costNano: 30 })
  await store.settle(res.id, { tokens: 120, costNano: 30 })
  const used = (await store.peek(counters, 0)).map((s) => s.used)
  t.same(used, [120, 30, 0, 1], 'tokens and cost settled, slot freed, the request still counted')
  await store.settle('unknown', { tokens: 1, costNano: 1 })
})

t.test('windows roll over: fixed windows by the clock, months by the UTC calendar', async (t) => {
  const store = new MemorySpendStore()
  t.ok((await store.reserve([budget(1, 1)], 59_999)).ok)
  t.notOk((await store.reserve([budget(1, 1)], 59_999)).ok)
  t.ok((await store.reserve([budget(1, 1)], 60_000)).ok, 'a new minute')
  const jan31 = Date.UTC(2026, 0, 31, 23, 59)
  t.ok((await store.reserve([budget(1, 1, 'month')], jan31)).ok)
  const r = await store.reserve([budget(1, 1, 'month')], jan31)
  t.match(r, { ok: false, refused: { resetUnixMs: Date.UTC(2026, 1, 1) } }, 'resets on the 1st of the next month')
  t.ok((await store.reserve([budget(1, 1, 'month')], Date.UTC(2026, 1, 1))).ok)
})

t.test('usage history: grouped and filtered, bounded to the retention period', async (t) => {
  const store = new MemorySpendStore()
  const e = { subject: 'alice', groups: ['eng'], connection: 'openai', model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 5, cachedTokens: 0, costNano: 100, estimated: false }
  const now = Date.UTC(2026, 5, 1)
  await store.recordUsage(e, now)
  await store.recordUsage({ ...e, model: 'gpt-4o', costNano: 900, estimated: true }, now)
  await store.recordUsage({ ...e, subject: 'bob', groups: ['ops'] }, now)
  await store.recordUsage({ ...e, subject: 'old' }, now - 40 * 24 * 3600 * 1000)
  t.same((await store.queryUsage({ sinceUnixMs: 0, by: 'none' }, now)).map((r) => [r.key, r.requests, r.costNano, r.estimated]), [['all', 3, 1100, 1]], 'older than the retention period is gone')
  const byModel = await store.queryUsage({ sinceUnixMs: 0, by: 'model', subject: 'alice' }, now)
  t.same(byModel.map((r) => [r.key, r.requests, r.inputTokens]), [['gpt-4o', 1, 10], ['gpt-4o-mini', 1, 10]], 'most expensive first')
  t.same((await store.queryUsage({ sinceUnixMs: 0, by: 'subject', group: 'ops' }, now)).map((r) => r.key), ['bob'])
  t.same(await store.queryUsage({ sinceUnixMs: now + 3600_000, by: 'none' }, now), [])
})
