/**
 * Wires a relay from a validated config: TLS material, identity issuers, the agent authority and the server.
 * Used by `keyward relay --config` and by `keyward dev`, so both run the same code path.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

import { ensureDevCerts } from '../certs/dev-certs.js'
import { KEYWARD_VERSION } from '../common/version.js'
import { AgentAuthority } from './identity/agent-authority.js'
import { IdentityVerifier } from './identity/jwt-verifier.js'
import { LocalIssuer } from './identity/local-issuer.js'
import { PolicyStore } from './policy/policy-store.js'
import { RelayServer } from './relay-server.js'
import { AgentRegistry } from './tunnel/agent-registry.js'

import type { SpendStore } from './state/spend-store.js'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { DiskSpaceGuard } from './recording/disk-space.js'
import { loadEncryptionKeys, loadOrCreateSigningKey } from './recording/keys.js'
import { Recorder } from './recording/writer.js'
import { SessionRegistry } from './sessions/session-registry.js'
import { MemoryStateStore } from './state/state-store.js'
import { MemorySpendStore } from './state/spend-store.js'
import { AuditLog } from './admin/audit-log.js'
import { ApprovalBroker } from './approvals/approval-broker.js'
import { ConfigInvalidError } from '../common/errors.js'
import { ApprovalWebhook } from './approvals/webhook.js'

import type { RecordingFileOps } from './recording/file-ops.js'
import type { StateStore } from './state/state-store.js'
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
  policy: PolicyStore
  /** PEM of the CA that signed the relay certificate, when the relay minted dev certificates. */
  devCaPath: string | undefined
  /** Live sessions (and their recordings). */
  sessions: SessionRegistry
  /** The session recorder; undefined when recording is off. */
  recorder: Recorder | undefined
  /** Locks and killed tokens. */
  state: StateStore
  /** Spend counters and usage history. */
  spend: SpendStore
  /** Requests held for approval. */
  approvals: ApprovalBroker
  /** Stops watching the policy, drains agents and in-flight exchanges (up to `drainMs`), closes everything. */
  stop: (drainMs?: number) => Promise<void>
}

/** Milliseconds per day, for `recording.retention.maxAgeDays`. */
const MS_PER_DAY = 86_400_000

/**
 * Opens the session recorder (issue 5) unless `recording.enabled` is false: the relay's signing key, the encryption
 * key ring when configured, crash recovery of recordings left unsealed, retention. Fails the start on a bad key.
 */
