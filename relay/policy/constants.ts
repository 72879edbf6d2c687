/**
 * Limits and defaults of request policy (STYLE rule 3): every bound the policy loader, the JSON body reader, the
 * prompt extractor and the policy engine enforce lives here, named, with its unit.
 *
 * Cost model (THREATS.md §C.5): deny patterns run on RE2JS, whose matching time is linear in the text, so a
 * request's evaluation costs at most (rules × extracted characters × a small constant). The caps below bound
 * both factors: MAX_DENY_RULES and the prompt cap (limits.maxPromptChars, default DEFAULT_MAX_PROMPT_CHARS).
 */

/** Largest policy file accepted, in bytes; a bigger file is refused and the last good policy stays in force. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024

/** Longest rule name, in characters. Names appear in client-visible messages, so their alphabet is restricted too. */
export const MAX_RULE_NAME_CHARS = 64

/** Most rules in the `access:` list. */
export const MAX_ACCESS_RULES = 256

/** Most rules in the `deny:` list. */
export const MAX_DENY_RULES = 256

/** Most rules in the `limits:` list. */
export const MAX_LIMIT_RULES = 256

/** Longest deny `pattern`, in characters (UTF-16 code units). */
export const MAX_PATTERN_CHARS = 1000

/** Most keywords in one deny rule's `contains` list. */
export const MAX_KEYWORDS_PER_RULE = 100

/**
 * Most `contains` keywords across the whole policy. Each keyword is one indexOf pass over the prompt: about
 * 0.6 ms per keyword per MiB of prompt measured on Node 20, so 1000 keywords bound that part near 0.6 s/MiB.
 */
export const MAX_KEYWORDS_TOTAL = 1000

/** Longest `contains` keyword, in characters. */
export const MAX_KEYWORD_CHARS = 256

/** Most entries in one scope list (`groups`, `subjects`, `connections`, `models`, `endpoints`). */
export const MAX_SCOPE_ENTRIES = 256

/** Longest scope entry (a group, subject, connection, model glob or endpoint glob), in characters. */
export const MAX_SCOPE_ENTRY_CHARS = 256

/**
 * Default cap on the prompt text extracted from one request, in characters (UTF-16 code units), when no `limits`
 * rule sets `maxPromptChars`: about 500 k tokens of English. Applies only when a deny rule is in scope: past it the
 * request is refused with 413 GW_ERR_POLICY_PROMPT_TOO_LARGE (fail closed), never forwarded unchecked.
 */
export const DEFAULT_MAX_PROMPT_CHARS = 2 * 1024 * 1024

/** Highest `maxPromptChars` a policy may set, in characters. */
export const MAX_PROMPT_CHARS_CEILING = 16 * 1024 * 1024

/** Highest `maxBodyBytes` a limits rule may set, in bytes (the relay's own body cap applies first anyway). */
export const MAX_BODY_BYTES_CEILING = 1024 * 1024 * 1024

/** Highest `maxTokens` a limits rule may set, in tokens. */
export const MAX_TOKENS_CEILING = 100_000_000

/** Highest `maxN` a limits rule may set (choices per request). */
export const MAX_N_CEILING = 1000

/** Highest `maxTools` a limits rule may set (tool definitions per request). */
export const MAX_TOOLS_CEILING = 10_000

/** Default deepest nesting accepted in a JSON request body (objects and arrays count one level each). */
export const DEFAULT_MAX_JSON_DEPTH = 64

/**
 * Quiet period after the last file-system event before a watched policy file is reloaded, in ms: editors write a
 * file in several steps (truncate, write, rename), and one reload should see the finished file.
 */
export const POLICY_WATCH_DEBOUNCE_MS = 200

/** Rule name reported when a request is refused because no `access` rule allows it. */
export const ACCESS_RULE_NAME = 'access'
/** Longest `approvalTimeoutSeconds` of a hold rule, in seconds (a held client waits at most this long). */
export const MAX_APPROVAL_TIMEOUT_SECONDS = 3600
/** Default wait of a held request for its approval, in seconds. */
export const DEFAULT_APPROVAL_TIMEOUT_SECONDS = 300
/** Longest just-in-time grant an approval can give, in seconds. */
export const MAX_GRANT_SECONDS = 24 * 3600
