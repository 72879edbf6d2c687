import { once } from 'node:events'
import { Agent, createServer, request } from 'node:http'
import t from 'tap'

import { defineError, GatewayError } from '../../../common/errors.js'
import { INTERNAL_ERROR_MESSAGE } from '../../../relay/http/constants.js'
import { openAiErrorBody, sendError, toClientError } from '../../../relay/http/error-body.js'
import {
  BadTargetError,
  ClientTooSlowError,
  InternalError,
  MethodNotAllowedError,
  NoAgentError,
  UpstreamFailedError
} from '../../../relay/http/errors.js'

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A 401 as the identity area would raise it. */
class TestUnauthorizedError extends defineError('GW_ERR_TEST_UNAUTHORIZED', 'invalid token', 401, 'authentication_error') {}

/** The part of a tap Test that {@link exchange} needs. */
interface Teardown {
  teardown: (fn: () => void) => void
}

/** What the client saw. */
interface Seen {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The response body arrived in full (false when the socket was cut). */
  complete: boolean
}

/**
 * Serves one request with `handler` on 127.0.0.1 over a keep-alive connection and returns what the client
 * received; a request that fails before any response head yields status 0.
 */
async function exchange (t: Teardown, handler: (res: ServerResponse) => void | Promise<void>): Promise<Seen> {
  const server = createServer((_req, res) => { void handler(res) })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const agent = new Agent({ keepAlive: true })
  t.teardown(() => {
    agent.destroy()
    server.close()
  })
  const req = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', path: '/v1/x', agent })
  req.end()
  const res = await new Promise<IncomingMessage | undefined>((resolve) => {
    req.on('response', resolve)
    req.on('error', () => { resolve(undefined) })
  })
  if (res === undefined) {
    return { status: 0, headers: {}, body: '', complete: false }
  }
  let body = ''
  res.setEncoding('utf8').on('data', (d: string) => { body += d })
  // Not events.once: it rejects on the 'error' ("aborted") a cut response emits before 'close'.
  await new Promise((resolve) => { res.on('error', () => {}).on('close', resolve) })
  return { status: res.statusCode ?? 0, headers: res.headers, body, complete: res.complete }
}

/** Writes `chunk` and waits until it has been handed to the socket. */
async function flushed (res: ServerResponse, chunk: string): Promise<void> {
  await new Promise<void>((resolve) => { res.write(chunk, () => { resolve() }) })
}

t.test('openAiErrorBody has exactly the OpenAI error shape with param null', async (t) => {
  const body = openAiErrorBody(new NoAgentError('openai'))
  t.same(JSON.parse(body), {
    error: { message: "no agent is connected for connection 'openai'", type: 'api_error', code: 'GW_ERR_HTTP_NO_AGENT', param: null }
  })
  t.same(JSON.parse(openAiErrorBody({ message: 'm', type: 'x_error', code: 'GW_ERR_X', status: 418 })),
    { error: { message: 'm', type: 'x_error', code: 'GW_ERR_X', param: null } })
})

t.test('openAiErrorBody is one line of JSON even when the message has quotes and newlines', async (t) => {
  const body = openAiErrorBody(new BadTargetError('a "quoted"\r\n\n\u0000message'))
  t.notMatch(body, /[\r\n\u0000]/)
  t.equal((JSON.parse(body) as { error: { message: string } }).error.message, 'a "quoted"\r\n\n\u0000message')
})

t.test('toClientError keeps GatewayErrors and hides everything else behind a generic 500', async (t) => {
  const gw = new UpstreamFailedError()
  t.equal(toClientError(gw), gw)
  for (const thrown of [new Error('ENOENT: /etc/keyward/keys/openai.key'), 'sk-live-secret', undefined, { status: 401 }]) {
    const err = toClientError(thrown)
    t.ok(err instanceof InternalError)
    t.equal(err.status, 500)
    t.equal(err.message, INTERNAL_ERROR_MESSAGE)
    t.equal(err.cause, thrown)
  }
  // An error must never look like a success or carry a non-HTTP status.
  for (const status of [200, 302, 99, 600, 404.5]) {
    t.ok(toClientError(new GatewayError('GW_ERR_X', 'x', status)) instanceof InternalError, String(status))
  }
})

t.test('sends status, JSON body and content-type before the head is out', async (t) => {
  const seen = await exchange(t, (res) => { sendError(res, new BadTargetError('request path must not contain . or .. segments')) })
  t.equal(seen.status, 400)
  t.equal(seen.headers['content-type'], 'application/json')
  t.equal(seen.headers['content-length'], String(Buffer.byteLength(seen.body)))
  t.equal(seen.headers['cache-control'], 'no-store')
  t.notOk('www-authenticate' in seen.headers)
  t.equal(seen.headers.connection, 'keep-alive')
  t.same(JSON.parse(seen.body), {
    error: { message: 'request path must not contain . or .. segments', type: 'invalid_request_error', code: 'GW_ERR_HTTP_BAD_TARGET', param: null }
  })
})