async function openRecorder (config: Readonly<RelayConfig>, dataDir: string, relayId: string, logger: Logger, fileOps: RecordingFileOps | undefined): Promise<{ recorder: Recorder, publicKeyPem: string } | undefined> {
  const rc = config.recording
  if (!rc.enabled) {
    logger.warn('session recording is off (recording.enabled: false): exchanges are not recorded')
    return undefined
  }
  const signingKey = await loadOrCreateSigningKey(dataDir)
  const encryption = rc.encryption === undefined
    ? undefined
    : await loadEncryptionKeys({ activeKeyId: rc.encryption.activeKeyId, keys: rc.encryption.keys.map((k) => ({ id: k.id, ...(k.file === undefined ? {} : { file: resolve(k.file) }), ...(k.env === undefined ? {} : { env: k.env }) })) })
  const retention = rc.retention === undefined
    ? undefined
    : {
        ...(rc.retention.maxAgeDays === undefined ? {} : { maxAgeMs: rc.retention.maxAgeDays * MS_PER_DAY }),
        ...(rc.retention.maxTotalBytes === undefined ? {} : { maxTotalBytes: rc.retention.maxTotalBytes })
      }
  const dir = resolve(rc.dir ?? join(dataDir, 'recordings'))
  const recorder = await Recorder.open({
    dir,
    relayId,
    mode: rc.mode,
    waitFor: rc.waitFor,
    keywardVersion: KEYWARD_VERSION,
    signingKey,
    logger: logger.child({ component: 'recorder' }),
    ...(fileOps === undefined ? {} : { fileOps }),
    ...(encryption === undefined ? {} : { encryption }),
    ...(rc.syncIntervalMs === undefined ? {} : { syncIntervalMs: rc.syncIntervalMs }),
    ...(rc.maxSessionBytes === undefined ? {} : { maxSessionBytes: rc.maxSessionBytes }),
    ...(retention === undefined ? {} : { retention })
  })
  logger.info({ dir, mode: rc.mode, waitFor: rc.waitFor, encrypted: encryption !== undefined, signingKeyId: signingKey.keyId }, 'recording sessions')
  return { recorder, publicKeyPem: signingKey.publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/** The approvals webhook from `approvals.webhook`, with its secret read from the env var or file; undefined if none. */
function approvalsWebhook (config: Readonly<RelayConfig>, logger: Logger): ApprovalWebhook | undefined {
  const w = config.approvals?.webhook
  if (w === undefined) return undefined
  const secret = w.secretEnv !== undefined ? process.env[w.secretEnv] : readFileSync(resolve(w.secretFile ?? ''), 'utf8').trim()
  if (secret === undefined || secret.length < MIN_WEBHOOK_SECRET_CHARS) {
    throw new ConfigInvalidError(`approvals.webhook: the secret (${w.secretEnv ?? w.secretFile ?? ''}) must be at least ${MIN_WEBHOOK_SECRET_CHARS} characters`)
  }
  return new ApprovalWebhook({
    url: w.url,
    secret: Buffer.from(secret, 'utf8'),
    logger: logger.child({ component: 'approvals-webhook' }),
    ...(w.caFile === undefined ? {} : { ca: readFileSync(resolve(w.caFile), 'utf8') })
  })
}

/** Fewest characters of the approvals webhook's HMAC secret. */
const MIN_WEBHOOK_SECRET_CHARS = 16

/** Bytes of the per-relay HMAC key used by the `hash` masking strategy. */
const MASK_HASH_KEY_BYTES = 32

/**
 * Loads the relay's masking hash key from `<dataDir>/masking/hash-key`, creating it (0600) on first start, so hashed
 * values correlate across restarts of the same relay but cannot be brute-forced without the key.
 */
export function loadMaskHashKey (dataDir: string): Uint8Array {
  const dir = join(dataDir, 'masking')
  const path = join(dir, 'hash-key')
  try {
    const key = readFileSync(path)
    if (key.length === MASK_HASH_KEY_BYTES) return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const key = randomBytes(MASK_HASH_KEY_BYTES)
  writeFileSync(path, key, { mode: 0o600 })
  chmodSync(path, 0o600)
  return key
}

/** Starts a relay from `config`. Throws (before listening) on unreadable TLS files or issuer problems. */
/** Test seams of {@link startRelay}. */
export interface RelayStartOptions {
  /** The recorder's file operations (fault injection in tests); default node:fs. */
  recordingFileOps?: RecordingFileOps
}

export async function startRelay (config: Readonly<RelayConfig>, logger: Logger, options: RelayStartOptions = {}): Promise<RunningRelay> {
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

  // Policy: validated before the relay listens (an invalid file stops the start); later reloads (file watch or
  // SIGHUP) keep the last good policy when the new one is invalid.
  const policy = config.policy === undefined ? PolicyStore.empty({ logger }) : PolicyStore.load(resolve(config.policy), { logger })
  if (config.policy !== undefined) {
    policy.watch()
    logger.info({ policy: resolve(config.policy) }, 'policy loaded; watching for changes (SIGHUP also reloads)')
  }
  const onHangup = (): void => { void policy.reload() }
  process.on('SIGHUP', onHangup)
  const maskHashKey = loadMaskHashKey(dataDir)
  const recording = await openRecorder(config, dataDir, relayId, logger, options.recordingFileOps)
  const recorder = recording?.recorder
  const sessions = new SessionRegistry({
    recorder,
    ...(recorder === undefined ? {} : { diskSpace: new DiskSpaceGuard(recorder.dir, config.recording.minFreeBytes) }),
    logger: logger.child({ component: 'sessions' }),
    ...(config.sessions?.idleTimeoutSeconds === undefined ? {} : { idleTimeoutMs: config.sessions.idleTimeoutSeconds * 1000 }),
    ...(config.sessions?.maxDurationSeconds === undefined ? {} : { maxDurationMs: config.sessions.maxDurationSeconds * 1000 })
  })

  const recordingPublicKey = recording?.publicKeyPem
  const state = new MemoryStateStore()
  const spend = new MemorySpendStore()
  const approvals = new ApprovalBroker()
  const webhook = approvalsWebhook(config, logger)
  webhook?.attach(approvals)
  const audit = new AuditLog(join(dataDir, 'audit'), logger.child({ component: 'audit' }))
  const server = new RelayServer({ verifier, authority, registry, logger, policy, maskHashKey, sessions, recorder, recordingPublicKey, state, approvals, audit, spend }, {
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
  return {
    server,
    address,
    relayId,
    localIssuer,
    authority,
    registry,
    policy,
    devCaPath,
    sessions,
    recorder,
    spend,
    state,
    approvals,
    stop: async (drainMs?: number) => {
      process.off('SIGHUP', onHangup)
      policy.close()
      await server.stop(drainMs)
      await sessions.close()
      await recorder?.close()
      webhook?.close()
    }
  }
}
