/**
 * Typed errors of session recording (`GW_ERR_RECORDING_*`). Codes are append-only and listed in docs/errors.md.
 *
 * In fail-closed mode a recorder that cannot write answers every new exchange with GW_ERR_RECORDING_UNAVAILABLE (503):
 * traffic that cannot be recorded is not forwarded. Reading errors (not found, corrupt, keys) reach the admin API
 * and the `keyward recordings` CLI.
 */
import { defineError } from '../../common/errors.js'

/**
 * The recorder or this recording cannot take more records (503): a write or `fdatasync` failed (fail-closed mode;
 * the recorder stays unhealthy until restart), the recording's backlog passed its cap, or it is sealed or closed.
 */
export class RecordingUnavailableError extends defineError('GW_ERR_RECORDING_UNAVAILABLE', 'session recording is unavailable', 503, 'api_error') {}

/** No recording with that id in the recordings folder (404). */
export class RecordingNotFoundError extends defineError('GW_ERR_RECORDING_NOT_FOUND', 'recording not found', 404, 'invalid_request_error') {}

/** A recording id is not `rec_` + 26 upper-case Crockford base32 characters; paths are never accepted (400). */
export class RecordingIdInvalidError extends defineError('GW_ERR_RECORDING_ID_INVALID', 'invalid recording id', 400, 'invalid_request_error') {}

/** A file is not a readable recording: no intact FileHeader, an unknown format version, or a header for another id. */
export class RecordingCorruptError extends defineError('GW_ERR_RECORDING_CORRUPT', 'recording is corrupt', 500, 'api_error') {}

/**
 * Recording key configuration is invalid (startup error): an encryption key of the wrong length or encoding, a
 * missing env variable or file, duplicate or malformed key ids, an unknown active key id, or a signing key file
 * that is malformed or readable by other users. The message lists every problem.
 */
export class RecordingKeyInvalidError extends defineError('GW_ERR_RECORDING_KEY_INVALID', 'invalid recording key configuration', 500, 'configuration_error') {}

/** An encrypted recording names an encryption key id that is not in the key ring given to the reader. */
export class RecordingKeyMissingError extends defineError('GW_ERR_RECORDING_KEY_MISSING', 'recording encryption key not available', 500, 'configuration_error') {}

/** The key ring's key with the recording's key id does not decrypt it: a wrong key under the right id. */
export class RecordingDecryptFailedError extends defineError('GW_ERR_RECORDING_DECRYPT_FAILED', 'recording could not be decrypted', 500, 'api_error') {}

/** A record would encode over MAX_FRAME_BYTES, or a file is over the reader's in-memory cap (stream it instead). */
export class RecordingTooLargeError extends defineError('GW_ERR_RECORDING_TOO_LARGE', 'recording or record too large', 500, 'api_error') {}

/** Another live process holds the recordings folder's lock file: one relay per data dir. */
export class RecordingDirLockedError extends defineError('GW_ERR_RECORDING_DIR_LOCKED', 'recordings folder is in use by another process', 500, 'configuration_error') {}
