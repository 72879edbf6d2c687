/**
 * The agent's connections, resolved at start: upstream URL, the credential header the agent adds, extra headers
 * and a keep-alive socket pool per connection. Credentials come from env vars or files and are read here, once;
 * a missing one stops the agent at start with every missing credential listed.
 */
import { readFileSync, statSync } from 'node:fs'
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

import { ConfigInvalidError } from '../common/errors.js'
import { MAX_CREDENTIAL_FILE_BYTES, UPSTREAM_MAX_SOCKETS } from './constants.js'

import type { ConnectionConfig } from './agent-config.js'

/** A connection ready for upstream calls. `authHeaders` hold the provider key: never log them. */
export interface ResolvedConnection {
  readonly name: string
  readonly upstream: URL
  readonly type: 'openai' | 'anthropic'
  readonly authHeaders: ReadonlyArray<[string, string]>
  readonly extraHeaders: ReadonlyArray<[string, string]>
  readonly socketPool: HttpAgent
}

function readCredential (name: string, c: NonNullable<ConnectionConfig['credential']>, env: NodeJS.ProcessEnv): string {
  if (c.env !== undefined) {
    const value = env[c.env]
    if (value === undefined || value.trim() === '') throw new Error(`connections.${name}.credential: environment variable ${c.env} is not set`)
    return value.trim()
  }
  const file = c.file as string
  let size: number
  try {
    size = statSync(file).size
  } catch (err) {
    throw new Error(`connections.${name}.credential: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`)
  }
  if (size > MAX_CREDENTIAL_FILE_BYTES) throw new Error(`connections.${name}.credential: ${file} is larger than ${MAX_CREDENTIAL_FILE_BYTES} bytes`)
  const value = readFileSync(file, 'utf8').trim()
  if (value === '') throw new Error(`connections.${name}.credential: ${file} is empty`)
  return value
}

function authHeadersFor (type: 'openai' | 'anthropic', key: string | undefined): Array<[string, string]> {
  if (key === undefined) return []
  if (/[\r\n\0]/.test(key)) throw new Error('credential contains CR, LF or NUL')
  return type === 'anthropic' ? [['x-api-key', key]] : [['authorization', `Bearer ${key}`]]
}

/**
 * Resolves every configured connection. Throws one ConfigInvalidError listing every connection whose credential
 * is missing or unreadable, so an operator fixes them all in one go.
 */
export function resolveConnections (connections: Readonly<Record<string, ConnectionConfig>>, env: NodeJS.ProcessEnv = process.env): Map<string, ResolvedConnection> {
  const out = new Map<string, ResolvedConnection>()
  const problems: string[] = []
  for (const [name, c] of Object.entries(connections)) {
    try {
      const key = c.credential === undefined ? undefined : readCredential(name, c.credential, env)
      const upstream = new URL(c.upstream)
      const ca = c.caFile === undefined ? undefined : readFileSync(c.caFile, 'utf8')
      const poolOptions = { keepAlive: true, maxSockets: UPSTREAM_MAX_SOCKETS, ...(ca === undefined ? {} : { ca }) }
      out.set(name, {
        name,
        upstream,
        type: c.type,
        authHeaders: authHeadersFor(c.type, key),
        extraHeaders: Object.entries(c.headers).map(([k, v]) => [k.toLowerCase(), v]),
        socketPool: upstream.protocol === 'https:' ? new HttpsAgent(poolOptions) : new HttpAgent(poolOptions)
      })
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err))
    }
  }
  if (problems.length > 0) {
    throw new ConfigInvalidError(`cannot resolve connections (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n` + problems.map((p) => `  - ${p}`).join('\n'))
  }
  return out
}

/** Closes every connection's keep-alive sockets. */
export function closeConnections (connections: Map<string, ResolvedConnection>): void {
  for (const c of connections.values()) c.socketPool.destroy()
}
