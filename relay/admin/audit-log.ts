/**
 * The admin audit log (issue 6): one JSON line per admin API call — when, who (subject and groups), what (method
 * and path, plus the target of the action), the outcome and the status or error code — appended to
 * `<dataDir>/audit/admin-audit.jsonl` (0600 in a 0700 folder) before the call is answered, and mirrored to the
 * relay's log (component `audit`). Tokens, request bodies and recorded content are never written.
 */
import { appendFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'

import { AUDIT_DIR_MODE, AUDIT_FILE_MODE, AUDIT_FILE_NAME, MAX_AUDIT_FIELD_CHARS } from './constants.js'

import type { Logger } from 'pino'

/** One audit entry. */
export interface AuditEntry {
  subject: string | undefined
  groups?: readonly string[] | undefined
  action: string
  outcome: 'ok' | 'refused'
  status?: number
  code?: string | undefined
  /** What the action was about (a session id, lock id, approval id, recording id), when there is one. */
  target?: string | undefined
}

/** Cuts a free-text field to MAX_AUDIT_FIELD_CHARS. */
function cut (s: string): string {
  return s.length > MAX_AUDIT_FIELD_CHARS ? `${s.slice(0, MAX_AUDIT_FIELD_CHARS)}…` : s
}

/** See the file comment. */
export class AuditLog {
  readonly #path: string | undefined
  readonly #log: Logger
  #ready: Promise<void> | undefined

  /** `dir` undefined: log lines only (no file). */
  constructor (dir: string | undefined, logger: Logger) {
    this.#path = dir === undefined ? undefined : join(dir, AUDIT_FILE_NAME)
    this.#log = logger
    if (dir !== undefined) this.#ready = mkdir(dir, { recursive: true, mode: AUDIT_DIR_MODE }).then(() => undefined)
  }

  /** The audit file, if there is one. */
  get path (): string | undefined {
    return this.#path
  }

  /** Appends `entry`; resolves once it is in the file. Never throws (a write failure is logged as an error). */
  async write (entry: AuditEntry): Promise<void> {
    const line = { time: new Date().toISOString(), ...entry, action: cut(entry.action), ...(entry.target === undefined ? {} : { target: cut(entry.target) }) }
    this.#log.info(line, 'admin action')
    if (this.#path === undefined) return
    try {
      await this.#ready
      await appendFile(this.#path, JSON.stringify(line) + '\n', { mode: AUDIT_FILE_MODE })
    } catch (err) {
      this.#log.error({ err, path: this.#path }, 'could not write the admin audit log')
    }
  }
}
