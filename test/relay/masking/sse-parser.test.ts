import fc from 'fast-check'
import t from 'tap'

import { MaskSseFieldInvalidError, MaskSseTooLargeError } from '../../../relay/masking/errors.js'
import { encodeSseEvent, SseParser } from '../../../relay/masking/sse-parser.js'

import type { GatewayError } from '../../../common/errors.js'
import type { SseBlock, SseEvent } from '../../../relay/masking/sse-parser.js'

/** Feeds `chunks` (strings, or bytes decoded with a streaming TextDecoder) and collects the outcome. */
function parse (chunks: ReadonlyArray<string | Uint8Array>, limits: { maxLineChars?: number, maxEventChars?: number } = {}): { blocks: SseBlock[], events: SseEvent[], errors: GatewayError[], rest: string } {
  const blocks: SseBlock[] = []
  const errors: GatewayError[] = []
  const p = new SseParser({ onBlock: (b) => blocks.push(b), onError: (e) => errors.push(e), ...limits })
  const dec = new TextDecoder('utf-8', { ignoreBOM: true })
  for (const c of chunks) p.feed(typeof c === 'string' ? c : dec.decode(c, { stream: true }))
  p.feed(dec.decode())
  const rest = p.end()
  return { blocks, events: blocks.flatMap((b) => b.event === undefined ? [] : [b.event]), errors, rest }
}

t.test('WHATWG field handling', async (t) => {
  const { events, blocks } = parse([
    '\uFEFFdata: a\n\n', // leading BOM stripped
    ': a comment\n\n', // comment-only block dispatches nothing
    'data:no space\ndata:  two spaces\n\n',
    'event: add\nid: 7\nretry: 1500\ndata: {"x":1}\nunknown: field\nfoo\n\n',
    'data\n\n', // field with no colon: empty value
    'retry: 12a\nid: bad\0id\ndata: r\n\n', // invalid retry and NUL in id ignored
    'event: only-an-event\n\n', // no data: not dispatched
    'data: \n\n'
  ])
  t.same(events, [
    { data: 'a' },
    { data: 'no space\n two spaces' },
    { event: 'add', id: '7', retry: 1500, data: '{"x":1}' },
    { data: '' },
    { data: 'r' },
    { data: '' }
  ])
  t.equal(blocks.map((b) => b.raw).join(''), '\uFEFFdata: a\n\n: a comment\n\ndata:no space\ndata:  two spaces\n\nevent: add\nid: 7\nretry: 1500\ndata: {"x":1}\nunknown: field\nfoo\n\ndata\n\nretry: 12a\nid: bad\0id\ndata: r\n\nevent: only-an-event\n\ndata: \n\n', 'raw blocks concatenate to the input')
  t.same(parse(['data: x\n\n\uFEFFdata: y\n\n']).events, [{ data: 'x' }], 'only a leading BOM is stripped: a later one makes an unknown field')
})

t.test('CR, LF and CRLF line ends, including CR at the end of one chunk and LF at the start of the next', async (t) => {
  const want = [{ data: 'a\nb' }, { data: 'c' }]
  t.same(parse(['data: a\rdata: b\r\rdata: c\r\r']).events, want, 'CR only')
  t.same(parse(['data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n']).events, want, 'CRLF')
  t.same(parse(['data: a\ndata: b\r\n\rdata: c\n\r\n']).events, want, 'mixed')
  t.same(parse(['data: a\r', '\ndata: b\r', '\n\r', '\ndata: c\r', '\n\r', '\n']).events, want, 'CRLF split across chunks')
  const r = parse(['data: a\r', '\n\r', '\ndata: b\n\n'])
  t.equal(r.blocks.map((b) => b.raw).join(''), 'data: a\r\n\r\ndata: b\n\n', 'the LF of a split CRLF is kept in the raw text')
})

t.test('end() hands back an unterminated block instead of dispatching it', async (t) => {
  const r = parse(['data: done\n\ndata: partial\ndata: line'])
  t.same(r.events, [{ data: 'done' }])
  t.equal(r.rest, 'data: partial\ndata: line')
})

t.test('limits: an over-long line or block fails with GW_ERR_MASK_SSE_TOO_LARGE, once, and input is then ignored', async (t) => {
  const line = parse(['data: ', 'x'.repeat(50), 'x'.repeat(50), '\n\ndata: after\n\n'], { maxLineChars: 64 })
  t.equal(line.errors.length, 1)
  t.type(line.errors[0], MaskSseTooLargeError)
  t.same(line.events, [], 'nothing after the failure')
  const p = new SseParser({ onBlock: () => {}, onError: () => {}, maxLineChars: 4 })
  t.equal(p.failed, false)
  p.feed('data: too long\n')
  t.equal(p.failed, true)
  p.feed('data: x\n\n')
  t.equal(p.end(), '', 'a failed parser hands back nothing')
  t.equal(line.rest, '')
  const whole = parse([`data: ${'y'.repeat(100)}\n\n`], { maxLineChars: 64 })
  t.equal(whole.errors[0]?.code, 'GW_ERR_MASK_SSE_TOO_LARGE', 'a complete over-long line in one chunk')
  const block = parse([': c\n'.repeat(100)], { maxEventChars: 128 })
  t.equal(block.errors[0]?.code, 'GW_ERR_MASK_SSE_TOO_LARGE', 'endless comments without a blank line are bounded')
  const partial = parse(['data: 1\n'.repeat(10), 'data: 123456'], { maxEventChars: 85 })
  t.equal(partial.errors.length, 1, 'the partial line counts towards the block')
  const ok = parse([`data: ${'z'.repeat(58)}\n\n`], { maxLineChars: 64 })
  t.same(ok.errors, [], 'a line at the limit is fine')
})

