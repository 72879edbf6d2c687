import fc from 'fast-check'
import t from 'tap'

import { MAX_HELD_BACK_CHARS } from '../../../relay/masking/constants.js'
import { MaskHoldBackOverflowError } from '../../../relay/masking/errors.js'
import { maskText, StreamingTextMasker } from '../../../relay/masking/text-masker.js'
import { allDetectors, compile, NEAR_MISS_ALPHABET, SAMPLES } from './masking-fixtures.js'
import { splitAt } from '../../fixtures/split-at.js'

import type { CompiledMask } from '../../../relay/masking/detectors.js'

const all = allDetectors()

/** Streams `pieces` through a fresh masker; returns the outputs (last one is the flush) and the masker. */
function stream (mask: CompiledMask, pieces: readonly string[]): { outputs: string[], masker: StreamingTextMasker } {
  const masker = new StreamingTextMasker(mask)
  const outputs = pieces.map((p) => masker.push(p))
  outputs.push(masker.flush())
  return { outputs, masker }
}

t.test('maskText replaces and counts, never reporting values', async (t) => {
  const r = maskText(all, 'mail a@b.io or c@d.io, card 4111111111111111')
  t.equal(r.text, 'mail [REDACTED:email] or [REDACTED:email], card [REDACTED:card]')
  t.same(r.counts, { email: 2, card: 1 })
  t.same(maskText(all, 'nothing here').counts, {})
  const off = compile({})
  t.equal(maskText(off, 'a@b.io').text, 'a@b.io', 'masking off')
  const s = new StreamingTextMasker(off)
  t.equal(s.push('a@b.io'), 'a@b.io', 'a disabled streaming masker passes text straight through')
})

t.test('every sample split at every position (2 pieces and 1-character pieces) is masked like the whole', async (t) => {
  for (const [name, value] of SAMPLES) {
    const text = `Contact: ${value}, thanks.`
    const whole = maskText(all, text).text
    t.equal(whole, `Contact: [REDACTED:${name}], thanks.`)
    for (let i = 0; i <= text.length; i++) {
      const { outputs } = stream(all, [text.slice(0, i), text.slice(i)])
      if (outputs.join('') !== whole) t.fail(`${name} split at ${i}: ${JSON.stringify(outputs)}`)
      if (outputs.some((o) => o.includes(value.slice(0, 4)) && value.length > 8)) t.fail(`${name} split at ${i} leaked a prefix`)
    }
    const { outputs, masker } = stream(all, [...text])
    t.equal(outputs.join(''), whole, `${name} one character at a time`)
    t.same(masker.counts, { [name]: 1 })
  }
})

t.test('property: for any split into pushes, concat(outputs) === maskText(whole)', async (t) => {
  const samples = SAMPLES.map(([, v]) => v)
  const piece = fc.oneof(
    fc.constantFrom(...samples, '４１１１ １１１１ １１１１ １１１１', '4111\u200b1111111111\u200b11', ' ', '\n', '@', 'sk-', 'AKIA', '😀', 'é', '.com'),
    fc.string({ unit: fc.constantFrom(...NEAR_MISS_ALPHABET), maxLength: 30 })
  )
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 20 }), (parts, cuts) => {
    const text = parts.join('')
    const whole = maskText(all, text).text
    const { outputs } = stream(all, splitAt(text, cuts))
    return outputs.join('') === whole
  }), { numRuns: 3000 })
  t.pass('split invariance holds')
})

t.test('property: built-in detectors only (the quiet-text shortcut on): every push releases what the scanners decide', async (t) => {
  const builtins = compile({ builtin: 'all' })
  t.ok(builtins.quietRelease !== undefined, 'the shortcut is on')
  const scanned: CompiledMask = { ...builtins, quietRelease: undefined }
  const samples = SAMPLES.filter(([name]) => name !== 'employee_id' && name !== 'codename').map(([, v]) => v)
  const piece = fc.oneof(
    fc.constantFrom(...samples, ' ', '\n', '@', 's', 'sk', 'sk-', '-', '.', 'AKIA', 'é', '.com', 'mail', 'a.b'),
    fc.string({ unit: fc.constantFrom(...NEAR_MISS_ALPHABET), maxLength: 30 })
  )
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(400), { maxLength: 20 }), (parts, cuts) => {
    const pieces = splitAt(parts.join(''), cuts)
    const fast = stream(builtins, pieces).outputs
    const slow = stream(scanned, pieces).outputs
    return fast.length === slow.length && fast.every((o, i) => o === slow[i]) && fast.join('') === maskText(builtins, parts.join('')).text
  }), { numRuns: 1500 })
})

