/**
 * Wires an agent from a validated config: credential file, connections (with their provider keys) and the
 * tunnel client. Used by `keyward agent --config` and by `keyward dev`.
 */
import { readFileSync } from 'node:fs'

import { ConfigInvalidError } from '../common/errors.js'
import { loadAgentCredentialFile } from './agent-identity.js'
import { closeConnections, resolveConnections } from './connection-registry.js'
import { TunnelClient } from './tunnel-client.js'

import type { Logger } from 'pino'
import type { AgentConfig } from './agent-config.js'
import type { AgentCredentialFile } from './agent-identity.js'
import type { ResolvedConnection } from './connection-registry.js'

/** A started agent. */
export interface RunningAgent {
  client: TunnelClient
  connections: Map<string, ResolvedConnection>
  /** Drains in-flight exchanges (up to `drainMs`, default SHUTDOWN_DRAIN_MS), closes the tunnel and the upstream pools. */
  stop: (drainMs?: number) => Promise<void>
}

/** Options for {@link startAgent}. */
export interface StartAgentOptions {
  /** Where credentials named by `credential.env` are looked up; defaults to process.env. */
  env?: NodeJS.ProcessEnv
  /** Resolve only after the first tunnel is up (default: resolve after the first attempt, up or not). */
  waitConnected?: boolean
}

/**
 * Starts an agent. Throws one ConfigInvalidError (before dialling) listing every problem found: an unreadable or
 * invalid credential file, and each connection whose credential (env var or file) is missing.
 */
export async function startAgent (config: Readonly<AgentConfig>, logger: Logger, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const problems: string[] = []
  let cred: AgentCredentialFile | undefined
  let connections: Map<string, ResolvedConnection> | undefined
  try {
    cred = loadAgentCredentialFile(config.credentialFile)
  } catch (err) {
    if (!(err instanceof ConfigInvalidError)) throw err
    problems.push(err.message)
  }
  try {
    connections = resolveConnections(config.connections, options.env ?? process.env)
  } catch (err) {
    if (!(err instanceof ConfigInvalidError)) throw err
    problems.push(err.message)
  }
  if (cred === undefined || connections === undefined) {
    // Every problem at once (STYLE rule 15), so the operator fixes the credential file and the keys in one go.
    if (connections !== undefined) closeConnections(connections)
    throw new ConfigInvalidError(problems.join('\n'))
  }
  const client = new TunnelClient({
    url: config.relay.url,
    relayId: cred.relayId,
    agentId: cred.agentId,
    credential: cred.credential,
    privateJwk: cred.privateJwk,
    connections,
    logger: logger.child({ component: 'agent', agentId: cred.agentId }),
    ...(config.relay.caFile === undefined ? {} : { ca: readFileSync(config.relay.caFile, 'utf8') }),
    ...(config.relay.pinSha256 === undefined ? {} : { pinSha256: config.relay.pinSha256 }),
    ...(config.relay.servername === undefined ? {} : { servername: config.relay.servername })
  })
  const connected = options.waitConnected === true ? new Promise<void>((resolve) => client.once('connected', () => { resolve() })) : undefined
  await client.start()
  if (connected !== undefined) await connected
  return {
    client,
    connections,
    stop: async (drainMs?: number) => {
      await client.stop(drainMs)
      closeConnections(connections)
    }
  }
}
