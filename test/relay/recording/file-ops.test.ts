import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { nodeFileOps, writeFully } from '../../../relay/recording/file-ops.js'

import type { RecordingFileHandle } from '../../../relay/recording/file-ops.js'

t.test('nodeFileOps creates exclusively, writes at positions, truncates, syncs data and directories', async (t) => {
  const dir = t.testdir()
  const path = join(dir, 'f')
  const h = await nodeFileOps.open(path, 'wx', 0o600)
  await writeFully(h, Buffer.from('hello world'), 0)
  await writeFully(h, Buffer.from('W'), 6)
  await h.datasync()
  await h.truncate(8)
  await h.close()
  await nodeFileOps.syncDir(dir)
  t.equal(await readFile(path, 'utf8'), 'hello Wo')
  await t.rejects(nodeFileOps.open(path, 'wx', 0o600), { code: 'EEXIST' })
})

t.test('writeFully loops over short writes and refuses a write that makes no progress', async (t) => {
  const calls: Array<[number, number, number]> = []
  const short: RecordingFileHandle = {
    write: async (_buf, offset, length, position) => {
      calls.push([offset, length, position])
      return { bytesWritten: Math.min(3, length) }
    },
    datasync: async () => {},
    truncate: async () => {},
    close: async () => {}
  }
  await writeFully(short, Buffer.alloc(7), 100)
  t.same(calls, [[0, 7, 100], [3, 4, 103], [6, 1, 106]])
  const stuck: RecordingFileHandle = { ...short, write: async () => ({ bytesWritten: 0 }) }
  await t.rejects(writeFully(stuck, Buffer.alloc(2), 5), /no progress at offset 5/)
})
