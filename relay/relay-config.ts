/**
 * The relay's configuration schema (`keyward relay --config relay.yaml`).
 *
 * Validated once at start into a frozen object; unknown keys are refused and every problem is listed at once.
 * docs/config.md documents every key.
 */
import { z } from 'zod'

import { loadConfigFile } from '../common/config/load-config.js'
import { CONNECTION_NAME_PATTERN, CONNECTION_NAME_RULE } from '../common/connection-name.js'
import { LOG_LEVELS } from '../common/logger.js'
import {
  DEFAULT_AUDIENCE, DEFAULT_DATA_DIR, DEFAULT_LOCAL_ISSUER, DEFAULT_MAX_BODY_BYTES, DEFAULT_RECORDING_MIN_FREE_BYTES,
  DEFAULT_RELAY_HOST, DEFAULT_RELAY_PORT
} from './constants.js'

const connectionName = z.string().regex(CONNECTION_NAME_PATTERN, CONNECTION_NAME_RULE)

const oidcIssuer = z.strictObject({
  issuer: z.string().min(1),
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
  jwksFile: z.string().min(1).optional(),
  algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1).optional(),
  groupsClaim: z.string().min(1).optional(),
  subjectClaim: z.string().min(1).optional(),
  clockToleranceSeconds: z.number().int().min(0).max(60).optional(),
  maxTokenAgeSeconds: z.number().int().positive().optional()
}).refine((v) => (v.jwksUrl === undefined) !== (v.jwksFile === undefined), { message: 'give exactly one of jwksUrl or jwksFile' })

const encryptionKey = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'key ids are 1-64 letters, digits, dot, dash or underscore'),
  file: z.string().min(1).optional(),
  env: z.string().min(1).optional()
}).refine((v) => (v.file === undefined) !== (v.env === undefined), { message: 'give exactly one of file or env' })

/** `recording:` (issue 5; docs/recording.md). */
const recordingSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Folder of the recordings; default `<dataDir>/recordings`. */
  dir: z.string().min(1).optional(),
  /** fail-closed: an exchange that cannot be recorded is refused (503) or ended; best-effort: it goes on, logged. */
  mode: z.enum(['fail-closed', 'best-effort']).default('fail-closed'),
  /** What the proxy waits for before forwarding a request and releasing response bytes (docs/recording.md). */
  waitFor: z.enum(['write', 'fsync']).default('write'),
  syncIntervalMs: z.number().int().min(0).max(1000).optional(),
  maxSessionBytes: z.number().int().positive().optional(),
  /** New requests get 503 while the recordings disk has less free space than this, in bytes (0 = no check). */
  minFreeBytes: z.number().int().min(0).default(DEFAULT_RECORDING_MIN_FREE_BYTES),
  retention: z.strictObject({
    maxAgeDays: z.number().positive().optional(),
    maxTotalBytes: z.number().int().positive().optional()
  }).optional(),
  encryption: z.strictObject({
    activeKeyId: z.string().min(1),
    keys: z.array(encryptionKey).min(1)
  }).optional()
})

/** `approvals:` (issue 6; docs/admin-api.md). */
const approvalsSchema = z.strictObject({
  webhook: z.strictObject({
    url: z.url({ protocol: /^https?$/ }),
    /** The HMAC secret: exactly one of an env var name or a file. */
    secretEnv: z.string().min(1).optional(),
    secretFile: z.string().min(1).optional(),
    caFile: z.string().min(1).optional()
  }).refine((v) => (v.secretEnv === undefined) !== (v.secretFile === undefined), { message: 'give exactly one of secretEnv or secretFile' }).optional()
})

/** Schema of relay.yaml. */
export const relayConfigSchema = z.strictObject({
  listen: z.strictObject({
    host: z.string().min(1).default(DEFAULT_RELAY_HOST),
    port: z.number().int().min(0).max(65535).default(DEFAULT_RELAY_PORT)
  }).default({ host: DEFAULT_RELAY_HOST, port: DEFAULT_RELAY_PORT }),
  /** Exactly one of: `cert` + `key` files, or `dev: true`. Both at once is refused: which one applies would be a guess. */
  tls: z.strictObject({
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** Mint a dev CA and certificate into dataDir instead of reading files (development only). */
    dev: z.boolean().default(false)
  }).refine((v) => v.dev
    ? v.cert === undefined && v.key === undefined
    : v.cert !== undefined && v.key !== undefined, { message: 'give either cert and key files, or dev: true (not both)' }),
  relayId: z.string().min(1).max(200).optional(),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  domains: z.array(z.string().min(1).toLowerCase()).default([]),
  defaultConnection: connectionName.optional(),
  connections: z.array(connectionName).optional(),
  identity: z.strictObject({
    local: z.strictObject({
      enabled: z.boolean().default(true),
      issuer: z.string().min(1).default(DEFAULT_LOCAL_ISSUER),
      audience: z.string().min(1).default(DEFAULT_AUDIENCE)
    }).default({ enabled: true, issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE }),
    oidc: z.array(oidcIssuer).default([])
  }).default({ local: { enabled: true, issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE }, oidc: [] }),
  limits: z.strictObject({
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES)
  }).default({ maxBodyBytes: DEFAULT_MAX_BODY_BYTES }),
  policy: z.string().min(1).optional(),
  approvals: approvalsSchema.optional(),
  /** Session lifetime (DESIGN.md "session"; docs/config.md). */
  sessions: z.strictObject({
    idleTimeoutSeconds: z.number().int().positive().optional(),
    maxDurationSeconds: z.number().int().positive().optional()
  }).optional(),
  recording: recordingSchema.default({ enabled: true, mode: 'fail-closed', waitFor: 'write', minFreeBytes: DEFAULT_RECORDING_MIN_FREE_BYTES }),
  logLevel: z.enum(LOG_LEVELS as [string, ...string[]]).default('info')
})

/** A validated, frozen relay configuration. */
export type RelayConfig = z.output<typeof relayConfigSchema>

/** Loads and validates relay.yaml; throws ConfigInvalidError listing every problem. */
export function loadRelayConfig (path: string): Readonly<RelayConfig> {
  return loadConfigFile(relayConfigSchema, path)
}
