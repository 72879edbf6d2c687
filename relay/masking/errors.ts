/**
 * Typed errors of response masking (`GW_ERR_MASK_*`). Codes are append-only and listed in docs/errors.md.
 *
 * Every masking failure fails closed: the response masker errors the stream, and the proxy answers with an error
 * (or ends an SSE stream) instead of forwarding anything unmasked.
 */
import { defineError } from '../../common/errors.js'

/** A custom detector's regular expression does not compile under RE2 syntax (config error, at policy load). */
export class MaskPatternInvalidError extends defineError('GW_ERR_MASK_PATTERN_INVALID', 'invalid masking pattern', 500, 'configuration_error') {}

/** The per-relay HMAC key of the `hash` strategy is missing or shorter than MIN_HASH_KEY_BYTES (startup error). */
export class MaskHashKeyInvalidError extends defineError('GW_ERR_MASK_HASH_KEY_INVALID', 'invalid masking hash key', 500, 'configuration_error') {}

/** A JSON response body passed DEFAULT_MAX_JSON_BODY_BYTES (or the configured cap): fail closed, 502. */
export class MaskBodyTooLargeError extends defineError('GW_ERR_MASK_BODY_TOO_LARGE', 'response body too large to mask', 502, 'api_error') {}

/** An SSE line or event block from upstream passed its size cap; the stream is ended (502 before the head). */
export class MaskSseTooLargeError extends defineError('GW_ERR_MASK_SSE_TOO_LARGE', 'upstream SSE event too large', 502, 'api_error') {}

/** An SSE event to encode has CR, LF or NUL in its name or id, or an invalid retry (injection guard, STYLE rule 14). */
export class MaskSseFieldInvalidError extends defineError('GW_ERR_MASK_SSE_FIELD_INVALID', 'invalid SSE field', 500, 'api_error') {}

/** A streaming text masker had to hold back more than MAX_HELD_BACK_CHARS of original text; fail closed, 502. */
export class MaskHoldBackOverflowError extends defineError('GW_ERR_MASK_HOLDBACK_OVERFLOW', 'masking hold-back window overflowed', 502, 'api_error') {}

/** The response has a Content-Encoding other than identity, so it cannot be masked; fail closed, 502. */
export class MaskEncodingUnsupportedError extends defineError('GW_ERR_MASK_ENCODING_UNSUPPORTED', 'cannot mask an encoded response', 502, 'api_error') {}
