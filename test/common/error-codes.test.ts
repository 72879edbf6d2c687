// STYLE rule 7: every error class has a unique code, every code is documented in docs/errors.md, and every code
// is triggered (named) by at least one test.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

import { CodedError } from '../../common/errors.js'
import * as common from '../../common/errors.js'
import * as tunnel from '../../common/tunnel/errors.js'
import * as http from '../../relay/http/errors.js'
import * as identity from '../../relay/identity/errors.js'
import * as agent from '../../agent/errors.js'
import * as policy from '../../relay/policy/errors.js'
import * as masking from '../../relay/masking/errors.js'
import * as recording from '../../relay/recording/errors.js'
import * as replay from '../../relay/recording/replay-errors.js'
import * as admin from '../../relay/admin/errors.js'
import * as state from '../../relay/state/errors.js'
import * as approvals from '../../relay/approvals/errors.js'
import * as spend from '../../relay/spend/errors.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const self = fileURLToPath(import.meta.url)

function testFiles (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return testFiles(p)
    return p.endsWith('.ts') && p !== self ? [p] : []
  })
}

const classes = Object.entries({ ...common, ...tunnel, ...http, ...identity, ...agent, ...policy, ...masking, ...recording, ...replay, ...admin, ...state, ...approvals, ...spend })
  .filter((entry): entry is [string, typeof CodedError & { code: string }] => typeof entry[1] === 'function' && entry[1].prototype instanceof CodedError)
const docs = readFileSync(join(root, 'docs', 'errors.md'), 'utf8')
const tests = testFiles(join(root, 'test')).map((f) => ({ f, text: readFileSync(f, 'utf8') }))

t.ok(classes.length >= 30, `found the error classes (${classes.length})`)

t.test('codes are unique and well-formed', async (t) => {
  const seen = new Map<string, string>()
  for (const [name, cls] of classes) {
    t.match(cls.code, /^GW_ERR_[A-Z]+_[A-Z_]+$/, `${name} has a GW_ERR_ code`)
    t.notOk(seen.has(cls.code), `${cls.code} is used once (${name}${seen.has(cls.code) ? ` and ${seen.get(cls.code) ?? ''}` : ''})`)
    seen.set(cls.code, name)
  }
})

t.test('every code is documented in docs/errors.md', async (t) => {
  for (const [, cls] of classes) t.ok(docs.includes(`\`${cls.code}\``), `${cls.code} documented`)
})

t.test('every code is triggered by at least one test', async (t) => {
  for (const [name, cls] of classes) {
    const hit = tests.find(({ text }) => text.includes(cls.code) || new RegExp(`\\b${name}\\b`).test(text))
    t.ok(hit, `${cls.code} appears in a test${hit === undefined ? '' : ` (${relative(root, hit.f)})`}`)
  }
})
