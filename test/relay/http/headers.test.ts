import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import { EXCHANGE_ID_HEADER, MAX_UPSTREAM_HEADER_COUNT } from '../../../relay/http/constants.js'
import { BadHeaderError, UpstreamFailedError } from '../../../relay/http/errors.js'
import { buildClientResponseHeaders, buildUpstreamHeaders } from '../../../relay/http/headers.js'

import type { IncomingHttpHeaders } from 'node:http'

/** Runs `fn` and returns the GatewayError it throws. */
function thrown (fn: () => unknown): GatewayError {
  try {
    fn()
  } catch (err) {
    if (err instanceof GatewayError) return err
    throw err
  }
  throw new Error('expected a GatewayError')
}

const opts = { exchangeId: 'ex-01J9Z3' }

/** Names of the forwarded headers. */
function names (pairs: ReadonlyArray<readonly [string, string]>): string[] {
  return pairs.map(([n]) => n)
}

t.test('forwards end-to-end headers in order and appends the exchange id', async (t) => {
  const out = buildUpstreamHeaders({
    'content-type': 'application/json',
    accept: 'text/event-stream',
    'user-agent': 'OpenAI/JS 6.1.0',
    'x-stainless-retry-count': '0',
    'anthropic-version': '2023-06-01',
    'anthropic-beta': 'prompt-caching-2024-07-31',
    'openai-beta': 'assistants=v2',
    'idempotency-key': 'abc'
  }, opts)
  t.same(out, [
    ['content-type', 'application/json'],
    ['accept', 'text/event-stream'],
    ['user-agent', 'OpenAI/JS 6.1.0'],
    ['x-stainless-retry-count', '0'],
    ['anthropic-version', '2023-06-01'],
    ['anthropic-beta', 'prompt-caching-2024-07-31'],
    ['openai-beta', 'assistants=v2'],
    ['idempotency-key', 'abc'],
    [EXCHANGE_ID_HEADER, 'ex-01J9Z3']
  ])
})

t.test('drops every client credential', async (t) => {
  const out = buildUpstreamHeaders({
    authorization: 'Bearer eyJ.client.jwt',
    'proxy-authorization': 'Basic eA==',
    'api-key': 'sk-client',
    'x-api-key': 'sk-ant-client',
    cookie: 'session=1',
    'openai-organization': 'org-evil',
    'openai-project': 'proj-evil',
    'anthropic-dangerous-direct-browser-access': 'true',
    'anthropic-api-key': 'sk-ant',
    'x-goog-api-key': 'AIza',
    'ocp-apim-subscription-key': 'k',
    'x-amz-security-token': 'tok',
    'content-type': 'application/json'
  }, opts)
  t.same(names(out), ['content-type', EXCHANGE_ID_HEADER])
})

t.test('drops hop-by-hop headers and every name listed in Connection', async (t) => {
  const out = buildUpstreamHeaders({
    connection: 'keep-alive, X-Custom-Hop,  x-second ,',
    'keep-alive': 'timeout=5',
    'transfer-encoding': 'chunked',
    te: 'trailers',
    trailer: 'x-checksum',
    upgrade: 'websocket',
    'proxy-connection': 'keep-alive',
    'proxy-foo': 'x',
    'x-custom-hop': 'gone',
    'x-second': 'gone',
    'x-kept': 'yes'
  }, opts)
  t.same(names(out), ['x-kept', EXCHANGE_ID_HEADER])
})

t.test('drops host, framing, encoding negotiation and forwarding claims', async (t) => {
  const out = buildUpstreamHeaders({
    host: 'openai.relay.example',
    'content-length': '12',
    expect: '100-continue',
    'accept-encoding': 'gzip, br',
    'content-encoding': 'identity',
    forwarded: 'for=1.2.3.4;host=evil',
    via: '1.1 evil',
    'x-forwarded-for': '10.0.0.1',
    'x-forwarded-host': 'evil',
    'x-forwarded-proto': 'http',
    'x-real-ip': '10.0.0.1',
    'true-client-ip': '10.0.0.1',
    'cf-connecting-ip': '10.0.0.1',
    'x-http-method-override': 'DELETE',
    'x-original-url': '/admin',
    'x-rewrite-url': '/admin',
    'x-keyward-exchange-id': 'spoofed',
    'x-keyward-identity': 'admin',
    accept: '*/*'
  }, opts)
  t.same(out, [['accept', '*/*'], [EXCHANGE_ID_HEADER, 'ex-01J9Z3']])
})

