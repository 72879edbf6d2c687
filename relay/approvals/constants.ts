/** Bounds and fixed values of just-in-time approvals (relay/approvals/), each with its unit (STYLE rule 3). */

/** Most requests held for approval at once, relay-wide, in requests. */
export const MAX_PENDING_APPROVALS = 1000
/** Most just-in-time grants remembered at once, in grants. */
export const MAX_GRANTS = 10_000
/** Characters of the prompt shown to approvers (the start of the extracted prompt text). */
export const APPROVAL_PROMPT_EXCERPT_CHARS = 2000
/** Longest approver comment kept, in characters. */
export const MAX_APPROVAL_COMMENT_CHARS = 1000
/** A held stream gets its 200 head and then an SSE comment this often while it waits, in ms. */
export const HOLD_KEEPALIVE_MS = 10_000
/** Most clients watching the approvals feed at once. */
export const MAX_FEED_SUBSCRIBERS = 100
/** The approvals feed sends an SSE comment this often so idle proxies keep it open, in ms. */
export const FEED_KEEPALIVE_MS = 15_000
/** Webhook attempts per notification (the first try plus retries). */
export const WEBHOOK_ATTEMPTS = 3
/** Delay before the first webhook retry, in ms; each later retry waits four times longer. */
export const WEBHOOK_FIRST_RETRY_MS = 250
/** A webhook call that takes longer than this is abandoned (and retried), in ms. */
export const WEBHOOK_TIMEOUT_MS = 5_000
/** Most webhook notifications queued for delivery; beyond it new ones are dropped (and logged). */
export const MAX_WEBHOOK_QUEUE = 1000
/** Header carrying the webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-keyward-signature'
