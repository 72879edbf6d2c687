/** Fixed values of the admin API (docs/admin-api.md). */

/** Path prefix of every admin route on the relay's TLS listener. */
export const ADMIN_PREFIX = '/admin'
/** Largest admin request body, in bytes. */
export const MAX_ADMIN_BODY_BYTES = 16 * 1024
/** Longest lock value (a subject, group, token id, connection or agent id), in characters. */
export const MAX_LOCK_VALUE_CHARS = 512
/** Longest lock or kill reason kept, in characters (longer ones are cut). */
export const MAX_LOCK_REASON_CHARS = 1024
/** File name of the admin audit log inside `<dataDir>/audit/`. */
export const AUDIT_FILE_NAME = 'admin-audit.jsonl'
/** Mode of the audit folder. */
export const AUDIT_DIR_MODE = 0o700
/** Mode of the audit file. */
export const AUDIT_FILE_MODE = 0o600
/** Longest action or target written to the audit log, in characters. */
export const MAX_AUDIT_FIELD_CHARS = 512
