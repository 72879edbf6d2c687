import fc from 'fast-check'
import t from 'tap'

import { compileMask, findSpans, MAY_CONTINUE, NO_MATCH, scanSpans } from '../../../relay/masking/detectors.js'
import { MaskHashKeyInvalidError, MaskPatternInvalidError } from '../../../relay/masking/errors.js'
import { maskConfigSchema } from '../../../relay/masking/mask-config.js'
import { maskText } from '../../../relay/masking/text-masker.js'
import { allDetectors, compile, SAMPLES } from './masking-fixtures.js'

import type { Span } from '../../../relay/masking/detectors.js'

const all = allDetectors()

/** The masked text of `s` under every detector. */
const masked = (s: string): string => maskText(all, s).text

t.test('every sample is found by its own detector, alone and inside a sentence', async (t) => {
  for (const [name, value] of SAMPLES) {
    t.equal(masked(value), `[REDACTED:${name}]`, `${name}: ${value}`)
    t.equal(masked(`see (${value}), ok`), `see ([REDACTED:${name}]), ok`, `${name} in text: ${value}`)
  }
})

t.test('card numbers', async (t) => {
  const yes = ['4111-1111-1111-1111', '4111 1111 1111 1111', '4111111111111111', '5500005555555559', '5500 0055 5555 5559',
    '378282246310005', '3782 822463 10005', '6011111111111117', '4111-1111 1111-1111', '4222222222222', '6011000990139424',
    '4111111111111111 1234']
  for (const v of yes) t.match(masked(v), /\[REDACTED:card\]/, `masked: ${v}`)
  t.equal(masked('4111111111111111 1234'), '[REDACTED:card] 1234', 'a card followed by another group: the longest Luhn-valid prefix')
  const no = ['4111111111111112', '4111-1111-1111-1112', '1234567890123', '411111111111', '41111111111111111111', '4111  1111 1111 1111',
    '4111--1111-1111-1111', '4111_1111_1111_1111', '14111111111111111', 'x4111.1111.1111.1111']
  for (const v of no) t.equal(masked(v), v, `not a card: ${v}`)
  t.equal(masked('order 12345 shipped'), 'order 12345 shipped', 'short numbers pass')
})

t.test('US SSNs', async (t) => {
  for (const v of ['123-45-6789', '078-05-1120', '665-01-0001', '899-99-9999']) t.equal(masked(v), '[REDACTED:ssn]', v)
  for (const v of ['000-12-3456', '666-12-3456', '900-12-3456', '999-45-6789', '123-00-6789', '123-45-0000', '123456789',
    '123-45-67890', '1123-45-6789', '123 45 6789', '12-345-6789']) {
    t.equal(masked(v), v, `not an SSN: ${v}`)
  }
})

t.test('AWS access key ids', async (t) => {
  for (const v of ['AKIAIOSFODNN7EXAMPLE', 'ASIAY34FZKBOKMUTVV7A', 'AROAJ2UCCR6DPCEXAMPL', 'A3T0ABCDEFGHIJKLMNOP']) {
    t.equal(masked(`key=${v};`), 'key=[REDACTED:aws_access_key];', v)
  }
  for (const v of ['AKIAIOSFODNN7EXAMPL', 'AKIAIOSFODNN7EXAMPLEX', 'XAKIAIOSFODNN7EXAMPLE', 'akiaiosfodnn7example', 'ABCDIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPle']) {
    t.equal(masked(v), v, `not a key id: ${v}`)
  }
})

t.test('provider API keys', async (t) => {
  const body = 'Ab3dEf6hIj9kLm2nOp5qRs8t'
  t.equal(masked(`sk-${body}`), '[REDACTED:openai_key]')
  t.equal(masked(`"sk-proj-${body}_-x"`), '"[REDACTED:openai_key]"')
  t.equal(masked(`sk-ant-api03-${body}`), '[REDACTED:anthropic_key]', 'sk-ant- is Anthropic, not OpenAI')
  t.equal(masked(`Authorization: Bearer sk-${body}\n`), 'Authorization: Bearer [REDACTED:openai_key]\n')
  for (const v of ['sk-learn', 'scikit sk-learn is a library', `task-${body}`, `sk-${body.slice(0, 19)}`, `sk-ant-${body.slice(0, 19)}`, 'sk_live_abc']) {
    t.equal(masked(v), v, `not a key: ${v}`)
  }
  const long = `sk-${'a'.repeat(300)}`
  t.equal(masked(long), `[REDACTED:openai_key]${'a'.repeat(300 - 256)}`, 'a body past 256 characters is masked up to 256 (documented)')
})

