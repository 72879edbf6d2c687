/**
 * The admin API (`/admin/…` on the relay's TLS listener; docs/admin-api.md): authenticated with the same identity
 * tokens as API clients, authorised by roles that policy (`roles:`) grants to groups. Every call is written to the
 * audit log (component `audit`): who, what, outcome; never a token or a recorded body.
 *
 * Routes (the issue-5 part; sessions, kill, locks and approvals come with issue 6):
 *   GET /admin/whoami                               any role        subject, groups, roles
 *   GET /admin/sessions                             any role        live sessions and their in-flight exchanges
 *   GET /admin/recordings?subject=&connection=&since=   auditor, admin  summaries (no paths)
 *   GET /admin/recordings/<id>                      auditor, admin  summary, verification, transcript text
 *   GET /admin/recordings/<id>/export?format=pb|jsonl   auditor, admin  the file as stored, or decrypted records as JSONL
 * Recordings are looked up by validated id only (`rec_` + ULID), never by path.
 */
import { constants } from 'node:fs'
import { lstat, open } from 'node:fs/promises'
import { PassThrough } from 'node:stream'

import { GatewayError } from '../../common/errors.js'
import { sendError } from '../http/error-body.js'
import { MethodNotAllowedError } from '../http/errors.js'
import { RecordingNotFoundError } from '../recording/errors.js'
import { EXPORT_FORMATS, writeJsonl } from '../recording/export.js'
import { assertRecordingId, recordingPath } from '../recording/ids.js'
import { listRecordings, readRecording, verifyRecording } from '../recording/reader.js'
import { buildSessionModel } from '../recording/session-model.js'
import { renderTranscript } from '../recording/transcript.js'
import { ADMIN_PREFIX } from './constants.js'
import { AdminBadRequestError, AdminForbiddenError, AdminNotFoundError, AdminRecordingOffError } from './errors.js'

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { Identity, IdentityVerifier } from '../identity/jwt-verifier.js'
import type { PolicyStore } from '../policy/policy-store.js'
import type { Recorder } from '../recording/writer.js'
import type { SessionRegistry } from '../sessions/session-registry.js'
import type { ExportFormat } from '../recording/export.js'

/** Admin roles, most powerful first. */
export type AdminRole = 'admin' | 'approver' | 'auditor'
const ALL_ROLES: readonly AdminRole[] = ['admin', 'approver', 'auditor']
/** Roles that may read recordings. */
const RECORDING_READERS: readonly AdminRole[] = ['admin', 'auditor']

/** What the admin API works with. */
export interface AdminComponents {
  verifier: IdentityVerifier
  logger: Logger
  policy?: PolicyStore | undefined
  sessions?: SessionRegistry | undefined
  recorder?: Recorder | undefined
  /** The public half of the relay's recording key, PEM (verification of recordings). */
  recordingPublicKey?: string | undefined
}

/** The roles policy grants to an identity's groups. */
export function rolesOf (identity: Identity, policy: PolicyStore | undefined): AdminRole[] {
  const roles = policy?.current().config.roles
  if (roles === undefined) return []
  const groups = new Set(identity.groups)
  return ALL_ROLES.filter((role) => roles[role].some((g) => groups.has(g)))
}

/** Parses `since`: an ISO time or a duration back from now (`30m`, `12h`, `7d`). */
export function parseSince (value: string, now = Date.now()): number {
  const rel = /^(\d{1,9})([smhd])$/.exec(value)
  if (rel !== null) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[rel[2] as 's' | 'm' | 'h' | 'd']
    return now - Number(rel[1]) * unit
  }
  const t = Date.parse(value)
  if (Number.isNaN(t)) throw new AdminBadRequestError(`since must be an ISO time or a duration like 30m, 12h, 7d; got ${JSON.stringify(value.slice(0, 40))}`)
  return t
}

function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

/** Serves `/admin/…`; see the file comment. Never throws. */
export class AdminRouter {
  readonly #c: AdminComponents
  readonly #audit: Logger

  constructor (components: AdminComponents) {
    this.#c = components
    this.#audit = components.logger.child({ component: 'audit' })
  }

