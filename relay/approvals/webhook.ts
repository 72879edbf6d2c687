/**
 * Approval notifications by webhook (issue 6): every approval event is POSTed as JSON to a configured URL, signed
 * with HMAC-SHA256 so the receiver can tell it came from this relay and was not replayed much later:
 *
 *   x-keyward-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * Delivery is retried (WEBHOOK_ATTEMPTS in all, backing off from WEBHOOK_FIRST_RETRY_MS ×4) on a network error, a
 * timeout or a non-2xx answer, one notification at a time, in order. The queue is bounded (MAX_WEBHOOK_QUEUE);
 * a notification that cannot be delivered is logged and dropped: the webhook informs, it never decides.
 */
import { createHmac } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'

import {
  MAX_WEBHOOK_QUEUE, WEBHOOK_ATTEMPTS, WEBHOOK_FIRST_RETRY_MS, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMEOUT_MS
} from './constants.js'

import type { Logger } from 'pino'
import type { ApprovalBroker, ApprovalEvent } from './approval-broker.js'

/** Backoff multiplier between webhook retries. */
const RETRY_FACTOR = 4

/** Where and how to send notifications. */
export interface WebhookOptions {
  url: string
  /** The HMAC key shared with the receiver. */
  secret: Buffer
  /** PEM CA for an https URL with a private CA. */
  ca?: string
  logger?: Logger
}

/** The signature header value for `body` at `unixSeconds`. */
export function webhookSignature (secret: Buffer, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')
  return `t=${unixSeconds},v1=${mac}`
}

/** Sends approval events to a webhook; see the file comment. */
export class ApprovalWebhook {
  readonly #o: WebhookOptions
  readonly #queue: string[] = []
  #busy = false
  #closed = false
  /** Resolves when the queue is empty (for tests and shutdown). */
  #idle: Array<() => void> = []

  constructor (options: WebhookOptions) {
    const u = new URL(options.url)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('the approvals webhook URL must be http(s)')
    this.#o = options
  }

  /** Subscribes to `broker`'s events. */
  attach (broker: ApprovalBroker): void {
    broker.on('event', (e) => { this.notify(e) })
  }

  notify (e: ApprovalEvent): void {
    if (this.#closed) return
    if (this.#queue.length >= MAX_WEBHOOK_QUEUE) {
      this.#o.logger?.warn({ type: e.type, approval: e.approval.id }, 'approvals webhook queue full; notification dropped')
      return
    }
    this.#queue.push(JSON.stringify({ ...e, type: `approval.${e.type}`, approval: { ...e.approval } }))
    void this.#drain()
  }

  /** Waits until every queued notification was delivered or given up. */
  async flushed (): Promise<void> {
    if (!this.#busy && this.#queue.length === 0) return
    await new Promise<void>((resolve) => this.#idle.push(resolve))
  }

  close (): void {
    this.#closed = true
    this.#queue.length = 0
  }

  async #drain (): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      for (let body = this.#queue.shift(); body !== undefined; body = this.#queue.shift()) await this.#deliver(body)
    } finally {
      this.#busy = false
      const waiters = this.#idle
      this.#idle = []
      for (const w of waiters) w()
    }
  }

  async #deliver (body: string): Promise<void> {
    let wait = WEBHOOK_FIRST_RETRY_MS
    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
      const status = await this.#post(body).catch((err: unknown) => err instanceof Error ? err.message : String(err))
      if (typeof status === 'number' && status >= 200 && status < 300) return
      this.#o.logger?.warn({ attempt, result: status }, 'approvals webhook delivery failed')
      if (attempt < WEBHOOK_ATTEMPTS && !this.#closed) {
        await new Promise((resolve) => setTimeout(resolve, wait).unref())
        wait *= RETRY_FACTOR
      }
    }
    this.#o.logger?.error('approvals webhook: notification given up after every attempt')
  }

  async #post (body: string): Promise<number> {
    const url = new URL(this.#o.url)
    const t = Math.floor(Date.now() / 1000)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    return await new Promise<number>((resolve, reject) => {
      const req = send(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(this.#o.secret, t, body)
        },
        timeout: WEBHOOK_TIMEOUT_MS,
        ...(this.#o.ca === undefined ? {} : { ca: this.#o.ca })
      }, (res) => {
        res.resume()
        res.on('end', () => { resolve(res.statusCode ?? 0) })
        res.on('error', reject)
      })
      req.on('timeout', () => { req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS} ms`)) })
      req.on('error', reject)
      req.end(body)
    })
  }
}
