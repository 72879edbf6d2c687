/** Child processes of the end-to-end bench: spawn with prefixed stderr, run-to-completion, readiness polling, teardown. */
import { execFile, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { get } from 'node:https'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

import type { ChildProcess } from 'node:child_process'

const children = new Set<ChildProcess>()
const labels = new WeakMap<ChildProcess, string>()


function prefixStderr (child: ChildProcess, label: string): void {
  if (child.stderr === null) return
  createInterface({ input: child.stderr }).on('line', (line) => process.stderr.write(`[${label}] ${line}\n`))
}

/**
 * CPU time (user + system) process `pid` has used so far, in ms, from /proc/<pid>/stat; NaN where that cannot be
 * read (not Linux, or the process is gone).
 */
export function cpuMsOf (pid: number | undefined): number {
  if (pid === undefined) return Number.NaN
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return ticks * 1000 / CLOCK_TICKS_PER_S
  } catch {
    return Number.NaN
  }
}

/** All CPUs' idle and total time so far, in USER_HZ ticks, from /proc/stat; NaN where that cannot be read. */
export function machineTicks (): { idle: number, total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? ''
    // "cpu  user nice system idle iowait irq softirq steal …": idle time is idle + iowait.
    const t = line.trim().split(/\s+/).slice(1).map(Number)
    return { idle: (t[3] ?? 0) + (t[4] ?? 0), total: t.reduce((a, b) => a + b, 0) }
  } catch {
    return { idle: Number.NaN, total: Number.NaN }
  }
}

/**
 * Writes every dirty page of the machine to disk (sync(1)) and waits for it. An A/B group calls it before deploying
 * its relays, so the recordings earlier groups left in the page cache are not written back under its rounds: with
 * ext4's ordered journal a recording relay's `fdatasync` would pay for them (the recording rows of a full run came
 * out 5–10% lower than the same rows run alone, their relays' CPU per stream several times higher).
 */
export function flushDirtyPages (): void {
  spawnSync('sync', { stdio: 'ignore' })
}

/** USER_HZ: the unit of /proc/<pid>/stat times (100 on every Linux this runs on). */
const CLOCK_TICKS_PER_S = 100

/** Starts a long-running node child (`args` after the node binary); it is stopped by stopChildren(). */
export function startChild (label: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  labels.set(child, label)
  child.once('exit', () => children.delete(child))
  prefixStderr(child, label)
  return child
}

/** Resolves with the first stdout line of `child`, parsed as JSON; rejects if it exits first or after `timeoutMs`. */
export async function firstJsonLine (child: ChildProcess, timeoutMs = 10_000): Promise<unknown> {
  if (child.stdout === null) throw new Error('child has no stdout pipe')
  const lines = createInterface({ input: child.stdout })
  const done = new AbortController()
  const signal = AbortSignal.any([done.signal, AbortSignal.timeout(timeoutMs)])
  try {
    const [line] = await Promise.race([
      once(lines, 'line', { signal }),
      once(child, 'exit', { signal }).then(([code]) => { throw new Error(`child exited (${String(code)}) before printing`) })
    ]) as [string]
    return JSON.parse(line)
  } finally {
    done.abort()
  }
}

/** Runs `node <args>` to completion; resolves with its trimmed stdout, rejects with its stderr on a non-zero exit. */
export async function runNode (args: string[]): Promise<string> {
  return await new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`node ${args.join(' ')} failed: ${err.message}\n${stderr}`))
      else resolve(stdout.trim())
    })
  })
}

/** A TCP port that was free a moment ago on 127.0.0.1 (listen on 0, read it, close). */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

async function httpsStatus (url: string, ca: string): Promise<number> {
  return await new Promise((resolve, reject) => {
    const req = get(url, { ca, timeout: 2_000 }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject).on('timeout', () => req.destroy(new Error('timeout')))
  })
}

/** Polls `url` until it answers 200; `ca()` is re-read each try because the dev CA appears once the relay started. */
export async function waitFor200 (url: string, ca: () => string, watched: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (watched.exitCode !== null) throw new Error(`process exited (${watched.exitCode}) while waiting for ${url}`)
    try {
      const status = await httpsStatus(url, ca())
      if (status === 200) return
      last = `status ${status}`
    } catch (err: unknown) {
      last = err instanceof Error ? err.message : String(err)
    }
    await sleep(100)
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`)
}

/**
 * Stops every child still running, newest first (agent before relay before provider): SIGTERM, then SIGKILL after
 * `graceMs` (the daemons drain on SIGTERM; a CPU profile is only written on a clean exit).
 */
export async function stopChildren (graceMs: number): Promise<void> {
  for (const child of [...children].reverse()) await stopChild(child, graceMs)
}

/** Stops one child (if still running) as {@link stopChildren} does, and resolves once it exited. */
export async function stopChild (child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => {
    process.stderr.write(`bench: ${labels.get(child) ?? 'child'} still draining ${graceMs} ms after SIGTERM; killing it\n`)
    child.kill('SIGKILL')
  }, graceMs)
  await exited
  clearTimeout(timer)
}

// Last resort if the bench itself dies: no orphaned daemons.
process.once('exit', () => { for (const child of children) child.kill('SIGKILL') })
