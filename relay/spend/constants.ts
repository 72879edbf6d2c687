/**
 * Defaults and bounds of spend control (issue 7): usage accounting, prices, and the spend limits of policy
 * (`spend:` rules). Every limit is named here with its unit.
 */

/** Nano-dollars (10⁻⁹ USD) in one US dollar: costs are integers of nano-USD, so sums are exact. */
export const NANO_USD_PER_USD = 1_000_000_000

/** Tokens a price is quoted per ("USD per million tokens"). */
export const TOKENS_PER_PRICE_UNIT = 1_000_000

/**
 * Output tokens a request is assumed to ask for when it sets no `max_tokens` / `max_completion_tokens` /
 * `max_output_tokens`: what its reservation is sized for (and, with `onOverBudget: cap`, what it may be capped to).
 */
export const DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS = 4096

/** Characters per token when usage must be estimated (prompt reservations, streams cut short): a common rule of thumb. */
export const ESTIMATED_CHARS_PER_TOKEN = 4

/** Fewest output tokens a capped request is left with; below this the request is refused instead. */
export const MIN_CAPPED_OUTPUT_TOKENS = 16

/** Largest JSON response body read for its `usage`, in bytes (larger bodies are estimated). */
export const MAX_USAGE_JSON_BYTES = 8 * 1024 * 1024

/**
 * A stream's usage is read when it ends from its first USAGE_HEAD_BYTES (Anthropic's `message_start` carries input
 * tokens) and its last USAGE_TAIL_BYTES or a little more (the final usage chunk, Responses `response.completed`,
 * Anthropic's last `message_delta`). A final event larger than that is not read: its usage is then estimated.
 */
export const USAGE_HEAD_BYTES = 16 * 1024
export const USAGE_TAIL_BYTES = 256 * 1024

/** Most spend counters the in-memory store keeps (windows × keys); over it a reservation fails closed (503). */
export const MAX_SPEND_COUNTERS = 200_000

/** Most hourly usage buckets (hour × subject × model × connection) kept for `GET /admin/usage`. */
export const MAX_USAGE_BUCKETS = 100_000

/** How long hourly usage buckets are kept, in ms (35 days: a month plus a margin). */
export const USAGE_RETENTION_MS = 35 * 24 * 3600 * 1000

/** Most `spend` rules in one policy. */
export const MAX_SPEND_RULES = 256

/** Most models in a policy's `pricing.models`. */
export const MAX_PRICED_MODELS = 1024

/** Window lengths, in ms. */
export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 3600 * 1000
