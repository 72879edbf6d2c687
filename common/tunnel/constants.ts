/**
 * Limits and wire constants of the keyward tunnel protocol (STYLE rule 3: every bound named, with its unit).
 *
 * Both ends of a tunnel must agree on `INITIAL_WINDOW_BYTES`: the relay may send request body before the agent's
 * Head confirms the window, so it assumes this value (the relay's Welcome carries it for the agent to check).
 */

/** Largest encoded frame accepted, in bytes (1 MiB). Also the `maxPayload` the ws owner must set. */
export const MAX_FRAME_BYTES = 1024 * 1024

/** Largest body chunk carried by one Data frame, in bytes (64 KiB); bigger writes are split. */
export const MAX_DATA_CHUNK_BYTES = 64 * 1024

/** Per-stream, per-direction receive window granted at stream start, in bytes (256 KiB). */
export const INITIAL_WINDOW_BYTES = 256 * 1024

/**
 * Largest credit a sender may accumulate on one stream, in bytes (2^31 - 1, as RFC 9113 §6.9.1).
 * A Credit frame that pushes the window past it is a flow-control error.
 */
export const MAX_WINDOW_BYTES = 0x7fffffff

/**
 * The receiver returns credit once at least `window / CREDIT_BATCH_DIVISOR` bytes were consumed by the reader,
 * so credits are batched (one Credit per half window by default) rather than one per Data frame.
 */
export const CREDIT_BATCH_DIVISOR = 2

/** Concurrent streams per tunnel (count). Beyond it `openStream` throws and incoming Opens are reset. */
export const MAX_STREAMS_PER_TUNNEL = 1024

/** Tunnel-wide send high-water mark on `ws.bufferedAmount`, in bytes (4 MiB): above it every stream's writes wait. */
export const TUNNEL_HIGH_WATER_BYTES = 4 * 1024 * 1024

/** Tunnel-wide low-water mark on `ws.bufferedAmount`, in bytes (1 MiB): waiting writes resume below it. */
export const TUNNEL_LOW_WATER_BYTES = 1024 * 1024

/** Interval between WebSocket pings, in milliseconds. */
export const HEARTBEAT_INTERVAL_MS = 10_000

/** Silence (no pong, no message) after which the peer is declared dead, in milliseconds. */
export const HEARTBEAT_TIMEOUT_MS = 30_000

/** Most header lines in one Open or Head frame (count). */
export const MAX_HEADERS_PER_FRAME = 200

/** Most header bytes (UTF-8 name + value, summed over all lines) in one Open or Head frame (64 KiB). */
export const MAX_HEADER_BYTES = 64 * 1024

/** Longest WebSocket close reason, in UTF-8 bytes (RFC 6455 §5.5: 125-byte control payload minus the code). */
export const WS_CLOSE_REASON_MAX_BYTES = 123

/** WebSocket close code: normal closure (RFC 6455 §7.4.1). */
export const WS_CLOSE_NORMAL = 1000
/** WebSocket close code: endpoint going away (shutdown, drain). */
export const WS_CLOSE_GOING_AWAY = 1001
/** WebSocket close code: protocol error (malformed frame, seq gap on stream 0, role violation). */
export const WS_CLOSE_PROTOCOL_ERROR = 1002
/** WebSocket close code: policy violation (admission refused, agent locked); used by the connection owner. */
export const WS_CLOSE_POLICY = 1008
/** WebSocket close code: message too big (frame over `MAX_FRAME_BYTES`). */
export const WS_CLOSE_TOO_BIG = 1009

/**
 * Capability bit (Hello/Welcome `capabilities`): this end accepts `end_stream` on Open, Head and Data and `body` on
 * Open and Head. A sender coalesces frames only when the peer announced it; an older peer would skip the unknown
 * fields and wait forever for End. Receivers accept the fields regardless.
 */
export const CAP_END_STREAM = 1

/** Every capability bit this implementation announces in its Hello or Welcome. */
export const LOCAL_CAPABILITIES = CAP_END_STREAM

/**
 * Most fragments one WebSocket message may arrive in. keyward never fragments its frames, so a peer that sends
 * many tiny fragments is flooding (CVE-2026-48779 class); ws closes such a connection with 1008.
 */
export const WS_MAX_FRAGMENTS = 64

/** Most TCP chunks buffered for one incoming WebSocket message (a 1 MiB frame in tiny chunks is a flood). */
export const WS_MAX_BUFFERED_CHUNKS = 16_384
