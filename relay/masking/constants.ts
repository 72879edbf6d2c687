/**
 * Limits and fixed values of response masking (STYLE rule 3). Every bound the detectors, the streaming text
 * masker, the SSE parser and the response masker enforce lives here, named, with its unit.
 *
 * Lengths called `_CHARS` are counted in UTF-16 code units (JavaScript string length) unless they say otherwise;
 * detector lengths are counted on the normalised shadow copy (see normalize.ts).
 */

/** Fewest digits in a payment card number (ISO/IEC 7812 PANs are 8–19 digits; the brands we care about use 13+). */
export const CARD_MIN_DIGITS = 13
/** Most digits in a payment card number. */
export const CARD_MAX_DIGITS = 19
/** Longest card match, in characters: 19 digits with a single space or dash between every two of them. */
export const CARD_MAX_CHARS = CARD_MAX_DIGITS * 2 - 1

/** Length of a US SSN written `ddd-dd-dddd`, in characters. */
export const SSN_CHARS = 11

/** Length of an AWS access key id (4-character prefix plus 16 upper-case letters or digits), in characters. */
export const AWS_ACCESS_KEY_CHARS = 20

/** Fewest characters after `sk-` (OpenAI) or `sk-ant-` (Anthropic) for a key to count as one (keeps `sk-learn` out). */
export const PROVIDER_KEY_MIN_BODY_CHARS = 20
/**
 * Most characters after the `sk-` / `sk-ant-` prefix that a key match covers. Real keys are under 200; a longer run
 * is masked up to this length and the rest of the run is released (documented in docs/masking.md).
 */
export const PROVIDER_KEY_MAX_BODY_CHARS = 256

/** Longest local part of an email address, in characters (RFC 5321 §4.5.3.1.1). */
export const EMAIL_MAX_LOCAL_CHARS = 64
/** Longest domain of an email address, in characters (RFC 1035 §2.3.4). */
export const EMAIL_MAX_DOMAIN_CHARS = 253
/** Longest label of an email domain, in characters (RFC 1035 §2.3.4). */
export const EMAIL_MAX_LABEL_CHARS = 63
/** Fewest letters in the top-level label of an email domain. */
export const EMAIL_MIN_TLD_CHARS = 2
/** Longest email match, in characters. */
export const EMAIL_MAX_CHARS = EMAIL_MAX_LOCAL_CHARS + 1 + EMAIL_MAX_DOMAIN_CHARS

/**
 * Most original UTF-16 code units a {@link StreamingTextMasker} may hold back. The shadow text it holds is at most
 * the longest detector match (a few hundred characters), but zero-width characters stripped from the shadow copy
 * still occupy the original buffer; a stream that stuffs more than this many inside one candidate match fails
 * closed with GW_ERR_MASK_HOLDBACK_OVERFLOW instead of growing without bound.
 */
export const MAX_HELD_BACK_CHARS = 16 * 1024

/** Characters of the normalised value the `mask` strategy shows after `****`. */
export const MASK_VISIBLE_TAIL_CHARS = 4
/** Fewest characters a normalised value needs before `mask` shows its tail; shorter values become bare `****`. */
export const MASK_TAIL_MIN_VALUE_CHARS = 9
/** What the `mask` strategy puts in front of the visible tail. */
export const MASK_PREFIX = '****'

/** Hex characters of the HMAC-SHA-256 shown by the `hash` strategy (48 bits: enough to correlate, not to invert). */
export const HASH_HEX_CHARS = 12
/** Fewest bytes in the per-relay HMAC key of the `hash` strategy. */
export const MIN_HASH_KEY_BYTES = 32

/** Longest SSE line the parser buffers, in UTF-16 code units; longer lines fail with GW_ERR_MASK_SSE_TOO_LARGE. */
export const DEFAULT_MAX_SSE_LINE_CHARS = 1024 * 1024
/**
 * Longest SSE event block (every line up to and including the blank line, comments included) the parser buffers, in
 * UTF-16 code units; longer blocks fail with GW_ERR_MASK_SSE_TOO_LARGE.
 */
export const DEFAULT_MAX_SSE_EVENT_CHARS = 1024 * 1024

/**
 * Largest JSON response body the response masker buffers, in bytes. A larger body fails with
 * GW_ERR_MASK_BODY_TOO_LARGE (fail closed: the client gets an error, never the unmasked body).
 */
export const DEFAULT_MAX_JSON_BODY_BYTES = 16 * 1024 * 1024

/**
 * JSON keys whose string values are opaque binary (base64 images, audio, signatures) and are never scanned: they
 * are large, and masking a byte run inside them would only corrupt them.
 */
export const OPAQUE_JSON_KEYS: ReadonlySet<string> = new Set(['b64_json', 'partial_image_b64', 'signature', 'encrypted_content'])

/** Responses-API stream event types whose `delta` is base64 binary, not text; passed through unscanned. */
export const OPAQUE_DELTA_EVENT_TYPES: ReadonlySet<string> = new Set(['response.audio.delta'])

/**
 * Most distinct strings a response masker remembers as "contains nothing to mask" (ids, model names and other
 * values repeated in every SSE event), so they are scanned once per response rather than once per event.
 */
export const MAX_CLEAN_STRING_CACHE_ENTRIES = 256
/** Longest string the clean-string cache holds, in UTF-16 code units (longer ones are always scanned). */
export const MAX_CLEAN_STRING_CACHE_CHARS = 256

/**
 * SSE events of a response's first input chunk masked and pushed before the masker yields to the event loop, so the
 * first bytes leave at once (the HTTP response uncorks on the next tick).
 */
export const SSE_EVENTS_FIRST_BATCH = 1
/**
 * Most SSE events masked in one turn of the event loop, pushed as one buffer. An input chunk is at most
 * MAX_DATA_CHUNK_BYTES (64 KiB), so this bounds the time one response holds the loop to well under a millisecond
 * at the masker's measured rate, while a whole chunk of small text deltas still leaves as one write and one record.
 */
export const SSE_EVENTS_PER_BATCH = 256

/**
 * Largest incomplete SSE event, in bytes, the masker keeps as bytes until the next input chunk completes it (so
 * chunks cut mid-event stay on the raw path). A longer one is handed to the parser, whose own limits then apply.
 */
export const SSE_MAX_CARRY_BYTES = 64 * 1024

/**
 * Writable high-water mark of a response masker, in bytes: the input it queues before `write()` says wait. One
 * tunnel window (INITIAL_WINDOW_BYTES, 256 KiB), so a burst the agent was allowed to send is taken in without
 * pausing the tunnel stream; the tunnel's own credit still bounds what can arrive.
 */
export const MASKER_INPUT_HIGH_WATER_BYTES = 256 * 1024

/**
 * Most plain text-delta events an SSE masker holds while their text is undecided (sse-event-masker.ts, "held
 * events"). Their text is already bounded by MAX_HELD_BACK_CHARS; this bounds events with little or no text piling
 * up behind a held word. Past it the held events leave with the text decided so far, as when holding stops for any
 * other reason.
 */
export const MAX_HELD_EVENTS = 64
