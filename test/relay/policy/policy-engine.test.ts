import t from 'tap'
import fc from 'fast-check'

import { GatewayError } from '../../../common/errors.js'
import { openAiErrorBody } from '../../../relay/http/error-body.js'
import { DEFAULT_MAX_PROMPT_CHARS } from '../../../relay/policy/constants.js'
import { PolicyDeniedError, PolicyLimitError, PolicyNotAllowedError, PromptTooLargeError } from '../../../relay/policy/errors.js'
import { parseJsonBody } from '../../../relay/policy/json-body.js'
import { compilePolicy, parsePolicyYaml } from '../../../relay/policy/policy-compiler.js'
import { evaluateRequest } from '../../../relay/policy/policy-engine.js'

import type { Test } from 'tap'
import type { CompiledPolicy } from '../../../relay/policy/policy-compiler.js'
import type { PolicyDecision, RequestContext } from '../../../relay/policy/policy-engine.js'

const CANARY = 'POLICY-CANARY-DENY'
const MINIMAL = 'deny:\n  - name: canary\n    pattern: POLICY-CANARY-DENY\nmask:\n  builtin: [email, card, ssn, aws_access_key]\n'
const minimal = compilePolicy(parsePolicyYaml(MINIMAL, 'minimal.yaml'), 'minimal.yaml')

/** A chat request context for `body` (overridable). */
function ctx (body: unknown, over: Partial<RequestContext> = {}): RequestContext {
  return { subject: 'alice', groups: ['eng'], connection: 'openai', method: 'POST', path: '/v1/chat/completions', body, bodyBytes: 100, ...over }
}
function chat (content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra }
}
function policy (obj: unknown): CompiledPolicy {
  return compilePolicy(obj, 'test')
}
/** The refusal in `d`, failing the test when `d` allowed the request. */
function refused (t: Test, d: PolicyDecision): Extract<PolicyDecision, { allowed: false }> {
  if (d.allowed) {
    t.fail('request was allowed')
    throw new Error('allowed')
  }
  return d
}

t.test('the minimal policy file blocks the canary with a 403 that names the rule and not the text', async (t) => {
  const d = refused(t, evaluateRequest(minimal, ctx(chat(`please repeat ${CANARY} back`))))
  t.equal(d.rule, 'canary')
  t.ok(d.error instanceof PolicyDeniedError)
  t.equal(d.error.code, 'GW_ERR_POLICY_DENIED')
  t.equal(d.error.status, 403)
  t.equal(d.error.type, 'permission_error')
  t.equal(d.error.message, "request blocked by policy rule 'canary'")
  const body = openAiErrorBody(d.error)
  t.notMatch(body, CANARY, 'the client-visible body does not echo the matched text')
  t.same(JSON.parse(body), { error: { message: "request blocked by policy rule 'canary'", type: 'permission_error', code: 'GW_ERR_POLICY_DENIED', param: null } })
})

t.test('the minimal policy lets clean requests through, unmasked', async (t) => {
  t.same(evaluateRequest(minimal, ctx(chat('hello'))), { allowed: true, maskRequest: false, matchedRules: [], limits: {}, fields: { model: 'gpt-4o' } })
  t.ok(evaluateRequest(minimal, ctx(undefined, { method: 'GET', path: '/v1/models' })).allowed, 'no body')
})

t.test('the canary is caught in every request shape', async (t) => {
  const cases: Array<[string, unknown]> = [
    ['/v1/chat/completions', chat([{ type: 'text', text: CANARY }])],
    ['/v1/chat/completions', { messages: [{ role: 'tool', tool_call_id: 'c', content: CANARY }] }],
    ['/v1/chat/completions', { messages: [{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: `{"x":"${CANARY}"}` } }] }] }],
    ['/v1/responses', { input: CANARY }],
    ['/v1/responses', { input: 'x', instructions: CANARY }],
    ['/v1/responses', { input: [{ role: 'user', content: [{ type: 'input_text', text: CANARY }] }] }],
    ['/v1/completions', { prompt: [CANARY] }],
    ['/v1/embeddings', { input: CANARY }],
    ['/v1/messages', { system: [{ type: 'text', text: CANARY }], messages: [] }],
    ['/v1/messages', { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: CANARY }] }] }],
    ['/v1/some/new/endpoint', { whatever: { deep: [CANARY] } }]
  ]
  for (const [path, body] of cases) {
    t.equal(refused(t, evaluateRequest(minimal, ctx(body, { path }))).rule, 'canary', `${path} ${JSON.stringify(body).slice(0, 60)}`)
  }
})

