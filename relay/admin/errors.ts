/**
 * Typed errors of the admin API (`GW_ERR_ADMIN_*`). Codes are append-only and listed in docs/errors.md.
 */
import { defineError } from '../../common/errors.js'

/** The identity is valid but holds no role that may use this admin route (roles come from policy `roles:`). */
export class AdminForbiddenError extends defineError('GW_ERR_ADMIN_FORBIDDEN', 'not allowed by admin roles', 403, 'permission_error') {}

/** No admin route at this path. */
export class AdminNotFoundError extends defineError('GW_ERR_ADMIN_NOT_FOUND', 'no such admin route', 404, 'invalid_request_error') {}

/** A query parameter of an admin route is malformed (a bad `since`, an unknown export format …). */
export class AdminBadRequestError extends defineError('GW_ERR_ADMIN_BAD_REQUEST', 'invalid admin request', 400, 'invalid_request_error') {}

/** The route needs recordings but the relay records nothing (`recording.enabled: false`). */
export class AdminRecordingOffError extends defineError('GW_ERR_ADMIN_RECORDING_OFF', 'recording is off on this relay', 404, 'invalid_request_error') {}
