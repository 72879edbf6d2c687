/** Errors of spend control (issue 7). */
import { defineError } from '../../common/errors.js'

/** A `spend` limit refuses the request (429): rate, concurrency, tokens or cost; `retry-after` says when to retry. */
export class SpendLimitError extends defineError('GW_ERR_SPEND_LIMITED', 'spend limit reached', 429, 'rate_limit_error') {
  /** Response headers for the client: `retry-after` (seconds) and the `x-ratelimit-*` state of the limit hit. */
  responseHeaders: Record<string, string> = {}
}

/** The model has no price and policy says unknown models are refused (`pricing.unknownModel: refuse`). */
export class SpendUnknownModelError extends defineError('GW_ERR_SPEND_UNKNOWN_MODEL', 'model has no price', 403, 'permission_error') {}
