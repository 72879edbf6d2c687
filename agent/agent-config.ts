/**
 * The agent's configuration schema (`keyward agent --config agent.yaml`).
 *
 * A connection maps a name to an upstream base URL, the credential the agent adds (from an env var or a file, never
 * inline in the YAML), and extra headers. Validated once at start; unknown keys refused; every problem listed.
 */
import { z } from 'zod'

import { loadConfigFile } from '../common/config/load-config.js'
import { CONNECTION_NAME_PATTERN, CONNECTION_NAME_RULE } from '../common/connection-name.js'
import { LOG_LEVELS } from '../common/logger.js'

const connectionName = z.string().regex(CONNECTION_NAME_PATTERN, CONNECTION_NAME_RULE)
const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name')
const headerValue = z.string().regex(/^[^\r\n\0]*$/, 'header values may not contain CR, LF or NUL')

/**
 * Header names `connections.<name>.headers` may not set: credentials belong in `credential` (never inline in the
 * YAML), and framing headers are the agent's to write.
 */
const RESERVED_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'cookie', 'host', 'content-length',
  'transfer-encoding', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade', 'expect'
])

const credential = z.strictObject({
  env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'not an environment variable name').optional(),
  file: z.string().min(1).optional()
}).refine((v) => (v.env === undefined) !== (v.file === undefined), { message: 'give exactly one of env or file' })

/** One upstream the agent serves. */
export const connectionSchema = z.strictObject({
  /** Base URL that corresponds to the client's `/v1`, e.g. https://api.openai.com/v1. */
  upstream: z.url({ protocol: /^https?$/ }),
  /** Wire dialect: decides how the credential is sent (Bearer vs x-api-key). */
  type: z.enum(['openai', 'anthropic']).default('openai'),
  credential: credential.optional(),
  headers: z.record(headerName, headerValue)
    .superRefine((h, ctx) => {
      for (const name of Object.keys(h)) {
        if (RESERVED_HEADER_NAMES.has(name.toLowerCase())) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'reserved header: credentials go in `credential` (env or file), framing is the agent\'s' })
        }
      }
    })
    .default({}),
  /** Extra CA bundle for the upstream's TLS (private model servers). */
  caFile: z.string().min(1).optional()
})

/** Schema of agent.yaml. */
export const agentConfigSchema = z.strictObject({
  relay: z.strictObject({
    /**
     * wss:// URL of the relay's tunnel endpoint, e.g. wss://relay.example.com:8443/tunnel. Plain ws:// is refused:
     * the tunnel carries every prompt and reply, and the agent's handshake proof.
     */
    url: z.url({ protocol: /^wss$/, error: 'must be a wss:// URL' }),
    /** CA bundle that signed the relay's certificate (default: the system roots). */
    caFile: z.string().min(1).optional(),
    /** SHA-256 fingerprint(s) of the relay's certificate, hex with or without colons; pins the relay. */
    pinSha256: z.array(z.string().regex(/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/, 'not a SHA-256 fingerprint')).optional(),
    /** Server name to verify when the URL's host differs from the certificate's name. */
    servername: z.string().min(1).optional()
  }),
  /** File written by `keyward agent join`: agent id, relay credential, the agent's private key. */
  credentialFile: z.string().min(1),
  connections: z.record(connectionName, connectionSchema).refine((v) => Object.keys(v).length > 0, { message: 'at least one connection is required' }),
  logLevel: z.enum(LOG_LEVELS as [string, ...string[]]).default('info')
})

/** A validated, frozen agent configuration. */
export type AgentConfig = z.output<typeof agentConfigSchema>
/** One validated connection entry. */
export type ConnectionConfig = z.output<typeof connectionSchema>

/** Loads and validates agent.yaml; throws ConfigInvalidError listing every problem. */
export function loadAgentConfig (path: string): Readonly<AgentConfig> {
  return loadConfigFile(agentConfigSchema, path)
}
