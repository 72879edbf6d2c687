import { spawnSync } from 'node:child_process'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import { acquireDirLock } from '../../../relay/recording/dir-lock.js'

/** The pid of a process that has exited (a finished child). */
function deadPid (): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  return Number(child.stdout)
}

t.test('takes the lock with O_EXCL, holds the pid, refuses a second holder, releases idempotently', async (t) => {
  const dir = t.testdir()
  const lock = await acquireDirLock(dir)
  t.equal(lock.path, join(dir, '.lock'))
  t.equal(await readFile(lock.path, 'utf8'), `${process.pid}\n`)
  t.equal((await stat(lock.path)).mode & 0o777, 0o600)
  await t.rejects(acquireDirLock(dir), { code: 'GW_ERR_RECORDING_DIR_LOCKED', message: new RegExp(`locked by process ${process.pid}`) })
  await lock.release()
  await lock.release()
  const again = await acquireDirLock(dir)
  await again.release()
})

t.test('refuses a lock held by another live process', async (t) => {
  const dir = t.testdir()
  await writeFile(join(dir, '.lock'), `${process.ppid}\n`)
  await t.rejects(acquireDirLock(dir), { code: 'GW_ERR_RECORDING_DIR_LOCKED', message: new RegExp(`process ${process.ppid}`) })
})

t.test('takes over a stale lock (dead pid) or one that holds no pid', async (t) => {
  const dir = t.testdir()
  const dead = deadPid()
  await writeFile(join(dir, '.lock'), `${dead}\n`)
  const lock = await acquireDirLock(dir)
  t.equal(await readFile(lock.path, 'utf8'), `${process.pid}\n`)
  await lock.release()
  await writeFile(join(dir, '.lock'), 'garbage')
  const second = await acquireDirLock(dir)
  await second.release()
})

t.test('a folder that cannot hold the lock fails with GW_ERR_RECORDING_DIR_LOCKED', async (t) => {
  await t.rejects(acquireDirLock(join(t.testdir(), 'missing')), { code: 'GW_ERR_RECORDING_DIR_LOCKED', message: /cannot take/ })
})
