/**
 * The proxy's view of one exchange's recording: typed calls that append the records of proto/recording.proto to
 * the session's recording, timing response chunks from the start of the exchange. Without a recording (recording
 * off) every call is a no-op and `durable()` resolves at once, so the proxy has one code path.
 *
 * Nothing secret is recorded: header names that carry credentials are dropped here whatever the caller passes (the
 * proxy never forwards them anyway), and bodies are recorded as forwarded (after request masking) and as the
 * client received them (after response masking).
 */
import { keyward } from '../../proto/gen/recording.js'

import type { MaskCounts } from '../masking/text-masker.js'
import type { RecordingWriter } from './writer.js'

const Outcome = keyward.recording.v1.PolicyDecision.Outcome
const Side = keyward.recording.v1.MaskCounts.Side

/** What durable() returns without a recording. */
const DONE: Promise<void> = Promise.resolve()

/** Header names never written to a recording, lower case. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie', 'set-cookie', 'openai-organization',
  'openai-project', 'x-goog-api-key'
])

/** Headers as recorded: lower-case names, credentials dropped. */
function safeHeaders (headers: Iterable<readonly [string, string]>): Array<{ name: string, value: string }> {
  const out: Array<{ name: string, value: string }> = []
  for (const [name, value] of headers) {
    const n = name.toLowerCase()
    if (!CREDENTIAL_HEADERS.has(n)) out.push({ name: n, value })
  }
  return out
}

/** What the exchange start record holds. */
export interface ExchangeStartInit {
  method: string
  path: string
  model: string | undefined
  stream: boolean
  agentId: string
  headers: Iterable<readonly [string, string]>
  /** The whole body as forwarded, when the relay has it (JSON bodies); streamed bodies come through `requestBody`. */
  body: Buffer | undefined
}

/** How an exchange ended. */
export interface ExchangeEndInit {
  status: number
  completed: boolean
  errorCode?: string | undefined
  errorMessage?: string | undefined
}

/** One exchange's recording; see the file comment. */
export class ExchangeRecording {
  readonly #w: RecordingWriter | undefined
  readonly #id: string
  readonly #started: number
  #responseBytes = 0
  #ended = false

  constructor (writer: RecordingWriter | undefined, exchangeId: string, startedAt = performance.now()) {
    this.#w = writer
    this.#id = exchangeId
    this.#started = startedAt
  }

  /** Whether anything is recorded. */
  get active (): boolean {
    return this.#w !== undefined
  }

  start (init: ExchangeStartInit): void {
    const w = this.#w
    if (w === undefined) return
    w.append({
      exchangeStart: {
        exchangeId: this.#id,
        method: init.method,
        path: init.path,
        model: init.model ?? '',
        headers: safeHeaders(init.headers),
        stream: init.stream,
        agentId: init.agentId,
        bodyBytes: init.body?.length ?? 0
      }
    })
    if (init.body !== undefined && init.body.length > 0) w.appendRequestBody(this.#id, init.body)
  }

  /** A piece of a streamed request body, as forwarded. */
  requestBody (piece: Buffer): void {
    this.#w?.appendRequestBody(this.#id, piece)
  }

  allowed (rules: readonly string[]): void {
    this.#w?.append({ policy: { exchangeId: this.#id, outcome: Outcome.ALLOWED, rules: [...rules] } })
  }

  blocked (rules: readonly string[], code: string, message: string): void {
    this.#w?.append({ policy: { exchangeId: this.#id, outcome: Outcome.BLOCKED, rules: [...rules], code, message } })
  }

  /** Any other policy decision (held, approved, denied, timed out). */
  decision (d: { outcome: keyward.recording.v1.PolicyDecision.Outcome, rules: readonly string[], message?: string, actor?: string, comment?: string, code?: string }): void {
    this.#w?.append({ policy: { exchangeId: this.#id, outcome: d.outcome, rules: [...d.rules], message: d.message ?? '', actor: d.actor ?? '', comment: d.comment ?? '', code: d.code ?? '' } })
  }

  head (status: number, headers: Record<string, string | number | readonly string[]>): void {
    const w = this.#w
    if (w === undefined) return
    const list: Array<[string, string]> = []
    for (const [name, value] of Object.entries(headers)) {
      for (const v of Array.isArray(value) ? value : [value]) list.push([name, String(v)])
    }
    w.append({ responseHead: { exchangeId: this.#id, status, headers: safeHeaders(list) } })
  }

  /** Response bytes exactly as they go to the client. */
  responseChunk (data: Buffer): void {
    this.#responseBytes += data.length
    this.#w?.appendResponseChunk(this.#id, Math.round(performance.now() - this.#started), data)
  }

  masked (side: 'request' | 'response', counts: MaskCounts | undefined): void {
    if (this.#w === undefined || counts === undefined || Object.keys(counts).length === 0) return
    this.#w.append({ maskCounts: { exchangeId: this.#id, side: side === 'request' ? Side.REQUEST : Side.RESPONSE, counts } })
  }

  /** Tokens and cost of the exchange (issue 7); `estimated` when the provider reported no usage. */
  usage (u: { model: string, inputTokens: number, outputTokens: number, cachedTokens: number, costNano: number, estimated: boolean }): void {
    if (this.#w === undefined || this.#ended) return
    try {
      this.#w.append({
        usage: {
          exchangeId: this.#id,
          model: u.model,
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          cachedTokens: u.cachedTokens,
          estimated: u.estimated,
          costMicroUsd: Math.round(u.costNano / 1000),
          costNanoUsd: u.costNano
        }
      })
    } catch {
      // As for end(): a failed recording already ended the exchange.
    }
  }

  /** The exchange end (once; later calls are ignored). Never throws: the exchange is over either way. */
  end (init: ExchangeEndInit): void {
    if (this.#ended || this.#w === undefined) return
    this.#ended = true
    try {
      this.#w.append({
        exchangeEnd: {
          exchangeId: this.#id,
          status: init.status,
          completed: init.completed,
          errorCode: init.errorCode ?? '',
          errorMessage: init.errorMessage ?? '',
          responseBytes: this.#responseBytes,
          durationMs: Math.round(performance.now() - this.#started)
        }
      })
    } catch {
      // A failed recording already ended the exchange with an error; the recorder logged it.
    }
  }

  /** Resolves once everything recorded so far is on disk; rejects (fail-closed) when it cannot be. */
  durable (): Promise<void> {
    return this.#w === undefined ? DONE : this.#w.durable()
  }
}