t.test('a canary split across two content parts, or two messages, is still caught', async (t) => {
  const parts = chat([{ type: 'text', text: 'xx POLICY-CANARY-' }, { type: 'text', text: 'DENY yy' }])
  t.equal(refused(t, evaluateRequest(minimal, ctx(parts))).rule, 'canary')
  const msgs = { model: 'm', messages: [{ role: 'user', content: 'POLICY-CAN' }, { role: 'user', content: 'ARY-DENY' }] }
  t.equal(refused(t, evaluateRequest(minimal, ctx(msgs))).rule, 'canary')
  const kw = policy({ deny: [{ name: 'kw', contains: ['bluebird'], caseInsensitive: true }] })
  t.equal(refused(t, evaluateRequest(kw, ctx(chat([{ type: 'text', text: 'BLUE' }, { type: 'text', text: 'Bird' }])))).rule, 'kw')
})

t.test('property: a canary at any position, split at any point across two parts, is caught', async (t) => {
  fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.integer({ min: 0, max: CANARY.length }), (pre, post, cut) => {
    const text = pre + CANARY + post
    const at = pre.length + cut
    const d = evaluateRequest(minimal, ctx(chat([{ type: 'text', text: text.slice(0, at) }, { type: 'text', text: text.slice(at) }])))
    return !d.allowed && d.rule === 'canary'
  }), { numRuns: 300 })
})

t.test('zero-width characters, bidi controls, control characters and fullwidth letters do not hide the canary', async (t) => {
  for (const text of ['POLICY\u200B-CANARY-DENY', 'POLICY-\u2060CANARY-\uFEFFDENY', 'POLICY-CANARY-\u202EDENY', 'ＰＯＬＩＣＹ－ＣＡＮＡＲＹ－ＤＥＮＹ', 'POLICY-CANARY-DENY\u{E0041}', 'POLICY-\u0000CANARY\u0007-DENY', 'POLICY-CANARY\u007f-DENY']) {
    t.notOk(evaluateRequest(minimal, ctx(chat(text))).allowed, JSON.stringify(text))
  }
  const kw = policy({ deny: [{ name: 'kw', contains: ['NIGHTJAR'] }] })
  t.notOk(evaluateRequest(kw, ctx(chat('NIGHT\u200DJAR'))).allowed, 'keywords too')
  t.ok(evaluateRequest(kw, ctx(chat('nightjar'))).allowed, 'case-sensitive unless caseInsensitive')
  t.ok(evaluateRequest(minimal, ctx(chat('POLICY-CANARY-\nDENY'))).allowed, 'a newline is text, not noise: not stripped')
})

t.test('pattern rules are RE2 regular expressions; case options apply', async (t) => {
  const p = policy({
    deny: [
      { name: 'aws', pattern: '\\bAKIA[0-9A-Z]{16}\\b' },
      { name: 'ci', pattern: 'top secret', caseInsensitive: true },
      { name: 'inline', pattern: '(?i)confidential' },
      { name: 'anchored', pattern: '^DROP TABLE' }
    ]
  })
  t.equal(refused(t, evaluateRequest(p, ctx(chat('key AKIAABCDEFGHIJKLMNOP here')))).rule, 'aws')
  t.ok(evaluateRequest(p, ctx(chat('xAKIAABCDEFGHIJKLMNOP'))).allowed, '\\b holds')
  t.equal(refused(t, evaluateRequest(p, ctx(chat('TOP SECRET')))).rule, 'ci')
  t.equal(refused(t, evaluateRequest(p, ctx(chat('Confidential')))).rule, 'inline')
  t.equal(refused(t, evaluateRequest(p, ctx(chat([{ type: 'text', text: 'a' }, { type: 'text', text: 'DROP TABLE x' }])))).rule, 'anchored', '^ anchors within each text')
  t.ok(evaluateRequest(p, ctx(chat('please DROP TABLE'))).allowed)
})