t.test('email addresses', async (t) => {
  const yes: Array<[string, string]> = [
    ['a@b.io', '[REDACTED:email]'],
    ['Jane.Doe+tag@Example.COM.', '[REDACTED:email].'],
    ["o'brien@mail.example.co.uk", '[REDACTED:email]'],
    ['mailto:x_y-z@sub-domain.example.org?subject=hi', 'mailto:[REDACTED:email]?subject=hi'],
    ['<user@example.com>', '<[REDACTED:email]>'],
    ['user@example.com.123', '[REDACTED:email].123'],
    ['a.b@c.de, f@g.hi', '[REDACTED:email], [REDACTED:email]']
  ]
  for (const [v, want] of yes) t.equal(masked(v), want, v)
  for (const v of ['a@b', 'a@b.c', '@example.com', 'user@', 'user@.com', 'user@example.c0m', '.user@@example.com', `${'a'.repeat(65)}@example.com`, 'x@-', 'email me at'] ) {
    t.equal(masked(v), v, `not an email: ${v}`)
  }
})

t.test('fullwidth digits, zero-width characters and dash look-alikes inside a card are caught', async (t) => {
  t.equal(masked('pay ４１１１ １１１１ １１１１ １１１１ now'), 'pay [REDACTED:card] now', 'fullwidth digits and ideographic spaces (NFKC)')
  t.equal(masked('４１１１１１１１１１１１１１１１'), '[REDACTED:card]')
  t.equal(masked('4111\u200b1111\u200c1111\u200d1111'), '[REDACTED:card]', 'zero-width space/non-joiner/joiner inside')
  t.equal(masked('41\u206011\uFEFF1111111111\u00ad11'), '[REDACTED:card]', 'word joiner, BOM and soft hyphen inside')
  t.equal(masked('4111\u20101111\u20131111\u22121111'), '[REDACTED:card]', 'hyphen, en dash and minus sign fold to -')
  t.equal(masked('𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏'), '[REDACTED:card]', 'mathematical bold digits (astral) fold too')
  t.equal(masked('ｓｋ－ａｎｔ－Ab3dEf6hIj9kLm2nOp5qRs8t'), '[REDACTED:anthropic_key]', 'fullwidth key prefix')
  t.equal(masked('jane＠example．com'), '[REDACTED:email]', 'fullwidth @ and .')
  t.equal(masked('x \u200b4111111111111111\u200b y'), 'x \u200b[REDACTED:card]\u200b y', 'invisible characters around a match are kept')
  t.equal(masked('ab\u200bc'), 'ab\u200bc', 'text without a match keeps its invisible characters')
})

t.test('what is not caught (documented in docs/masking.md)', async (t) => {
  t.equal(masked('NDExMTExMTExMTExMTExMQ=='), 'NDExMTExMTExMTExMTExMQ==', 'base64 of a card')
  t.equal(masked('jane@ехample.com'), 'jane@ехample.com', 'Cyrillic look-alike letters in the domain (no confusable folding)')
  t.equal(masked('ѕk-Ab3dEf6hIj9kLm2nOp5qRs8t'), 'ѕk-Ab3dEf6hIj9kLm2nOp5qRs8t', 'Cyrillic ѕ homoglyph in a key prefix')
  t.equal(masked('4111_1111_1111_1111'), '4111_1111_1111_1111', 'underscore as a separator')
  t.equal(masked('4111 1111 and 1111 1111'), '4111 1111 and 1111 1111', 'a card split by words')
})

t.test('custom detectors: RE2 pattern and word list', async (t) => {
  t.equal(masked('id EMP-123456.'), 'id [REDACTED:employee_id].')
  t.equal(masked('night jar and Bluebird but not bluebirds'), '[REDACTED:codename] and [REDACTED:codename] but not bluebirds')
  const cs = compile({ custom: [{ name: 'w', words: ['Foo', 'foo bar', '#x'] }] })
  t.equal(maskText(cs, 'foo bar Foo FOO #x a#x').text, '[REDACTED:w] [REDACTED:w] FOO [REDACTED:w] a[REDACTED:w]', 'case-sensitive, longest word, no boundary needed at a non-word edge')
  const re = compile({ custom: [{ name: 'r', pattern: '(?i)tok_[a-z]{4}', maxLength: 8 }, { name: 'e', pattern: 'x*', maxLength: 5 }] })
  t.equal(maskText(re, 'a TOK_abcd b xxx').text, 'a [REDACTED:r] b [REDACTED:e]', 'flags inline, empty matches ignored')
  const ci = compile({ custom: [{ name: 'r', pattern: 'secret', maxLength: 6, caseInsensitive: true }] })
  t.equal(maskText(ci, 'SeCrEt').text, '[REDACTED:r]')
})

