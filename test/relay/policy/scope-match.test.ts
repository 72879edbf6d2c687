import t from 'tap'

import { compileGlob, compileScope, inScope, matchGlob, normaliseEndpoint } from '../../../relay/policy/scope-match.js'

import type { ScopeSubject } from '../../../relay/policy/scope-match.js'

t.test('globs: * matches any run of characters, nothing else is special, case-insensitive', async (t) => {
  const cases: Array<[string, string, boolean]> = [
    ['gpt-4o', 'gpt-4o', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['gpt-4o*', 'gpt-4o-mini', true],
    ['gpt-4o*', 'gpt-4', false],
    ['*', '', true],
    ['*-mini', 'gpt-4o-mini', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['a*bb*b', 'abbb', true],
    ['a*bb*b', 'abb', false],
    ['ab*ba', 'aba', false],
    ['GPT-4O', 'gpt-4o', true],
    ['gpt.4o', 'gpt-4o', false],
    ['/v1/*', '/v1/chat/completions', true]
  ]
  for (const [glob, text, want] of cases) t.equal(matchGlob(compileGlob(glob), text.toLowerCase()), want, `${glob} ~ ${text}`)
})

t.test('globs stay fast on long hostile model names', async (t) => {
  const g = compileGlob('*a*a*a*a*a*a*a*a*b')
  const started = performance.now()
  t.notOk(matchGlob(g, 'a'.repeat(1_000_000)))
  t.ok(performance.now() - started < 500)
})

t.test('endpoints are normalised: case, query and trailing slashes', async (t) => {
  t.equal(normaliseEndpoint('/V1/Chat/Completions/?stream=1'), '/v1/chat/completions')
  t.equal(normaliseEndpoint('/'), '/')
  t.equal(normaliseEndpoint('///'), '/')
})

t.test('who is groups OR subjects; what is every listed dimension', async (t) => {
  const req: ScopeSubject = { subject: 'alice', groups: ['eng'], connection: 'openai', modelLower: 'gpt-4o', endpointLower: '/v1/chat/completions' }
  t.ok(inScope(compileScope(undefined), req), 'no scope matches everything')
  t.ok(inScope(compileScope({}), req))
  t.ok(inScope(compileScope({ groups: ['sales'], subjects: ['alice'] }), req))
  t.ok(inScope(compileScope({ groups: ['eng'], subjects: ['bob'] }), req))
  t.notOk(inScope(compileScope({ groups: ['sales'], subjects: ['bob'] }), req))
  t.notOk(inScope(compileScope({ subjects: ['bob'] }), req))
  t.notOk(inScope(compileScope({ groups: ['eng'], connections: ['anthropic'] }), req))
  t.notOk(inScope(compileScope({ models: ['o3*'] }), req))
  t.notOk(inScope(compileScope({ models: ['*'] }), { ...req, modelLower: undefined }), 'no model never matches a models list')
  t.ok(inScope(compileScope({ endpoints: ['/v1/chat/completions/'] }), req), 'endpoint globs are normalised too')
  t.notOk(inScope(compileScope({ endpoints: ['/v1/embeddings'] }), req))
})
