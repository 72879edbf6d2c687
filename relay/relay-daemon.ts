/**
 * Wires a relay from a validated config: TLS material, identity issuers, the agent authority and the server.
 * Used by `keyward relay --config` and by `keyward dev`, so both run the same code path.
 */
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

import { ensureDevCerts } from '../certs/dev-certs.js'
import { AgentAuthority } from './identity/agent-authority.js'
import { IdentityVerifier } from './identity/jwt-verifier.js'
import { LocalIssuer } from './identity/local-issuer.js'
import { RelayServer } from './relay-server.js'
import { AgentRegistry } from './tunnel/agent-registry.js'

import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { IssuerConfig } from './identity/jwt-verifier.js'
import type { RelayConfig } from './relay-config.js'

/** A started relay with the pieces `keyward dev` and tests reach into. */
export interface RunningRelay {
  server: RelayServer
  address: AddressInfo
  relayId: string
  localIssuer: LocalIssuer | undefined
  authority: AgentAuthority
  registry: AgentRegistry
  /** PEM of the CA that signed the relay certificate, when the relay minted dev certificates. */
  devCaPath: string | undefined
  stop: () => Promise<void>
}

/** Starts a relay from `config`. Throws (before listening) on unreadable TLS files or issuer problems. */
export async function startRelay (config: Readonly<RelayConfig>, logger: Logger): Promise<RunningRelay> {
  const dataDir = resolve(config.dataDir)
  const relayId = config.relayId ?? `keyward-relay@${hostname()}`
  let tls: { cert: string, key: string }
  let devCaPath: string | undefined
  if (config.tls.dev) {
    const dev = await ensureDevCerts(join(dataDir, 'certs'), { hosts: config.domains.flatMap((d) => [d, `*.${d}`]) })
    tls = { cert: dev.certPem, key: dev.keyPem }
    devCaPath = dev.caCertPath
  } else {
    tls = { cert: readFileSync(config.tls.cert as string, 'utf8'), key: readFileSync(config.tls.key as string, 'utf8') }
  }

  const issuers: IssuerConfig[] = []
  let localIssuer: LocalIssuer | undefined
  if (config.identity.local.enabled) {
    localIssuer = await LocalIssuer.load(dataDir, { issuer: config.identity.local.issuer, audience: config.identity.local.audience })
    issuers.push({ issuer: config.identity.local.issuer, audience: config.identity.local.audience, localIssuer })
  }
  for (const o of config.identity.oidc) {
    issuers.push({
      issuer: o.issuer,
      audience: o.audience as string | string[],
      ...(o.jwksUrl === undefined ? {} : { jwksUrl: o.jwksUrl }),
      ...(o.jwksFile === undefined ? {} : { jwksFile: o.jwksFile }),
      ...(o.algorithms === undefined ? {} : { algorithms: [...o.algorithms] }),
      ...(o.groupsClaim === undefined ? {} : { groupsClaim: o.groupsClaim }),
      ...(o.subjectClaim === undefined ? {} : { subjectClaim: o.subjectClaim }),
      ...(o.clockToleranceSeconds === undefined ? {} : { clockToleranceSeconds: o.clockToleranceSeconds }),
      ...(o.maxTokenAgeSeconds === undefined ? {} : { maxTokenAgeSeconds: o.maxTokenAgeSeconds })
    })
  }
  if (issuers.length === 0) logger.warn('no identity issuer is configured: every client request will be refused')
  const verifier = new IdentityVerifier(issuers)
  const authority = await AgentAuthority.load(dataDir, { relayId })
  const registry = new AgentRegistry()
  registry.on('change', () => {
    logger.info({ agents: registry.size, connections: [...registry.connectionNames()] }, 'agents changed')
  })

  const server = new RelayServer({ verifier, authority, registry, logger }, {
    host: config.listen.host,
    port: config.listen.port,
    tls,
    relayId,
    relayDomains: config.domains,
    maxBodyBytes: config.limits.maxBodyBytes,
    ...(config.defaultConnection === undefined ? {} : { defaultConnection: config.defaultConnection }),
    ...(config.connections === undefined ? {} : { connections: config.connections })
  })
  const address = await server.start()
  logger.info({ host: address.address, port: address.port, relayId }, 'relay listening')
  return { server, address, relayId, localIssuer, authority, registry, devCaPath, stop: async () => await server.stop() }
}
