import fc from 'fast-check'
import t from 'tap'

import { createResponseMasker } from '../../../relay/masking/response-masker.js'
import { maskRawRun } from '../../../relay/masking/sse-raw-path.js'
import {
  allDetectors, anthropicStream, compile, chatStream, completionsStream, joinedChat, parseEvents, run, SAMPLES
} from './masking-fixtures.js'

import type { ResponseMasker } from '../../../relay/masking/response-masker.js'

const all = allDetectors()
const SSE = 'text/event-stream'

function masker (path = '/v1/chat/completions', dialect: 'openai' | 'anthropic' = 'openai', mask = all): ResponseMasker {
  const m = createResponseMasker(mask, { path, contentType: SSE, dialect })
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

/** One byte per chunk: never a whole event, so the raw path never applies (the reference output). */
function byBytes (stream: string): Buffer[] {
  return [...Buffer.from(stream)].map((b) => Buffer.from([b]))
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

t.test('raw path output is byte-identical to the full path, for chat, completions and Anthropic streams', async (t) => {
  await fc.assert(fc.asyncProperty(pieces, fc.array(fc.nat(400), { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 8 }), async (parts, cuts, sizes) => {
    const deltas = cutPieces(parts, cuts)
    for (const [stream, path, dialect] of [
      [chatStream(deltas), '/v1/chat/completions', 'openai'],
      [completionsStream(deltas), '/v1/completions', 'openai'],
      [anthropicStream(deltas), '/v1/messages', 'anthropic']
    ] as const) {
      const fast = await run(masker(path, dialect), byEvents(stream, sizes))
      const reference = await run(masker(path, dialect), byBytes(stream))
      if (!fast.equals(reference)) {
        t.fail(`${path}: outputs differ\nfast: ${JSON.stringify(fast.toString())}\nref:  ${JSON.stringify(reference.toString())}`)
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

t.test('unchanged events are forwarded as the very input buffer (no copy) once the shape is learned', async (t) => {
  // Built-ins only: a custom regex holds back its maxLength on every event, so every event would change.
  const m = masker('/v1/chat/completions', 'openai', compile({ builtin: 'all' }))
  const stream = chatStream(['Hello there, ', 'how ', 'are ', 'you ', 'today? '])
  const chunks = byEvents(stream, [1])
  const seen: Buffer[] = []
  m.on('data', (b: Buffer) => seen.push(b))
  const done = run(m, chunks)
  await done
  // Deltas ending in a space release everything, so the later ones leave unchanged.
  t.ok(chunks.some((c) => seen.includes(c)), 'some output buffers are the input buffers themselves')
})

t.test('maskRawRun declines, without calling push, what the full path must handle', async (t) => {
  const shape = { head: Buffer.from('data: {"d":'), suffix: Buffer.from('}') }
  let pushes = 0
  const push = (s: string): string => {
    pushes++
    return s
  }
  const declined = [
    'data: {"d":"a"}\r\n\r\n', // CRLF line ends
    ': comment\ndata: {"d":"a"}\n\n', // comment
    'id: 7\ndata: {"d":"a"}\n\n', // id line
    'data: {"d":"a"}\n', // incomplete event
    'data: {"d":"a"}\n\ndata: {"d":"b"}', // a whole event then a partial one
    'data: {"d":"a","e":1}\n\n', // another shape
    'data: {"d":"a"b"}\n\n', // not one literal
    'data: {"d":"\\x"}\n\n', // invalid escape
    'data: {"d":5}\n\n', // not a string
    'data: {"d":"tab\there"}\n\n', // raw control character
    'data:{"d":"a"}\n\n', // no space after the colon
    ''
  ]
  for (const text of declined) t.equal(maskRawRun(Buffer.from(text), shape, push), undefined, JSON.stringify(text))
  const badUtf8 = Buffer.concat([Buffer.from('data: {"d":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n\n')])
  t.equal(maskRawRun(badUtf8, shape, push), undefined, 'malformed UTF-8')
  const surrogate = Buffer.concat([Buffer.from('data: {"d":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n\n')])
  t.equal(maskRawRun(surrogate, shape, push), undefined, 'UTF-8 encoded surrogate')
  t.equal(pushes, 0, 'push was never called for a declined chunk')

  const ok = Buffer.from('data: {"d":"a"}\n\ndata: {"d":"é\\"x\\n😀"}\n\n')
  t.equal(maskRawRun(ok, shape, push), ok, 'unchanged: the same buffer')
  t.equal(pushes, 2)
  const seen: string[] = []
  const out = maskRawRun(ok, shape, (s) => {
    seen.push(s)
    return s.toUpperCase()
  })
  t.same(seen, ['a', 'é"x\n😀'], 'values decoded exactly (escapes, non-ASCII)')
  t.equal(out?.toString(), 'data: {"d":"A"}\n\ndata: {"d":"É\\"X\\n😀"}\n\n', 'changed values re-serialised inside the same shape')
})