t.test('literal keywords: nothing in them is special', async (t) => {
  const p = policy({ deny: [{ name: 'lit', contains: ['a.b*c', '(x'] }] })
  t.ok(evaluateRequest(p, ctx(chat('aXbbc'))).allowed)
  t.notOk(evaluateRequest(p, ctx(chat('see a.b*c'))).allowed)
  t.notOk(evaluateRequest(p, ctx(chat('f(x)'))).allowed)
})

t.test('catastrophic patterns on a 100 KB prompt return well within a second (linear-time engine)', async (t) => {
  // Each of these takes exponential or high-polynomial time in a backtracking engine on these inputs.
  const cases: Array<[string, string]> = [
    ['(a+)+$', 'a'.repeat(100_000) + '!'],
    ['(x+x+)+y', 'x'.repeat(100_000)],
    ['(a|a)*b', 'a'.repeat(100_000)],
    ['(.*a){20}', 'a'.repeat(100_000)],
    ['^(\\w+\\s?)+$', 'word '.repeat(20_000) + '!'],
    ['(?i)(password|secret|token)\\s*[:=]\\s*\\S{8,}', 'password = '.repeat(9_000)]
  ]
  for (const [pattern, input] of cases) {
    const p = policy({ deny: [{ name: 'redos', pattern }] })
    const started = performance.now()
    // Two parts, so the joined text is scanned too; neither part matches, so every scan runs to the end.
    const d = evaluateRequest(p, ctx(chat([{ type: 'text', text: input }, { type: 'text', text: '!' }])))
    const ms = performance.now() - started
    t.ok(ms < 1000, `${pattern}: ${ms.toFixed(0)} ms (decision ${d.allowed ? 'allow' : 'deny'})`)
  }
})

t.test('scopes: a rule for group contractors does not hit eng', async (t) => {
  const p = policy({ deny: [{ name: 'contractor-words', contains: ['BLUEBIRD'], scope: { groups: ['contractors'] } }] })
  t.ok(evaluateRequest(p, ctx(chat('BLUEBIRD'), { groups: ['eng'] })).allowed)
  t.equal(refused(t, evaluateRequest(p, ctx(chat('BLUEBIRD'), { groups: ['eng', 'contractors'] }))).rule, 'contractor-words')
})

t.test('scopes: subjects or groups say who; connections, models and endpoints narrow what', async (t) => {
  const p = policy({
    deny: [{
      name: 'narrow',
      contains: ['X'],
      scope: { groups: ['contractors'], subjects: ['bob'], connections: ['openai'], models: ['gpt-4o*'], endpoints: ['/v1/chat/*'] }
    }]
  })
  const base = { groups: ['contractors'] }
  t.notOk(evaluateRequest(p, ctx(chat('X'), base)).allowed, 'all match')
  t.notOk(evaluateRequest(p, ctx(chat('X'), { subject: 'bob', groups: [] })).allowed, 'subject alone is enough for who')
  t.ok(evaluateRequest(p, ctx(chat('X'), { groups: ['eng'] })).allowed, 'who does not match')
  t.ok(evaluateRequest(p, ctx(chat('X'), { ...base, connection: 'anthropic' })).allowed, 'connection does not match')
  t.ok(evaluateRequest(p, ctx({ model: 'o3', messages: [{ role: 'user', content: 'X' }] }, base)).allowed, 'model does not match')
  t.notOk(evaluateRequest(p, ctx({ model: 'GPT-4o-mini', messages: [{ role: 'user', content: 'X' }] }, base)).allowed, 'model glob, any case')
  t.ok(evaluateRequest(p, ctx({ messages: [{ role: 'user', content: 'X' }] }, base)).allowed, 'no model never matches a models list')
  t.ok(evaluateRequest(p, ctx({ model: 'gpt-4o', input: 'X' }, { ...base, path: '/v1/responses' })).allowed, 'endpoint does not match')
  t.notOk(evaluateRequest(p, ctx(chat('X'), { ...base, path: '/V1/Chat/Completions/?x=1' })).allowed, 'endpoint case, query and trailing slash ignored')
})