t.test('emits one pair per value of a multi-valued header and lower-cases names', async (t) => {
  const incoming: IncomingHttpHeaders = { 'X-Multi': ['a', 'b'], 'X-Undefined': undefined }
  t.same(buildUpstreamHeaders(incoming, opts), [['x-multi', 'a'], ['x-multi', 'b'], [EXCHANGE_ID_HEADER, 'ex-01J9Z3']])
})

t.test('refuses CR, LF, NUL and other control characters in any value, even a dropped one', async (t) => {
  for (const value of ['a\r\nx-injected: 1', 'a\nb', 'a\rb', 'a\u0000b', 'a\u001bb', 'a\u007fb', '\u0100']) {
    for (const name of ['x-custom', 'authorization']) {
      const err = thrown(() => buildUpstreamHeaders({ [name]: value }, opts))
      t.ok(err instanceof BadHeaderError, JSON.stringify([name, value]))
      t.equal(err.status, 400)
      t.equal(err.code, 'GW_ERR_HTTP_BAD_HEADER')
    }
  }
  t.ok(thrown(() => buildUpstreamHeaders({ 'x-list': ['ok', 'bad\r\n'] }, opts)) instanceof BadHeaderError)
  // HTAB and Latin-1 obs-text are legal field content.
  t.same(buildUpstreamHeaders({ 'x-tab': 'a\tb\u00e9' }, opts)[0], ['x-tab', 'a\tb\u00e9'])
})

t.test('refuses invalid header names', async (t) => {
  for (const name of ['bad name', 'bad:name', '', 'x\r\ny', '(x)']) {
    t.ok(thrown(() => buildUpstreamHeaders({ [name]: 'v' }, opts)) instanceof BadHeaderError, JSON.stringify(name))
  }
})

t.test('refuses a compressed request body with 415', async (t) => {
  for (const enc of ['gzip', 'br', 'deflate', 'identity, gzip']) {
    const err = thrown(() => buildUpstreamHeaders({ 'content-encoding': enc }, opts))
    t.ok(err instanceof BadHeaderError)
    t.equal(err.status, 415)
  }
  t.same(names(buildUpstreamHeaders({ 'content-encoding': ' Identity ' }, opts)), [EXCHANGE_ID_HEADER])
})

t.test('caps the count and total size of forwarded headers with 431', async (t) => {
  const many: IncomingHttpHeaders = {}
  for (let i = 0; i < MAX_UPSTREAM_HEADER_COUNT - 1; i++) many[`x-h${i}`] = 'v'
  t.equal(buildUpstreamHeaders(many, opts).length, MAX_UPSTREAM_HEADER_COUNT)
  many['x-one-more'] = 'v'
  const count = thrown(() => buildUpstreamHeaders(many, opts))
  t.ok(count instanceof BadHeaderError)
  t.equal(count.status, 431)
  t.match(count.message, /too many headers/)

  // Dropped headers do not count.
  t.equal(buildUpstreamHeaders({ ...many, 'x-one-more': undefined, authorization: 'x', cookie: 'y' }, opts).length, MAX_UPSTREAM_HEADER_COUNT)

  const exact = { exchangeId: 'e', maxBytes: 'x-a'.length + 10 + 4 + EXCHANGE_ID_HEADER.length + 1 + 4 }
  t.equal(buildUpstreamHeaders({ 'x-a': '0123456789' }, exact).length, 2)
  const size = thrown(() => buildUpstreamHeaders({ 'x-a': '0123456789X' }, exact))
  t.equal(size.status, 431)
  t.match(size.message, /too large/)
  t.equal(thrown(() => buildUpstreamHeaders({ 'x-big': 'v'.repeat(20_000) }, opts)).status, 431)
  t.equal(thrown(() => buildUpstreamHeaders({ 'x-a': '1' }, { ...opts, maxCount: 1 })).status, 431)
})

t.test('refuses a malformed exchange id as a programming error', async (t) => {
  for (const exchangeId of ['', 'a\r\nb', 'a b', 'x'.repeat(129)]) {
    t.throws(() => buildUpstreamHeaders({}, { exchangeId }), RangeError)
  }
})

