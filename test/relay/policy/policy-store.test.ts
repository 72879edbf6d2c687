import { once } from 'node:events'
import { renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import t from 'tap'

import { createLogger } from '../../../common/logger.js'
import { MAX_POLICY_FILE_BYTES } from '../../../relay/policy/constants.js'
import { PolicyInvalidError } from '../../../relay/policy/errors.js'
import { evaluateRequest } from '../../../relay/policy/policy-engine.js'
import { PolicyStore } from '../../../relay/policy/policy-store.js'

import type { Logger } from '../../../common/logger.js'
import type { CompiledPolicy } from '../../../relay/policy/policy-compiler.js'

const MINIMAL = 'deny:\n  - name: canary\n    pattern: POLICY-CANARY-DENY\nmask:\n  builtin: [email, card, ssn, aws_access_key]\n'
const OTHER = 'deny:\n  - name: other\n    contains: [BLUEBIRD]\n'
const INVALID = 'deny:\n  - name: bad\n    pattern: "(?=x)"\n  - name: bad\n    contains: []\nlimits:\n  - name: l\n    maxTokens: 0\nsurprise: 1\n'

/** A logger whose JSON lines are collected into `lines`. */
function capture (): { logger: Logger, lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const destination = new Writable({
    write (chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>)
      cb()
    }
  })
  return { logger: createLogger({ level: 'info', destination }), lines }
}

// The store's watcher and debounce timer never keep the process alive (the relay's server does); keep the test alive
// while it waits for them.
const keepAlive = setInterval(() => {}, 1000)
t.teardown(() => clearInterval(keepAlive))

/** True when `policy` blocks a chat request containing `text`. */
function blocks (policy: CompiledPolicy, text: string): boolean {
  return !evaluateRequest(policy, {
    subject: 's', groups: [], connection: 'openai', method: 'POST', path: '/v1/chat/completions',
    body: { model: 'm', messages: [{ role: 'user', content: text }] }, bodyBytes: 10
  }).allowed
}

t.test('the minimal policy file from issue 4 loads and works as written', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': MINIMAL }), 'policy.yaml')
  const { logger, lines } = capture()
  const store = PolicyStore.load(path, { logger })
  t.teardown(() => store.close())
  t.equal(store.path, path)
  t.ok(blocks(store.current(), 'say POLICY-CANARY-DENY'))
  t.notOk(blocks(store.current(), 'hello'))
  t.same(store.current().mask.builtin, ['email', 'card', 'ssn', 'aws_access_key'])
  t.match(lines, [{ msg: 'policy loaded', component: 'policy', path, deny: 1, sha256: /^[0-9a-f]{64}$/ }])
})

t.test('an invalid file is refused at load with every problem listed', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': INVALID }), 'policy.yaml')
  try {
    PolicyStore.load(path)
    t.fail('loaded')
  } catch (err) {
    t.ok(err instanceof PolicyInvalidError)
    const e = err as PolicyInvalidError
    t.equal(e.code, 'GW_ERR_POLICY_INVALID')
    t.match(e.message, `invalid policy in ${path} (5 problems):`)
    t.match(e.problems, [
      /^deny\.1\.contains: /,
      /^limits\.0\.maxTokens: /,
      /^surprise: unknown key$/,
      /^deny\.1\.name: duplicate rule name 'bad'/,
      /^deny\.0\.pattern: rule 'bad': not a valid RE2 pattern/
    ])
  }
})

t.test('unreadable, oversized, non-UTF-8 and non-file paths are refused with a PolicyInvalidError', async (t) => {
  const dir = t.testdir({
    'big.yaml': '#'.repeat(MAX_POLICY_FILE_BYTES + 1),
    'latin1.yaml': Buffer.from([0x23, 0x20, 0xe9, 0x0a]),
    'dup.yaml': 'deny: []\ndeny: []\n',
    sub: {}
  })
  const cases: Array<[string, RegExp]> = [
    [join(dir, 'missing.yaml'), /cannot read the policy file: ENOENT/],
    [join(dir, 'big.yaml'), new RegExp(`${MAX_POLICY_FILE_BYTES + 1} bytes; the limit is ${MAX_POLICY_FILE_BYTES}`)],
    [join(dir, 'latin1.yaml'), /not valid UTF-8/],
    [join(dir, 'dup.yaml'), /\(yaml\) .*[Mm]ap keys must be unique/],
    [join(dir, 'sub'), /not a regular file/]
  ]
  for (const [path, why] of cases) {
    try {
      PolicyStore.load(path)
      t.fail(`loaded ${path}`)
    } catch (err) {
      t.ok(err instanceof PolicyInvalidError, path)
      t.match((err as PolicyInvalidError).message, why)
    }
  }
})

