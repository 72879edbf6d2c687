import t from 'tap'

import { MAX_GATED_BYTES } from '../../../relay/constants.js'
import { DurableGate } from '../../../relay/recording/durable-gate.js'

/** A controllable durable(): each call returns a promise the test settles. */
function commits (): { durable: () => Promise<void>, calls: Array<{ resolve: () => void, reject: (e: Error) => void }> } {
  const calls: Array<{ resolve: () => void, reject: (e: Error) => void }> = []
  return {
    calls,
    durable: async () => await new Promise<void>((resolve, reject) => { calls.push({ resolve, reject }) })
  }
}

const tick = async (): Promise<void> => await new Promise((resolve) => setImmediate(resolve))
const noRecord = (): void => {}

t.test('without a recording, chunks pushed together go out as one write on the next microtask; nothing is recorded', async (t) => {
  const got: string[] = []
  const gate = new DurableGate({ durable: undefined, record: () => { t.fail('nothing to record') }, deliver: (c) => got.push(c.toString()), onError: (e) => { t.fail(String(e)) }, onRoom: () => { t.fail('no room event expected') } })
  t.ok(gate.push(Buffer.from('a')))
  t.ok(gate.push(Buffer.from('b')))
  t.same(got, [], 'not per chunk')
  let ended = false
  gate.end(() => { ended = true })
  t.notOk(ended, 'end waits for the held bytes')
  await Promise.resolve()
  t.same(got, ['ab'], 'one write for both')
  t.ok(ended, 'then ends')
  gate.push(Buffer.from('c'))
  await Promise.resolve()
  t.same(got, ['ab', 'c'])
  let again = false
  gate.end(() => { again = true })
  t.ok(again, 'nothing held: ends at once')
})

t.test('without a recording, a chunk over MAX_GATED_BYTES pauses the source until it is out', async (t) => {
  let room = 0
  const got: number[] = []
  const gate = new DurableGate({ durable: undefined, record: () => {}, deliver: (c) => got.push(c.length), onError: (e) => { t.fail(String(e)) }, onRoom: () => { room++ } })
  t.notOk(gate.push(Buffer.alloc(MAX_GATED_BYTES + 1)), 'full: pause')
  await Promise.resolve()
  t.same(got, [MAX_GATED_BYTES + 1])
  t.equal(room, 1, 'room again once delivered')
})

t.test('chunks pushed together are recorded and delivered as one batch, only after their commit', async (t) => {
  const c = commits()
  const got: string[] = []
  const recorded: string[] = []
  const gate = new DurableGate({ durable: c.durable, record: (b) => recorded.push(b.toString()), deliver: (b) => got.push(b.toString()), onError: (e) => { t.fail(String(e)) }, onRoom: () => {} })
  gate.push(Buffer.from('1'))
  gate.push(Buffer.from('2'))
  t.same(recorded, [], 'recorded on the next microtask, not per chunk')
  await Promise.resolve()
  t.same(recorded, ['12'], 'one record for both chunks')
  t.equal(c.calls.length, 1, 'one commit for both chunks pushed together')
  gate.push(Buffer.from('3'))
  let ended = false
  gate.end(() => { ended = true })
  await Promise.resolve()
  t.same(recorded, ['12', '3'], 'a later push is its own batch')
  t.equal(c.calls.length, 2, 'and asks for its own commit without waiting for the first')
  t.same(got, [], 'held until durable')
  c.calls[0]?.resolve()
  await tick()
  t.same(got, ['12'], 'the first commit releases only what it covered')
  t.notOk(ended)
  c.calls[1]?.resolve()
  await tick()
  t.same(got, ['12', '3'], 'in order')
  t.ok(ended, 'end runs once everything is delivered')
})

t.test('a later commit that resolves first releases the earlier batches too, in order', async (t) => {
  const c = commits()
  const got: string[] = []
  const gate = new DurableGate({ durable: c.durable, record: noRecord, deliver: (b) => got.push(b.toString()), onError: (e) => { t.fail(String(e)) }, onRoom: () => {} })
  gate.push(Buffer.from('a'))
  await Promise.resolve()
  gate.push(Buffer.from('b'))
  await Promise.resolve()
  t.equal(c.calls.length, 2)
  c.calls[1]?.resolve()
  await tick()
  t.same(got, ['a', 'b'], 'durability of b implies durability of a (same file, appended earlier)')
  c.calls[0]?.resolve()
  await tick()
  t.same(got, ['a', 'b'], 'nothing delivered twice')
})

t.test('a failed commit delivers nothing more and reports the error', async (t) => {
  const c = commits()
  const got: string[] = []
  const errors: unknown[] = []
  const gate = new DurableGate({ durable: c.durable, record: noRecord, deliver: (b) => got.push(b.toString()), onError: (e) => errors.push(e), onRoom: () => { t.fail('no room event expected') } })
  gate.push(Buffer.from('x'))
  await Promise.resolve()
  let ended = false
  gate.end(() => { ended = true })
  c.calls[0]?.reject(new Error('disk full'))
  await tick()
  t.same(got, [])
  t.equal(errors.length, 1)
  t.notOk(gate.push(Buffer.from('y')), 'refuses more')
  t.notOk(ended, 'never reports a clean end')
})

t.test('a record that throws (fail-closed recorder) fails the gate before any commit', async (t) => {
  const c = commits()
  const errors: unknown[] = []
  const gate = new DurableGate({ durable: c.durable, record: () => { throw new Error('recorder down') }, deliver: () => { t.fail('nothing delivered') }, onError: (e) => errors.push(e), onRoom: () => {} })
  gate.push(Buffer.from('x'))
  await Promise.resolve()
  t.equal(errors.length, 1)
  t.equal(c.calls.length, 0, 'no commit asked for')
  t.notOk(gate.push(Buffer.from('y')))
})

t.test('bounded: push says stop past MAX_GATED_BYTES and onRoom says go once released', async (t) => {
  const c = commits()
  let room = 0
  const gate = new DurableGate({ durable: c.durable, record: noRecord, deliver: () => {}, onError: (e) => { t.fail(String(e)) }, onRoom: () => { room++ } })
  const big = Buffer.alloc(MAX_GATED_BYTES / 2 + 1)
  t.ok(gate.push(big))
  t.notOk(gate.push(big), 'over the bound')
  await Promise.resolve()
  c.calls[0]?.resolve()
  await tick()
  t.equal(room, 1, 'room again')
})