t.test('client response: keeps SDK-facing headers and drops hop-by-hop and Connection-listed ones', async (t) => {
  const out = buildClientResponseHeaders([
    ['Content-Type', 'text/event-stream'],
    ['cache-control', 'no-cache'],
    ['x-request-id', 'req_1'],
    ['openai-processing-ms', '12'],
    ['openai-version', '2020-10-01'],
    ['x-ratelimit-remaining-tokens', '100'],
    ['anthropic-ratelimit-requests-remaining', '5'],
    ['retry-after', '1'],
    ['connection', 'keep-alive, x-hop'],
    ['x-hop', 'gone'],
    ['keep-alive', 'timeout=5'],
    ['transfer-encoding', 'chunked'],
    ['trailer', 'x'],
    ['upgrade', 'h2c'],
    ['proxy-authenticate', 'Basic'],
    ['te', 'trailers']
  ])
  t.same(out, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-request-id': 'req_1',
    'openai-processing-ms': '12',
    'openai-version': '2020-10-01',
    'x-ratelimit-remaining-tokens': '100',
    'anthropic-ratelimit-requests-remaining': '5',
    'retry-after': '1'
  })
})

t.test('client response: never passes back cookies, credentials or provider account identity', async (t) => {
  const out = buildClientResponseHeaders([
    ['set-cookie', '__cf_bm=1'],
    ['set-cookie', 'b=2'],
    ['authorization', 'Bearer sk-provider'],
    ['x-api-key', 'sk-ant-provider'],
    ['api-key', 'azure-key'],
    ['openai-organization', 'org-real'],
    ['openai-project', 'proj-real'],
    ['anthropic-organization-id', 'uuid'],
    ['www-authenticate', 'Bearer'],
    ['strict-transport-security', 'max-age=1'],
    ['alt-svc', 'h3=":443"'],
    ['x-keyward-policy', 'spoofed'],
    ['x-goog-api-key', 'AIza'],
    ['content-type', 'application/json']
  ])
  t.same(out, { 'content-type': 'application/json' })
})

t.test('client response: content-length and content-encoding only for a passed-through body', async (t) => {
  const upstream: Array<[string, string]> = [['content-length', '42'], ['content-encoding', 'gzip'], ['content-type', 'application/json']]
  t.same(buildClientResponseHeaders(upstream), { 'content-type': 'application/json' })
  t.same(buildClientResponseHeaders(upstream, { passthroughBody: false }), { 'content-type': 'application/json' })
  t.same(buildClientResponseHeaders(upstream, { passthroughBody: true }),
    { 'content-length': '42', 'content-encoding': 'gzip', 'content-type': 'application/json' })
})

t.test('client response: repeated names become arrays and __proto__ stays a plain key', async (t) => {
  const out = buildClientResponseHeaders([['x-a', '1'], ['X-A', '2'], ['x-a', '3'], ['__proto__', 'p']])
  t.same(out['x-a'], ['1', '2', '3'])
  t.equal(Object.getPrototypeOf(out), Object.prototype)
  t.ok(Object.prototype.hasOwnProperty.call(out, '__proto__'))
  t.equal(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, 'p')
})

t.test('client response: an invalid header from upstream is a 502, not a crash in writeHead', async (t) => {
  for (const pair of [['x-a', 'v\r\nset-cookie: x'], ['x-a', 'v\u0000'], ['bad name', 'v'], ['x-a', '\u2028']] as const) {
    const err = thrown(() => buildClientResponseHeaders([pair]))
    // (Not JSON.stringify: U+2028 would pass through raw and split the TAP line.)
    t.ok(err instanceof UpstreamFailedError, encodeURI(pair.join(': ')))
    t.equal(err.status, 502)
  }
  const many = Array.from({ length: 101 }, (_, i): [string, string] => [`x-h${i}`, 'v'])
  t.match(thrown(() => buildClientResponseHeaders(many)).message, /too many headers/)
  t.equal(Object.keys(buildClientResponseHeaders(many.slice(1))).length, 100)
  t.match(thrown(() => buildClientResponseHeaders([['x-a', 'v'.repeat(40_000)]])).message, /too large/)
  t.equal(thrown(() => buildClientResponseHeaders([['x-a', 'v'], ['x-b', 'v']], { maxCount: 1 })).status, 502)
  t.equal(thrown(() => buildClientResponseHeaders([['x-a', 'vv']], { maxBytes: 8 })).status, 502)
})
