import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import t from 'tap'
import { z } from 'zod'

import {
  deepFreeze, formatIssues, loadConfigFile, MAX_CONFIG_FILE_BYTES, readYamlFile, validateConfig
} from '../../../common/config/load-config.js'
import { ConfigInvalidError } from '../../../common/errors.js'

import type { Test } from 'tap'

const schema = z.strictObject({
  name: z.string(),
  port: z.number().int().default(80),
  nested: z.strictObject({ list: z.array(z.string()).default([]) }).default({ list: [] })
})

/** Writes `text` to a fresh file and returns its path. */
function yamlFile (t: Test, text: string): string {
  const dir = t.testdir()
  const path = join(dir, 'config.yaml')
  writeFileSync(path, text)
  return path
}

/** The ConfigInvalidError `fn` throws; fails the test if it throws nothing or something else. */
function configError (t: Test, fn: () => unknown): ConfigInvalidError {
  try {
    fn()
  } catch (err) {
    t.type(err, ConfigInvalidError)
    t.equal((err as ConfigInvalidError).code, 'GW_ERR_CONFIG_INVALID')
    return err as ConfigInvalidError
  }
  t.fail('expected a ConfigInvalidError')
  return new ConfigInvalidError('not thrown')
}

t.test('loads a valid file, applies defaults and deep-freezes the result', async (t) => {
  const config = loadConfigFile(schema, yamlFile(t, 'name: a\nnested: { list: [x] }\n'))
  t.same(config, { name: 'a', port: 80, nested: { list: ['x'] } })
  t.ok(Object.isFrozen(config))
  t.ok(Object.isFrozen(config.nested))
  t.ok(Object.isFrozen(config.nested.list))
  t.throws(() => { (config.nested.list as string[]).push('y') }, TypeError)
})

t.test('lists every problem at once, each with its key path, unknown keys one per line', async (t) => {
  const err = configError(t, () => loadConfigFile(schema, yamlFile(t, 'port: eighty\nextra: 1\nalso: 2\nnested: { list: [1], deep: true }\n')))
  t.match(err.message, /config\.yaml \(6 problems\):/)
  t.match(err.message, /^ {2}- name: required \(string\)$/m)
  t.match(err.message, /^ {2}- port: .*expected number/m)
  t.match(err.message, /^ {2}- extra: unknown key$/m)
  t.match(err.message, /^ {2}- also: unknown key$/m)
  t.match(err.message, /^ {2}- nested\.deep: unknown key$/m)
  t.match(err.message, /^ {2}- nested\.list\.0: .*expected string/m)
})

t.test('formatIssues names the top level when the path is empty', async (t) => {
  const result = schema.safeParse('a string')
  t.notOk(result.success)
  t.same(formatIssues(result.error?.issues ?? []), ['(top level): Invalid input: expected object, received string'])
})

t.test('an empty file reads as {} and is then validated', async (t) => {
  t.same(readYamlFile(yamlFile(t, '')), {})
  const err = configError(t, () => loadConfigFile(schema, yamlFile(t, '# only a comment\n')))
  t.match(err.message, /name: required/)
})

t.test('duplicate keys are refused with their line', async (t) => {
  const err = configError(t, () => readYamlFile(yamlFile(t, 'name: a\nport: 1\nname: b\n')))
  t.match(err.message, /is not valid YAML/)
  t.match(err.message, /Map keys must be unique at line 3, column 1$/m)
})

t.test('a syntax error is reported with its line; several errors are all listed', async (t) => {
  const err = configError(t, () => readYamlFile(yamlFile(t, 'name: a\nlist: [1, 2\nport: 3\n')))
  t.match(err.message, /is not valid YAML:\n {2}- .+ at line \d+, column \d+$/m)
  const two = configError(t, () => readYamlFile(yamlFile(t, 'a: 1\na: 2\nb: 1\nb: 2\n')))
  t.equal(two.message.match(/Map keys must be unique/g)?.length, 2)
})

t.test('a missing file names the path and the errno code', async (t) => {
  const path = join(t.testdir(), 'nope.yaml')
  const err = configError(t, () => readYamlFile(path))
  t.equal(err.message, `cannot read config file ${path}: ENOENT`)
  t.equal((err.cause as NodeJS.ErrnoException).code, 'ENOENT')
})

t.test('a directory is refused as not a regular file', async (t) => {
  const dir = t.testdir()
  const err = configError(t, () => readYamlFile(dir))
  t.match(err.message, /is not a regular file/)
})

t.test('a file over MAX_CONFIG_FILE_BYTES is refused before it is parsed', async (t) => {
  const path = yamlFile(t, '# ' + 'x'.repeat(MAX_CONFIG_FILE_BYTES) + '\n')
  const err = configError(t, () => readYamlFile(path))
  t.match(err.message, new RegExp(`is ${MAX_CONFIG_FILE_BYTES + 3} bytes; the limit is ${MAX_CONFIG_FILE_BYTES}`))
  t.doesNotThrow(() => readYamlFile(yamlFile(t, 'a: 1\n' + '#'.repeat(MAX_CONFIG_FILE_BYTES - 6) + '\n')), 'exactly at the limit is fine')
})

t.test('an alias bomb is refused as invalid YAML instead of expanding', async (t) => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i)
    const name = String.fromCharCode(97 + i)
    lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`)
  }
  const err = configError(t, () => readYamlFile(yamlFile(t, lines.join('\n') + '\n')))
  t.match(err.message, /is not valid YAML/)
})

t.test('validateConfig names its source and counts problems', async (t) => {
  const err = configError(t, () => validateConfig(schema, { name: 1 }, 'flags'))
  t.match(err.message, /^invalid configuration in flags \(1 problem\):\n {2}- name: /)
})

t.test('deepFreeze freezes nested arrays and objects and leaves primitives alone', async (t) => {
  const value = { a: [{ b: 1 }], c: { d: { e: 'x' } } }
  deepFreeze(value)
  t.ok(Object.isFrozen(value.a[0]))
  t.ok(Object.isFrozen(value.c.d))
  t.equal(deepFreeze(5), 5)
  t.equal(deepFreeze(null), null)
})
