import { createHmac } from 'node:crypto'
import t from 'tap'

import { MaskHashKeyInvalidError } from '../../../relay/masking/errors.js'
import { applyStrategy, hashValue, maskValue, redactValue } from '../../../relay/masking/strategies.js'
import { maskText } from '../../../relay/masking/text-masker.js'
import { compile, freshKey, HASH_KEY } from './masking-fixtures.js'

t.test('redact names the detector', async (t) => {
  t.equal(redactValue('email'), '[REDACTED:email]')
  t.equal(applyStrategy('redact', 'card', '4111111111111111', undefined), '[REDACTED:card]')
})

t.test('mask shows the last 4 characters of the canonical value, or nothing for short values', async (t) => {
  t.equal(maskValue('4111111111111111'), '****1111')
  t.equal(maskValue('12345678'), '****', 'fewer than 9 characters: no tail')
  t.equal(maskValue('123456789'), '****6789')
  t.equal(maskValue('abcde😀😀😀😀'), '****😀😀😀😀', 'counts code points, never splits a pair')
  const m = compile({ builtin: 'all', strategy: 'mask' })
  t.equal(maskText(m, '4111-1111-1111-1111').text, '****1111', 'cards: digits only')
  t.equal(maskText(m, '４１１１ １１１１ １１１１ １１１１').text, '****1111', 'fullwidth card: the normalised digits')
  t.equal(maskText(m, '378282246310005').text, '****0005')
  t.equal(maskText(m, 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t').text, '****Rs8t')
  t.equal(maskText(m, '123-45-6789').text, '****6789')
  t.equal(maskText(m, 'bob@example.com').text, '****.com', 'emails: the end of the domain (documented)')
})

t.test('hash is an HMAC-SHA-256 under the relay key, truncated to 12 hex', async (t) => {
  const want = createHmac('sha256', HASH_KEY).update('4111111111111111').digest('hex').slice(0, 12)
  t.equal(hashValue('card', '4111111111111111', HASH_KEY), `[HASH:card:${want}]`)
  const m = compile({ builtin: ['card', 'email'], strategy: 'hash' })
  const a = maskText(m, '4111 1111 1111 1111').text
  t.equal(a, `[HASH:card:${want}]`, 'separators do not change a card hash')
  t.equal(maskText(m, '4111-1111-1111-1111').text, a, 'same value, same hash: correlates within the relay')
  t.not(maskText(m, '5500005555555559').text, a)
  t.not(hashValue('card', '4111111111111111', freshKey()), a, 'another relay key gives another hash')
  t.throws(() => hashValue('card', 'x', undefined), MaskHashKeyInvalidError)
})

t.test('per-detector and per-custom strategies override the default', async (t) => {
  const m = compile({
    builtin: ['card', 'email'],
    strategy: 'redact',
    strategies: { card: 'mask' },
    custom: [{ name: 'emp', pattern: 'EMP-[0-9]{6}', maxLength: 10, strategy: 'hash' }]
  })
  t.equal(maskText(m, '4111111111111111 a@b.io EMP-123456').text, `****1111 [REDACTED:email] [HASH:emp:${createHmac('sha256', HASH_KEY).update('EMP-123456').digest('hex').slice(0, 12)}]`)
})

t.test('replacements are JSON-safe: tool-call argument JSON stays valid', async (t) => {
  for (const strategy of ['redact', 'mask', 'hash'] as const) {
    const m = compile({ builtin: 'all', strategy })
    const args = JSON.stringify({ email: 'jane@example.com', card: '4111 1111 1111 1111', note: 'key sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8t' })
    const out = maskText(m, args).text
    t.doesNotThrow(() => JSON.parse(out), strategy)
    t.notMatch(out, /jane@|4111 1111|sk-ant/)
  }
})