t.test('access: no rules allow everything; with rules a request must match one', async (t) => {
  const p = policy({
    access: [
      { name: 'eng', scope: { groups: ['eng'] } },
      { name: 'contractors', scope: { groups: ['contractors'], connections: ['openai'], models: ['gpt-4o-mini*'], endpoints: ['/v1/chat/completions'] }, maskRequest: true }
    ]
  })
  t.same(evaluateRequest(p, ctx(chat('hi'))), { allowed: true, maskRequest: false, matchedRules: ['eng'], limits: {}, fields: { model: 'gpt-4o' } })
  const c = { groups: ['contractors'] }
  const ok = evaluateRequest(p, ctx({ model: 'gpt-4o-mini-2024-07-18', messages: [] }, c))
  t.ok(ok.allowed && ok.maskRequest, 'allowed, and the rule asks for request masking')
  const cases: Array<[Partial<RequestContext>, unknown, string]> = [
    [{ groups: ['sales'] }, chat('x'), 'request blocked by policy: no access rule allows this identity'],
    [{ ...c, connection: 'anthropic' }, chat('x'), "request blocked by policy: this identity may not use connection 'anthropic'"],
    [c, chat('x'), "request blocked by policy: this identity may not use this model on connection 'openai'"],
    [{ ...c, path: '/v1/embeddings' }, { model: 'gpt-4o-mini', input: 'x' }, "request blocked by policy: this identity may not use this endpoint on connection 'openai'"]
  ]
  for (const [over, body, message] of cases) {
    const d = refused(t, evaluateRequest(p, ctx(body, over)))
    t.ok(d.error instanceof PolicyNotAllowedError)
    t.equal(d.error.code, 'GW_ERR_POLICY_NOT_ALLOWED')
    t.equal(d.error.status, 403)
    t.equal(d.error.message, message)
    t.equal(d.rule, 'access')
  }
})

t.test('access: masking applies when any matching rule asks for it', async (t) => {
  const p = policy({ access: [{ name: 'all' }, { name: 'mask-contractors', scope: { groups: ['contractors'] }, maskRequest: true }] })
  const eng = evaluateRequest(p, ctx(chat('x')))
  t.ok(eng.allowed && !eng.maskRequest)
  const con = evaluateRequest(p, ctx(chat('x'), { groups: ['contractors'] }))
  t.ok(con.allowed && con.maskRequest)
  t.same(con.allowed ? con.matchedRules : [], ['all', 'mask-contractors'])
})

t.test('duplicate-key smuggling: policy decides on the model that is forwarded', async (t) => {
  const p = policy({ access: [{ name: 'mini-only', scope: { models: ['gpt-4o-mini'] } }] })
  const smuggled = parseJsonBody(Buffer.from('{"model":"gpt-4o-mini","messages":[],"model":"gpt-4o"}'))
  t.notOk(evaluateRequest(p, ctx(smuggled)).allowed, 'the second (forwarded) model is the one checked')
  const benign = parseJsonBody(Buffer.from('{"model":"gpt-4o","messages":[],"model":"gpt-4o-mini"}'))
  t.ok(evaluateRequest(p, ctx(benign)).allowed)
})

t.test('caps: each token-limit field, n, best_of and tools, with the rule named', async (t) => {
  const p = policy({ limits: [{ name: 'default-limits', maxTokens: 4096, maxN: 2, maxTools: 1 }] })
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ max_tokens: 100000 }, 'max_tokens 100000 exceeds the policy limit 4096'],
    [{ max_completion_tokens: 4097 }, 'max_completion_tokens 4097 exceeds the policy limit 4096'],
    [{ max_output_tokens: 5000 }, 'max_output_tokens 5000 exceeds the policy limit 4096'],
    [{ max_tokens: 10, max_completion_tokens: 9999 }, 'max_completion_tokens 9999 exceeds'],
    [{ max_tokens: '100' }, 'max_tokens (not a finite number) exceeds the policy limit 4096'],
    [{ n: 3 }, 'n 3 exceeds the policy limit 2'],
    [{ best_of: 5 }, 'best_of 5 exceeds the policy limit 2'],
    [{ tools: [{}, {}] }, '2 tools exceeds the policy limit 1'],
    [{ tools: [{}], functions: [{}] }, '2 tools exceeds'],
    [{ tools: 'all' }, 'tools (not a list) exceeds']
  ]
  for (const [extra, msg] of cases) {
    const d = refused(t, evaluateRequest(p, ctx(chat('x', extra))))
    t.ok(d.error instanceof PolicyLimitError, JSON.stringify(extra))
    t.equal(d.error.code, 'GW_ERR_POLICY_LIMIT_EXCEEDED')
    t.equal(d.error.status, 403)
    t.match(d.error.message, `request blocked by policy: ${msg}`)
    t.match(d.error.message, "(rule 'default-limits')")
    t.equal(d.rule, 'default-limits')
  }
  const ok = evaluateRequest(p, ctx(chat('x', { max_tokens: 4096, n: 2, tools: [{}], max_output_tokens: null })))
  t.ok(ok.allowed, 'at the limits is allowed; null is absent')
  t.same(ok.allowed ? ok.limits.maxTokens : undefined, { value: 4096, rule: 'default-limits' }, 'the effective token cap is exposed for injection')
})