  /** True for paths this router serves. */
  static matches (path: string): boolean {
    return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)
  }

  async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://relay.invalid')
    const action = `${req.method ?? 'GET'} ${url.pathname}`
    let identity: Identity | undefined
    try {
      identity = await this.#c.verifier.verify(req.headers.authorization)
      const roles = rolesOf(identity, this.#c.policy)
      if (roles.length === 0) throw new AdminForbiddenError(`'${identity.subject}' holds no admin role (policy roles: admin, approver, auditor)`)
      if (req.method !== 'GET') throw new MethodNotAllowedError('the admin routes of this relay are read-only: use GET', { allow: ['GET'] })
      await this.#route(url, roles, identity, res)
      this.#audit.info({ subject: identity.subject, action, outcome: 'ok', status: res.statusCode }, 'admin action')
    } catch (err) {
      const code = err instanceof GatewayError ? err.code : 'GW_ERR_HTTP_INTERNAL'
      this.#audit.info({ subject: identity?.subject, action, outcome: 'refused', code }, 'admin action')
      if (!res.headersSent) sendError(res, err)
      else res.destroy()
    }
  }

  async #route (url: URL, roles: AdminRole[], identity: Identity, res: ServerResponse): Promise<void> {
    const parts = url.pathname.slice(ADMIN_PREFIX.length).split('/').filter((p) => p !== '')
    const need = (allowed: readonly AdminRole[]): void => {
      if (!roles.some((r) => allowed.includes(r))) throw new AdminForbiddenError(`this route needs one of the roles: ${allowed.join(', ')}`)
    }
    if (parts.length === 1 && parts[0] === 'whoami') {
      sendJson(res, 200, { subject: identity.subject, groups: identity.groups, roles })
      return
    }
    if (parts.length === 1 && parts[0] === 'sessions') {
      sendJson(res, 200, { sessions: this.#sessions() })
      return
    }
    if (parts[0] === 'recordings') {
      need(RECORDING_READERS)
      const recorder = this.#c.recorder
      if (recorder === undefined) throw new AdminRecordingOffError('this relay does not record sessions (recording.enabled: false)')
      if (parts.length === 1) {
        sendJson(res, 200, { recordings: await this.#listRecordings(recorder.dir, url.searchParams) })
        return
      }
      const id = parts[1]
      assertRecordingId(id)
      const path = recordingPath(recorder.dir, id)
      if (parts.length === 2) {
        sendJson(res, 200, await this.#showRecording(id, path))
        return
      }
      if (parts.length === 3 && parts[2] === 'export') {
        await this.#export(id, path, url.searchParams.get('format') ?? 'pb', res)
        return
      }
    }
    throw new AdminNotFoundError(`no admin route ${url.pathname}`)
  }

  #sessions (): unknown[] {
    const now = Date.now()
    return (this.#c.sessions?.list() ?? []).map((s) => ({
      id: s.id,
      subject: s.identity.subject,
      groups: s.identity.groups,
      tokenId: s.identity.tokenId,
      connection: s.connection,
      recordingId: s.recording?.id,
      startedAt: new Date(s.startedAt).toISOString(),
      idleMs: now - s.lastActivity,
      exchanges: [...s.exchanges.values()].map((e) => ({ id: e.id, method: e.method, path: e.path, model: e.model, startedAt: new Date(e.startedAt).toISOString() }))
    }))
  }

  async #listRecordings (dir: string, q: URLSearchParams): Promise<unknown[]> {
    const subject = q.get('subject') ?? undefined
    const connection = q.get('connection') ?? undefined
    const sinceText = q.get('since')
    const since = sinceText === null ? undefined : parseSince(sinceText)
    const all = await listRecordings(dir)
    return all
      .filter((s) => (subject === undefined || s.subject === subject) && (connection === undefined || s.connection === connection) && (since === undefined || s.createdUnixMs >= since))
      .map(({ path: _path, ...summary }) => summary)
  }

  async #showRecording (id: string, path: string): Promise<unknown> {
    const [contents, verify] = await Promise.all([
      readRecording(path),
      verifyRecording(path, this.#c.recordingPublicKey === undefined ? {} : { trustedPublicKey: this.#c.recordingPublicKey })
    ])
    const model = buildSessionModel(contents.records)
    return {
      id,
      sealed: contents.sealed,
      truncated: contents.truncated,
      problems: contents.problems,
      verify: { ok: verify.ok, problems: verify.problems, keyTrusted: verify.keyTrusted, signingKeyId: verify.signingKeyId },
      subject: model.sessionStart?.subject,
      connection: model.sessionStart?.connection,
      exchanges: model.exchanges.length,
      transcript: renderTranscript({ model, sealed: contents.sealed, truncated: contents.truncated, problems: contents.problems })
    }
  }

  async #export (id: string, path: string, format: string, res: ServerResponse): Promise<void> {
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new AdminBadRequestError(`format must be one of ${EXPORT_FORMATS.join(', ')}`)
    if ((format as ExportFormat) === 'jsonl') {
      const contents = await readRecording(path)
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="${id}.jsonl"`, 'cache-control': 'no-store' })
      const out = new PassThrough()
      out.pipe(res)
      await writeJsonl(contents.records, out)
      out.end()
      return
    }
    // The stored bytes, unchanged, so the copy still verifies. A missing id is a 404; a symlink is never followed.
    const st = await lstat(path).catch(() => undefined)
    if (st === undefined || !st.isFile()) throw new RecordingNotFoundError(`no recording ${id}`)
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
    // A live recording grows while it is read: send the bytes that were there when it was looked up.
    const file = handle.createReadStream({ start: 0, end: Math.max(0, st.size - 1) })
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size, 'content-disposition': `attachment; filename="${id}.kwrec"`, 'cache-control': 'no-store' })
    await new Promise<void>((resolve) => {
      file.pipe(res)
      file.once('error', () => { res.destroy() })
      res.once('close', resolve)
    })
  }
}