t.test('adds WWW-Authenticate on 401 only', async (t) => {
  const seen = await exchange(t, (res) => { sendError(res, new TestUnauthorizedError()) })
  t.equal(seen.status, 401)
  t.equal(seen.headers['www-authenticate'], 'Bearer realm="keyward"')
  t.equal((JSON.parse(seen.body) as { error: { type: string } }).error.type, 'authentication_error')
})

t.test('adds Allow on a 405 that names methods', async (t) => {
  const seen = await exchange(t, (res) => { sendError(res, new MethodNotAllowedError('method CONNECT is not allowed', { allow: ['GET', 'POST'] })) })
  t.equal(seen.status, 405)
  t.equal(seen.headers.allow, 'GET, POST')
})

t.test('adds Connection: close when asked', async (t) => {
  const seen = await exchange(t, (res) => { sendError(res, new BadTargetError(), { close: true }) })
  t.equal(seen.headers.connection, 'close')
})

t.test('drops headers set for the success path before answering with the error', async (t) => {
  const seen = await exchange(t, (res) => {
    res.setHeader('content-length', '999')
    res.setHeader('content-type', 'text/event-stream')
    res.setHeader('x-ratelimit-remaining-requests', '3')
    res.setHeader('set-cookie', 'a=1')
    sendError(res, new UpstreamFailedError())
  })
  t.equal(seen.status, 502)
  t.equal(seen.headers['content-type'], 'application/json')
  t.notOk('x-ratelimit-remaining-requests' in seen.headers)
  t.notOk('set-cookie' in seen.headers)
  t.ok(seen.complete)
})

t.test('a non-GatewayError becomes a 500 that leaks nothing', async (t) => {
  const seen = await exchange(t, (res) => { sendError(res, new Error('connect ECONNREFUSED 10.0.0.7:6379 key=sk-live-123')) })
  t.equal(seen.status, 500)
  t.notMatch(seen.body, /ECONNREFUSED|10\.0\.0\.7|sk-live/)
  t.same(JSON.parse(seen.body), { error: { message: INTERNAL_ERROR_MESSAGE, type: 'api_error', code: 'GW_ERR_HTTP_INTERNAL', param: null } })
})

t.test('after an SSE head, writes a final data: error event and ends cleanly', async (t) => {
  const seen = await exchange(t, (res) => {
    res.setHeader('content-type', 'Text/Event-Stream; charset=utf-8')
    res.writeHead(200)
    res.write('data: {"choices":[]}\n\n')
    sendError(res, new UpstreamFailedError('upstream stream reset'))
  })
  t.equal(seen.status, 200)
  t.ok(seen.complete)
  t.equal(seen.body, 'data: {"choices":[]}\n\ndata: ' +
    '{"error":{"message":"upstream stream reset","type":"api_error","code":"GW_ERR_HTTP_UPSTREAM_FAILED","param":null}}\n\n')
})

t.test('after an SSE head written with writeHead(status, headers), eventStream: true selects the SSE path', async (t) => {
  const seen = await exchange(t, (res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    res.write('data: 1\n\n')
    sendError(res, new Error('internal detail'), { eventStream: true })
  })
  t.ok(seen.complete)
  t.match(seen.body, /^data: 1\n\ndata: \{"error":\{"message":"internal error".*\}\}\n\n$/s)
  t.notMatch(seen.body, /internal detail/)
})

t.test('after a non-SSE head, destroys the socket so the body is visibly truncated', async (t) => {
  const seen = await exchange(t, async (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    await flushed(res, '{"partial":')
    sendError(res, new UpstreamFailedError())
  })
  t.equal(seen.status, 200)
  t.notOk(seen.complete)
  t.equal(seen.body, '{"partial":')
})

t.test('a head set with setHeader but no content-type also counts as non-SSE', async (t) => {
  const seen = await exchange(t, async (res) => {
    res.setHeader('x-a', '1')
    await flushed(res, 'x')
    sendError(res, new UpstreamFailedError())
  })
  t.equal(seen.status, 200)
  t.notOk(seen.complete)
})

t.test('a client too slow for its SSE stream is cut, not sent one more event', async (t) => {
  const seen = await exchange(t, async (res) => {
    res.setHeader('content-type', 'text/event-stream')
    await flushed(res, 'data: 1\n\n')
    sendError(res, new ClientTooSlowError())
  })
  t.equal(seen.status, 200)
  t.notOk(seen.complete)
  t.equal(seen.body, 'data: 1\n\n')
  t.notMatch(seen.body, /error/)
})

t.test('does nothing once the response has ended or been destroyed', async (t) => {
  const seen = await exchange(t, (res) => {
    res.end('done')
    sendError(res, new UpstreamFailedError())
  })
  t.equal(seen.body, 'done')
  t.ok(seen.complete)

  const server = createServer((_req, res) => {
    res.destroy()
    t.doesNotThrow(() => { sendError(res, new UpstreamFailedError()) })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const req = request({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', agent: false })
  req.end()
  const [err] = await once(req, 'error') as [NodeJS.ErrnoException]
  t.equal(err.code, 'ECONNRESET')
})
