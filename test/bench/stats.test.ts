import t from 'tap'

import { ratioInterval } from '../../bench/lib/stats.js'

t.test('ratioInterval: geometric mean with a t interval on the logs', async (t) => {
  const same = ratioInterval([0.9, 0.9, 0.9])
  t.ok(same !== undefined && Math.abs(same.mean - 0.9) < 1e-12 && Math.abs(same.low - 0.9) < 1e-12 && Math.abs(same.high - 0.9) < 1e-12, 'no spread: a point')
  // Two rounds 0.8 and 1.25: logs ±ln 1.25, mean 0, sd √2 · ln 1.25, half-width 12.706 · sd / √2 = 12.706 · ln 1.25.
  const half = 12.706 * Math.log(1.25)
  const wide = ratioInterval([0.8, 1.25])
  t.ok(wide !== undefined, 'two rounds are enough')
  t.equal(Number(wide?.mean.toFixed(9)), 1, 'symmetric ratios average to 1')
  t.ok(Math.abs((wide?.low ?? 0) / Math.exp(-half) - 1) < 1e-9, 'low end uses t(1) = 12.706')
  t.ok(Math.abs((wide?.high ?? 0) / Math.exp(half) - 1) < 1e-9, 'high end likewise')
  const six = ratioInterval([0.85, 0.95, 0.9, 0.92, 0.88, 0.93])
  t.ok(six !== undefined && six.low < 0.9 && six.high > 0.9 && six.low > 0.85 && six.high < 0.95, `six rounds: ${JSON.stringify(six)}`)
  const many = ratioInterval(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0.95 : 1.05)))
  t.ok(many !== undefined && many.high - many.low < 0.04, 'past the table the normal quantile narrows it')
  t.equal(ratioInterval([0.9]), undefined, 'one round: no interval')
  t.equal(ratioInterval([0.9, 0]), undefined, 'a zero ratio (a side that completed nothing): no interval')
  t.equal(ratioInterval([0.9, Number.NaN]), undefined, 'NaN: no interval')
})