t.test('caps: the lowest value among rules in scope wins, and its rule is named', async (t) => {
  const p = policy({
    limits: [
      { name: 'default-limits', maxTokens: 4096, maxBodyBytes: 1000 },
      { name: 'contractors', scope: { groups: ['contractors'] }, maxTokens: 1024 },
      { name: 'loose', maxTokens: 99999 }
    ]
  })
  t.match(refused(t, evaluateRequest(p, ctx(chat('x', { max_tokens: 2000 }), { groups: ['contractors'] }))).error.message,
    "max_tokens 2000 exceeds the policy limit 1024 (rule 'contractors')")
  const eng = evaluateRequest(p, ctx(chat('x', { max_tokens: 2000 })))
  t.ok(eng.allowed)
  t.same(eng.allowed ? eng.matchedRules : [], ['default-limits', 'loose'])
  t.match(refused(t, evaluateRequest(p, ctx(chat('x'), { bodyBytes: 1001 }))).error.message,
    "request blocked by policy: a request body of 1001 bytes exceeds the policy limit 1000 (rule 'default-limits')")
})

t.test('caps: requireMaxTokens refuses generation requests without a token limit, not embeddings', async (t) => {
  const p = policy({ limits: [{ name: 'must-cap', requireMaxTokens: true }] })
  const d = refused(t, evaluateRequest(p, ctx(chat('x'))))
  t.equal(d.error.message, "request blocked by policy: a token limit (max_tokens, max_completion_tokens or max_output_tokens) is required (rule 'must-cap')")
  t.equal(d.rule, 'must-cap')
  t.ok(evaluateRequest(p, ctx(chat('x', { max_completion_tokens: 5 }))).allowed)
  t.ok(evaluateRequest(p, ctx({ model: 'e', input: 'x' }, { path: '/v1/embeddings' })).allowed)
  t.notOk(evaluateRequest(p, ctx({ model: 'r', input: 'x' }, { path: '/v1/responses' })).allowed)
  t.notOk(evaluateRequest(p, ctx({ model: 'c', max_tokens: null, messages: [] }, { path: '/v1/messages' })).allowed, 'null is no limit')
})

t.test('an oversized prompt is refused with 413 when a deny rule applies, never forwarded unchecked', async (t) => {
  const big = chat('a'.repeat(DEFAULT_MAX_PROMPT_CHARS + 1))
  const d = refused(t, evaluateRequest(minimal, ctx(big)))
  t.ok(d.error instanceof PromptTooLargeError)
  t.equal(d.error.status, 413)
  t.equal(d.error.code, 'GW_ERR_POLICY_PROMPT_TOO_LARGE')
  t.equal(d.rule, 'default')
  t.ok(evaluateRequest(policy({}), ctx(big)).allowed, 'no deny rule in scope: nothing to check, no cap')
  const scoped = policy({ deny: [{ name: 'c', pattern: 'x', scope: { groups: ['contractors'] } }] })
  t.ok(evaluateRequest(scoped, ctx(big)).allowed, 'the deny rule is out of scope')
  const capped = policy({ deny: [{ name: 'c', pattern: 'zzz' }], limits: [{ name: 'prompt-cap', maxPromptChars: 10 }] })
  const small = refused(t, evaluateRequest(capped, ctx(chat('0123456789A'))))
  t.equal(small.error.message, "request blocked by policy: the prompt text is longer than 10 characters, the most policy checks (rule 'prompt-cap')")
  t.ok(evaluateRequest(capped, ctx(chat('0123456789'))).allowed)
})

t.test('the first matching deny rule in policy order is reported', async (t) => {
  const p = policy({ deny: [{ name: 'first', contains: ['b'] }, { name: 'second', pattern: 'a' }] })
  t.equal(refused(t, evaluateRequest(p, ctx(chat('ab')))).rule, 'first')
})

