/**
 * The file operations the recorder writes through, as an interface so tests can inject faults (a failing write, ENOSPC
 * on `fdatasync`) and count syncs. {@link nodeFileOps} is the real thing on node:fs.
 */
import { writeSync } from 'node:fs'
import { open } from 'node:fs/promises'

/** An open recording file: the subset of node's FileHandle the recorder and recovery use. */
export interface RecordingFileHandle {
  /** Writes `length` bytes of `buffer` from `offset` at file `position`; may write fewer (the caller loops). */
  write: (buffer: Buffer, offset: number, length: number, position: number) => Promise<{ bytesWritten: number }>
  /** fdatasync(2): the written data (and the size) reach the disk. */
  datasync: () => Promise<void>
  /** Cuts the file to `length` bytes. */
  truncate: (length: number) => Promise<void>
  close: () => Promise<void>
}

/** How the recorder opens files and makes new directory entries durable. */
export interface RecordingFileOps {
  /** Opens `path` with fs `flags` ('wx' to create, 'r+' to repair), creating it with `mode`. */
  open: (path: string, flags: string, mode: number) => Promise<RecordingFileHandle>
  /**
   * fsync(2) on the directory `dir`, so files created in it survive a crash (POSIX leaves the entry in the page
   * cache otherwise). A no-op where directories cannot be opened (Windows).
   */
  syncDir: (dir: string) => Promise<void>
}

/**
 * {@link RecordingFileOps} on node:fs. Writes are synchronous `pwrite`s into the page cache on the calling thread
 * (as pino's default destination writes): a thread-pool round trip cost 60 µs of CPU per commit on the project's
 * VMs against about 6 µs for the write itself. Only `fdatasync`, which waits for the disk, goes to the thread pool.
 */
export const nodeFileOps: RecordingFileOps = Object.freeze({
  async open (path: string, flags: string, mode: number): Promise<RecordingFileHandle> {
    const handle = await open(path, flags, mode)
    return {
      write: async (buffer: Buffer, offset: number, length: number, position: number) => ({ bytesWritten: writeSync(handle.fd, buffer, offset, length, position) }),
      datasync: async () => { await handle.datasync() },
      truncate: async (length: number) => { await handle.truncate(length) },
      close: async () => { await handle.close() }
    }
  },
  async syncDir (dir: string): Promise<void> {
    /* c8 ignore next -- Windows cannot open a directory for fsync; NTFS journals the entry */
    if (process.platform === 'win32') return
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  }
})

/** Writes all of `data` at `position`, looping over short writes. */
export async function writeFully (handle: RecordingFileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0
  while (done < data.byteLength) {
    const { bytesWritten } = await handle.write(data, done, data.byteLength - done, position + done)
    if (bytesWritten <= 0) throw new Error(`write made no progress at offset ${position + done}`)
    done += bytesWritten
  }
}
