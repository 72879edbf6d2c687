import { join } from 'node:path'

import t from 'tap'

import { ULID_MAX_TIME_MS } from '../../../relay/recording/constants.js'
import {
  assertRecordingId, isRecordingId, newRecordingId, recordingIdFromFileName, recordingIdTime, recordingPath
} from '../../../relay/recording/ids.js'

t.test('makes rec_ + 26 Crockford base32 characters that round-trip their time', async (t) => {
  const now = 1_700_000_000_123
  const id = newRecordingId(now)
  t.match(id, /^rec_[0-9A-HJKMNP-TV-Z]{26}$/)
  t.ok(isRecordingId(id))
  t.equal(recordingIdTime(id), now)
  t.equal(recordingIdTime(newRecordingId(0)), 0)
  t.equal(recordingIdTime(newRecordingId(ULID_MAX_TIME_MS)), ULID_MAX_TIME_MS)
  t.not(newRecordingId(now), newRecordingId(now), 'the random part differs')
})

t.test('encodes the 80 random bits exactly (known vector)', async (t) => {
  // 10 bytes of 0xff are 80 one bits: sixteen 'Z'; 0x00.. are sixteen '0'.
  t.equal(newRecordingId(0, Buffer.alloc(10, 0xff)), 'rec_0000000000ZZZZZZZZZZZZZZZZ')
  t.equal(newRecordingId(1, Buffer.alloc(10, 0)), 'rec_00000000010000000000000000')
  // 0x84 0x21 ... = 10000 10000 10000 ... (repeating 5-bit 16 = 'G').
  const g = Buffer.from([0x84, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10])
  t.equal(newRecordingId(0, g).slice(14), 'G'.repeat(16))
})

t.test('ids sort by creation time as plain strings', async (t) => {
  const times = [5, 1_000, 1_600_000_000_000, 1_700_000_000_000, 2 ** 45]
  const ids = times.map((ms) => newRecordingId(ms))
  t.same([...ids].sort(), ids)
})

t.test('refuses times outside the 48-bit range', async (t) => {
  t.throws(() => newRecordingId(-1), RangeError)
  t.throws(() => newRecordingId(ULID_MAX_TIME_MS + 1), RangeError)
  t.throws(() => newRecordingId(1.5), RangeError)
})

t.test('recordingPath refuses ids with path characters with GW_ERR_RECORDING_ID_INVALID', async (t) => {
  const dir = '/data/recordings'
  const good = newRecordingId(1_700_000_000_000)
  t.equal(recordingPath(dir, good), join(dir, `${good}.kwrec`))
  const bad = [
    '', 'rec_', '../etc/passwd', `${good}/..`, `../${good}`, `/abs/${good}`, `${good}.kwrec`, good.toLowerCase(),
    `${good}\u0000`, `rec_${'I'.repeat(26)}`, `rec_${'0'.repeat(25)}`, `rec_${'0'.repeat(27)}`, `rec_8${'0'.repeat(25)}`,
    'rec_0000000000000000000000000/', 'rec_..', 'x'.repeat(5000)
  ]
  for (const id of bad) {
    t.throws(() => recordingPath(dir, id), { code: 'GW_ERR_RECORDING_ID_INVALID', status: 400 }, JSON.stringify(id.slice(0, 40)))
    t.notOk(isRecordingId(id))
  }
  t.throws(() => assertRecordingId(42), { code: 'GW_ERR_RECORDING_ID_INVALID', message: /number/ })
  t.throws(() => recordingIdTime('rec_nope'), { code: 'GW_ERR_RECORDING_ID_INVALID' })
})

t.test('recordingIdFromFileName accepts only <id>.kwrec', async (t) => {
  const id = newRecordingId(1)
  t.equal(recordingIdFromFileName(`${id}.kwrec`), id)
  t.equal(recordingIdFromFileName(id), undefined)
  t.equal(recordingIdFromFileName(`${id}.kwrec.tmp`), undefined)
  t.equal(recordingIdFromFileName('.lock'), undefined)
  t.equal(recordingIdFromFileName('rec_bad.kwrec'), undefined)
})
