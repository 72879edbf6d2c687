/**
 * The admin API (`/admin/…` on the relay's TLS listener; docs/admin-api.md): authenticated with the same identity
 * tokens as API clients, authorised by roles that policy (`roles:`) grants to groups. Every call is written to the
 * audit log (component `audit`): who, what, outcome; never a token or a recorded body.
 *
 * Routes:
 *   GET /admin/whoami                               any role        subject, groups, roles
 *   GET /admin/sessions                             any role        live sessions and their in-flight exchanges
 *   POST /admin/sessions/<id>/kill {reason}         admin           end the session's exchanges now, refuse its token
 *   GET /admin/locks                                any role        locks in force
 *   POST /admin/locks {kind,value,reason,until}     admin           refuse a subject/group/token/connection/agent
 *   DELETE /admin/locks/<id>                        admin           lift a lock
 *   GET /admin/approvals                            approver, admin requests held for approval
 *   GET /admin/approvals/feed                       approver, admin SSE: held / approved / denied / timed_out / cancelled
 *   POST /admin/approvals/<id>/approve|deny {comment}  approver, admin (never the requester)
 *   GET /admin/usage?subject=&group=&connection=&model=&since=&by=   auditor, admin  tokens and cost (issue 7)
 *   GET /admin/recordings?subject=&connection=&since=   auditor, admin  summaries (no paths)
 *   GET /admin/recordings/<id>                      auditor, admin  summary, verification, transcript text
 *   GET /admin/recordings/<id>/export?format=pb|jsonl   auditor, admin  the file as stored, or decrypted records as JSONL
 * Recordings are looked up by validated id only (`rec_` + ULID), never by path.
 */
import { constants } from 'node:fs'
import { lstat, open } from 'node:fs/promises'
import { PassThrough } from 'node:stream'

import { GatewayError } from '../../common/errors.js'
import { durationMs, isoTimeMs } from '../../common/time-spec.js'
import { sendError } from '../http/error-body.js'
import { MethodNotAllowedError } from '../http/errors.js'
import { readJsonBody, sendJson } from '../http/json-io.js'
import { RecordingNotFoundError } from '../recording/errors.js'
import { EXPORT_FORMATS, writeJsonl } from '../recording/export.js'
import { assertRecordingId, recordingPath } from '../recording/ids.js'
import { listRecordings, readRecording, verifyRecording } from '../recording/reader.js'
import { buildSessionModel } from '../recording/session-model.js'
import { renderTranscript } from '../recording/transcript.js'
import { SessionEndReason } from '../recording/writer.js'
import { AccessLockedError, SessionKilledError } from '../state/errors.js'
import { LOCK_KINDS, lockMatches } from '../state/state-store.js'
import { keyward } from '../../proto/gen/recording.js'
import { FEED_KEEPALIVE_MS, MAX_FEED_SUBSCRIBERS } from '../approvals/constants.js'
import { AuditLog } from './audit-log.js'
import { ADMIN_PREFIX, MAX_ADMIN_BODY_BYTES, MAX_LOCK_REASON_CHARS, MAX_LOCK_VALUE_CHARS } from './constants.js'
import { AdminBadRequestError, AdminForbiddenError, AdminNotFoundError, AdminRecordingOffError } from './errors.js'

import { formatUsd } from '../spend/prices.js'
import type { SpendStore } from '../state/spend-store.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { Identity, IdentityVerifier } from '../identity/jwt-verifier.js'
import type { PolicyStore } from '../policy/policy-store.js'
import type { Recorder } from '../recording/writer.js'
import type { SessionRegistry } from '../sessions/session-registry.js'
import type { ExportFormat } from '../recording/export.js'
import type { Lock, LockKind, StateStore } from '../state/state-store.js'
import type { ApprovalBroker, ApprovalEvent, PendingApproval } from '../approvals/approval-broker.js'

const EventKind = keyward.recording.v1.SessionEvent.Kind

/** Admin roles, most powerful first. */
export type AdminRole = 'admin' | 'approver' | 'auditor'
const ALL_ROLES: readonly AdminRole[] = ['admin', 'approver', 'auditor']
/** Roles that may read recordings. */
const RECORDING_READERS: readonly AdminRole[] = ['admin', 'auditor']
/** Period `GET /admin/usage` covers when no `since` is given. */
const DEFAULT_USAGE_SINCE = '24h'
/** Roles that may see and decide held requests. */
const APPROVERS: readonly AdminRole[] = ['admin', 'approver']

