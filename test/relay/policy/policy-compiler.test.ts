import t from 'tap'

import { MAX_KEYWORDS_TOTAL } from '../../../relay/policy/constants.js'
import { PolicyInvalidError } from '../../../relay/policy/errors.js'
import { compilePolicy, emptyPolicy, parsePolicyYaml } from '../../../relay/policy/policy-compiler.js'

import type { Test } from 'tap'

/** Compiles `input` expecting failure; returns the problems. */
function problemsOf (t: Test, input: unknown): readonly string[] {
  try {
    compilePolicy(input, 'test.yaml')
  } catch (err) {
    t.ok(err instanceof PolicyInvalidError, 'throws PolicyInvalidError')
    if (err instanceof PolicyInvalidError) {
      t.equal(err.code, 'GW_ERR_POLICY_INVALID')
      t.match(err.message, /^invalid policy in test\.yaml \(\d+ problems?\):\n/)
      for (const p of err.problems) t.ok(err.message.includes(`  - ${p}`), 'message lists each problem')
      return err.problems
    }
  }
  t.fail('compiled an invalid policy')
  return []
}

t.test('the minimal policy compiles to one pattern rule and the mask section', async (t) => {
  const p = compilePolicy(parsePolicyYaml('deny:\n  - name: canary\n    pattern: POLICY-CANARY-DENY\nmask:\n  builtin: [email, card, ssn, aws_access_key]\n', 'p.yaml'), 'p.yaml')
  t.equal(p.source, 'p.yaml')
  t.equal(p.deny.length, 1)
  t.equal(p.deny[0]?.name, 'canary')
  t.ok(p.deny[0]?.regex?.test('x POLICY-CANARY-DENY y'))
  t.same(p.mask.builtin, ['email', 'card', 'ssn', 'aws_access_key'])
  t.match(p.sha256, /^[0-9a-f]{64}$/)
  t.ok(Object.isFrozen(p) && Object.isFrozen(p.deny) && Object.isFrozen(p.config.mask), 'frozen')
})

t.test('an invalid policy lists every problem at once: schema, patterns, duplicates', async (t) => {
  const problems = problemsOf(t, {
    extra: true,
    access: [{ name: 'eng', scope: { groups: [] } }],
    deny: [
      { name: 'lookahead', pattern: 'secret(?=[0-9])' },
      { name: 'backref', pattern: '(a)\\1' },
      { name: 'both', pattern: 'x', contains: ['y'] },
      { name: 'everything', pattern: 'a*' },
      { name: 'eng', contains: ['x'] }
    ],
    limits: [{ name: 'l', maxTokens: -1 }]
  })
  t.match(problems, [
    /^access\.0\.scope\.groups: /,
    /^deny\.2: give exactly one of pattern or contains$/,
    /^limits\.0\.maxTokens: /,
    /^extra: unknown key$/,
    /^deny\.4\.name: duplicate rule name 'eng' \(first used at access\.0\)$/,
    /^deny\.0\.pattern: rule 'lookahead': not a valid RE2 pattern \(.*\)$/,
    /^deny\.1\.pattern: rule 'backref': not a valid RE2 pattern \(.*\)$/,
    /^deny\.3\.pattern: rule 'everything': the pattern matches the empty string, so it would block every request$/
  ])
  t.equal(problems.length, 8)
})

t.test('a bad pattern is reported even when its rule has no valid name', async (t) => {
  const problems = problemsOf(t, { deny: [{ name: 7, pattern: '(' }] })
  t.ok(problems.some((p) => /^deny\.0\.pattern: not a valid RE2 pattern/.test(p)))
})

t.test('the caseInsensitive option applies to patterns and keywords', async (t) => {
  const p = compilePolicy({
    deny: [
      { name: 'p', pattern: 'secret', caseInsensitive: true },
      { name: 'k', contains: ['BlueBird', 'ＮＩＧＨＴ'], caseInsensitive: true },
      { name: 'k2', contains: ['Exact'] }
    ]
  }, 'x')
  t.ok(p.deny[0]?.regex?.test('SeCrEt'))
  t.same(p.deny[1]?.keywords, ['bluebird', 'night'], 'keywords are NFKC-normalised and lower-cased')
  t.same(p.deny[2]?.keywords, ['Exact'])
})

t.test('the policy-wide keyword total is capped', async (t) => {
  const per = 100
  const rules = Array.from({ length: MAX_KEYWORDS_TOTAL / per + 1 }, (_, i) => ({ name: `k${i}`, contains: Array.from({ length: per }, (_, j) => `w${j}`) }))
  const problems = problemsOf(t, { deny: rules })
  t.same(problems, [`deny: ${MAX_KEYWORDS_TOTAL + per} 'contains' keywords in total; the limit is ${MAX_KEYWORDS_TOTAL}`])
})

t.test('YAML problems are listed with their positions; duplicate keys are refused', async (t) => {
  try {
    parsePolicyYaml('deny:\n  - name: a\n    name: b\n    pattern: x\n', 'dup.yaml')
    t.fail('duplicate key accepted')
  } catch (err) {
    t.ok(err instanceof PolicyInvalidError)
    t.match((err as PolicyInvalidError).problems, [/^\(yaml\) .*line 3/])
  }
  t.throws(() => parsePolicyYaml('deny: [\n', 'broken.yaml'), PolicyInvalidError)
  t.same(parsePolicyYaml('', 'empty.yaml'), {}, 'an empty file is the empty policy')
  t.same(parsePolicyYaml('# only a comment\n', 'c.yaml'), {})
})

t.test('an alias bomb is refused', async (t) => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}, *${String.fromCharCode(96 + i)}]`)
  t.throws(() => parsePolicyYaml(lines.join('\n') + '\n', 'bomb.yaml'), PolicyInvalidError)
})

t.test('the empty policy allows everything and masks nothing', async (t) => {
  const p = emptyPolicy()
  t.same([p.access.length, p.deny.length, p.limits.length], [0, 0, 0])
  t.same(p.mask.builtin, [])
  t.equal(p.source, '(empty policy)')
})

t.test('the same config always hashes the same; a different one differently', async (t) => {
  const a = compilePolicy({ deny: [{ name: 'a', pattern: 'x' }] }, 'a')
  const b = compilePolicy({ deny: [{ name: 'a', pattern: 'x' }] }, 'b')
  const c = compilePolicy({ deny: [{ name: 'a', pattern: 'y' }] }, 'c')
  t.equal(a.sha256, b.sha256)
  t.not(a.sha256, c.sha256)
  t.equal(compilePolicy({}, 'x', { sha256: 'abc' }).sha256, 'abc')
})