t.test('reload with an invalid file keeps the last good policy, logs every problem and emits reload-failed', async (t) => {
  const dir = t.testdir({ 'policy.yaml': MINIMAL })
  const path = join(dir, 'policy.yaml')
  const { logger, lines } = capture()
  const store = PolicyStore.load(path, { logger })
  t.teardown(() => store.close())
  const before = store.current()
  const failed: PolicyInvalidError[] = []
  store.on('reload-failed', (e) => failed.push(e))

  writeFileSync(path, INVALID)
  const r = await store.reload()
  t.equal(r.ok, false)
  t.ok(!r.ok && r.error instanceof PolicyInvalidError && r.error.problems.length === 5)
  t.equal(store.current(), before, 'the same policy object is still in force')
  t.ok(blocks(store.current(), 'POLICY-CANARY-DENY'), 'and it still blocks')
  t.equal(failed.length, 1)
  const logged = lines.find((l) => l.msg === 'policy reload refused; the last good policy stays in force')
  t.match(logged, { level: 50, path, code: 'GW_ERR_POLICY_INVALID' })
  t.equal((logged?.problems as unknown[] | undefined)?.length, 5, 'every problem is in the log line')

  for (const bad of ['#'.repeat(MAX_POLICY_FILE_BYTES + 1), Buffer.from([0xff, 0xfe])]) {
    writeFileSync(path, bad)
    t.notOk((await store.reload()).ok, 'oversized / non-UTF-8 refused on reload')
    t.equal(store.current(), before)
  }
  writeFileSync(path, MINIMAL + '\n') // back to valid, so the missing-file case below is the only failure
  renameSync(path, join(dir, 'moved.yaml'))
  t.notOk((await store.reload()).ok, 'a missing file is refused on reload')
  t.equal(store.current(), before)
  t.equal(failed.length, 4)
})

t.test('reload swaps in a valid new policy and emits reloaded; unchanged bytes are not recompiled', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': MINIMAL }), 'policy.yaml')
  const store = PolicyStore.load(path)
  t.teardown(() => store.close())
  const first = store.current()
  const same = await store.reload()
  t.same(same, { ok: true, changed: false, policy: first })

  writeFileSync(path, OTHER)
  const reloaded = once(store, 'reloaded')
  const r = await store.reload()
  t.ok(r.ok && r.changed)
  const [emitted] = await reloaded
  t.equal(emitted, store.current())
  t.not(store.current(), first)
  t.notOk(blocks(store.current(), 'POLICY-CANARY-DENY'))
  t.ok(blocks(store.current(), 'BLUEBIRD'))
  t.not(store.current().sha256, first.sha256)
})

t.test('a throwing reloaded listener fails that reload call only; later reloads still run', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': MINIMAL }), 'policy.yaml')
  const store = PolicyStore.load(path)
  t.teardown(() => store.close())
  const boom = (): void => { throw new Error('listener failed') }
  store.once('reloaded', boom)
  writeFileSync(path, OTHER)
  await t.rejects(store.reload(), /listener failed/)
  writeFileSync(path, MINIMAL)
  const r = await store.reload()
  t.ok(r.ok && r.changed)
})

t.test('concurrent reloads run one after another and agree on the result', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': MINIMAL }), 'policy.yaml')
  const store = PolicyStore.load(path)
  t.teardown(() => store.close())
  writeFileSync(path, OTHER)
  const results = await Promise.all([store.reload(), store.reload(), store.reload()])
  t.same(results.map((r) => r.ok && r.changed), [true, false, false], 'only the first one swaps')
})