/** What the admin API works with. */
export interface AdminComponents {
  verifier: IdentityVerifier
  logger: Logger
  policy?: PolicyStore | undefined
  sessions?: SessionRegistry | undefined
  recorder?: Recorder | undefined
  /** The public half of the relay's recording key, PEM (verification of recordings). */
  recordingPublicKey?: string | undefined
  /** Locks and killed tokens. */
  state?: StateStore | undefined
  /** Just-in-time approvals. */
  approvals?: ApprovalBroker | undefined
  /** Where admin actions are written; default: log lines only. */
  audit?: AuditLog | undefined
  /** Spend counters and usage history (issue 7). */
  spend?: SpendStore | undefined
}

/** The roles policy grants to an identity's groups. */
export function rolesOf (identity: Identity, policy: PolicyStore | undefined): AdminRole[] {
  const roles = policy?.current().config.roles
  if (roles === undefined) return []
  const groups = new Set(identity.groups)
  return ALL_ROLES.filter((role) => roles[role].some((g) => groups.has(g)))
}

/** Parses `since`: an ISO time or a duration back from now (`30m`, `12h`, `7d`, `2w`). */
export function parseSince (value: string, now = Date.now()): number {
  const d = durationMs(value)
  const t = d === undefined ? isoTimeMs(value) : now - d
  if (t === undefined) throw new AdminBadRequestError(`since must be an ISO time or a duration like 30m, 12h, 7d; got ${JSON.stringify(value.slice(0, 40))}`)
  return t
}

/** A pending approval as the API shows it. */
function approvalJson (a: PendingApproval): Record<string, unknown> {
  const { createdUnixMs, expiresUnixMs, ...rest } = a
  return { ...rest, created: new Date(createdUnixMs).toISOString(), expires: new Date(expiresUnixMs).toISOString() }
}

/** A lock as the API shows it. */
function lockJson (l: Lock): Record<string, unknown> {
  return {
    id: l.id,
    kind: l.kind,
    value: l.value,
    reason: l.reason,
    actor: l.actor,
    created: new Date(l.createdUnixMs).toISOString(),
    ...(l.untilUnixMs === undefined ? {} : { until: new Date(l.untilUnixMs).toISOString() })
  }
}

/** Parses `until`: an ISO time or a duration from now (`30m`, `12h`, `7d`, `2w`); it must be in the future. */
export function parseUntil (value: string, now = Date.now()): number {
  const d = durationMs(value)
  const t = d === undefined ? isoTimeMs(value) : now + d
  if (t === undefined || t <= now) throw new AdminBadRequestError(`until must be a future ISO time or a duration like 30m, 12h, 7d; got ${JSON.stringify(value.slice(0, 40))}`)
  return t
}

/** Reads a small JSON object body (an empty body is `{}`). */
async function readAdminJson (req: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed = await readJsonBody(req, MAX_ADMIN_BODY_BYTES, { empty: {} })
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AdminBadRequestError('the body must be a JSON object')
  return parsed as Record<string, unknown>
}

/** A string field of an admin body, or undefined; anything else there is a 400. */
function optionalString (body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string') throw new AdminBadRequestError(`${key} must be a string`)
  return v
}

/** Serves `/admin/…`; see the file comment. Never throws. */
export class AdminRouter {
  readonly #c: AdminComponents
  readonly #audit: AuditLog
  #feedSubscribers = 0