t.test('property: random JSON bodies on any path never throw, and refusals are 4xx GatewayErrors', async (t) => {
  const p = policy({
    access: [{ name: 'all' }],
    deny: [{ name: 'canary', pattern: 'POLICY-CANARY-DENY' }, { name: 'kw', contains: ['zz'], caseInsensitive: true }],
    limits: [{ name: 'l', maxTokens: 100, maxN: 2, maxTools: 3, maxPromptChars: 500, requireMaxTokens: true }]
  })
  const path = fc.constantFrom('/v1/chat/completions', '/v1/responses', '/v1/completions', '/v1/embeddings', '/v1/messages', '/v1/other', '/')
  const shaped = fc.record({
    model: fc.oneof(fc.string(), fc.jsonValue()),
    messages: fc.array(fc.record({ role: fc.string(), content: fc.oneof(fc.string(), fc.array(fc.record({ type: fc.string(), text: fc.jsonValue() }))) })),
    input: fc.jsonValue(),
    max_tokens: fc.jsonValue(),
    n: fc.jsonValue(),
    tools: fc.jsonValue()
  }, { requiredKeys: [] })
  fc.assert(fc.property(path, fc.oneof(fc.jsonValue(), shaped), fc.nat(), (p2, body, bytes) => {
    let d: PolicyDecision
    try {
      d = evaluateRequest(p, ctx(body, { path: p2, bodyBytes: bytes }))
    } catch (err) {
      return err instanceof GatewayError
    }
    return d.allowed || (d.error instanceof GatewayError && d.error.status >= 400 && d.error.status < 500 && d.rule !== '')
  }), { numRuns: 1000 })
})

t.test('property: random UTF-8-ish bytes through parseJsonBody and the engine only ever raise GatewayErrors', async (t) => {
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((s) => Buffer.from(s))), (bytes) => {
    try {
      evaluateRequest(minimal, ctx(parseJsonBody(Buffer.from(bytes))))
      return true
    } catch (err) {
      return err instanceof GatewayError && err.status === 400
    }
  }), { numRuns: 1000 })
})

t.test('rule actions: block, terminate, hold (a block still wins over a hold; hold without text holds its whole scope)', async (t) => {
  const policy = compilePolicy({
    deny: [
      { name: 'review', contains: ['wire transfer'], caseInsensitive: true, action: 'hold', approvalTimeoutSeconds: 30, grantSeconds: 600 },
      { name: 'exfil', pattern: 'EXFIL-[0-9]+', action: 'terminate' },
      { name: 'canary', contains: ['CANARY'] },
      { name: 'big-model', action: 'hold', scope: { models: ['gpt-4.1*'] } }
    ]
  }, 'test')
  const ask = (content: string, model = 'gpt-4o-mini'): ReturnType<typeof evaluateRequest> => evaluateRequest(policy, {
    subject: 'a', groups: [], connection: 'openai', method: 'POST', path: '/v1/chat/completions',
    body: { model, messages: [{ role: 'user', content }] }, bodyBytes: 10
  })
  const held = ask('please make a Wire Transfer')
  t.ok(held.allowed)
  t.same(held.allowed ? held.hold : undefined, { rule: 'review', timeoutMs: 30_000, grantMs: 600_000 })
  const both = ask('wire transfer of the CANARY')
  t.notOk(both.allowed, 'a block rule wins over a hold')
  t.equal(both.allowed ? '' : both.rule, 'canary')
  const term = ask('leak EXFIL-42')
  t.notOk(term.allowed)
  t.ok(!term.allowed && term.terminate === true, 'terminate is flagged')
  t.ok(!term.allowed && (term.error as { terminate?: boolean }).terminate === true, 'and carried by the error')
  const plain = ask('hello')
  t.ok(plain.allowed && plain.hold === undefined, 'nothing to hold')
  const scoped = ask('hello', 'gpt-4.1')
  t.same(scoped.allowed ? scoped.hold?.rule : undefined, 'big-model', 'a hold rule without text holds every request in its scope')
  t.throws(() => compilePolicy({ deny: [{ name: 'x', contains: ['a'], grantSeconds: 5 }] }, 'test'), /only apply to action: hold/)
  t.throws(() => compilePolicy({ deny: [{ name: 'x' }] }, 'test'), /exactly one of pattern or contains/, 'a block rule needs text')
})
