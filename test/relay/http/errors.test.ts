import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import * as errors from '../../../relay/http/errors.js'

/** True for the error classes defineError builds (they carry a static `code`). */
function isCodedClass (v: unknown): v is { code: string } {
  return typeof v === 'function' && typeof (v as { code?: unknown }).code === 'string'
}

/** The error classes errors.ts exports. */
const classes = Object.values(errors as Record<string, unknown>).filter(isCodedClass)

t.test('every exported error class has a unique GW_ERR_HTTP_ code', async (t) => {
  t.ok(classes.length >= 10)
  const codes = classes.map((c) => c.code)
  t.equal(new Set(codes).size, codes.length)
  for (const code of codes) {
    t.match(code, /^GW_ERR_HTTP_[A-Z_]+$/)
  }
})

t.test('each class maps to the status and type the brief asks for', async (t) => {
  const cases: Array<[GatewayError, string, number, string]> = [
    [new errors.BadTargetError(), 'GW_ERR_HTTP_BAD_TARGET', 400, 'invalid_request_error'],
    [new errors.NotFoundError(), 'GW_ERR_HTTP_NOT_FOUND', 404, 'invalid_request_error'],
    [new errors.MethodNotAllowedError(), 'GW_ERR_HTTP_METHOD_NOT_ALLOWED', 405, 'invalid_request_error'],
    [new errors.BodyTooLargeError(), 'GW_ERR_HTTP_BODY_TOO_LARGE', 413, 'invalid_request_error'],
    [new errors.BadHeaderError(), 'GW_ERR_HTTP_BAD_HEADER', 400, 'invalid_request_error'],
    [new errors.NoAgentError('openai'), 'GW_ERR_HTTP_NO_AGENT', 503, 'api_error'],
    [new errors.UpstreamFailedError(), 'GW_ERR_HTTP_UPSTREAM_FAILED', 502, 'api_error'],
    [new errors.ClientTooSlowError(), 'GW_ERR_HTTP_CLIENT_TOO_SLOW', 503, 'api_error'],
    [new errors.HttpTimeoutError(), 'GW_ERR_HTTP_TIMEOUT', 504, 'api_error'],
    [new errors.InternalError(), 'GW_ERR_HTTP_INTERNAL', 500, 'api_error'],
    [new errors.ClientClosedError(), 'GW_ERR_HTTP_CLIENT_CLOSED', 499, 'api_error'],
    [new errors.BadJsonError(), 'GW_ERR_HTTP_BAD_JSON', 400, 'invalid_request_error']
  ]
  t.equal(cases.length, classes.length, 'every exported class is listed here')
  for (const [err, code, status, type] of cases) {
    t.ok(err instanceof GatewayError)
    t.equal(err.code, code)
    t.equal(err.status, status, code)
    t.equal(err.type, type, code)
    t.equal(err.name, err.constructor.name)
    t.ok(err.message.length > 0)
  }
})

t.test('NoAgentError names the connection in its message', async (t) => {
  const err = new errors.NoAgentError('anthropic')
  t.equal(err.message, "no agent is connected for connection 'anthropic'")
  t.equal(err.connection, 'anthropic')
  const cause = new Error('tunnel closed')
  t.equal(new errors.NoAgentError('x', { cause }).cause, cause)
})

t.test('MethodNotAllowedError carries a frozen Allow list', async (t) => {
  const err = new errors.MethodNotAllowedError('no', { allow: ['GET', 'POST'] })
  t.same(err.allow, ['GET', 'POST'])
  t.ok(Object.isFrozen(err.allow))
  t.same(new errors.MethodNotAllowedError().allow, [])
})

t.test('HttpTimeoutError can report 408 for an idle request body', async (t) => {
  const err = new errors.HttpTimeoutError('idle', { status: 408 })
  t.equal(err.status, 408)
  t.equal(err.code, 'GW_ERR_HTTP_TIMEOUT')
})
