import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { HEAD_READ_BYTES } from '../../../relay/recording/constants.js'
import { RecordEncoder, trailerBody } from '../../../relay/recording/frame-codec.js'
import { newRecordingId } from '../../../relay/recording/ids.js'
import { generateSigningKey } from '../../../relay/recording/keys.js'
import { RecordChecker } from '../../../relay/recording/record-checker.js'
import { openRecordingFile, readHeadFrames, readSignedTrailer, scanRecordingFile } from '../../../relay/recording/recording-file.js'

import type { FileHeader } from '../../../relay/recording/record-checker.js'

const signer = generateSigningKey()

async function write (dir: string, groups: string[], sealed: boolean): Promise<string> {
  const id = newRecordingId()
  const enc = new RecordEncoder(id)
  const frames = [
    enc.encode({ header: { formatVersion: 1, recordingId: id, signingPublicKey: signer.publicKeyRaw, signingKeyId: signer.keyId } }, 1),
    enc.encode({ sessionStart: { subject: 'alice', groups } }, 2),
    enc.encode({ usage: {} }, 3)
  ]
  if (sealed) frames.push(enc.encode(trailerBody(signer, id, enc.seq, enc.prevHash, false, 4, enc.chain), 4))
  const path = join(dir, `${id}.kwrec`)
  await writeFile(path, Buffer.concat(frames))
  return path
}

t.test('readHeadFrames reads further when a SessionStart does not fit the first read', async (t) => {
  const dir = t.testdir()
  const path = await write(dir, Array.from({ length: 500 }, (_, i) => `group-${i}-${'x'.repeat(60)}`), false)
  const handle = await openRecordingFile(path)
  t.teardown(async () => { await handle.close() })
  const { size } = await handle.stat()
  t.ok(size > HEAD_READ_BYTES)
  const frames = await readHeadFrames(handle, size, 2)
  t.equal(frames.length, 2)
  t.equal((await readHeadFrames(handle, size, 1)).length, 1)
})

t.test('readSignedTrailer finds the trailer from the last bytes, or nothing for an unsealed file', async (t) => {
  const dir = t.testdir()
  for (const sealed of [true, false]) {
    const path = await write(dir, ['eng'], sealed)
    const handle = await openRecordingFile(path)
    const { size } = await handle.stat()
    const [first] = await readHeadFrames(handle, size, 1)
    const header = first === undefined ? undefined : new RecordChecker().frame(first)?.header as FileHeader
    if (header === undefined) return
    const found = await readSignedTrailer(handle, size, header)
    t.equal(found !== undefined, sealed)
    if (found !== undefined) t.ok(found.offset > 0 && found.offset < size)
    await handle.close()
  }
})

t.test('scanRecordingFile calls back each record in order; a folder is not reported as not found', async (t) => {
  const dir = t.testdir()
  const path = await write(dir, ['eng'], true)
  const handle = await openRecordingFile(path)
  const seen: string[] = []
  const checker = new RecordChecker()
  await scanRecordingFile(handle, (await handle.stat()).size, checker, (r) => seen.push(r.body ?? ''))
  await handle.close()
  t.same(seen, ['header', 'sessionStart', 'usage', 'trailer'])
  t.same(checker.problems, [])
  await mkdir(join(dir, 'folder.kwrec'))
  const h = await openRecordingFile(join(dir, 'folder.kwrec'))
  await t.rejects(h.read(Buffer.alloc(1), 0, 1, 0), { code: 'EISDIR' })
  await h.close()
})
