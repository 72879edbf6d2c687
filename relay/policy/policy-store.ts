/**
 * Holds the policy in force and reloads it without a restart (THREATS.md §F.6).
 *
 * A reload reads the whole file (size-capped, strict UTF-8, YAML with duplicate keys refused), validates and
 * compiles it, and only then swaps it in: an invalid, unreadable or oversized file is refused with every problem
 * logged, 'reload-failed' is emitted, and the last good policy stays in force while traffic continues. Reloads are
 * serialised, and a file whose bytes did not change is not recompiled.
 *
 * Triggers: `reload()` (the relay hooks SIGHUP to it) and `watch()`, which watches the file's *directory*, not the
 * file: editors and Kubernetes ConfigMap updates replace the file by rename, which a watch on the old inode misses.
 */
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { closeSync, fstatSync, openSync, readSync, watch as fsWatch } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname } from 'node:path'

import { silentLogger } from '../../common/logger.js'
import { MAX_POLICY_FILE_BYTES, POLICY_WATCH_DEBOUNCE_MS } from './constants.js'
import { PolicyInvalidError } from './errors.js'
import { compilePolicy, emptyPolicy, parsePolicyYaml, policyInvalid } from './policy-compiler.js'

import type { FSWatcher } from 'node:fs'
import type { Logger } from '../../common/logger.js'
import type { CompiledPolicy } from './policy-compiler.js'

/** Collaborators of {@link PolicyStore}. */
export interface PolicyStoreComponents {
  /** Where load and reload outcomes are logged; default silent. */
  logger?: Logger
}

/** Options of {@link PolicyStore}. */
export interface PolicyStoreInit {
  /** Quiet period after the last file-system event before `watch()` reloads, in ms; default POLICY_WATCH_DEBOUNCE_MS. */
  debounceMs?: number
}

/** Events a {@link PolicyStore} emits. */
export interface PolicyStoreEvents {
  /** A changed, valid policy was swapped in. */
  reloaded: [policy: CompiledPolicy]
  /** A reload was refused; the previous policy is still in force. */
  'reload-failed': [error: PolicyInvalidError]
}

/** Outcome of {@link PolicyStore.reload}. */
export type ReloadResult =
  | { ok: true, /** False when the file's bytes were unchanged (nothing was swapped). */ changed: boolean, policy: CompiledPolicy }
  | { ok: false, error: PolicyInvalidError }

/** The bytes of a policy file, decoded, and their hash. */
interface PolicyText { text: string, sha256: string }