t.test('scanner answers at the end of a growing buffer', async (t) => {
  const card = compile({ builtin: ['card'] })
  t.same(findSpans(card, '4111 1111 1111 1111', false), { spans: [], decided: 0 }, 'a card at the end may still grow')
  t.same(findSpans(card, '4111 1111 1111 1111 ', false), { spans: [], decided: 0 }, 'a trailing separator may be followed by a group')
  t.same(findSpans(card, '4111 1111 1111 1111.', false), { spans: [{ start: 0, end: 19, detector: 0 }], decided: 20 })
  t.same(findSpans(card, '4111 1111 1111 1111', true).spans, [{ start: 0, end: 19, detector: 0 }])
  const email = compile({ builtin: ['email'] })
  t.equal(findSpans(email, 'hello wor', false).decided, 6, 'only the last word is held')
  t.equal(findSpans(email, 'hello world. ', false).decided, 13, 'nothing is held after a space')
  t.equal(findSpans(email, 'a@example.com', false).decided, 0, 'the domain may continue')
  t.equal(findSpans(email, 'a@example.com.', false).decided, 0, 'a dot may start another label')
  const words = compile({ custom: [{ name: 'w', words: ['alpha', 'alphabet'] }] })
  t.equal(findSpans(words, 'x alpha', false).decided, 2)
  t.equal(findSpans(words, 'x alp', false).decided, 2)
  t.equal(findSpans(words, 'x beta', false).decided, 6, 'no word starts with b')
  const re = compile({ custom: [{ name: 'r', pattern: 'EMP-[0-9]{6}', maxLength: 10 }] })
  t.equal(findSpans(re, 'abcdefghijklmnop', false).decided, 6, 'a pattern holds back maxLength characters')
  t.equal(MAY_CONTINUE < 0 && NO_MATCH < 0, true)
})

t.test('compileMask', async (t) => {
  t.equal(compile({}).enabled, false, 'no detectors: masking is off')
  t.equal(compile({ builtin: 'all' }).detectors.length, 6)
  t.same(compile({ builtin: ['email', 'card'] }).detectors.map((d) => d.name), ['card', 'email'], 'built-ins run in fixed priority order')
  t.equal(allDetectors().maxMatchLength, 318, 'the email bound (64 + 1 + 253) is the longest')
  t.throws(() => compile({ custom: [{ name: 'bad', pattern: '(unclosed', maxLength: 5 }] }), MaskPatternInvalidError)
  t.throws(() => compile({ custom: [{ name: 'bad', pattern: '(?<=x)y', maxLength: 5 }] }), { code: 'GW_ERR_MASK_PATTERN_INVALID' }, 'look-behind is not RE2')
  const hashing = maskConfigSchema.parse({ builtin: ['email'], strategy: 'hash' })
  t.throws(() => compileMask(hashing), MaskHashKeyInvalidError, 'hash needs a key')
  t.throws(() => compileMask(hashing, { hashKey: Buffer.alloc(16) }), { code: 'GW_ERR_MASK_HASH_KEY_INVALID' }, 'and a long one')
  t.ok(compileMask(maskConfigSchema.parse({ builtin: ['email'] })), 'no key needed without hash')
  t.throws(() => all.replacement(99, 'x'), RangeError)
})

t.test('property: the quiet-text shortcut releases exactly what the scanners decide', async (t) => {
  // Text with none of the characters a built-in match needs, rich in what the undecided tail depends on: local-part
  // characters, dots, `s` / `k` / `-` of a key prefix, letters and digits before them, separators.
  const quietUnit = fc.constantFrom(...'abcsk sk.k_-+=!#/Z\n,;:()"\'<>'.split(''), 'ss', 'sk', '.s', '-s')
  const quiet = fc.array(quietUnit, { maxLength: 90 }).map((u) => u.join('')).filter((s) => !s.includes('sk-'))
  const ctxChar = fc.constantFrom('', ' ', 'a', 's', '.', '@', '9', '-', 'A', 'é')
  const masks = [
    compile({ builtin: 'all' }),
    compile({ builtin: ['email'] }),
    compile({ builtin: ['openai_key'] }),
    compile({ builtin: ['anthropic_key', 'card'] }),
    compile({ builtin: ['card', 'ssn', 'aws_access_key'] })
  ]
  for (const mask of masks) {
    const shortcut = mask.quietRelease
    if (shortcut === undefined) {
      t.fail('built-in detectors only: a shortcut is expected')
      continue
    }
    fc.assert(fc.property(ctxChar, quiet, (ctx, work) => {
      const spans: Span[] = []
      const decided = scanSpans(mask, ctx + work, ctx.length, false, spans) - ctx.length
      return spans.length === 0 && shortcut(ctx, work) === decided
    }), { numRuns: 3000 })
    // Text with a trigger is left to the scanners.
    for (const work of ['a1', 'x@y', 'An', 'sk-x', 'é']) t.equal(shortcut('', work), -1, `trigger in ${JSON.stringify(work)}`)
  }
  t.equal(compile({ builtin: ['email'], custom: [{ name: 'w', words: ['secret'] }] }).quietRelease, undefined, 'custom detectors: no shortcut')
  t.pass('shortcut equals the scanners')
})