t.test('encoder: splits multi-line data and refuses injection', async (t) => {
  t.equal(encodeSseEvent({ data: 'a\nb\r\nc\rd' }), 'data: a\ndata: b\ndata: c\ndata: d\n\n')
  t.equal(encodeSseEvent({ event: 'x', id: '1', retry: 0, data: '' }), 'event: x\nid: 1\nretry: 0\ndata: \n\n')
  t.throws(() => encodeSseEvent({ event: 'a\nevent: evil', data: '' }), MaskSseFieldInvalidError)
  t.throws(() => encodeSseEvent({ event: 'a\r', data: '' }), { code: 'GW_ERR_MASK_SSE_FIELD_INVALID' })
  t.throws(() => encodeSseEvent({ id: 'a\nb', data: '' }), MaskSseFieldInvalidError)
  t.throws(() => encodeSseEvent({ id: 'a\0b', data: '' }), MaskSseFieldInvalidError)
  t.throws(() => encodeSseEvent({ retry: -1, data: '' }), MaskSseFieldInvalidError)
  t.throws(() => encodeSseEvent({ retry: 1.5, data: '' }), MaskSseFieldInvalidError)
})

/** Arbitrary events: names/ids without CR, LF or NUL; data of any Unicode (valid scalar values, so UTF-8 round-trips). */
const text = fc.string({ unit: 'grapheme', maxLength: 20 })
const field = fc.string({ unit: fc.constantFrom(...'ab: é😀\t-'), maxLength: 8 })
const event: fc.Arbitrary<SseEvent> = fc.record({
  event: fc.option(field, { nil: undefined }),
  id: fc.option(field, { nil: undefined }),
  retry: fc.option(fc.nat(100000), { nil: undefined }),
  data: fc.array(fc.oneof(text, fc.constantFrom('', ' lead', '{"a":"\\n"}', ':colon')), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'))
}, { requiredKeys: ['data'] }).map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as unknown as SseEvent)

/** Serialises events with a chosen line end and optional comments and BOM (what a variety of servers write). */
function serialise (events: readonly SseEvent[], eol: string, comments: boolean, bom: boolean): string {
  let out = bom ? '\uFEFF' : ''
  for (const e of events) {
    if (comments) out += `: keep-alive${eol}`
    out += encodeSseEvent(e).replace(/\n/g, eol)
  }
  return out
}

t.test('property: any event list, serialised and cut at random offsets (bytes, inside UTF-8 characters too), parses back', async (t) => {
  fc.assert(fc.property(
    fc.array(event, { maxLength: 8 }), fc.constantFrom('\n', '\r', '\r\n'), fc.boolean(), fc.boolean(), fc.array(fc.nat(600), { maxLength: 25 }),
    (events, eol, comments, bom, cuts) => {
      const s = serialise(events, eol, comments, bom)
      const bytes = Buffer.from(s)
      const points = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)
      const chunks: Uint8Array[] = []
      let prev = 0
      for (const p of [...points, bytes.length]) {
        chunks.push(bytes.subarray(prev, p))
        prev = p
      }
      const r = parse(chunks)
      // Same key order as the parser builds: data, event, id, retry.
      const want = events.map(({ data, ...rest }) => ({ data: data.replace(/\r\n|\r/g, '\n'), ...rest }))
      return JSON.stringify(r.events) === JSON.stringify(want) && r.blocks.map((b) => b.raw).join('') + r.rest === s && /^\uFEFF?\n?$/.test(r.rest)
    }), { numRuns: 1500 })
  t.pass()
})

t.test('property: cutting one serialised stream at every byte offset gives the same events', async (t) => {
  const events: SseEvent[] = [
    { data: '{"text":"héllo 😀"}', event: 'content_block_delta' },
    { data: 'line1\nline2', id: '42', retry: 10 },
    { data: '[DONE]' }
  ]
  for (const eol of ['\n', '\r', '\r\n']) {
    const s = serialise(events, eol, true, true)
    const bytes = Buffer.from(s)
    for (let i = 0; i <= bytes.length; i++) {
      for (const j of [i, Math.min(bytes.length, i + 1), Math.min(bytes.length, i + 3)]) {
        const r = parse([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])
        if (JSON.stringify(r.events) !== JSON.stringify(events)) t.fail(`eol ${JSON.stringify(eol)} cut at ${i}/${j}`)
      }
    }
    const one = parse([...s])
    t.same(one.events, events, `one character per chunk, eol ${JSON.stringify(eol)}`)
  }
})
