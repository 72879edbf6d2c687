import fc from 'fast-check'
import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import { MAX_REQUEST_TARGET_BYTES } from '../../../relay/http/constants.js'
import { BadHeaderError, BadTargetError, MethodNotAllowedError, NotFoundError } from '../../../relay/http/errors.js'
import { isValidConnectionName, parseRequestTarget, routeRequest } from '../../../relay/http/request-target.js'

import type { RouteInput } from '../../../relay/http/request-target.js'

/** Runs `fn` and returns the GatewayError it throws; fails the test if it returns or throws anything else. */
function thrown (fn: () => unknown): GatewayError {
  try {
    fn()
  } catch (err) {
    if (err instanceof GatewayError) {
      return err
    }
    throw err
  }
  throw new Error('expected a GatewayError, got a result')
}

/** True when a normalised path could be read as traversal or a new authority by anything downstream. */
function unsafePath (path: string): string | undefined {
  if (!path.startsWith('/')) return 'does not start with /'
  if (path.includes('//')) return 'contains //'
  if (path.includes('\\')) return 'contains \\'
  for (const seg of path.split('/').slice(1)) {
    let decoded: string
    try {
      decoded = decodeURIComponent(seg)
    } catch {
      return 'segment is not decodable'
    }
    if (/^\.+$/.test(seg) || /^[.\s]*\.[.\s]*(;.*)?$/s.test(decoded) || /^\.+$/.test(decoded.normalize('NFKC'))) return 'dot segment'
    if (/[/\\%]/.test(decoded)) return 'encoded separator or percent'
    if (/\p{Cc}/u.test(decoded)) return 'control character'
  }
  return undefined
}

t.test('refuses every evil request-target with BadTarget (or 405 for CONNECT/TRACE)', async (t) => {
  const evil: Array<[string, string]> = [
    ['http://169.254.169.254/v1/x', 'POST'],
    ['HTTP://api.openai.com/v1/models', 'GET'],
    ['https://evil/v1', 'GET'],
    ['//evil/v1', 'GET'],
    ['/v1//evil', 'GET'],
    ['/v1/../admin', 'GET'],
    ['/v1/..', 'GET'],
    ['/..', 'GET'],
    ['/.', 'GET'],
    ['/v1/./x', 'GET'],
    ['/v1/%2e%2e/admin', 'GET'],
    ['/v1/%2E%2E/x', 'GET'],
    ['/v1/%2e/x', 'GET'],
    ['/v1/.%2e/x', 'GET'],
    ['/v1/%2e./x', 'GET'],
    ['/v1/%252e%252e/x', 'GET'],
    ['/v1/%25252e/x', 'GET'],
    ['/v1/%25/x', 'GET'],
    ['/v1\\..\\x', 'GET'],
    ['/v1\\x', 'GET'],
    ['/v1/%5c..%5cx', 'GET'],
    ['/v1/%5C', 'GET'],
    ['/v1/%2f%2fevil', 'GET'],
    ['/v1/a%2Fb', 'GET'],
    ['/v1/%00', 'GET'],
    ['/v1/x%0d%0aHost:%20evil', 'GET'],
    ['/v1/%7f', 'GET'],
    ['/v1/%c2%85', 'GET'], // U+0085 NEL, a C1 control
    ['/v1/\u0000', 'GET'],
    ['/v1/a b', 'GET'],
    ['/v1/a\tb', 'GET'],
    ['/v1/\u00e9', 'GET'],
    ['/v1/\uff0e\uff0e/x', 'GET'], // raw fullwidth dots
    ['/v1/%ef%bc%8e%ef%bc%8e/x', 'GET'], // encoded fullwidth dots: NFKC gives ..
    ['/v1/%ef%bc%8fevil', 'GET'], // encoded fullwidth solidus: NFKC gives /
    ['/v1/%e2%80%a5/x', 'GET'], // U+2025 two dot leader: NFKC gives ..
    ['/v1/%c0%ae%c0%ae/x', 'GET'], // overlong UTF-8 dots
    ['/v1/%e0%80%ae/x', 'GET'],
    ['/v1/%ff', 'GET'],
    ['/v1/%', 'GET'],
    ['/v1/%2', 'GET'],
    ['/v1/%zz', 'GET'],
    ['/v1/%%32%65', 'GET'],
    ['/v1/..;/admin', 'GET'],
    ['/v1/.;x/admin', 'GET'],
    ['/v1/%2e%2e%3b/admin', 'GET'],
    ['/v1/...', 'GET'],
    ['/v1/%2e%2e%20/admin', 'GET'],
    ['/v1/.%09./x', 'GET'],
    ['/c/openai/../x', 'GET'],
    ['/c/openai/%2e%2e/x', 'GET'],
    ['/v1/models#frag', 'GET'],
    ['/v1/models?x=1#frag', 'GET'],
    ['/v1/models?a b', 'GET'],
    ['/v1/models?a\r\nb', 'GET'],
    ['/v1/mo<dels', 'GET'],
    ['/v1/{x}', 'GET'],
    ['/v1/"x"', 'GET'],
    ['/v1/a|b', 'GET'],
    ['/v1/[::1]', 'GET'],
    ['*', 'OPTIONS'],
    ['*', 'GET'],
    ['host:443', 'GET'],
    ['api.openai.com:443', 'POST'],
    ['v1/models', 'GET'],
    ['', 'GET'],
    ['/' + 'a'.repeat(MAX_REQUEST_TARGET_BYTES), 'GET']
  ]
  for (const [target, method] of evil) {
    const err = thrown(() => parseRequestTarget(target, method))
    t.equal(err.code, 'GW_ERR_HTTP_BAD_TARGET', JSON.stringify(target))
    t.equal(err.status, 400)
    t.ok(err instanceof BadTargetError)
  }
})

