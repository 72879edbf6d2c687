// Issue 7 (command line): `keyward usage` against a real relay: a table by model after two exchanges, --json,
// filters, a refused role (exit 1) and a bad --by (exit 2).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import t from 'tap'

import { cli } from '../fixtures/cli-capture.js'
import { httpsRequest } from '../fixtures/https-client.js'
import { startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

let stack: Stack
let auditor: string

t.before(async () => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, 'roles:\n  auditor: [audit]\n')
  stack = await startStack({ relay: { policy: policyPath } })
  auditor = await stack.token('auditor', ['audit'])
  const user = await stack.token('dana', ['eng'])
  for (const model of ['gpt-4o-mini', 'gpt-4o']) {
    const res = await httpsRequest({
      port: stack.relay.address.port,
      ca: stack.ca,
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { authorization: `Bearer ${user}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello there' }] })
    })
    if (res.status !== 200) throw new Error(`setup request failed: ${res.status}`)
  }
})
t.teardown(async () => await stack.stop())

const target = (token: string): string[] => ['--relay', stack.origin, '--token', token, '--ca', stack.caPath]

t.test('keyward usage --by model prints one row per model with tokens and exact cost', async (t) => {
  let r = await cli(['usage', '--subject', 'dana', '--by', 'model', ...target(auditor)])
  for (let i = 0; i < 50 && !r.stdout.includes('gpt-4o-mini'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    r = await cli(['usage', '--subject', 'dana', '--by', 'model', ...target(auditor)])
  }
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /^MODEL\s+REQUESTS\s+INPUT\s+CACHED\s+OUTPUT\s+COST USD\s+ESTIMATED/m)
  t.match(r.stdout, /^gpt-4o\s+1\s+\d+\s+0\s+\d+\s+0\.\d+\s+0$/m)
  t.match(r.stdout, /^gpt-4o-mini\s+1\s+\d+/m)
  const json = await cli(['usage', '--subject', 'dana', '--json', ...target(auditor)])
  t.equal(json.code, 0)
  const answer = JSON.parse(json.stdout) as { by: string, usage: Array<{ key: string, requests: number, costNano: number, costUsd: string }> }
  t.equal(answer.by, 'none')
  t.equal(answer.usage[0]?.requests, 2)
  t.ok((answer.usage[0]?.costNano ?? 0) > 0)
  const none = await cli(['usage', '--subject', 'nobody', ...target(auditor)])
  t.match(none.stdout, /^no usage since /)
})

t.test('keyward usage: a caller without the auditor role gets exit 1 with the relay\'s error; a bad --by exit 2', async (t) => {
  const user = await stack.token('dana', ['eng'])
  const refused = await cli(['usage', ...target(user)])
  t.equal(refused.code, 1)
  t.match(refused.stderr, /keyward: .*\(HTTP 403\)/)
  const bad = await cli(['usage', '--by', 'colour', ...target(auditor)])
  t.equal(bad.code, 2)
})
