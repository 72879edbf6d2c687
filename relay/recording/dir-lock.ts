/**
 * The recordings folder's lock file, `<dir>/.lock`: one relay per data dir.
 *
 * Crash recovery seals every recording without a trailer; a second relay on the same folder would "recover" the
 * first one's live files. The lock is created with O_EXCL and holds the owner's pid. A lock whose pid is no longer
 * alive (a relay that crashed) is taken over. This guards against accidents on one host; it is not a cluster lock
 * (pids mean nothing across hosts or containers sharing a volume), so many relays need one data dir each.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { LOCK_FILE_NAME, PRIVATE_FILE_MODE } from './constants.js'
import { RecordingDirLockedError } from './errors.js'
import { errnoCode } from './keys.js'

/** A held lock; `release()` removes the file (idempotent). */
export interface DirLock {
  readonly path: string
  release: () => Promise<void>
}

/** True when a process with `pid` exists (EPERM: it exists but belongs to another user). */
function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err: unknown) {
    return errnoCode(err) === 'EPERM'
  }
}

/**
 * Takes the lock on `dir`. Throws RecordingDirLockedError when a live process (this one included) holds it. A lock
 * whose pid is dead, or whose content is not a pid, is replaced.
 */
export async function acquireDirLock (dir: string, pid: number = process.pid): Promise<DirLock> {
  const path = join(dir, LOCK_FILE_NAME)
  // Two attempts: the second follows removing a stale lock.
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${pid}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE })
      break
    } catch (err: unknown) {
      if (errnoCode(err) !== 'EEXIST' || attempt > 0) throw lockError(path, err)
    }
    const text = await readFile(path, 'utf8').catch(() => '')
    const owner = Number.parseInt(text.trim(), 10)
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
      throw new RecordingDirLockedError(`recordings folder ${dir} is locked by process ${owner} (${path}); one relay per data dir`)
    }
    await unlink(path).catch(() => undefined)
  }
  let released = false
  return {
    path,
    async release (): Promise<void> {
      if (released) return
      released = true
      await unlink(path).catch(() => undefined)
    }
  }
}

function lockError (path: string, err: unknown): RecordingDirLockedError {
  return new RecordingDirLockedError(`cannot take the recordings lock ${path}`, { cause: err })
}
