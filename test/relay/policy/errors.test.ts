import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'

import { GatewayError } from '../../../common/errors.js'
import * as errors from '../../../relay/policy/errors.js'

const docs = readFileSync(fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)), 'utf8')

/** True for the error classes defineError builds (they carry a static `code`). */
function isCodedClass (v: unknown): v is { code: string } {
  return typeof v === 'function' && typeof (v as { code?: unknown }).code === 'string'
}
const classes = Object.values(errors as Record<string, unknown>).filter(isCodedClass)

t.test('every policy error class has a unique GW_ERR_POLICY_ code listed in docs/errors.md', async (t) => {
  t.equal(classes.length, 5)
  const codes = classes.map((c) => c.code)
  t.equal(new Set(codes).size, codes.length)
  for (const code of codes) {
    t.match(code, /^GW_ERR_POLICY_[A-Z_]+$/)
    t.ok(docs.includes(`| \`${code}\` |`), `${code} has a row in docs/errors.md`)
  }
})

t.test('each class maps to its status and OpenAI error type', async (t) => {
  const cases: Array<[GatewayError, string, number, string]> = [
    [new errors.PolicyDeniedError(), 'GW_ERR_POLICY_DENIED', 403, 'permission_error'],
    [new errors.PolicyNotAllowedError(), 'GW_ERR_POLICY_NOT_ALLOWED', 403, 'permission_error'],
    [new errors.PolicyLimitError(), 'GW_ERR_POLICY_LIMIT_EXCEEDED', 403, 'permission_error'],
    [new errors.PromptTooLargeError(), 'GW_ERR_POLICY_PROMPT_TOO_LARGE', 413, 'invalid_request_error'],
    [new errors.PolicyInvalidError(), 'GW_ERR_POLICY_INVALID', 500, 'configuration_error']
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

t.test('refusals carry the rule; PolicyInvalidError carries a frozen problem list', async (t) => {
  t.equal(new errors.PolicyDeniedError('m', { rule: 'canary' }).rule, 'canary')
  t.equal(new errors.PolicyNotAllowedError('m', { rule: 'access' }).rule, 'access')
  t.equal(new errors.PolicyLimitError('m', { rule: 'caps' }).rule, 'caps')
  t.equal(new errors.PolicyDeniedError().rule, '')
  const e = new errors.PolicyInvalidError('bad', { problems: ['a', 'b'] })
  t.same(e.problems, ['a', 'b'])
  t.ok(Object.isFrozen(e.problems))
  t.same(new errors.PolicyInvalidError().problems, [])
})
