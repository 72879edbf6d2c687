/**
 * Limits and fixed values of the relay's HTTP front door (STYLE rule 3): every bound the request-target parser,
 * router, header filter and body limiter enforce lives here, named, with its unit.
 */

/** Longest request-target (path plus query) accepted, in bytes; the target is pure ASCII, so bytes = chars. */
export const MAX_REQUEST_TARGET_BYTES = 8 * 1024

/** Path prefix that selects a connection when the Host header does not: `/c/<connection>/…`. */
export const CONNECTION_PATH_PREFIX = '/c/'

/** Longest Host name accepted, in characters (RFC 1035 §2.3.4); longer Host headers get 400. */
export const MAX_HOST_NAME_LENGTH = 253

/** Most headers forwarded to the agent per request, including the ones the relay adds. */
export const MAX_UPSTREAM_HEADER_COUNT = 64

/** Most bytes of forwarded request headers, counted as `name.length + value.length + 4` per header (`: ` and CRLF). */
export const MAX_UPSTREAM_HEADER_BYTES = 16 * 1024

/** Most headers passed back to the client from the provider's response. */
export const MAX_CLIENT_RESPONSE_HEADER_COUNT = 100

/** Most bytes of response headers passed back to the client, counted like {@link MAX_UPSTREAM_HEADER_BYTES}. */
export const MAX_CLIENT_RESPONSE_HEADER_BYTES = 32 * 1024

/** Longest exchange id the relay will put in {@link EXCHANGE_ID_HEADER}, in characters. */
export const MAX_EXCHANGE_ID_LENGTH = 128

/** Header carrying the relay's exchange id to the agent (and the only `x-keyward-*` header the agent sees). */
export const EXCHANGE_ID_HEADER = 'x-keyward-exchange-id'

/** Prefix of headers reserved to keyward; clients and providers can never set them. */
export const RESERVED_HEADER_PREFIX = 'x-keyward-'

/** `WWW-Authenticate` value sent with every 401 (RFC 6750 §3). */
export const WWW_AUTHENTICATE_BEARER = 'Bearer realm="keyward"'

/** Media type of Server-Sent Events responses (WHATWG HTML §9.2). */
export const SSE_CONTENT_TYPE = 'text/event-stream'

/** Message sent instead of an internal error's own text, which may name files, hosts or keys. */
export const INTERNAL_ERROR_MESSAGE = 'internal error'
