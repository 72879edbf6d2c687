/** Defaults and bounds of the admin command line (`keyward sessions|locks|approvals`, docs/admin-cli.md), with units. */

/** Environment variable read for the relay URL when `--relay` is not given (admin commands only, not `recordings`). */
export const RELAY_ENV = 'KEYWARD_RELAY'
/** Environment variable read for the admin token when `--token` is not given (safer than a flag: `ps` shows flags). */
export const TOKEN_ENV = 'KEYWARD_TOKEN'
/** Largest `--ca` file read, in bytes (a PEM bundle of a few CAs is a few KiB). */
export const MAX_CA_FILE_BYTES = 1024 * 1024
/** Largest JSON answer (or error body) the admin client buffers, in bytes; a longer one fails the command. */
export const MAX_ADMIN_RESPONSE_BYTES = 8 * 1024 * 1024
/** An admin call whose socket stays silent this long is abandoned, in ms (connect, answer, or a download stalling). */
export const ADMIN_REQUEST_TIMEOUT_MS = 30_000
/**
 * `approvals watch` gives up when the feed sends nothing for this long, in ms. The relay sends a keep-alive comment
 * every 15 s (relay/approvals/constants.ts FEED_KEEPALIVE_MS), so silence this long means the relay or the path
 * to it is gone.
 */
export const FEED_IDLE_TIMEOUT_MS = 60_000
/** Longest line and longest event of the approvals feed, in UTF-16 code units; past it the watch fails. */
export const MAX_FEED_EVENT_CHARS = 256 * 1024
/** Characters of a held prompt shown by `approvals watch` and `approvals list`. */
export const PROMPT_EXCERPT_CHARS = 80
/** Characters of a relay error message printed (a longer one is cut, so an error stays one readable line). */
export const MAX_ERROR_MESSAGE_CHARS = 500
