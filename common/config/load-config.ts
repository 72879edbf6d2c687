/**
 * Config loading shared by the relay and the agent: YAML file → schema validation → deep-frozen object.
 *
 * Every violation is collected and reported at once in a single {@link ConfigInvalidError} (one per line, with
 * the path of the offending key), unknown keys are refused, and nothing starts on a partially valid config.
 */
import { readFileSync, statSync } from 'node:fs'
import { parseDocument } from 'yaml'
import { z } from 'zod'

import { ConfigInvalidError } from '../errors.js'

/** Largest config file accepted, in bytes: a config is a page of YAML, never megabytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024

/**
 * Turns zod issues into readable lines, each starting with the full path of the offending key:
 * `connections.openai.upstream: Invalid URL`, `listen.extra: unknown key`, `tls: required`. An issue that names
 * several unknown keys becomes one line per key.
 */
export function formatIssues (issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String)
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${[...path, k].join('.')}: unknown key`)
    }
    const where = path.length > 0 ? path.join('.') : '(top level)'
    // zod reports a missing key as a type mismatch against `undefined`; say what it is.
    if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      return [`${where}: required (${issue.expected})`]
    }
    // A bad record key (a connection or header name) only says "Invalid key in record"; the reason is nested.
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      return [`${where}: invalid name: ${issue.issues.map((i) => i.message).join('; ')}`]
    }
    return [`${where}: ${issue.message}`]
  })
}

/** Recursively freezes a plain object graph so a validated config cannot be changed after start. */
export function deepFreeze<T> (value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v)
  }
  return value
}

/**
 * Reads a YAML file into a plain value. Throws ConfigInvalidError for a missing, unreadable, oversized or
 * unparsable file (every YAML error listed with its line and column, duplicate keys included); an empty file reads
 * as `{}`.
 */
export function readYamlFile (path: string): unknown {
  let text: string
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw new ConfigInvalidError(`config file ${path} is not a regular file`)
    if (stat.size > MAX_CONFIG_FILE_BYTES) {
      throw new ConfigInvalidError(`config file ${path} is ${stat.size} bytes; the limit is ${MAX_CONFIG_FILE_BYTES}`)
    }
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (err instanceof ConfigInvalidError) throw err
    throw new ConfigInvalidError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err })
  }
  // The file may have grown between stat and read.
  if (Buffer.byteLength(text) > MAX_CONFIG_FILE_BYTES) {
    throw new ConfigInvalidError(`config file ${path} is larger than the limit of ${MAX_CONFIG_FILE_BYTES} bytes`)
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    // With prettyErrors the first line of each message ends in "at line L, column C:" followed by a source excerpt.
    throw new ConfigInvalidError(`config file ${path} is not valid YAML:\n` +
      doc.errors.map((e) => `  - ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`).join('\n'))
  }
  try {
    return doc.toJS() ?? {}
  } catch (err) {
    // toJS throws on alias bombs (more than maxAliasCount alias expansions) and unresolved aliases.
    throw new ConfigInvalidError(`config file ${path} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  }
}

/**
 * Validates `input` against `schema` and returns the frozen result; otherwise throws one ConfigInvalidError whose
 * message lists every problem, prefixed by `source` (a file name or "flags").
 */
export function validateConfig<S extends z.ZodType> (schema: S, input: unknown, source: string): Readonly<z.output<S>> {
  const result = schema.safeParse(input)
  if (!result.success) {
    const lines = formatIssues(result.error.issues)
    throw new ConfigInvalidError(`invalid configuration in ${source} (${lines.length} problem${lines.length > 1 ? 's' : ''}):\n` + lines.map((l) => `  - ${l}`).join('\n'))
  }
  return deepFreeze(result.data)
}

/** Reads and validates a YAML config file in one step. */
export function loadConfigFile<S extends z.ZodType> (schema: S, path: string): Readonly<z.output<S>> {
  return validateConfig(schema, readYamlFile(path), path)
}
