import { setImmediate as nextTurn } from 'node:timers/promises'
import fc from 'fast-check'
import t from 'tap'

import { MaskSseTooLargeError } from '../../../relay/masking/errors.js'
import { MaskingPump } from '../../../relay/masking/masking-pump.js'
import { createBodyMasker } from '../../../relay/masking/response-masker.js'
import { allDetectors, chatStream, cut, joinedChat, parseEvents, SAMPLES } from './masking-fixtures.js'

import type { BodyMasker } from '../../../relay/masking/response-masker.js'

const SSE = 'text/event-stream'
const mask = allDetectors()

function bodyMasker (options: { maxSseEventChars?: number } = {}): BodyMasker {
  const m = createBodyMasker(mask, { path: '/v1/chat/completions', contentType: SSE, dialect: 'openai', ...options })
  if (m === undefined) throw new Error('expected a masker')
  return m
}

/** A pump with its emitted output, busy transitions and failure recorded. */
function pumped (masker = bodyMasker()): { pump: MaskingPump, out: Buffer[], busy: boolean[], failures: unknown[] } {
  const out: Buffer[] = []
  const busy: boolean[] = []
  const failures: unknown[] = []
  const pump = new MaskingPump(masker, {
    emit: (b) => { out.push(b) },
    busy: (b) => { busy.push(b) },
    fail: (err) => { failures.push(err) }
  })
  return { pump, out, busy, failures }
}

/** Text of many small deltas without a digit (a digit and a space may continue a card number and be held back). */
const words = Array.from({ length: 600 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))} `)

t.test('one-event chunks arriving one per turn: each masked on the next microtask, one output each, never busy', async (t) => {
  const events = chatStream(words.slice(0, 50)).split(/(?<=\n\n)/)
  const p = pumped()
  for (const ev of events) {
    const before = p.out.length
    p.pump.write(Buffer.from(ev))
    t.equal(p.out.length, before, 'nothing in the write itself')
    await Promise.resolve()
    if (p.out.length > before + 1) t.fail('more than one output for one event')
  }
  t.ok(p.out.length >= events.length - 2, `${events.length} chunks gave ${p.out.length} outputs`)
  let done = false
  p.pump.end(() => { done = true })
  await Promise.resolve()
  t.ok(done, 'end completes on the next microtask when nothing is pending')
  t.equal(Buffer.concat(p.out).toString(), events.join(''), 'byte for byte')
  t.same(p.busy, [], 'never reported busy')
})

t.test('chunks written in one synchronous run are masked as one input (few outputs), in order', async (t) => {
  const events = chatStream(words.slice(0, 50)).split(/(?<=\n\n)/)
  const p = pumped()
  for (const ev of events) p.pump.write(Buffer.from(ev))
  let done = false
  p.pump.end(() => { done = true })
  while (!done) await nextTurn()
  t.ok(p.out.length <= 3, `${events.length} one-event chunks left as ${p.out.length} buffers`)
  t.equal(Buffer.concat(p.out).toString(), events.join(''), 'byte for byte')
  t.same(p.busy, [true, false], 'busy while the rest waited for a later turn')
})

t.test('a large chunk: busy over several turns, later writes queued in order, end waits for them', async (t) => {
  const text = chatStream(words)
  const bytes = Buffer.from(text)
  const [first, second, third] = cut(bytes, [Math.floor(bytes.length * 0.8), Math.floor(bytes.length * 0.9)])
  const p = pumped()
  p.pump.write(first as Buffer)
  t.equal(p.out.length, 0, 'masked on the next microtask')
  await Promise.resolve()
  t.equal(p.out.length, 1, 'then the first event left at once')
  t.ok(p.pump.busy, 'then busy')
  t.same(p.busy, [true])
  p.pump.write(second as Buffer)
  p.pump.write(third as Buffer)
  let done = false
  p.pump.end(() => { done = true })
  t.equal(p.out.length, 1, 'nothing more in this turn')
  t.notOk(done)
  while (!done) await nextTurn()
  t.ok(p.out.length >= 3, `${p.out.length} outputs over several turns`)
  t.equal(Buffer.concat(p.out).toString(), text, 'every byte, in order')
  t.notOk(p.pump.busy)
  t.same(p.failures, [])
})

t.test('a secret split across queued chunks is still masked', async (t) => {
  await fc.assert(fc.asyncProperty(fc.constantFrom(...SAMPLES), fc.array(fc.nat(60_000), { maxLength: 8 }), async ([name, value], cuts) => {
    const content = [...words.slice(0, 400), 'here: ', value.slice(0, 5), value.slice(5), ' end']
    const bytes = Buffer.from(chatStream(content))
    const p = pumped()
    for (const c of cut(bytes, cuts)) p.pump.write(c)
    let done = false
    p.pump.end(() => { done = true })
    while (!done) await nextTurn()
    const out = Buffer.concat(p.out).toString()
    if (out.includes(value)) throw new Error(`${name} leaked`)
    const expected = content.join('').replace(value, `[REDACTED:${name}]`)
    if (joinedChat(parseEvents(out)) !== expected) throw new Error(`${name}: the text came out changed or out of order`)
  }), { numRuns: 40 })
})

t.test('a masking error fails the pump once; stop ends it silently', async (t) => {
  const p = pumped(bodyMasker({ maxSseEventChars: 64 }))
  p.pump.write(Buffer.from(`data: ${'x'.repeat(200)}\n\n`))
  await Promise.resolve()
  t.equal(p.failures.length, 1)
  t.ok(p.failures[0] instanceof MaskSseTooLargeError, 'the coded error')
  p.pump.write(Buffer.from('data: more\n\n'))
  let done = false
  p.pump.end(() => { done = true })
  await nextTurn()
  t.notOk(done, 'no end after a failure')
  t.equal(p.failures.length, 1, 'failed once')

  const q = pumped()
  q.pump.write(Buffer.from(chatStream(words)))
  await Promise.resolve()
  t.ok(q.pump.busy)
  const before = q.out.length
  q.pump.stop()
  await nextTurn()
  await nextTurn()
  t.equal(q.out.length, before, 'nothing emitted after stop')
})
