/**
 * Limits, defaults and fixed values of session recording (STYLE rule 3). The format itself is proto/recording.proto;
 * docs/recording.md explains every value here and what happens when a bound is reached.
 *
 * Sizes are in bytes and durations in milliseconds unless the name says otherwise.
 */

// ---------------------------------------------------------------------------------------------------------------
// Format
// ---------------------------------------------------------------------------------------------------------------

/** `FileHeader.format_version` this code writes and the only one it reads. */
export const RECORDING_FORMAT_VERSION = 1

/** Prefix of every recording id (`rec_` + a 26-character ULID). */
export const RECORDING_ID_PREFIX = 'rec_'

/** Characters of the ULID after {@link RECORDING_ID_PREFIX}: 10 of time (48 bits), 16 of randomness (80 bits). */
export const ULID_CHARS = 26

/** Characters of a ULID's time part: 48 bits of Unix milliseconds, 5 bits per Crockford base32 character. */
export const ULID_TIME_CHARS = 10

/** Bytes of randomness in a ULID (80 bits). */
export const ULID_RANDOM_BYTES = 10

/** Largest time a ULID can hold, in Unix milliseconds (2^48 - 1, the year 10889). */
export const ULID_MAX_TIME_MS = 2 ** 48 - 1

/** File name extension of a recording (`<dir>/<id>.kwrec`). */
export const RECORDING_FILE_EXTENSION = '.kwrec'

/** Folder, under the data dir, that the relay keeps recordings in (flat: `<dataDir>/recordings/<id>.kwrec`). */
export const RECORDINGS_DIR_NAME = 'recordings'

/** Bytes of a SHA-256 digest: `Frame.chain`, `prev_hash`, `Trailer.final_hash` and `Trailer.final_chain`. */
export const HASH_BYTES = 32

/** First line of the bytes the trailer signature covers (see `Trailer.signature` in proto/recording.proto). */
export const SIGNATURE_DOMAIN = 'keyward-recording-v1'

// ---------------------------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------------------------

/** Folder, under the data dir, holding the recording signing key (`<dataDir>/recording/`). */
export const RECORDING_KEY_DIR_NAME = 'recording'

/** File name of the relay's Ed25519 recording signing key (PKCS#8 PEM, mode 0600). */
export const SIGNING_KEY_FILE_NAME = 'signing-key.pem'

/** File name of the public half of the signing key (SPKI PEM, mode 0644), for `keyward recordings verify`. */
export const SIGNING_PUBLIC_KEY_FILE_NAME = 'signing-key.pub.pem'

/** Bytes of a raw Ed25519 public key. */
export const ED25519_PUBLIC_KEY_BYTES = 32

/** Hex characters of SHA-256(raw public key) that form a signing key id (64 bits). */
export const SIGNING_KEY_ID_HEX_CHARS = 16

/** Largest key file (signing key PEM, or an encryption key file) read, in bytes; larger files are refused unread. */
export const MAX_KEY_FILE_BYTES = 64 * 1024

/** Mode of private key files and recordings: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600

/** Mode of the public key file. */
export const PUBLIC_FILE_MODE = 0o644

/** Mode of the key folder and the recordings folder: owner only. */
export const PRIVATE_DIR_MODE = 0o700

/** Mode bits that make a private key file unacceptable (any group or other access), as ssh refuses such keys. */
export const PRIVATE_FILE_FORBIDDEN_BITS = 0o077

/** Bytes of an AES-256-GCM recording encryption key. */
export const ENCRYPTION_KEY_BYTES = 32

/** Bytes of a GCM nonce (random per record; 96 bits as NIST SP 800-38D §8.2.2 recommends). */
export const GCM_NONCE_BYTES = 12

/**
 * Nonces one encoder draws from the CSPRNG at a time (randomFillSync of 12 × this bytes), instead of one call per
 * record. Each nonce is still used once; only the system call is batched.
 */
export const NONCE_POOL_NONCES = 64

/** Bytes of the GCM authentication tag appended to each encrypted record. */
export const GCM_TAG_BYTES = 16

/** Encryption key ids: what may appear in `FileHeader.encryption_key_id`. */
export const ENCRYPTION_KEY_ID_RE = /^[A-Za-z0-9._-]{1,64}$/

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

/**
 * Group-commit delay with `waitFor: fsync`: how long after the first `durable()` on an unsynced recording the
 * Recorder writes and `fdatasync`s every dirty recording, in ms. 0 (the default) means the next turn of the event
 * loop: an idle relay pays one write + sync per commit and nothing more, and under load each commit batches everything
 * appended while the previous one ran. A positive value widens batches at the cost of that much added latency per
 * commit.
 */
export const DEFAULT_SYNC_INTERVAL_MS = 0

/**
 * Group-commit delay with `waitFor: write` (the default), in ms: records are written into the file before the proxy
 * goes on, and `fdatasync`ed at most this long after (plus the sync itself). This is the window an OS crash or a power
 * loss can lose; a relay crash loses nothing that was written. Under load it caps syncs at about 100 a second instead
 * of one per event-loop turn (each costs 0.1–0.3 ms of CPU on the project's VMs, and 1.5 ms p50 of latency).
 */
export const DEFAULT_WRITE_SYNC_INTERVAL_MS = 10