t.test('property: text without a secret comes out identical, for any split', async (t) => {
  const clean = fc.string({ unit: fc.constantFrom(...NEAR_MISS_ALPHABET), maxLength: 200 }).filter((s) => Object.keys(maskText(all, s).counts).length === 0)
  fc.assert(fc.property(clean, fc.array(fc.nat(200), { maxLength: 10 }), (text, cuts) => {
    return maskText(all, text).text === text && stream(all, splitAt(text, cuts)).outputs.join('') === text
  }), { numRuns: 2000 })
  t.pass()
})

t.test('holds back only what could still complete a match', async (t) => {
  // Built-ins and word lists answer "may continue" exactly; a custom pattern would hold maxLength (tested below).
  const m = new StreamingTextMasker(compile({ builtin: 'all', custom: [{ name: 'w', words: ['BLUEBIRD'] }] }))
  t.equal(m.push('Hello there. '), 'Hello there. ', 'nothing held after a space')
  t.equal(m.push('Mail jane'), 'Mail ', '"jane" could start an email')
  t.equal(m.heldBack, 4)
  t.equal(m.push('.doe@exa'), '')
  t.equal(m.push('mple.com today'), '[REDACTED:email] ', 'released as soon as the address is complete')
  t.equal(m.push('! card 4111 1111'), 'today! card ')
  t.equal(m.push(' 1111 1111'), '')
  t.equal(m.push(' ok'), '[REDACTED:card] ', 'the card is out; "ok" could still start an email')
  t.equal(m.flush(), 'ok')
  t.same(m.counts, { email: 1, card: 1 })
  const ascii = new StreamingTextMasker(compile({ builtin: ['card', 'ssn'] }))
  t.equal(ascii.push('plain words only'), 'plain words only', 'with only digit detectors, words stream on at once')
})

t.test('surrogate pairs split across pushes are kept whole', async (t) => {
  const m = new StreamingTextMasker(compile({ builtin: 'all' }))
  const face = '😀'
  t.equal(m.push(`ok ${face[0] ?? ''}`), 'ok ')
  t.equal(m.push(`${face[1] ?? ''} 𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏`), `${face} `)
  t.equal(m.push('𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏, '), '[REDACTED:card], ', 'astral digits fold too')
})

t.test('the flushed masker can be reused', async (t) => {
  const m = new StreamingTextMasker(compile({ builtin: 'all' }))
  t.equal(m.push('a@b.'), '')
  t.equal(m.flush(), 'a@b.')
  t.equal(m.push('x@y.io '), '[REDACTED:email] ')
})

t.test('fails closed with GW_ERR_MASK_HOLDBACK_OVERFLOW when invisible characters stuff the window', async (t) => {
  const m = new StreamingTextMasker(all)
  m.push('4111')
  const zw = '\u200b'.repeat(1024)
  t.throws(() => {
    for (let i = 0; i <= MAX_HELD_BACK_CHARS / 1024; i++) m.push(zw)
  }, MaskHoldBackOverflowError)
  const ok = new StreamingTextMasker(all)
  ok.push('4111')
  ok.push('\u200b'.repeat(MAX_HELD_BACK_CHARS - 10))
  t.equal(ok.push('1111 1111 1111.').startsWith('[REDACTED:card]'), true, 'just under the cap still works')
})

t.test('custom patterns hold back maxLength characters and still match across pushes', async (t) => {
  const m = compile({ custom: [{ name: 'emp', pattern: 'EMP-[0-9]{6}', maxLength: 10 }] })
  const s = new StreamingTextMasker(m)
  t.equal(s.push('abcdefghijklmnop'), 'abcdef')
  t.equal(s.push('EMP-12'), 'ghijkl', 'everything before the last 10 characters')
  t.equal(s.push('3456 and more text here'), 'mnop[REDACTED:emp] and more')
  t.equal(s.flush(), ' text here')
})
