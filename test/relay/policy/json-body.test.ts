import t from 'tap'

import { BadJsonError } from '../../../relay/http/errors.js'
import { DEFAULT_MAX_JSON_DEPTH } from '../../../relay/policy/constants.js'
import { parseJsonBody, serializeForwardedBody } from '../../../relay/policy/json-body.js'

import type { Test } from 'tap'

/** Asserts parseJsonBody refuses `buf` with GW_ERR_HTTP_BAD_JSON (400) and a message matching `msg`. */
function refuses (t: Test, buf: Buffer, msg: RegExp, opts: Parameters<typeof parseJsonBody>[1] = {}): void {
  try {
    parseJsonBody(buf, opts)
    t.fail('accepted')
  } catch (err) {
    t.ok(err instanceof BadJsonError, 'BadJsonError')
    const e = err as BadJsonError
    t.equal(e.code, 'GW_ERR_HTTP_BAD_JSON')
    t.equal(e.status, 400)
    t.match(e.message, msg)
  }
}

t.test('duplicate keys cannot smuggle a second model: policy and upstream both see the last one', async (t) => {
  const body = parseJsonBody(Buffer.from('{"model":"allowed","messages":[],"model":"forbidden"}')) as Record<string, unknown>
  t.equal(body.model, 'forbidden', 'policy sees the value JSON.parse kept')
  const forwarded = serializeForwardedBody(body).toString('utf8')
  t.equal(forwarded, '{"model":"forbidden","messages":[]}')
  t.notMatch(forwarded, /allowed/, 'the shadowed value never reaches upstream')
})

t.test('invalid UTF-8 is a 400, never silently replaced by U+FFFD', async (t) => {
  refuses(t, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), /not valid UTF-8/)
  refuses(t, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]), /not valid UTF-8/, {}) // encoded surrogate
  refuses(t, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3]), /not valid UTF-8/) // truncated sequence
})

t.test('invalid JSON is a 400 whose message does not quote the body', async (t) => {
  refuses(t, Buffer.from('{"secret": "sk-abc",}'), /^request body is not valid JSON$/)
  refuses(t, Buffer.from('{"a": NaN}'), /not valid JSON/)
  refuses(t, Buffer.from(''), /empty/)
  refuses(t, Buffer.from('  \n'), /empty/)
})

t.test('a top-level value that is not an object is refused unless allowed', async (t) => {
  for (const text of ['[]', '"x"', '1', 'null', 'true']) refuses(t, Buffer.from(text), /must be a JSON object/)
  t.same(parseJsonBody(Buffer.from('[1,2]'), { requireObject: false }), [1, 2])
})

t.test('nesting deeper than the cap is refused, iteratively, even at a million levels', async (t) => {
  const nest = (n: number): string => '['.repeat(n - 1) + '{"a":' + '1' + '}' + ']'.repeat(n - 1)
  t.ok(parseJsonBody(Buffer.from(`{"x":${nest(DEFAULT_MAX_JSON_DEPTH - 1)}}`)), 'exactly the cap is accepted')
  refuses(t, Buffer.from(`{"x":${nest(DEFAULT_MAX_JSON_DEPTH)}}`), new RegExp(`deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`))
  refuses(t, Buffer.from('{"x":' + '['.repeat(1_000_000) + ']'.repeat(1_000_000) + '}'), /deeper than/)
  refuses(t, Buffer.from('{"a":{"b":{"c":1}}}'), /deeper than 2/, { maxDepth: 2 })
})

t.test('a number JSON cannot carry back is refused (1e400 would be forwarded as null)', async (t) => {
  refuses(t, Buffer.from('{"max_tokens": 1e400}'), /number too large/)
  refuses(t, Buffer.from('{"a": [-1e999]}'), /number too large/)
})

t.test('a leading BOM is dropped, and the forwarded body is minimal JSON', async (t) => {
  const body = parseJsonBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{ "a" : "\\u00e9" ,\n "b": [1, 2] }')]))
  t.same(body, { a: 'é', b: [1, 2] })
  t.equal(serializeForwardedBody(body).toString('utf8'), '{"a":"é","b":[1,2]}')
})

t.test('a __proto__ key stays data: it is parsed, checked and forwarded as an own property', async (t) => {
  const body = parseJsonBody(Buffer.from('{"__proto__":{"polluted":true},"model":"m"}')) as Record<string, unknown>
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched')
  t.equal(serializeForwardedBody(body).toString(), '{"__proto__":{"polluted":true},"model":"m"}')
})

t.test('lone surrogates from \\u escapes round-trip as escapes', async (t) => {
  const body = parseJsonBody(Buffer.from('{"a":"\\ud800"}'))
  t.equal(serializeForwardedBody(body).toString(), '{"a":"\\ud800"}')
})

t.test('serializeForwardedBody of undefined is an empty body', async (t) => {
  t.equal(serializeForwardedBody(undefined).length, 0)
})