/**
 * Longest a record nobody waits for stays unwritten, in ms. Only `durable()` (the proxy's waits: the request before
 * it is forwarded, response bytes before they are released) and sealing start a commit at the group-commit delay
 * above; records appended with no waiter (usage, mask counts and the exchange end, written after the response went
 * out) ride along with the next such commit, or are written and synced this long after they were appended. Under
 * load that saves the commit they would start of their own (each `fdatasync` costs 0.1–0.3 ms of CPU on the
 * project's VMs); a crash within this window can lose those records, never a byte a client received.
 */
export const LAZY_COMMIT_MS = 100

/**
 * Group commits that may be in flight at once. A commit that starts while another is still waiting on its
 * `fdatasync` writes its own records after the earlier commit's write has finished and then syncs in parallel, so a
 * record appended during a commit waits for one sync, not for the rest of that commit plus its own. Measured on a
 * gVisor disk: one write + `fdatasync` ≈ 0.8 ms; two overlapping syncs complete in about the time of one.
 */
export const MAX_CONCURRENT_COMMITS = 2

/**
 * Default size cap of one recording, in bytes. Once a body piece would take the file past it, one SizeCapReached
 * record is written and later request and response body bytes are dropped; every other record is still written.
 */
export const DEFAULT_MAX_SESSION_BYTES = 64 * 1024 * 1024

/** Largest body piece in one RequestBody or ResponseChunk record, in bytes; longer bodies are split. */
export const MAX_BODY_PIECE_BYTES = 64 * 1024

/**
 * Bytes one recording may hold appended but not yet written. In fail-closed mode an append made while
 * the backlog is at or over this fails the recording (GW_ERR_RECORDING_UNAVAILABLE; it is sealed RECORDER_FAILED once
 * the backlog drains); in best-effort mode the record is dropped and counted. So the backlog exceeds the cap by at
 * most one record.
 */
export const DEFAULT_MAX_PENDING_BYTES_PER_RECORDING = 16 * 1024 * 1024

/** Bytes all recordings of one Recorder may hold appended but not yet written; over it, appends behave as above. */
export const DEFAULT_MAX_PENDING_BYTES = 256 * 1024 * 1024

/**
 * Largest frame the reader accepts, in bytes (the length prefix is checked before anything is buffered), and the
 * largest the writer produces: a record that would encode larger is refused with GW_ERR_RECORDING_TOO_LARGE. Body
 * pieces are at most MAX_BODY_PIECE_BYTES, so only a record with megabytes of headers could reach it.
 */
export const MAX_FRAME_BYTES = 1024 * 1024

/**
 * Most bytes a record's frame adds to the record's own time and body: seq and prev_hash inside the Record, the GCM
 * tag, and the Frame's length prefix, CRC, nonce, chain and seq (about 140; rounded up). A record whose time and body
 * encode to more than MAX_FRAME_BYTES minus this is refused when appended.
 */
export const MAX_RECORD_OVERHEAD_BYTES = 256

/**
 * Most bytes of records the writer puts into one Bundle (proto/recording.proto): a record that would take the
 * records waiting for the next write past it starts a new bundle. Well under MAX_FRAME_BYTES, so a bundle always
 * fits in a frame; a single record larger than this is stored alone.
 */
export const MAX_BUNDLE_BYTES = 256 * 1024

/**
 * Largest encoding buffer an open recording keeps between writes, in bytes (record-batch.ts reuses its writers'
 * buffers so appending allocates nothing). A buffer that grew past it for a large batch is let go after the write,
 * so a thousand open sessions keep at most about 3 × 16 KiB each, not a bundle's worth.
 */
export const RETAINED_BATCH_BUFFER_BYTES = 16 * 1024

/** Most bytes of a varint length prefix (a 32-bit length needs 5). */
export const MAX_LENGTH_PREFIX_BYTES = 5

/** `RECORDER_FAILED` seal detail when a recording's backlog passed its cap. */
export const BACKLOG_FAILURE_DETAIL = 'recording backlog over its cap: the disk did not keep up'

/** Longest `SessionEnd.detail` written, in UTF-16 code units; longer details are cut. */
export const MAX_SESSION_END_DETAIL_CHARS = 1024

/** Name of the lock file in the recordings folder; it holds the owning process id. */
export const LOCK_FILE_NAME = '.lock'

// ---------------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------------

/** Largest recording `readRecording` loads into memory, in bytes; `verifyRecording` streams files of any size. */
export const MAX_READ_RECORDING_BYTES = 512 * 1024 * 1024

/** Bytes read from disk per read call while streaming a recording. */
export const READ_CHUNK_BYTES = 1024 * 1024

/**
 * Bytes read from the start of a file to find the FileHeader and SessionStart when listing; a SessionStart that
 * does not fit is read with one more read of up to MAX_FRAME_BYTES.
 */
export const HEAD_READ_BYTES = 16 * 1024

/**
 * Bytes read from the end of a file to find its Trailer. A trailer frame is about 250 bytes (three 32-byte hashes:
 * final hash, final chain and the frame's own chain, plus prev_hash, a 64-byte signature and varints); this leaves
 * room for fields added later.
 */
export const TAIL_READ_BYTES = 512

// ---------------------------------------------------------------------------------------------------------------
// Retention
// ---------------------------------------------------------------------------------------------------------------

/** Default age after which a sealed recording is deleted, in ms (30 days), measured from its creation. */
export const DEFAULT_RETENTION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000

/** Default cap on the recordings folder, in bytes (20 GiB); the oldest sealed recordings go first. */
export const DEFAULT_RETENTION_MAX_TOTAL_BYTES = 20 * 1024 * 1024 * 1024

/** How often the Recorder sweeps the folder, in ms (1 hour); it also sweeps once at open. */
export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60 * 1000