t.test('refuses CONNECT and TRACE with 405 whatever the target', async (t) => {
  for (const [target, method] of [['host:443', 'CONNECT'], ['/v1/models', 'TRACE'], ['/v1/models', 'connect'], ['api.openai.com:443', 'CONNECT']]) {
    const err = thrown(() => parseRequestTarget(target ?? '', method ?? ''))
    t.ok(err instanceof MethodNotAllowedError, `${method} ${target}`)
    t.equal(err.status, 405)
    t.equal(err.code, 'GW_ERR_HTTP_METHOD_NOT_ALLOWED')
  }
})

t.test('names the attack in the message', async (t) => {
  t.match(thrown(() => parseRequestTarget('http://169.254.169.254/', 'GET')).message, /absolute-form/)
  t.match(thrown(() => parseRequestTarget('*', 'OPTIONS')).message, /asterisk/)
  t.match(thrown(() => parseRequestTarget('host:443', 'GET')).message, /starting with \//)
  t.match(thrown(() => parseRequestTarget('/a//b', 'GET')).message, /\/\//)
  t.match(thrown(() => parseRequestTarget('/a/%2e%2e/b', 'GET')).message, /\.\. segments/)
  t.match(thrown(() => parseRequestTarget('/a/%252e', 'GET')).message, /double encoding/)
  t.match(thrown(() => parseRequestTarget('/a/%2f', 'GET')).message, /encoded \//)
  t.match(thrown(() => parseRequestTarget('/a/%00', 'GET')).message, /control character/)
  t.match(thrown(() => parseRequestTarget('/a/%g0', 'GET')).message, /invalid percent-encoding/)
  t.match(thrown(() => parseRequestTarget('/a/%c0%ae', 'GET')).message, /UTF-8/)
  t.match(thrown(() => parseRequestTarget('/a\\b', 'GET')).message, /backslash/)
  t.match(thrown(() => parseRequestTarget('/' + 'a'.repeat(MAX_REQUEST_TARGET_BYTES), 'GET')).message, /longer than 8192/)
})

t.test('accepts ordinary OpenAI-style targets unchanged', async (t) => {
  const good: Array<[string, string, string, string]> = [
    ['/v1/chat/completions', 'POST', '/v1/chat/completions', ''],
    ['/v1/files/file-abc/content?x=1', 'GET', '/v1/files/file-abc/content', '?x=1'],
    ['/c/openai/v1/models', 'GET', '/c/openai/v1/models', ''],
    ['/', 'GET', '/', ''],
    ['/v1/models/', 'GET', '/v1/models/', ''],
    ['/v1/models?', 'GET', '/v1/models', ''],
    ['/v1/models?a=1&b=%2e%2e/../x?y', 'GET', '/v1/models', '?a=1&b=%2e%2e/../x?y'],
    ['/v1/models/ft:gpt-4o:org:abc@1', 'GET', '/v1/models/ft:gpt-4o:org:abc@1', ''],
    ['/v1/a.b/.well-known/x..y', 'GET', '/v1/a.b/.well-known/x..y', ''],
    ['/v1/name%20with%20space', 'GET', '/v1/name%20with%20space', ''],
    ['/v1/caf%C3%A9', 'GET', '/v1/caf%C3%A9', ''],
    ['/' + 'a'.repeat(MAX_REQUEST_TARGET_BYTES - 1), 'GET', '/' + 'a'.repeat(MAX_REQUEST_TARGET_BYTES - 1), '']
  ]
  for (const [target, method, path, search] of good) {
    t.same(parseRequestTarget(target, method), { path, search }, target.slice(0, 60))
  }
})

t.test('normalises percent-escapes so policy and provider see one spelling', async (t) => {
  t.same(parseRequestTarget('/v1/%63hat/%63ompletions', 'POST'), { path: '/v1/chat/completions', search: '' })
  t.same(parseRequestTarget('/v1/a%7eb%2Dc%5fd%2ee', 'GET'), { path: '/v1/a~b-c_d.e', search: '' })
  t.same(parseRequestTarget('/v1/%c3%a9%3a%40', 'GET'), { path: '/v1/%C3%A9%3A%40', search: '' })
  t.same(parseRequestTarget('/%63/openai/v1', 'GET'), { path: '/c/openai/v1', search: '' })
})

t.test('property: any string is refused with a front-door code or yields a safe, stable path', async (t) => {
  const codes = new Set(['GW_ERR_HTTP_BAD_TARGET', 'GW_ERR_HTTP_METHOD_NOT_ALLOWED'])
  const pieces = fc.constantFrom('/', '.', '..', '%2e', '%2E', '%25', '%2f', '%5c', '\\', '%00', '%c0%ae', '%ef%bc%8e',
    'v1', 'a', ';', '?', '#', '%', '%2', ' ', '\u0000', '\uff0e', '%e2%80%a5', 'http:', '//', '@', ':', '~')
  const target = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.string({ unit: 'grapheme-ascii', maxLength: 64 }),
    fc.array(pieces, { maxLength: 16 }).map((p) => p.join('')),
    fc.array(pieces, { maxLength: 16 }).map((p) => '/' + p.join(''))
  )
  const method = fc.constantFrom('GET', 'POST', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE')
  let accepted = 0
  fc.assert(fc.property(target, method, (raw, m) => {
    let result
    try {
      result = parseRequestTarget(raw, m)
    } catch (err) {
      if (!(err instanceof GatewayError) || !codes.has(err.code)) throw err
      return
    }
    accepted++
    const why = unsafePath(result.path)
    if (why !== undefined) throw new Error(`accepted unsafe path ${JSON.stringify(result.path)}: ${why}`)
    if (/[\s#]/.test(result.search) || (result.search !== '' && !result.search.startsWith('?'))) {
      throw new Error(`bad search ${JSON.stringify(result.search)}`)
    }
    // Normalisation is idempotent: a normalised path parses to itself.
    const again = parseRequestTarget(result.path + result.search, m)
    if (again.path !== result.path || again.search !== result.search) throw new Error('not idempotent')
  }), { numRuns: Number(process.env.FC_RUNS ?? 20_000) })
  t.ok(accepted > 100, `accepted ${accepted} targets`)
})

const connections: ReadonlySet<string> = new Set(['openai', 'anthropic', 'local-llm'])

/** routeRequest with the shared connection set and relay domains. */
function route (over: Partial<RouteInput>): ReturnType<typeof routeRequest> {
  return routeRequest({
    hostHeader: 'relay.example',
    path: '/v1/models',
    relayDomains: ['relay.example', 'eu.relay.example'],
    connections,
    ...over
  })
}

t.test('routes by <connection>.<relay-domain> in the Host header', async (t) => {
  t.same(route({ hostHeader: 'openai.relay.example' }), { connection: 'openai', upstreamPath: '/v1/models', source: 'host' })
  t.same(route({ hostHeader: 'OpenAI.Relay.Example:8443' }), { connection: 'openai', upstreamPath: '/v1/models', source: 'host' })
  t.same(route({ hostHeader: 'anthropic.relay.example.', search: '?a=1' }), { connection: 'anthropic', upstreamPath: '/v1/models?a=1', source: 'host' })
  t.same(route({ hostHeader: 'local-llm.eu.relay.example:443' }), { connection: 'local-llm', upstreamPath: '/v1/models', source: 'host' })
  t.same(route({ hostHeader: 'openai.relay.example', relayDomains: ['RELAY.EXAMPLE.'] }).connection, 'openai')
})

t.test('a host that is a relay domain, an IP or another name selects no connection by host', async (t) => {
  for (const hostHeader of ['relay.example', 'eu.relay.example:443', '127.0.0.1', '127.0.0.1:8443', '[::1]', '[::1]:443',
    '[2001:db8::1]', 'localhost', 'other.example', undefined, '']) {
    const err = thrown(() => route({ hostHeader }))
    t.ok(err instanceof NotFoundError, String(hostHeader))
    t.match(err.message, /no connection selected/)
    t.same(route({ hostHeader, defaultConnection: 'openai' }), { connection: 'openai', upstreamPath: '/v1/models', source: 'default' })
  }
})

t.test('an unknown connection under a relay domain is a 404 naming it, not the default', async (t) => {
  const err = thrown(() => route({ hostHeader: 'mistral.relay.example', defaultConnection: 'openai' }))
  t.ok(err instanceof NotFoundError)
  t.equal(err.status, 404)
  t.match(err.message, /unknown connection 'mistral'/)
  const deep = thrown(() => route({ hostHeader: 'a.openai.relay.example' }))
  t.ok(deep instanceof NotFoundError)
  t.match(deep.message, /invalid connection name in Host header/)
  t.notMatch(deep.message, /a\.openai/)
})

t.test('refuses malformed Host headers', async (t) => {
  for (const hostHeader of ['openai.relay.example:x', 'openai.relay.example:99999', 'openai.relay.example:', 'a:b:c',
    '[::1', '[::1]x', '[not-ip]:443', 'open ai.relay.example', 'openai..relay.example', 'evil.com@openai.relay.example',
    ':443', '-bad.relay.example', 'a'.repeat(254)]) {
    const err = thrown(() => route({ hostHeader }))
    t.ok(err instanceof BadHeaderError, hostHeader)
    t.equal(err.status, 400)
  }
})

t.test('routes by the /c/<connection>/ prefix and strips it', async (t) => {
  t.same(route({ path: '/c/openai/v1/models', search: '?x=1' }), { connection: 'openai', upstreamPath: '/v1/models?x=1', source: 'path' })
  t.same(route({ path: '/c/local-llm/rest' }), { connection: 'local-llm', upstreamPath: '/rest', source: 'path' })
  t.same(route({ path: '/c/openai' }), { connection: 'openai', upstreamPath: '/', source: 'path' })
  t.same(route({ path: '/c/openai/' }), { connection: 'openai', upstreamPath: '/', source: 'path' })
  t.same(route({ path: '/c/anthropic/v1/messages', defaultConnection: 'openai' }).connection, 'anthropic')
  t.same(route({ path: '/c', defaultConnection: 'openai' }), { connection: 'openai', upstreamPath: '/c', source: 'default' })
})

t.test('an unknown or malformed connection in the path prefix is a 404', async (t) => {
  const unknown = thrown(() => route({ path: '/c/mistral/v1/models', defaultConnection: 'openai' }))
  t.ok(unknown instanceof NotFoundError)
  t.match(unknown.message, /unknown connection 'mistral'/)
  for (const path of ['/c/', '/c//v1', '/c/OpenAI/v1', '/c/-x/v1', '/c/' + 'a'.repeat(64) + '/v1', '/c/a%3Cscript%3E/v1']) {
    const err = thrown(() => route({ path, defaultConnection: 'openai' }))
    t.ok(err instanceof NotFoundError, path)
    t.match(err.message, /invalid connection name in path/)
    t.notMatch(err.message, /script/)
  }
})

t.test('Host and path prefix must agree', async (t) => {
  t.same(route({ hostHeader: 'openai.relay.example', path: '/c/openai/v1/models' }), { connection: 'openai', upstreamPath: '/v1/models', source: 'host' })
  const err = thrown(() => route({ hostHeader: 'openai.relay.example', path: '/c/anthropic/v1/messages' }))
  t.ok(err instanceof BadTargetError)
  t.match(err.message, /'openai'.*'anthropic'/)
})

t.test('the default connection must be configured', async (t) => {
  t.match(thrown(() => route({ defaultConnection: 'gone' })).message, /unknown connection 'gone'/)
  t.match(thrown(() => route({ defaultConnection: 'Bad Name' })).message, /invalid connection name in default connection/)
})

t.test('routeRequest refuses a path that did not come from parseRequestTarget', async (t) => {
  t.ok(thrown(() => route({ path: 'v1/models' })) instanceof BadTargetError)
})

t.test('isValidConnectionName follows [a-z0-9][a-z0-9-]{0,62}', async (t) => {
  for (const ok of ['openai', 'a', '0', 'local-llm', 'a-', 'a'.repeat(63)]) t.ok(isValidConnectionName(ok), ok)
  for (const bad of ['', '-a', 'A', 'open_ai', 'a.b', 'a'.repeat(64), 'a/b', 'é', 'openai\n']) t.notOk(isValidConnectionName(bad), bad)
})

t.test('property: a routed upstream path always stays a single absolute path', async (t) => {
  const pieces = fc.constantFrom('/', 'c', '/c/', 'openai', 'anthropic', 'x', '%2f', '.', '..', '%2e', '?', '/v1', '@', ':')
  const host = fc.constantFrom(undefined, 'relay.example', 'openai.relay.example', 'anthropic.relay.example:1', '127.0.0.1')
  fc.assert(fc.property(fc.array(pieces, { maxLength: 12 }), host, (parts, hostHeader) => {
    let r
    try {
      const { path, search } = parseRequestTarget('/' + parts.join(''), 'POST')
      r = routeRequest({ hostHeader, path, search, relayDomains: ['relay.example'], connections, defaultConnection: 'openai' })
    } catch (err) {
      if (err instanceof GatewayError && err.status >= 400 && err.status < 500) return
      throw err
    }
    const pathOnly = r.upstreamPath.split('?', 1)[0] ?? ''
    if (!pathOnly.startsWith('/') || pathOnly.includes('//') || unsafePath(pathOnly) !== undefined) {
      throw new Error(`unsafe upstream path ${JSON.stringify(r.upstreamPath)}`)
    }
    if (!connections.has(r.connection)) throw new Error(`unknown connection ${r.connection}`)
  }), { numRuns: Number(process.env.FC_RUNS ?? 5_000) })
  t.pass('no unsafe upstream path')
})
