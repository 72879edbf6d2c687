/**
 * Typed errors of the recording tools (`keyward recordings show|export|replay`, the replay server). Codes are
 * append-only and listed in docs/errors.md. The storage errors (not found, bad id, corrupt, keys) are
 * relay/recording/errors.ts; these are the ones only the tools raise.
 */
import { defineError } from '../../common/errors.js'

/**
 * The replay server has no recorded exchange for this method, path and body, or every matching one was already
 * answered (404, OpenAI-style body so SDKs raise NotFoundError).
 */
export class ReplayNoMatchError extends defineError('GW_ERR_REPLAY_NO_MATCH', 'no recorded exchange matches this request', 404, 'invalid_request_error') {}

/**
 * The matching recorded exchange has no response to replay (502): the recording was cut before its ResponseHead,
 * or its response body was not recorded because the session's size cap had been reached.
 */
export class ReplayNoResponseError extends defineError('GW_ERR_REPLAY_NO_RESPONSE', 'the recorded exchange has no recorded response', 502, 'api_error') {}
