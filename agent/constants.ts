/** Defaults and limits of the agent daemon. Every value carries its unit in the name or the comment. */

/** First reconnect delay ceiling, in ms (full jitter: the actual delay is random in [0, ceiling]). */
export const RECONNECT_BASE_DELAY_MS = 250
/** Largest reconnect delay ceiling, in ms. */
export const RECONNECT_MAX_DELAY_MS = 30_000
/** A tunnel that stayed up this long resets the backoff to its base, in ms. */
export const RECONNECT_RESET_AFTER_MS = 60_000
/** Time allowed for the WebSocket handshake (TCP + TLS + upgrade + Welcome), in ms. */
export const TUNNEL_HANDSHAKE_TIMEOUT_MS = 15_000
/** Time allowed for the upstream provider to answer with a response head, in ms. */
export const UPSTREAM_HEAD_TIMEOUT_MS = 600_000
/** An upstream response that sends no byte for this long is aborted, in ms. */
export const UPSTREAM_IDLE_TIMEOUT_MS = 300_000
/** Keep-alive sockets kept open per upstream origin. */
export const UPSTREAM_MAX_SOCKETS = 256
/** Largest credential file read, in bytes. */
export const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024
/** How long shutdown waits for in-flight exchanges to finish, in ms. */
export const SHUTDOWN_DRAIN_MS = 10_000
/** Path prefix clients use for the provider API: `/v1/x` on the relay maps to `<upstream>/x` at the agent. */
export const API_PREFIX = '/v1'
