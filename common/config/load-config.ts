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

/** Turns zod issues into readable lines: `connections.openai.upstream: Invalid URL`. */
export function formatIssues (issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
    if (issue.code === 'unrecognized_keys') {
      return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
    }
    return `${where}: ${issue.message}`
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
 * Reads a YAML file into a plain value. Throws ConfigInvalidError for a missing, oversized or unparsable file,
 * listing every YAML error with its line.
 */
export function readYamlFile (path: string): unknown {
  let size: number
  try {
    size = statSync(path).size
  } catch (err) {
    throw new ConfigInvalidError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err })
  }
  if (size > MAX_CONFIG_FILE_BYTES) {
    throw new ConfigInvalidError(`config file ${path} is ${size} bytes; the limit is ${MAX_CONFIG_FILE_BYTES}`)
  }
  const doc = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    throw new ConfigInvalidError(`config file ${path} is not valid YAML:\n` + doc.errors.map((e) => `  - ${e.message.split('\n')[0] ?? ''}`).join('\n'))
  }
  return doc.toJS() ?? {}
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
