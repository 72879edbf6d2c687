import t from 'tap'

import { costNanoUsd, DEFAULT_PRICES_USD, formatUsd, nanoPerToken, PriceTable, toPrice } from '../../../relay/spend/prices.js'

t.test('price table math is exact for a known case: gpt-4o-mini, 1234 in (200 cached) / 567 out', async (t) => {
  const table = new PriceTable()
  const price = table.lookup('gpt-4o-mini')
  t.same(price, { input: 150, cached: 75, output: 600 }, 'nano-USD per token: $0.15, $0.075 and $0.60 per million')
  // (1234 - 200) × 150 + 200 × 75 + 567 × 600 = 155 100 + 15 000 + 340 200 = 510 300 nano-USD
  const cost = costNanoUsd({ input: 1234, cached: 200, output: 567 }, price as NonNullable<typeof price>)
  t.equal(cost, 510_300)
  t.equal(formatUsd(cost), '0.0005103')
  t.equal(formatUsd(1_000_000_000), '1')
  t.equal(formatUsd(0), '0')
  t.equal(formatUsd(-1_500_000_000), '-1.5')
})

t.test('lookup: exact, else the longest known prefix, case-insensitive; unknown is undefined', async (t) => {
  const table = new PriceTable({ 'my-model': { input: 1, output: 2 } })
  t.same(table.lookup('gpt-4o-mini-2024-07-18'), toPrice(DEFAULT_PRICES_USD['gpt-4o-mini'] as NonNullable<typeof DEFAULT_PRICES_USD['gpt-4o-mini']>), 'a dated snapshot takes its family price, not gpt-4o')
  t.same(table.lookup('GPT-4O'), toPrice({ input: 2.5, cached: 1.25, output: 10 }))
  t.same(table.lookup('claude-3-5-haiku-latest'), toPrice({ input: 0.8, cached: 0.08, output: 4 }))
  t.same(table.lookup('my-model'), { input: 1000, output: 2000, cached: 1000 }, 'cached defaults to input')
  t.equal(table.lookup('nope'), undefined)
  t.equal(table.lookup(undefined), undefined)
  t.equal(table.lookup(''), undefined)
  const overridden = new PriceTable({ 'gpt-4o': { input: 1, output: 1 } })
  t.same(overridden.lookup('gpt-4o'), { input: 1000, output: 1000, cached: 1000 }, 'policy overrides the shipped price')
})

t.test('prices must be whole nano-USD per token and not negative', async (t) => {
  t.equal(nanoPerToken(0.075), 75)
  t.equal(nanoPerToken(0), 0)
  t.throws(() => nanoPerToken(0.0001), RangeError)
  t.throws(() => nanoPerToken(-1), RangeError)
  t.throws(() => nanoPerToken(Number.NaN), RangeError)
  t.throws(() => new PriceTable({ bad: { input: 0.00001, output: 1 } }), RangeError)
})