/** Decodes a policy file's bytes (strict UTF-8) and hashes them. */
function decodePolicy (path: string, bytes: Buffer): PolicyText {
  if (bytes.length > MAX_POLICY_FILE_BYTES) {
    throw policyInvalid(path, [`(file) the policy file is larger than the limit of ${MAX_POLICY_FILE_BYTES} bytes`])
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (err) {
    throw policyInvalid(path, ['(file) the policy file is not valid UTF-8'], err)
  }
  return { text, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** Wraps a read failure (missing file, permissions, a directory) as PolicyInvalidError. */
function readFailure (path: string, err: unknown): PolicyInvalidError {
  if (err instanceof PolicyInvalidError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? String(err)
  return policyInvalid(path, [`(file) cannot read the policy file: ${code}`], err)
}

/**
 * Reads at most MAX_POLICY_FILE_BYTES + 1 bytes, synchronously (startup only). The read is bounded by the cap,
 * not by the size stat reported, so a file that grows between stat and read cannot make us read more.
 */
function readPolicyFileSync (path: string): PolicyText {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const st = fstatSync(fd)
    if (!st.isFile()) throw policyInvalid(path, ['(file) the policy path is not a regular file'])
    if (st.size > MAX_POLICY_FILE_BYTES) throw policyInvalid(path, [`(file) the policy file is ${st.size} bytes; the limit is ${MAX_POLICY_FILE_BYTES}`])
    const buf = Buffer.alloc(MAX_POLICY_FILE_BYTES + 1)
    let n = 0
    for (let got = -1; got !== 0 && n < buf.length;) {
      got = readSync(fd, buf, n, buf.length - n, null)
      n += got
    }
    return decodePolicy(path, buf.subarray(0, n))
  } catch (err) {
    throw readFailure(path, err)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The asynchronous twin of {@link readPolicyFileSync}, for reloads on a live relay. */
async function readPolicyFile (path: string): Promise<PolicyText> {
  let fh
  try {
    fh = await open(path, 'r')
    const st = await fh.stat()
    if (!st.isFile()) throw policyInvalid(path, ['(file) the policy path is not a regular file'])
    if (st.size > MAX_POLICY_FILE_BYTES) throw policyInvalid(path, [`(file) the policy file is ${st.size} bytes; the limit is ${MAX_POLICY_FILE_BYTES}`])
    const buf = Buffer.alloc(MAX_POLICY_FILE_BYTES + 1)
    let n = 0
    for (let got = -1; got !== 0 && n < buf.length;) {
      got = (await fh.read(buf, n, buf.length - n, null)).bytesRead
      n += got
    }
    return decodePolicy(path, buf.subarray(0, n))
  } catch (err) {
    throw readFailure(path, err)
  } finally {
    await fh?.close()
  }
}

/** Parses, validates and compiles policy text; throws PolicyInvalidError listing every problem. */
function compileText (path: string, t: PolicyText): CompiledPolicy {
  return compilePolicy(parsePolicyYaml(t.text, path), path, { sha256: t.sha256 })
}

/** The policy in force, with validated hot reload. Long-lived: call `close()` on shutdown. */
export class PolicyStore extends EventEmitter<PolicyStoreEvents> {
  /** The policy file, or undefined for a store built from an object (then `reload` and `watch` do nothing). */
  readonly path: string | undefined
  private policy: CompiledPolicy
  private readonly log: Logger
  private readonly debounceMs: number
  private watcher: FSWatcher | undefined
  private timer: NodeJS.Timeout | undefined
  /** The reload in progress (or the last one): reloads run one after another, never interleaved. */
  private chain: Promise<unknown> = Promise.resolve()

  private constructor (path: string | undefined, policy: CompiledPolicy, components: PolicyStoreComponents, init: PolicyStoreInit) {
    super()
    this.path = path
    this.policy = policy
    this.log = (components.logger ?? silentLogger()).child({ component: 'policy' })
    this.debounceMs = init.debounceMs ?? POLICY_WATCH_DEBOUNCE_MS
  }

  /**
   * Loads and compiles the policy file at `path` (synchronously: startup). Throws PolicyInvalidError listing every
   * problem when the file is missing, unreadable, larger than MAX_POLICY_FILE_BYTES, not UTF-8 or YAML, or invalid.
   */
  static load (path: string, components: PolicyStoreComponents = {}, init: PolicyStoreInit = {}): PolicyStore {
    const store = new PolicyStore(path, compileText(path, readPolicyFileSync(path)), components, init)
    store.logLoaded('policy loaded')
    return store
  }

  /** A store holding a policy given as a plain object (tests, embedding); throws PolicyInvalidError like `load`. */
  static fromObject (obj: unknown, components: PolicyStoreComponents = {}, source = '(object)'): PolicyStore {
    return new PolicyStore(undefined, compilePolicy(obj, source), components, {})
  }

  /** A store holding the empty policy (allow everything, mask nothing), for a relay started without a policy file. */
  static empty (components: PolicyStoreComponents = {}): PolicyStore {
    return new PolicyStore(undefined, emptyPolicy(), components, {})
  }

  /** The policy in force. Take it once per request, so one request is evaluated against one policy. */
  current (): CompiledPolicy {
    return this.policy
  }

  /**
   * Re-reads the file and swaps the new policy in if it is valid. Never rejects: an invalid file yields
   * `{ ok: false, error }`, logs every problem, emits 'reload-failed' and leaves the current policy in force.
   */
  async reload (): Promise<ReloadResult> {
    const next = this.chain.then(async () => await this.reloadNow())
    // A throwing 'reloaded' listener rejects this call only; the chain must stay usable for the next reload.
    this.chain = next.then(() => undefined, () => undefined)
    return await next
  }

  private async reloadNow (): Promise<ReloadResult> {
    const path = this.path
    if (path === undefined) return { ok: true, changed: false, policy: this.policy }
    try {
      const text = await readPolicyFile(path)
      if (text.sha256 === this.policy.sha256) return { ok: true, changed: false, policy: this.policy }
      this.policy = compileText(path, text)
    } catch (err) {
      const error = err instanceof PolicyInvalidError ? err : policyInvalid(path, [`(internal) ${String(err)}`], err)
      this.log.error({ path, code: error.code, problems: error.problems }, 'policy reload refused; the last good policy stays in force')
      this.emit('reload-failed', error)
      return { ok: false, error }
    }
    this.logLoaded('policy reloaded')
    this.emit('reloaded', this.policy)
    return { ok: true, changed: true, policy: this.policy }
  }

  /**
   * Reloads after file-system changes to the policy file, debounced by `debounceMs`. Watches the file's directory
   * and reacts to events naming the file, or Kubernetes' `..data`-style entries; unchanged bytes are not recompiled.
   * Does nothing for a store without a file, or when already watching.
   */
  watch (): void {
    const path = this.path
    if (path === undefined || this.watcher !== undefined) return
    const name = basename(path)
    this.watcher = fsWatch(dirname(path), { persistent: false }, (_event, filename) => {
      if (filename !== null && filename !== name && !filename.startsWith('..')) return
      clearTimeout(this.timer)
      this.timer = setTimeout(() => { void this.reload() }, this.debounceMs)
      this.timer.unref()
    })
    this.watcher.on('error', (err) => {
      // The directory went away or the watch limit was hit: keep the policy in force, SIGHUP still works.
      this.log.warn({ path, err }, 'policy file watch failed; reload with SIGHUP')
      this.stopWatching()
    })
  }

  /** Stops watching and cancels a pending debounced reload. The policy stays readable. */
  close (): void {
    this.stopWatching()
  }

  private stopWatching (): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.watcher?.close()
    this.watcher = undefined
  }

  private logLoaded (msg: string): void {
    const p = this.policy
    this.log.info({ path: this.path, sha256: p.sha256, access: p.access.length, deny: p.deny.length, limits: p.limits.length }, msg)
  }
}
