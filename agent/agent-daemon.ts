/**
 * Wires an agent from a validated config: credential file, connections (with their provider keys) and the
 * tunnel client. Used by `keyward agent --config` and by `keyward dev`.
 */
import { readFileSync } from 'node:fs'

import { loadAgentCredentialFile } from './agent-identity.js'
import { closeConnections, resolveConnections } from './connection-registry.js'
import { TunnelClient } from './tunnel-client.js'

import type { Logger } from 'pino'
import type { AgentConfig } from './agent-config.js'
import type { ResolvedConnection } from './connection-registry.js'

/** A started agent. */
export interface RunningAgent {
  client: TunnelClient
  connections: Map<string, ResolvedConnection>
  stop: () => Promise<void>
}

/** Options for {@link startAgent}. */
export interface StartAgentOptions {
  /** Where credentials named by `credential.env` are looked up; defaults to process.env. */
  env?: NodeJS.ProcessEnv
  /** Resolve only after the first tunnel is up (default: resolve after the first attempt, up or not). */
  waitConnected?: boolean
}

/** Starts an agent; throws ConfigInvalidError (before dialling) when a credential or file is missing. */
export async function startAgent (config: Readonly<AgentConfig>, logger: Logger, options: StartAgentOptions = {}): Promise<RunningAgent> {
  const cred = loadAgentCredentialFile(config.credentialFile)
  const connections = resolveConnections(config.connections, options.env ?? process.env)
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
  const connected = options.waitConnected === true ? new Promise<void>((resolve) => client.once('connected', resolve)) : undefined
  await client.start()
  if (connected !== undefined) await connected
  return {
    client,
    connections,
    stop: async () => {
      await client.stop()
      closeConnections(connections)
    }
  }
}
