import { Writable } from 'node:stream'

import t from 'tap'

import { createLogger, LOG_LEVELS, REDACTED, REDACTED_TOO_DEEP, redactSecrets, silentLogger } from '../../common/logger.js'

import type { Logger } from '../../common/logger.js'

const SECRET = 'sk-live-THIS-MUST-NEVER-BE-LOGGED-0123456789'

/** A logger writing JSON lines into memory; `lines()` parses what was written so far. */
function captureLogger (level: 'info' | 'debug' = 'info'): { logger: Logger, raw: () => string, lines: () => Array<Record<string, unknown>> } {
  let raw = ''
  const destination = new Writable({
    write (chunk: Buffer | string, _encoding, callback) {
      raw += String(chunk)
      callback()
    }
  })
  const logger = createLogger({ destination, level })
  return {
    logger,
    raw: () => raw,
    lines: () => raw.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}

/** Shapes the code base (or a future change to it) plausibly logs, each holding SECRET somewhere. */
const SHAPES: Array<[string, Record<string, unknown>]> = [
  ['top-level authorization', { authorization: `Bearer ${SECRET}` }],
  ['headers.authorization', { headers: { authorization: `Bearer ${SECRET}` } }],
  ['headers.Authorization (built by our own code)', { headers: { Authorization: `Bearer ${SECRET}` } }],
  ['headers.x-api-key', { headers: { 'x-api-key': SECRET } }],
  ['headers.X-Api-Key', { headers: { 'X-Api-Key': SECRET } }],
  ['headers.api-key (Azure)', { headers: { 'api-key': SECRET } }],
  ['headers.proxy-authorization', { headers: { 'proxy-authorization': `Basic ${SECRET}` } }],
  ['headers.cookie', { headers: { cookie: `session=${SECRET}` } }],
  ['headers.set-cookie array', { headers: { 'set-cookie': [`session=${SECRET}; HttpOnly`] } }],
  ['req.headers.x-api-key', { req: { headers: { 'x-api-key': SECRET } } }],
  ['req.headers.authorization', { req: { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } } }],
  ['request.headers.x-api-key', { request: { headers: { 'x-api-key': SECRET } } }],
  ['upstream.request.headers.authorization (depth 3)', { upstream: { request: { headers: { authorization: SECRET } } } }],
  ['res.headers.set-cookie', { res: { headers: { 'set-cookie': SECRET } } }],
  ['apiKey', { apiKey: SECRET }],
  ['connection.apiKey', { connection: { apiKey: SECRET } }],
  ['deep apiKey', { a: { b: { c: { d: { apiKey: SECRET } } } } }],
  ['token', { token: SECRET }],
  ['nested token', { identity: { raw: { token: SECRET } } }],
  ['credential', { credential: SECRET }],
  ['nested credential', { agent: { file: { credential: SECRET } } }],
  ['joinToken', { joinToken: SECRET }],
  ['body.joinToken', { body: { joinToken: SECRET } }],
  ['secret / password', { secret: SECRET, db: { password: SECRET } }],
  ['privateKey / privateJwk', { privateKey: SECRET, file: { privateJwk: { kty: 'OKP', d: SECRET } } }],
  ['OAuth token fields', { access_token: SECRET, refresh_token: SECRET, id_token: SECRET, client_secret: SECRET }],
  ['headers inside an array', { attempts: [{ headers: { authorization: SECRET } }] }],
  ['null-prototype header object (as Node builds them)', { headers: Object.assign(Object.create(null) as Record<string, unknown>, { authorization: SECRET }) }]
]

t.test('never writes a secret for any realistic shape, and leaves a [redacted] marker instead', async (t) => {
  for (const [name, shape] of SHAPES) {
    const { logger, raw } = captureLogger()
    logger.info(shape, 'something happened')
    t.notOk(raw().includes(SECRET), `${name}: secret absent from the output`)
    t.ok(raw().includes(REDACTED), `${name}: redaction marker present`)
    t.ok(raw().includes('something happened'), `${name}: the line itself was written`)
  }
})

t.test('redacts child-logger bindings too', async (t) => {
  const { logger, raw, lines } = captureLogger()
  logger.child({ component: 'agent', headers: { authorization: `Bearer ${SECRET}` } }).warn('bound')
  t.notOk(raw().includes(SECRET))
  const [line] = lines()
  t.same(line?.headers, { authorization: REDACTED })
  t.equal(line?.component, 'agent', 'other bindings are kept')

  const grandchild = logger.child({ component: 'relay' }).child({ exchange: { req: { headers: { 'x-api-key': SECRET } } } })
  grandchild.info({ status: 200 }, 'nested child')
  t.notOk(raw().includes(SECRET), 'a child of a child is redacted too')
  t.match(lines()[1], { component: 'relay', status: 200, exchange: { req: { headers: { 'x-api-key': REDACTED } } } })
})

t.test('keeps everything that is not a secret, and does not modify the logged object', async (t) => {
  const { logger, lines } = captureLogger()
  const headers = { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json', host: 'relay.test' }
  const obj = { method: 'POST', status: 200, ms: 12, headers, tokenId: 'jti-1', connections: ['openai'] }
  logger.info(obj, 'exchange')
  const [line] = lines()
  t.same(line?.headers, { authorization: REDACTED, 'content-type': 'application/json', host: 'relay.test' })
  t.equal(line?.method, 'POST')
  t.equal(line?.status, 200)
  t.equal(line?.tokenId, 'jti-1', 'only exact secret key names are redacted')
  t.same(line?.connections, ['openai'])
  t.equal(line?.msg, 'exchange')
  t.equal(headers.authorization, `Bearer ${SECRET}`, 'the caller\'s object is untouched')
})

t.test('an error is logged with its message (error messages carry no secrets by design)', async (t) => {
  const { logger, lines } = captureLogger()
  logger.error({ err: new Error('upstream refused') }, 'failed')
  const [line] = lines()
  t.match(line?.err, { type: 'Error', message: 'upstream refused' })
})

t.test('redactSecrets returns the same object when there is nothing to redact', async (t) => {
  const clean = { a: 1, b: { c: [1, 2, { d: 'x' }] } }
  t.equal(redactSecrets(clean), clean)
  t.equal(redactSecrets('text'), 'text')
  t.equal(redactSecrets(null), null)
  const withSecret = { a: { token: SECRET } }
  const out = redactSecrets(withSecret) as { a: { token: string } }
  t.not(out, withSecret)
  t.equal(out.a.token, REDACTED)
})

t.test('a self-referencing object is cut off instead of looping or writing secrets unchecked', async (t) => {
  const cyclic: Record<string, unknown> = { name: 'loop' }
  cyclic.self = cyclic
  const out = JSON.stringify(redactSecrets(cyclic))
  t.ok(out.includes(REDACTED_TOO_DEEP))
  const { logger, raw } = captureLogger()
  logger.info({ cyclic }, 'cyclic')
  t.ok(raw().includes('cyclic'), 'the line is still written')
})

t.test('honours the level, and silentLogger writes nothing', async (t) => {
  const { logger, lines } = captureLogger('info')
  logger.debug('hidden')
  logger.info('shown')
  t.same(lines().map((l) => l.msg), ['shown'])
  t.equal(silentLogger().level, 'silent')
  t.ok(LOG_LEVELS.includes('silent'))
})
