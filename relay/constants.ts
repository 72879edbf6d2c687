/** Defaults and limits of the relay daemon. Every value carries its unit in the name or the comment. */

/** Default TLS port of the relay. */
export const DEFAULT_RELAY_PORT = 8443
/** Default listen address: all interfaces in production (`keyward dev` binds 127.0.0.1). */
export const DEFAULT_RELAY_HOST = '0.0.0.0'
/** Default data directory (dev certs, issuer keys, agent authority) relative to the working directory. */
export const DEFAULT_DATA_DIR = '.keyward'
/** Issuer (`iss`) of tokens minted by the relay's own issuer. */
export const DEFAULT_LOCAL_ISSUER = 'keyward-local'
/** Audience (`aud`) clients' tokens must carry. */
export const DEFAULT_AUDIENCE = 'keyward'
/** URL path on the relay's TLS listener where agents open the tunnel. */
export const TUNNEL_PATH = '/tunnel'
/** URL path where an agent exchanges a join token for its credential. */
export const AGENT_JOIN_PATH = '/agent/join'
/** Largest request body forwarded, in bytes (counted as it streams; Content-Length is not trusted). */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
/** Largest JSON body accepted by the join endpoint, in bytes. */
export const MAX_JOIN_BODY_BYTES = 16 * 1024
/** Time allowed for a client to send all request headers, in ms (Node's default is 60 s: slowloris). */
export const HEADERS_TIMEOUT_MS = 15_000
/** Time allowed for a whole request (headers and body) to arrive, in ms; 0 would disable it. */
export const REQUEST_TIMEOUT_MS = 120_000
/** Idle keep-alive timeout for client sockets, in ms. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** A request body that sends no byte for this long is aborted with 408, in ms. */
export const BODY_IDLE_TIMEOUT_MS = 30_000
/** Wait for the agent's response head before answering 504, in ms. Model calls can think for a while. */
export const RESPONSE_HEAD_TIMEOUT_MS = 600_000
/** A client that reads nothing while its response is blocked for this long is dropped, in ms. */
export const CLIENT_STALL_TIMEOUT_MS = 60_000
/** How long an agent has after the upgrade to send Hello, in ms. */
export const AGENT_HELLO_TIMEOUT_MS = 10_000
/** Maximum concurrently connected agents per relay. */
export const MAX_AGENTS = 1024
/** Maximum connection names one agent may announce. */
export const MAX_CONNECTIONS_PER_AGENT = 64
/** How long shutdown waits for in-flight exchanges to finish, in ms. */
export const SHUTDOWN_DRAIN_MS = 10_000
/** Maximum concurrent client sockets per relay listener (beyond it new sockets are refused). */
export const MAX_CLIENT_SOCKETS = 10_000
/** Maximum headers a client request may carry (Node's default is 2000). */
export const MAX_REQUEST_HEADERS = 200

/**
 * Most response bytes of one exchange held back while the recording makes them durable (relay/recording/
 * durable-gate.ts); past this the proxy stops reading the tunnel stream until the group commit releases them.
 */
export const MAX_GATED_BYTES = 1024 * 1024
/** How long a reading of the recordings disk's free space is reused, in ms (relay/recording/disk-space.ts). */
export const FREE_SPACE_CHECK_INTERVAL_MS = 1_000
/** Default `recording.minFreeBytes`: below this much free space on the recordings disk new requests get 503. */
export const DEFAULT_RECORDING_MIN_FREE_BYTES = 256 * 1024 * 1024