t.test('watch() picks up an in-place edit and an editor-style rename', async (t) => {
  const dir = t.testdir({ 'policy.yaml': MINIMAL })
  const path = join(dir, 'policy.yaml')
  const store = PolicyStore.load(path, {}, { debounceMs: 20 })
  t.teardown(() => store.close())
  store.watch()
  store.watch() // a second call is a no-op

  let next = once(store, 'reloaded')
  writeFileSync(path, OTHER)
  await next
  t.ok(blocks(store.current(), 'BLUEBIRD'), 'in-place write picked up')

  next = once(store, 'reloaded')
  writeFileSync(join(dir, '.policy.yaml.swp'), MINIMAL)
  renameSync(join(dir, '.policy.yaml.swp'), path)
  await next
  t.ok(blocks(store.current(), 'POLICY-CANARY-DENY'), 'save-by-rename picked up')

  const failed = once(store, 'reload-failed')
  writeFileSync(path, INVALID)
  await failed
  t.ok(blocks(store.current(), 'POLICY-CANARY-DENY'), 'an invalid edit leaves the last good policy in force')
})

t.test('watch() follows a Kubernetes-style ..data symlink swap', async (t) => {
  const dir = t.testdir({ v1: { 'policy.yaml': MINIMAL }, v2: { 'policy.yaml': OTHER } })
  symlinkSync('v1', join(dir, '..data'))
  symlinkSync(join('..data', 'policy.yaml'), join(dir, 'policy.yaml'))
  const store = PolicyStore.load(join(dir, 'policy.yaml'), {}, { debounceMs: 20 })
  t.teardown(() => store.close())
  store.watch()
  const next = once(store, 'reloaded')
  symlinkSync('v2', join(dir, '..data_tmp'))
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'))
  await next
  t.ok(blocks(store.current(), 'BLUEBIRD'))
})

t.test('events on other files in the directory do not reload; close() stops watching', async (t) => {
  const dir = t.testdir({ 'policy.yaml': MINIMAL })
  const path = join(dir, 'policy.yaml')
  const store = PolicyStore.load(path, {}, { debounceMs: 10 })
  store.watch()
  let reloads = 0
  store.on('reloaded', () => { reloads++ })
  store.on('reload-failed', () => { reloads++ })
  writeFileSync(join(dir, 'unrelated.txt'), 'x')
  await new Promise((resolve) => setTimeout(resolve, 150))
  store.close()
  writeFileSync(path, OTHER)
  await new Promise((resolve) => setTimeout(resolve, 150))
  t.equal(reloads, 0)
  t.ok(blocks(store.current(), 'POLICY-CANARY-DENY'))
})

t.test('a watch error is logged and watching stops; the policy stays', async (t) => {
  const path = join(t.testdir({ 'policy.yaml': MINIMAL }), 'policy.yaml')
  const { logger, lines } = capture()
  const store = PolicyStore.load(path, { logger })
  t.teardown(() => store.close())
  store.watch()
  // Reach the watcher's error handler directly: a removed directory or an exhausted inotify limit cannot be
  // provoked portably.
  const watcher = (store as unknown as { watcher: NodeJS.EventEmitter }).watcher
  watcher.emit('error', new Error('watch failed'))
  t.match(lines, [{}, { msg: 'policy file watch failed; reload with SIGHUP', level: 40 }])
  t.equal((store as unknown as { watcher: unknown }).watcher, undefined, 'watching stopped')
  t.ok(blocks(store.current(), 'POLICY-CANARY-DENY'))
})

t.test('fromObject and empty build stores without a file; reload and watch are no-ops', async (t) => {
  const store = PolicyStore.fromObject({ deny: [{ name: 'x', contains: ['BLUEBIRD'] }] })
  t.equal(store.path, undefined)
  t.equal(store.current().source, '(object)')
  t.ok(blocks(store.current(), 'BLUEBIRD'))
  store.watch()
  t.same(await store.reload(), { ok: true, changed: false, policy: store.current() })
  store.close()
  t.throws(() => PolicyStore.fromObject({ deny: [{ name: 'x' }] }), PolicyInvalidError)

  const empty = PolicyStore.empty()
  t.equal(empty.current().source, '(empty policy)')
  t.notOk(blocks(empty.current(), 'POLICY-CANARY-DENY'), 'the empty policy allows everything')
  t.same(empty.current().mask.builtin, [], 'and masks nothing')
})
