/**
 * Typed errors of just-in-time approvals (`GW_ERR_APPROVAL_*`). Codes are append-only and listed in docs/errors.md.
 */
import { defineError } from '../../common/errors.js'

/** An approver denied the held request (403); the message names who and their comment. */
export class ApprovalDeniedError extends defineError('GW_ERR_APPROVAL_DENIED', 'request denied by an approver', 403, 'permission_error') {}

/** Nobody decided on the held request before its timeout (403). */
export class ApprovalTimeoutError extends defineError('GW_ERR_APPROVAL_TIMEOUT', 'approval timed out', 403, 'permission_error') {}

/** The requester tried to approve (or deny) their own request (403). */
export class ApprovalSelfError extends defineError('GW_ERR_APPROVAL_SELF', 'cannot decide on your own request', 403, 'permission_error') {}

/** No pending approval with that id (decided, timed out, or never existed). */
export class ApprovalNotFoundError extends defineError('GW_ERR_APPROVAL_NOT_FOUND', 'no such pending approval', 404, 'invalid_request_error') {}

/** Too many requests are already waiting for approval (503); the request is refused rather than queued. */
export class ApprovalQueueFullError extends defineError('GW_ERR_APPROVAL_QUEUE_FULL', 'too many requests waiting for approval', 503, 'api_error') {}
