/**
 * Recording ids and the one place an id becomes a file path.
 *
 * An id is `rec_` + a ULID (https://github.com/ulid/spec): 10 Crockford base32 characters of Unix milliseconds then
 * 16 of randomness, so ids sort by creation time as plain strings (retention deletes oldest first by id) and two
 * relays never collide. Ids arrive from the admin API and the CLI, so {@link recordingPath} accepts only the exact
 * shape: no separators, dots, lower case or other characters can reach the file system.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

import {
  RECORDING_FILE_EXTENSION, RECORDING_ID_PREFIX, ULID_CHARS, ULID_MAX_TIME_MS, ULID_RANDOM_BYTES, ULID_TIME_CHARS
} from './constants.js'
import { RecordingIdInvalidError } from './errors.js'

/** Crockford's base32 alphabet (no I, L, O, U), in value order. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const BITS_PER_CHAR = 5
const CHAR_VALUES = 32

/**
 * A well-formed recording id. The first ULID character is at most `7`: 10 characters carry 50 bits, a ULID's time
 * is 48, so a larger first character would be a time that does not exist.
 */
const RECORDING_ID_RE = new RegExp(`^${RECORDING_ID_PREFIX}[0-7][0-9A-HJKMNP-TV-Z]{${ULID_CHARS - 1}}$`)

/** True when `value` is a well-formed recording id (`rec_` + 26 upper-case Crockford base32 characters). */
export function isRecordingId (value: unknown): value is string {
  return typeof value === 'string' && RECORDING_ID_RE.test(value)
}

/**
 * A new recording id whose time part is `nowMs`. Ids made in the same millisecond are ordered by their random part
 * (the spec's monotonic mode is not needed: nothing depends on the order within a millisecond).
 * Throws RangeError for a time outside 0..2^48-1.
 */
export function newRecordingId (nowMs: number = Date.now(), random: Buffer = randomBytes(ULID_RANDOM_BYTES)): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > ULID_MAX_TIME_MS) throw new RangeError(`ULID time out of range: ${nowMs}`)
  let time = ''
  let t = nowMs
  for (let i = 0; i < ULID_TIME_CHARS; i++) {
    time = CROCKFORD.charAt(t % CHAR_VALUES) + time
    t = Math.floor(t / CHAR_VALUES)
  }
  // 80 random bits, 5 at a time, most significant first.
  let rand = ''
  let acc = 0
  let bits = 0
  for (let i = 0; i < ULID_RANDOM_BYTES; i++) {
    acc = (acc << 8) | (random[i] ?? 0)
    bits += 8
    while (bits >= BITS_PER_CHAR) {
      bits -= BITS_PER_CHAR
      rand += CROCKFORD.charAt((acc >>> bits) & (CHAR_VALUES - 1))
    }
    acc &= (1 << bits) - 1
  }
  return RECORDING_ID_PREFIX + time + rand
}

/** Creation time encoded in a recording id, in Unix ms. Throws RecordingIdInvalidError for a malformed id. */
export function recordingIdTime (id: string): number {
  assertRecordingId(id)
  let t = 0
  for (let i = 0; i < ULID_TIME_CHARS; i++) {
    t = t * CHAR_VALUES + CROCKFORD.indexOf(id.charAt(RECORDING_ID_PREFIX.length + i))
  }
  return t
}

/** Throws RecordingIdInvalidError unless `id` is a well-formed recording id; the message never echoes a long value. */
export function assertRecordingId (id: unknown): asserts id is string {
  if (!isRecordingId(id)) {
    const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 64)) : typeof id
    throw new RecordingIdInvalidError(`invalid recording id ${shown}: expected ${RECORDING_ID_PREFIX} and ${ULID_CHARS} Crockford base32 characters`)
  }
}

/**
 * Path of the recording `id` in the recordings folder `dir`: `<dir>/<id>.kwrec`. Throws RecordingIdInvalidError
 * for anything but a well-formed id, so `../x`, `a/b`, absolute paths and NUL bytes never reach the file system.
 */
export function recordingPath (dir: string, id: string): string {
  assertRecordingId(id)
  return join(dir, id + RECORDING_FILE_EXTENSION)
}

/** The recording id of a file name in a recordings folder, or undefined when the name is not `<id>.kwrec`. */
export function recordingIdFromFileName (name: string): string | undefined {
  if (!name.endsWith(RECORDING_FILE_EXTENSION)) return undefined
  const id = name.slice(0, -RECORDING_FILE_EXTENSION.length)
  return isRecordingId(id) ? id : undefined
}
