/**
 * Just-in-time approvals (issue 6): a request that matches a `hold` rule waits here until an approver decides,
 * or its timeout passes. Approvers see pending requests (who asked, what, which rule held it) through the admin
 * API and its SSE feed; a webhook can be told too. The requester can never decide on their own request. An approval
 * may grant a window in which the same subject's requests matching the same rule pass without another hold.
 *
 * State is in this process (one relay); bounded by MAX_PENDING_APPROVALS and MAX_GRANTS.
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'

import { APPROVAL_PROMPT_EXCERPT_CHARS, MAX_APPROVAL_COMMENT_CHARS, MAX_GRANTS, MAX_PENDING_APPROVALS } from './constants.js'
import { ApprovalDeniedError, ApprovalNotFoundError, ApprovalQueueFullError, ApprovalSelfError, ApprovalTimeoutError } from './errors.js'

/** A request waiting for a decision, as approvers see it. */
export interface PendingApproval {
  id: string
  exchangeId: string
  sessionId: string
  subject: string
  groups: readonly string[]
  connection: string
  method: string
  path: string
  model: string | undefined
  /** The hold rule that matched. */
  rule: string
  /** The start of the prompt text (APPROVAL_PROMPT_EXCERPT_CHARS). */
  prompt: string
  createdUnixMs: number
  expiresUnixMs: number
}

/** What the held request learns when it may go on. */
export interface ApprovalGranted {
  /** 'grant' when a just-in-time grant let it through without a hold. */
  by: 'approver' | 'grant'
  actor: string
  comment: string
}

/** An event of the approvals feed. */
export interface ApprovalEvent {
  type: 'held' | 'approved' | 'denied' | 'timed_out' | 'cancelled'
  approval: PendingApproval
  actor?: string
  comment?: string
  /** For `approved` with a grant: until when the same subject's matching requests pass. */
  grantUntilUnixMs?: number
}

/** What `hold` needs besides the pending approval's fields. */
export interface HoldInit extends Omit<PendingApproval, 'id' | 'createdUnixMs' | 'expiresUnixMs' | 'prompt'> {
  prompt: string
  timeoutMs: number
  grantMs: number
  /** Aborts the wait (the client went away): the approval is withdrawn. */
  signal?: AbortSignal
}

interface Waiting {
  approval: PendingApproval
  grantMs: number
  timer: NodeJS.Timeout
  resolve: (g: ApprovalGranted) => void
  reject: (e: Error) => void
}

/** See the file comment. Emits 'event' (ApprovalEvent) for every hold and outcome. */
export class ApprovalBroker extends EventEmitter<{ event: [ApprovalEvent] }> {
  readonly #pending = new Map<string, Waiting>()
  /** `<subject>\n<rule>` → grant expiry, Unix ms. */
  readonly #grants = new Map<string, number>()
  readonly #now: () => number

  constructor (options: { now?: () => number } = {}) {
    super()
    this.#now = options.now ?? Date.now
  }

  /** Requests waiting now, oldest first. */
  list (): PendingApproval[] {
    return [...this.#pending.values()].map((w) => ({ ...w.approval }))
  }

  /** A just-in-time grant covers this subject and rule now. */
  granted (subject: string, rule: string): boolean {
    const key = `${subject}\n${rule}`
    const until = this.#grants.get(key)
    if (until === undefined) return false
    if (this.#now() >= until) {
      this.#grants.delete(key)
      return false
    }
    return true
  }

  /**
   * Holds a request until it is approved (resolves), denied (ApprovalDeniedError), times out
   * (ApprovalTimeoutError) or its signal aborts (the abort reason). Resolves at once when a grant covers it.
   * Throws ApprovalQueueFullError when MAX_PENDING_APPROVALS requests already wait.
   */
  async hold (init: HoldInit): Promise<ApprovalGranted> {
    if (this.granted(init.subject, init.rule)) return { by: 'grant', actor: '', comment: '' }
    if (this.#pending.size >= MAX_PENDING_APPROVALS) throw new ApprovalQueueFullError(`${MAX_PENDING_APPROVALS} requests are already waiting for approval`)
    const now = this.#now()
    const { timeoutMs, grantMs, signal, prompt, ...fields } = init
    const approval: PendingApproval = {
      ...fields,
      id: `apr_${randomUUID()}`,
      prompt: prompt.slice(0, APPROVAL_PROMPT_EXCERPT_CHARS),
      createdUnixMs: now,
      expiresUnixMs: now + timeoutMs
    }
    return await new Promise<ApprovalGranted>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer)
        this.#pending.delete(approval.id)
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        settle()
        this.emit('event', { type: 'cancelled', approval })
        reject(signal?.reason instanceof Error ? signal.reason : new Error('the held request was withdrawn'))
      }
      const timer = setTimeout(() => {
        settle()
        this.emit('event', { type: 'timed_out', approval })
        reject(new ApprovalTimeoutError(`request held by policy rule '${approval.rule}' was not approved within ${Math.round(timeoutMs / 1000)} s`))
      }, timeoutMs)
      timer.unref()
      this.#pending.set(approval.id, {
        approval,
        grantMs,
        timer,
        resolve: (g) => {
          settle()
          resolve(g)
        },
        reject: (e) => {
          settle()
          reject(e)
        }
      })
      if (signal?.aborted === true) {
        onAbort()
        return
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.emit('event', { type: 'held', approval })
    })
  }

  /**
   * Decides on a pending request. Throws ApprovalNotFoundError for an unknown (or already settled) id and
   * ApprovalSelfError when the approver is the requester. Returns the settled approval.
   */
  decide (id: string, actor: string, approve: boolean, comment = ''): PendingApproval {
    const w = this.#pending.get(id)
    if (w === undefined) throw new ApprovalNotFoundError(`no pending approval ${id}`)
    if (w.approval.subject === actor) throw new ApprovalSelfError('the requester cannot approve or deny their own request')
    const note = comment.slice(0, MAX_APPROVAL_COMMENT_CHARS)
    const approval = { ...w.approval }
    if (approve) {
      let grantUntilUnixMs: number | undefined
      if (w.grantMs > 0) {
        grantUntilUnixMs = this.#now() + w.grantMs
        this.#grant(approval.subject, approval.rule, grantUntilUnixMs)
      }
      this.emit('event', { type: 'approved', approval, actor, comment: note, ...(grantUntilUnixMs === undefined ? {} : { grantUntilUnixMs }) })
      w.resolve({ by: 'approver', actor, comment: note })
    } else {
      this.emit('event', { type: 'denied', approval, actor, comment: note })
      w.reject(new ApprovalDeniedError(`request held by policy rule '${approval.rule}' was denied by ${actor}${note === '' ? '' : `: ${note}`}`))
    }
    return approval
  }

  #grant (subject: string, rule: string, until: number): void {
    if (this.#grants.size >= MAX_GRANTS) {
      const now = this.#now()
      for (const [k, u] of this.#grants) if (now >= u) this.#grants.delete(k)
      // Still full: the oldest grant makes room (grants only ever save a hold; losing one is safe).
      if (this.#grants.size >= MAX_GRANTS) this.#grants.delete(this.#grants.keys().next().value as string)
    }
    this.#grants.set(`${subject}\n${rule}`, until)
  }
}
