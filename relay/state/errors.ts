/**
 * Typed errors of the relay's shared state and of what it enforces (`GW_ERR_STATE_*`, locks and kills). Codes are
 * append-only and listed in docs/errors.md.
 */
import { defineError } from '../../common/errors.js'

/** A bounded store is full (too many locks or killed tokens); the operation is refused. */
export class StateStoreFullError extends defineError('GW_ERR_STATE_FULL', 'state store is full', 503, 'api_error') {}

/** The state store failed while a request was checked against it: refuse (fail closed), never "no lock". */
export class StateStoreUnavailableError extends defineError('GW_ERR_STATE_UNAVAILABLE', 'state store unavailable', 503, 'api_error') {}

/** A lock refuses this subject, group, token, connection or agent. */
export class AccessLockedError extends defineError('GW_ERR_ACCESS_LOCKED', 'access locked by an operator', 403, 'permission_error') {}

/** The session was killed by an operator: its live exchanges end and its token is refused until it expires. */
export class SessionKilledError extends defineError('GW_ERR_SESSION_KILLED', 'session terminated by an operator', 403, 'permission_error') {}

/** The session reached `sessions.maxDurationSeconds`: its live exchanges end; the next request opens a new session. */
export class SessionExpiredError extends defineError('GW_ERR_SESSION_EXPIRED', 'session reached its maximum duration', 403, 'permission_error') {}
