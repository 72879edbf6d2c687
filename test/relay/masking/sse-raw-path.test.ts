import { once } from 'node:events'

import fc from 'fast-check'
import t from 'tap'

import { MAX_HELD_EVENTS } from '../../../relay/masking/constants.js'
import { createResponseMasker } from '../../../relay/masking/response-masker.js'
import { SseEventMasker } from '../../../relay/masking/sse-event-masker.js'
import { rawEvent, rawShape, readRawRun } from '../../../relay/masking/sse-raw-path.js'
import {
  allDetectors, anthropicStream, compile, chatStream, completionsStream, joinedChat, parseEvents, run, SAMPLES
} from './masking-fixtures.js'

import type { ResponseMasker } from '../../../relay/masking/response-masker.js'

const all = allDetectors()
const SSE = 'text/event-stream'

function masker (path = '/v1/chat/completions', dialect: 'openai' | 'anthropic' = 'openai', mask = all, rawPath = true): ResponseMasker {
  const m = createResponseMasker(mask, { path, contentType: SSE, dialect, rawPath })
  if (m === undefined) throw new Error('expected a masker')
  return m
}

/** The stream cut into chunks of whole events: groups of `sizes[i]` events (the shape the raw path takes). */
function byEvents (stream: string, sizes: readonly number[]): Buffer[] {
  const events = stream.split(/(?<=\n\n)/)
  const out: Buffer[] = []
  let i = 0
  let k = 0
  while (i < events.length) {
    const n = Math.max(1, sizes[k++ % Math.max(1, sizes.length)] ?? 1)
    out.push(Buffer.from(events.slice(i, i + n).join('')))
    i += n
  }
  return out
}

/** One byte per chunk: events reach the raw path only after being collected byte by byte. */
function byBytes (stream: string): Buffer[] {
  return [...Buffer.from(stream)].map((b) => Buffer.from([b]))
}

