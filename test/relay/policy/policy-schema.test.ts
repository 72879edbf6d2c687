import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'

import { parse } from 'yaml'

import { MAX_DENY_RULES, MAX_PATTERN_CHARS, MAX_RULE_NAME_CHARS } from '../../../relay/policy/constants.js'
import { policySchema } from '../../../relay/policy/policy-schema.js'

const docs = readFileSync(fileURLToPath(new URL('../../../docs/policy.md', import.meta.url)), 'utf8')

/** The YAML blocks of docs/policy.md, in order. */
function yamlBlocks (): string[] {
  return [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '')
}

t.test('the minimal policy from issue 4 validates as written', async (t) => {
  const out = policySchema.parse(parse('deny:\n  - name: canary\n    pattern: POLICY-CANARY-DENY\nmask:\n  builtin: [email, card, ssn, aws_access_key]\n'))
  t.same(out.deny, [{ name: 'canary', pattern: 'POLICY-CANARY-DENY', caseInsensitive: false, action: 'block' }])
  t.same(out.access, [])
  t.same(out.limits, [])
  t.same(out.mask.builtin, ['email', 'card', 'ssn', 'aws_access_key'])
})

t.test('an empty object is the empty policy with every default applied', async (t) => {
  const out = policySchema.parse({})
  t.same(out, {
    access: [],
    deny: [],
    limits: [],
    spend: [],
    pricing: { models: {}, unknownModel: { input: 2.5, output: 10 } },
    mask: { builtin: [], strategy: 'redact', strategies: {}, custom: [] },
    roles: { admin: [], approver: [], auditor: [] }
  })
})

t.test('the complete example in docs/policy.md validates', async (t) => {
  const blocks = yamlBlocks()
  const complete = blocks.find((b) => b.startsWith('version: 1'))
  t.ok(complete, 'docs/policy.md has the complete example')
  const out = policySchema.parse(parse(complete ?? ''))
  t.equal(out.access.length, 3)
  t.equal(out.deny.length, 4)
  t.equal(out.limits.length, 3)
  t.equal(out.mask.custom.length, 1)
})

t.test('every policy snippet in docs/policy.md validates on its own', async (t) => {
  for (const block of yamlBlocks()) {
    // The scope snippet is a fragment of a rule; wrap it in one.
    const input: unknown = block.startsWith('scope:') ? { deny: [{ name: 'x', contains: ['y'], ...parse(block) }] } : parse(block)
    const r = policySchema.safeParse(input)
    t.ok(r.success, block.split('\n')[0] ?? '')
  }
})

t.test('unknown keys are refused at every level', async (t) => {
  for (const input of [
    { extra: 1 },
    { deny: [{ name: 'a', pattern: 'x', severity: 'high' }] },
    { deny: [{ name: 'a', pattern: 'x', scope: { teams: ['x'] } }] },
    { access: [{ name: 'a', allow: true }] },
    { limits: [{ name: 'a', maxTokens: 1, max_tokens: 1 }] },
    { mask: { builtins: [] } }
  ]) {
    t.notOk(policySchema.safeParse(input).success, JSON.stringify(input))
  }
})

t.test('a deny rule needs exactly one of pattern or contains', async (t) => {
  t.notOk(policySchema.safeParse({ deny: [{ name: 'a' }] }).success)
  t.notOk(policySchema.safeParse({ deny: [{ name: 'a', pattern: 'x', contains: ['y'] }] }).success)
  t.ok(policySchema.safeParse({ deny: [{ name: 'a', contains: ['y'], caseInsensitive: true }] }).success)
})

t.test('a limits rule sets at least one cap, and caps are positive integers', async (t) => {
  t.notOk(policySchema.safeParse({ limits: [{ name: 'a' }] }).success)
  t.notOk(policySchema.safeParse({ limits: [{ name: 'a', maxTokens: 0 }] }).success)
  t.notOk(policySchema.safeParse({ limits: [{ name: 'a', maxN: 1.5 }] }).success)
  t.ok(policySchema.safeParse({ limits: [{ name: 'a', maxTools: 0 }] }).success, 'maxTools 0 forbids tools')
  t.ok(policySchema.safeParse({ limits: [{ name: 'a', requireMaxTokens: true }] }).success)
})

t.test('rule names are restricted to a printable alphabet and a length', async (t) => {
  for (const name of ["it's", 'a b', 'x\ny', '-lead', '', 'a'.repeat(MAX_RULE_NAME_CHARS + 1)]) {
    t.notOk(policySchema.safeParse({ deny: [{ name, pattern: 'x' }] }).success, JSON.stringify(name))
  }
  for (const name of ['canary', 'default-limits', 'v1.eng_team', 'a'.repeat(MAX_RULE_NAME_CHARS)]) {
    t.ok(policySchema.safeParse({ deny: [{ name, pattern: 'x' }] }).success, name)
  }
})

t.test('scope lists are non-empty, bounded and free of control characters', async (t) => {
  t.notOk(policySchema.safeParse({ access: [{ name: 'a', scope: { groups: [] } }] }).success, 'empty list')
  t.notOk(policySchema.safeParse({ access: [{ name: 'a', scope: { groups: ['e\u0000g'] } }] }).success, 'NUL')
  t.notOk(policySchema.safeParse({ access: [{ name: 'a', scope: { endpoints: ['v1/chat'] } }] }).success, 'no leading slash')
  t.notOk(policySchema.safeParse({ access: [{ name: 'a', scope: { endpoints: ['/v1/chat completions'] } }] }).success, 'space')
  t.ok(policySchema.safeParse({ access: [{ name: 'a', scope: { endpoints: ['/v1/*'], models: ['gpt-*'] } }] }).success)
})

t.test('patterns and rule counts are capped', async (t) => {
  t.notOk(policySchema.safeParse({ deny: [{ name: 'a', pattern: 'x'.repeat(MAX_PATTERN_CHARS + 1) }] }).success)
  const many = Array.from({ length: MAX_DENY_RULES + 1 }, (_, i) => ({ name: `r${i}`, pattern: 'x' }))
  t.notOk(policySchema.safeParse({ deny: many }).success)
})

t.test('version 1 is accepted and any other version refused', async (t) => {
  t.ok(policySchema.safeParse({ version: 1 }).success)
  t.notOk(policySchema.safeParse({ version: 2 }).success)
})