  constructor (components: AdminComponents) {
    this.#c = components
    this.#audit = components.audit ?? new AuditLog(undefined, components.logger.child({ component: 'audit' }))
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
      await this.#route(req, url, roles, identity, res)
      await this.#audit.write({ subject: identity.subject, groups: identity.groups, action, outcome: 'ok', status: res.statusCode })
    } catch (err) {
      const code = err instanceof GatewayError ? err.code : 'GW_ERR_HTTP_INTERNAL'
      await this.#audit.write({ subject: identity?.subject, groups: identity?.groups, action, outcome: 'refused', code })
      if (!res.headersSent) sendError(res, err)
      else res.destroy()
    }
  }

  async #route (req: IncomingMessage, url: URL, roles: AdminRole[], identity: Identity, res: ServerResponse): Promise<void> {
    const parts = url.pathname.slice(ADMIN_PREFIX.length).split('/').filter((p) => p !== '')
    const need = (allowed: readonly AdminRole[]): void => {
      if (!roles.some((r) => allowed.includes(r))) throw new AdminForbiddenError(`this route needs one of the roles: ${allowed.join(', ')}`)
    }
    const method = req.method ?? 'GET'
    const only = (...allowed: string[]): void => {
      if (!allowed.includes(method)) throw new MethodNotAllowedError(`use ${allowed.join(' or ')} on ${url.pathname}`, { allow: allowed })
    }
    if (parts[0] === 'approvals') {
      need(APPROVERS)
      await this.#approvals(req, method, parts, identity, only, res)
      return
    }
    if (parts[0] === 'locks') {
      await this.#locks(req, method, parts, identity, need, only, res)
      return
    }
    if (parts.length === 3 && parts[0] === 'sessions' && parts[2] === 'kill') {
      only('POST')
      need(['admin'])
      const body = await readAdminJson(req)
      const reason = optionalString(body, 'reason') ?? ''
      sendJson(res, 200, await this.#kill(parts[1] ?? '', identity.subject, reason))
      return
    }
    only('GET')
    if (parts.length === 1 && parts[0] === 'whoami') {
      sendJson(res, 200, { subject: identity.subject, groups: identity.groups, roles })
      return
    }
    if (parts.length === 1 && parts[0] === 'sessions') {
      sendJson(res, 200, { sessions: this.#sessions() })
      return
    }
    if (parts.length === 1 && parts[0] === 'usage') {
      need(RECORDING_READERS)
      sendJson(res, 200, await this.#usage(url.searchParams))
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

  /** Kills a live session: its token is refused until it expires, every session of that token ends now. */
  async #kill (sessionId: string, actor: string, reason: string): Promise<unknown> {
    const registry = this.#c.sessions
    const session = registry?.find(sessionId)
    if (registry === undefined || session === undefined) throw new AdminNotFoundError(`no live session ${sessionId}`)
    const tokenId = session.identity.tokenId
    await this.#c.state?.killToken(tokenId, session.identity.expiresAt)
    const err = new SessionKilledError(`session terminated by an operator${reason === '' ? '' : `: ${reason}`}`)
    const targets = registry.list().filter((s) => s.identity.tokenId === tokenId)
    await Promise.all(targets.map(async (s) => await registry.terminate(s, { kind: EventKind.KILLED, actor, reason }, err, SessionEndReason.KILLED)))
    return { killed: targets.map((s) => s.id), tokenId, refusedUntil: new Date(session.identity.expiresAt).toISOString() }
  }

  async #locks (req: IncomingMessage, method: string, parts: string[], identity: Identity, need: (r: readonly AdminRole[]) => void, only: (...m: string[]) => void, res: ServerResponse): Promise<void> {
    const state = this.#c.state
    if (state === undefined) throw new AdminNotFoundError('this relay has no lock store')
    const now = Date.now()
    if (parts.length === 1) {
      only('GET', 'POST')
      if (method === 'GET') {
        sendJson(res, 200, { locks: (await state.listLocks(now)).map(lockJson) })
        return
      }
      need(['admin'])
      const body = await readAdminJson(req)
      const kind = optionalString(body, 'kind')
      const value = optionalString(body, 'value')
      if (kind === undefined || !(LOCK_KINDS as readonly string[]).includes(kind)) throw new AdminBadRequestError(`kind must be one of ${LOCK_KINDS.join(', ')}`)
      if (value === undefined || value === '' || value.length > MAX_LOCK_VALUE_CHARS) throw new AdminBadRequestError(`value must be 1-${MAX_LOCK_VALUE_CHARS} characters`)
      const untilText = optionalString(body, 'until')
      const untilUnixMs = untilText === undefined ? undefined : parseUntil(untilText, now)
      const reason = (optionalString(body, 'reason') ?? '').slice(0, MAX_LOCK_REASON_CHARS)
      const lock = await state.addLock({ kind: kind as LockKind, value, reason, actor: identity.subject, untilUnixMs }, now)
      // A new lock also ends the live sessions it matches.
      const registry = this.#c.sessions
      const err = new AccessLockedError(`refused: ${lock.kind} '${lock.value}' was locked by an operator${reason === '' ? '' : ` (${reason})`}`)
      const targets = (registry?.list() ?? []).filter((s) => lockMatches(lock, { subject: s.identity.subject, groups: s.identity.groups, tokenId: s.identity.tokenId, connection: s.connection, agentId: s.agentId }))
      await Promise.all(targets.map(async (s) => await registry?.terminate(s, { kind: EventKind.LOCKED, actor: identity.subject, reason, lockId: lock.id }, err, SessionEndReason.LOCKED)))
      sendJson(res, 201, { lock: lockJson(lock), ended: targets.map((s) => s.id) })
      return
    }
    if (parts.length === 2) {
      only('DELETE')
      need(['admin'])
      const removed = await state.removeLock(parts[1] ?? '')
      if (removed === undefined) throw new AdminNotFoundError(`no lock ${parts[1] ?? ''}`)
      sendJson(res, 200, { removed: lockJson(removed) })
      return
    }
    throw new AdminNotFoundError(`no admin route /admin/${parts.join('/')}`)
  }

  async #approvals (req: IncomingMessage, method: string, parts: string[], identity: Identity, only: (...m: string[]) => void, res: ServerResponse): Promise<void> {
    const broker = this.#c.approvals
    if (broker === undefined) throw new AdminNotFoundError('this relay has no approvals')
    if (parts.length === 1) {
      only('GET')
      sendJson(res, 200, { approvals: broker.list().map(approvalJson) })
      return
    }
    if (parts.length === 2 && parts[1] === 'feed') {
      only('GET')
      this.#feed(broker, res)
      return
    }
    if (parts.length === 3 && (parts[2] === 'approve' || parts[2] === 'deny')) {
      only('POST')
      const body = await readAdminJson(req)
      const comment = optionalString(body, 'comment') ?? ''
      const decided = broker.decide(parts[1] ?? '', identity.subject, parts[2] === 'approve', comment)
      sendJson(res, 200, { approval: approvalJson(decided), outcome: parts[2] === 'approve' ? 'approved' : 'denied', by: identity.subject })
      return
    }
    throw new AdminNotFoundError(`no admin route /admin/${parts.join('/')}`)
  }

  /** The approvals feed: one SSE event per hold and outcome, a comment every FEED_KEEPALIVE_MS. */
  #feed (broker: ApprovalBroker, res: ServerResponse): void {
    if (this.#feedSubscribers >= MAX_FEED_SUBSCRIBERS) throw new AdminBadRequestError(`at most ${MAX_FEED_SUBSCRIBERS} clients may watch the feed at once`)
    this.#feedSubscribers++
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
    // The pending requests first, so a watcher that connects late sees them.
    for (const a of broker.list()) res.write(`event: held\ndata: ${JSON.stringify({ type: 'held', approval: approvalJson(a) })}\n\n`)
    const onEvent = (e: ApprovalEvent): void => {
      const data = { ...e, approval: approvalJson(e.approval), ...(e.grantUntilUnixMs === undefined ? {} : { grantUntil: new Date(e.grantUntilUnixMs).toISOString() }) }
      delete (data as { grantUntilUnixMs?: number }).grantUntilUnixMs
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`)
    }
    broker.on('event', onEvent)
    const keepAlive = setInterval(() => { res.write(': keep-alive\n\n') }, FEED_KEEPALIVE_MS)
    res.once('close', () => {
      this.#feedSubscribers--
      clearInterval(keepAlive)
      broker.off('event', onEvent)
    })
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
      exchanges: [...s.exchanges.values()].map((e) => ({ id: e.id, method: e.method, path: e.path, model: e.model, state: e.state, responseBytes: e.responseBytes, startedAt: new Date(e.startedAt).toISOString() }))
    }))
  }

  /** Usage and spend since `since` (default 24h), filtered by subject/group/connection/model, grouped `by`. */
  async #usage (q: URLSearchParams): Promise<unknown> {
    const store = this.#c.spend
    if (store === undefined) throw new AdminNotFoundError('this relay keeps no usage history')
    const by = q.get('by') ?? 'none'
    if (by !== 'none' && by !== 'model' && by !== 'subject' && by !== 'connection') throw new AdminBadRequestError('by must be model, subject, connection or none')
    const now = Date.now()
    const since = parseSince(q.get('since') ?? DEFAULT_USAGE_SINCE, now)
    const rows = await store.queryUsage({
      subject: q.get('subject') ?? undefined,
      group: q.get('group') ?? undefined,
      connection: q.get('connection') ?? undefined,
      model: q.get('model') ?? undefined,
      sinceUnixMs: since,
      by
    }, now)
    return {
      since: new Date(since).toISOString(),
      by,
      usage: rows.map((r) => ({ ...r, costUsd: formatUsd(r.costNano) }))
    }
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