/** The stream's bytes cut at the given offsets (mod its length): chunks that start and end anywhere, mid-event too. */
function byOffsets (stream: string, cuts: readonly number[]): Buffer[] {
  const bytes = Buffer.from(stream)
  const at = [...new Set(cuts.map((c) => (c * 37) % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let prev = 0
  for (const c of [...at, bytes.length]) {
    if (c > prev) out.push(bytes.subarray(prev, c))
    prev = Math.max(prev, c)
  }
  return out
}

/**
 * A masked stream as what a client makes of it: the streamed text joined, and every event with that text blanked.
 * The raw path masks a run of events as one text, so where held-back text comes out (which event carries which
 * characters) may differ from the event-by-event full path; nothing else may.
 */
function textAndSkeleton (stream: string): { text: string, skeleton: string[] } {
  let text = ''
  const skeleton = parseEvents(stream).map((ev) => {
    let data: unknown
    try {
      data = JSON.parse(ev.data)
    } catch {
      return `${ev.event ?? ''}|${ev.data}`
    }
    const o = data as { choices?: Array<{ delta?: { content?: string }, text?: string }>, delta?: { text?: string } }
    const choice = o.choices?.[0]
    if (typeof choice?.delta?.content === 'string') {
      text += choice.delta.content
      choice.delta.content = ''
    }
    if (typeof choice?.text === 'string') {
      text += choice.text
      choice.text = ''
    }
    if (typeof o.delta?.text === 'string') {
      text += o.delta.text
      o.delta.text = ''
    }
    return `${ev.event ?? ''}|${JSON.stringify(o)}`
  })
  return { text, skeleton }
}

/** Content pieces: prose, secrets, escapes, non-ASCII, split anywhere. */
const pieces = fc.array(fc.oneof(
  fc.constantFrom('Hello ', 'world', ' and ', 'the 30 day', 'x@', 'a"quoted"', 'tab\there', 'new\nline', 'é', '😀', 'back\\slash', '\u200b'),
  fc.constantFrom(...SAMPLES.map(([, v]) => v)),
  fc.string({ maxLength: 6 })
), { maxLength: 30 })

/** Splits every string of `parts` further at random offsets (secrets end up across events). */
const cutPieces = (parts: string[], cuts: number[]): string[] => {
  const text = parts.join('')
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
  const out: string[] = []
  let prev = 0
  for (const c of at) {
    out.push(text.slice(prev, c))
    prev = c
  }
  out.push(text.slice(prev))
  return out
}

t.test('raw path output equals the full path\'s (same events, same text; held-back text may move to a later event of a run), for chat, completions and Anthropic streams, chunked at events or anywhere', async (t) => {
  // With custom detectors, and built-ins alone (the streaming masker's quiet-text shortcut on).
  const builtins = compile({ builtin: 'all' })
  await fc.assert(fc.asyncProperty(pieces, fc.array(fc.nat(400), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 8 }), fc.boolean(), async (parts, cuts, sizes, onlyBuiltins) => {
    const deltas = cutPieces(parts, cuts)
    const mask = onlyBuiltins ? builtins : all
    for (const [stream, path, dialect] of [
      [chatStream(deltas), '/v1/chat/completions', 'openai'],
      [completionsStream(deltas), '/v1/completions', 'openai'],
      [anthropicStream(deltas), '/v1/messages', 'anthropic']
    ] as const) {
      const reference = textAndSkeleton((await run(masker(path, dialect, mask, false), byOffsets(stream, cuts))).toString())
      for (const [how, chunks] of [['whole events', byEvents(stream, sizes)], ['cut anywhere', byOffsets(stream, cuts)], ['one byte per chunk', byBytes(stream)]] as const) {
        const fast = textAndSkeleton((await run(masker(path, dialect, mask), chunks)).toString())
        if (fast.text !== reference.text || JSON.stringify(fast.skeleton) !== JSON.stringify(reference.skeleton)) {
          t.fail(`${path}, ${how}: outputs differ\nfast: ${JSON.stringify(fast.text)}\nref:  ${JSON.stringify(reference.text)}`)
          return false
        }
      }
    }
    return true
  }), { numRuns: 200 })
  t.pass('200 random streams')
})

t.test('a stream cut at arbitrary bytes returns to the raw path after the first event (an event cut by a chunk is collected, not parsed)', async (t) => {
  const words = Array.from({ length: 200 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))} `)
  const stream = chatStream(words)
  let rawEvents = 0
  const rawPrefix = SseEventMasker.prototype.rawPrefix
  t.teardown(() => { SseEventMasker.prototype.rawPrefix = rawPrefix })
  SseEventMasker.prototype.rawPrefix = function (this: SseEventMasker, chunk, maxEvents) {
    const r = rawPrefix.call(this, chunk, maxEvents)
    rawEvents += r?.events ?? 0
    return r
  }
  const bytes = Buffer.from(stream)
  const every = (n: number): Buffer[] => Array.from({ length: Math.ceil(bytes.length / n) }, (_, i) => bytes.subarray(i * n, (i + 1) * n))
  for (const [how, chunks] of [['1000-byte chunks', every(1000)], ['16 KiB chunks', every(16384)], ['37-byte chunks', every(37)], ['one byte per chunk', byBytes(stream)]] as const) {
    rawEvents = 0
    const out = await run(masker(), chunks)
    t.equal(out.toString(), stream, `${how}: byte for byte`)
    t.ok(rawEvents >= words.length - 1, `${how}: ${rawEvents} of ${words.length} text events on the raw path`)
  }
  rawEvents = 0
  await run(masker('/v1/chat/completions', 'openai', all, false), every(1000))
  t.equal(rawEvents, 0, 'rawPath: false keeps every event on the full path')
})

t.test('no stream is held back waiting for its events to end: CRLF and CR line ends, and LF blank lines split between chunks', async (t) => {
  const base = chatStream(['Hello', ' there', ' how', ' are', ' you', ' today']).split(/(?<=\n\n)/)
  const cases: Array<[string, string[]]> = [
    ['CRLF', base.map((e) => e.replaceAll('\n', '\r\n'))],
    ['CR', base.map((e) => e.replaceAll('\n', '\r'))],
    // Each chunk ends with the first LF of its event's blank line and the next chunk starts with the second.
    ['LF split at the blank line', base.map((e, i) => (i === 0 ? '' : '\n') + (i === base.length - 1 ? e : e.slice(0, -1)))]
  ]
  for (const [name, chunks] of cases) {
    const m = masker('/v1/chat/completions', 'openai', compile({ builtin: 'all' }))
    const seen: Buffer[] = []
    m.on('data', (b: Buffer) => seen.push(b))
    const ended = once(m, 'end')
    let sent = 0
    const longest = Math.max(...chunks.map((c) => Buffer.byteLength(c)))
    for (const c of chunks) {
      m.write(Buffer.from(c))
      await new Promise((resolve) => setImmediate(resolve))
      sent += Buffer.byteLength(c)
      // What may be missing: a held event (its last word is undecided) and the event this chunk has not ended.
      const got = Buffer.concat(seen).length
      if (sent - got > 2 * longest + 2) t.fail(`${name}: ${got} of ${sent} bytes out after a chunk`)
    }
    m.end()
    await ended
    t.equal(Buffer.concat(seen).toString(), chunks.join(''), `${name}: byte for byte, in time`)
  }
})

t.test('raw path equals the full path with LF and CRLF line ends, the stream cut anywhere', async (t) => {
  const builtins = compile({ builtin: 'all' })
  await fc.assert(fc.asyncProperty(pieces, fc.array(fc.nat(400), { maxLength: 40 }), fc.boolean(), fc.boolean(), async (parts, cuts, onlyBuiltins, crlf) => {
    const mask = onlyBuiltins ? builtins : all
    for (const [lf, path, dialect] of [
      [chatStream(parts), '/v1/chat/completions', 'openai'],
      [completionsStream(parts), '/v1/completions', 'openai'],
      [anthropicStream(parts), '/v1/messages', 'anthropic']
    ] as const) {
      const stream = crlf ? lf.replaceAll('\n', '\r\n') : lf
      const chunks = byOffsets(stream, cuts)
      const reference = textAndSkeleton((await run(masker(path, dialect, mask, false), chunks)).toString())
      const fast = textAndSkeleton((await run(masker(path, dialect, mask), chunks)).toString())
      if (fast.text !== reference.text || JSON.stringify(fast.skeleton) !== JSON.stringify(reference.skeleton)) {
        t.fail(`${path}${crlf ? ', CRLF' : ''}: outputs differ\nfast: ${JSON.stringify(fast.text)}\nref:  ${JSON.stringify(reference.text)}`)
        return false
      }
    }
    return true
  }), { numRuns: 150 })
  t.pass('150 random streams')
})

t.test('a secret split across events inside one chunk, and across chunks, is masked on the raw path', async (t) => {
  for (const [name, value] of SAMPLES) {
    const deltas = ['Sure: ', ...value.match(/.{1,3}/gs) ?? [], ' ok']
    const stream = chatStream(deltas)
    for (const sizes of [[1], [2], [3, 1], [100]]) {
      const out = await run(masker(), byEvents(stream, sizes))
      const text = joinedChat(parseEvents(out.toString()))
      t.notOk(text.includes(value), `${name} split in 3-char deltas, ${JSON.stringify(sizes)} events per chunk`)
      t.match(text, /^Sure: .+ ok$/)
    }
  }
})

t.test('unchanged events are forwarded as the very input bytes (no copy) once the shape is learned', async (t) => {
  // Built-ins only: a custom regex holds back its maxLength on every event, so every event would change.
  const m = masker('/v1/chat/completions', 'openai', compile({ builtin: 'all' }))
  const stream = chatStream(['Hello there, ', 'how ', 'are ', 'you ', 'today? '])
  const chunks = byEvents(stream, [1])
  const seen: Buffer[] = []
  m.on('data', (b: Buffer) => seen.push(b))
  // One chunk per turn of the event loop, so each reaches the masker on its own.
  const ended = once(m, 'end')
  for (const c of chunks) {
    m.write(c)
    await new Promise((resolve) => setImmediate(resolve))
  }
  m.end()
  await ended
  // Deltas ending in a space release everything, so the later ones leave unchanged.
  t.ok(chunks.some((c) => seen.includes(c)), 'some output buffers are the input buffers themselves')
})

t.test('readRawRun takes only the leading run of whole events of the shape; rawEvent writes one back', async (t) => {
  const shape = rawShape('data: {"d":', '}')
  const declined = [
    'data: {"d":"a"}\r\n\r\n', // CRLF line ends
    ': comment\ndata: {"d":"a"}\n\n', // comment
    'id: 7\ndata: {"d":"a"}\n\n', // id line
    'data: {"d":"a"}\n', // incomplete event
    'data: {"d":"a","e":1}\n\n', // another shape
    'data: {"d":"a"b"}\n\n', // not one literal
    'data: {"d":"\\x"}\n\n', // invalid escape
    'data: {"d":5}\n\n', // not a string
    'data: {"d":"tab\there"}\n\n', // raw control character
    'data:{"d":"a"}\n\n', // no space after the colon
    ''
  ]
  for (const text of declined) t.equal(readRawRun(Buffer.from(text), shape), undefined, JSON.stringify(text))
  const badUtf8 = Buffer.concat([Buffer.from('data: {"d":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n\n')])
  t.equal(readRawRun(badUtf8, shape), undefined, 'malformed UTF-8')
  const surrogate = Buffer.concat([Buffer.from('data: {"d":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n\n')])
  t.equal(readRawRun(surrogate, shape), undefined, 'UTF-8 encoded surrogate')

  const first = 'data: {"d":"a"}\n\n'
  for (const rest of ['data: {"d":"b"}', ': comment\n\n', 'data: {"d":"a","e":1}\n\n', 'data: {"d":"\\x"}\n\n']) {
    t.same(readRawRun(Buffer.from(first + rest), shape), { values: ['a'], ends: [first.length] }, `stops before ${JSON.stringify(rest)}`)
  }
  const ok = Buffer.from('data: {"d":"a"}\n\ndata: {"d":"é\\"x\\n😀"}\n\n')
  t.same(readRawRun(ok, shape), { values: ['a', 'é"x\n😀'], ends: [first.length, ok.length] }, 'values decoded exactly (escapes, non-ASCII)')
  t.same(readRawRun(ok, shape, 1), { values: ['a'], ends: [first.length] }, 'at most maxEvents')
  t.equal(rawEvent(shape, 'É"X\n😀').toString(), 'data: {"d":"É\\"X\\n😀"}\n\n', 'a changed value re-serialised inside the same shape')
})

t.test('held events: a stream without a secret comes out byte for byte as it went in, however its words fall into events and chunks', async (t) => {
  // Built-ins only (what a policy usually has). The last word of an event is held back (an @ may follow), so before
  // events were held whole nearly every event was rewritten with its neighbour's word.
  const builtins = compile({ builtin: 'all' })
  const words = fc.constantFrom('Hello', ' there', ',', ' how', ' are', ' you', '?', ' mail', ' me', '.', ' sk', 's', 'x.y', '\n', ' the', ' 30', ' day', 'é', '😀')
  await fc.assert(fc.asyncProperty(fc.array(words, { maxLength: 40 }), fc.array(fc.nat(400), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 8 }), async (deltas, cuts, sizes) => {
    for (const [stream, path, dialect] of [
      [chatStream(deltas), '/v1/chat/completions', 'openai'],
      [completionsStream(deltas), '/v1/completions', 'openai'],
      [anthropicStream(deltas), '/v1/messages', 'anthropic']
    ] as const) {
      for (const chunks of [byEvents(stream, sizes), byOffsets(stream, cuts), byBytes(stream)]) {
        const out = (await run(masker(path, dialect, builtins), chunks)).toString()
        if (out !== stream) {
          t.fail(`${path}: output differs\nout: ${JSON.stringify(out)}\nin:  ${JSON.stringify(stream)}`)
          return false
        }
      }
    }
    return true
  }), { numRuns: 150 })
  t.pass('150 random streams')
})

t.test('held events are bounded: a held word followed by many empty deltas leaves early, and an email across them is still masked', async (t) => {
  const builtins = compile({ builtin: 'all' })
  const deltas = ['Write to ', 'john', ...Array.from({ length: MAX_HELD_EVENTS * 2 }, () => ''), '@example', '.com', ' today.']
  const stream = chatStream(deltas)
  const m = masker('/v1/chat/completions', 'openai', builtins)
  const seen: Buffer[] = []
  m.on('data', (b: Buffer) => seen.push(b))
  const ended = once(m, 'end')
  const events = byEvents(stream, [1])
  for (const [k, c] of events.entries()) {
    m.write(c)
    await new Promise((resolve) => setImmediate(resolve))
    // Role, 'Write to ', 'john' and the empty deltas: past MAX_HELD_EVENTS held events some must have left.
    if (k === 3 + MAX_HELD_EVENTS + 2) t.ok(parseEvents(Buffer.concat(seen).toString()).length > 3, 'events left before the email was complete')
  }
  m.end()
  await ended
  const out = Buffer.concat(seen).toString()
  t.notOk(out.includes('john'), 'no part of the email leaks')
  t.equal(joinedChat(parseEvents(out)), 'Write to [REDACTED:email] today.')
  // After a replacement the held text of sent events comes out with later ones, as before events were held: the
  // text held at the finish may need one synthesized chunk.
  const n = parseEvents(out).length - parseEvents(stream).length
  t.ok(n === 0 || n === 1, 'no event dropped, at most one added')
})

t.test('held events: events with no streamed text (Anthropic pings, comments) wait in order and do not end holding', async (t) => {
  const builtins = compile({ builtin: 'all' })
  const deltas = ['Hello', ' there', ', how', ' are', ' you', ' today', '?', ' Mail', ' me', ' at', ' john', '@example', '.com', ' please.']
  const events = anthropicStream(deltas).split(/(?<=\n\n)/)
  const withPings = events.flatMap((e, k) => k > 2 && k % 2 === 0 ? [e, 'event: ping\ndata: {"type": "ping"}\n\n', ': keep-alive\n\n'] : [e]).join('')
  const clean = withPings.replace(' john', ' jon').replace('@example', ' example')
  for (const chunks of [byEvents(clean, [1]), byBytes(clean), byEvents(clean, [3, 2])]) {
    t.equal((await run(masker('/v1/messages', 'anthropic', builtins), chunks)).toString(), clean, 'no secret: byte for byte')
  }
  const out = (await run(masker('/v1/messages', 'anthropic', builtins), byEvents(withPings, [1]))).toString()
  t.notOk(out.includes('john'), 'the email is masked')
  t.match(out, /\[REDACTED:email\]/)
  t.equal(out.split('event: ping').length, withPings.split('event: ping').length, 'every ping kept')
})
