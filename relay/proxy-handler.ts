/**
 * One client exchange at the relay: route → identity → policy → agent → tunnel stream, then the response streams
 * back to the client (masked when policy says so) with backpressure all the way to the provider.
 *
 * The relay never forwards the client's bytes or framing: it re-frames the body it counted, rebuilds headers
 * from an allow-list, and the client cannot choose the upstream (the agent owns the base URL). A client that
 * disconnects resets the tunnel stream, which makes the agent abort the upstream call.
 */
import { createHash, randomUUID } from 'node:crypto'
import { Transform } from 'node:stream'

import { GatewayError } from '../common/errors.js'
import { TunnelStreamResetError } from '../common/tunnel/errors.js'
import { BodyLimiter, checkContentLength } from './http/body-limit.js'
import { sendError } from './http/error-body.js'
import {
  ClientClosedError, NoAgentError, HttpTimeoutError, UpstreamFailedError, ClientTooSlowError
} from './http/errors.js'
import { buildClientResponseHeaders, buildUpstreamHeaders } from './http/headers.js'
import { parseRequestTarget, routeRequest } from './http/request-target.js'
import { EXCHANGE_ID_HEADER } from './http/constants.js'
import { BODY_IDLE_TIMEOUT_MS, CLIENT_STALL_TIMEOUT_MS, RESPONSE_HEAD_TIMEOUT_MS } from './constants.js'
import { compiledMaskFor } from './masking/mask-cache.js'
import { MaskingPump } from './masking/masking-pump.js'
import { createBodyMasker } from './masking/response-masker.js'
import { emptyPolicy } from './policy/policy-compiler.js'
import { DurableGate } from './recording/durable-gate.js'
import { ExchangeRecording } from './recording/exchange-recording.js'
import { holdForApproval } from './approvals/hold.js'
import { PolicyDeniedError } from './policy/errors.js'
import { gateRequest } from './request-gate.js'
import { SessionEndReason as SessionEndReasonEnum } from './recording/writer.js'
import { keyward } from '../proto/gen/recording.js'
import { AccessLockedError, SessionKilledError, StateStoreUnavailableError } from './state/errors.js'
import { costNanoUsd } from './spend/prices.js'
import { admitSpend, estimateUsage } from './spend/spend-gate.js'
import { UsageTap } from './spend/usage.js'

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import type { TunnelStream } from '../common/tunnel/tunnel-stream.js'
import type { Identity, IdentityVerifier } from './identity/jwt-verifier.js'
import type { MaskCounts } from './masking/text-masker.js'
import type { CompiledPolicy } from './policy/policy-compiler.js'
import type { PolicyStore } from './policy/policy-store.js'
import type { AgentRegistry } from './tunnel/agent-registry.js'
import type { LiveExchange, Session, SessionRegistry } from './sessions/session-registry.js'
import type { Lock, StateStore } from './state/state-store.js'
import type { ApprovalBroker } from './approvals/approval-broker.js'
import type { SpendStore } from './state/spend-store.js'
import type { SpendAdmission } from './spend/spend-gate.js'

/** Components the proxy handler needs. */
export interface ProxyComponents {
  verifier: IdentityVerifier
  registry: AgentRegistry
  logger: Logger
  /** The policy in force; without one every authenticated request is allowed and nothing is masked. */
  policy?: PolicyStore
  /** HMAC key of the `hash` masking strategy (per relay). */
  maskHashKey?: Uint8Array
  /** Live sessions (and their recordings); without it exchanges are neither tracked nor recorded. */
  sessions?: SessionRegistry
  /** Locks and killed tokens; without it nothing is locked. */
  state?: StateStore
  /** Just-in-time approvals; without it `hold` rules let requests through. */
  approvals?: ApprovalBroker
  /** Spend counters and usage history (issue 7); without it spend rules are not enforced (usage is still recorded). */
  spend?: SpendStore
}

/** What the proxy learned about one exchange, for its log line (and later its recording). */
interface ExchangeFacts {
  connection: string
  subject: string | undefined
  rule: string | undefined
  requestMasked: MaskCounts | undefined
  responseMasked: MaskCounts | undefined
  /** Code of the error that ended the exchange, if one did. */
  errorCode: string | undefined
  errorMessage: string | undefined
  /** Spend state (issue 7): the admission, the usage tap on the response, whether anything was forwarded. */
  spend: { admission: SpendAdmission | undefined, tap: UsageTap | undefined, forwarded: boolean, identity: Identity | undefined }
}

const SessionEventKind = keyward.recording.v1.SessionEvent.Kind

/** Policy used when no store is configured: allow everything, mask nothing. */
const NO_POLICY: CompiledPolicy = emptyPolicy()

/** Options of the proxy handler. */
export interface ProxyInit {
  relayDomains: readonly string[]
  defaultConnection?: string
  /** Connection names the relay knows; when unset, whatever connected agents serve. */
  connections?: readonly string[]
  maxBodyBytes: number
  headTimeoutMs?: number
  stallTimeoutMs?: number
}

/** Codes an agent may reset a stream with, and the status the client sees for each. */
const RESET_STATUS: Record<string, number> = {
  GW_ERR_AGENT_UPSTREAM_TIMEOUT: 504,
  GW_ERR_AGENT_BAD_PATH: 400,
  GW_ERR_TUNNEL_TOO_MANY_STREAMS: 503,
  GW_ERR_TUNNEL_GOING_AWAY: 503
}

/**
 * Takes the identity token from `Authorization: Bearer …`, or from `x-api-key` / `api-key` (where the Anthropic and
 * Azure SDKs put their key) when no Authorization header was sent.
 */
export function authorizationOf (req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization
  if (auth !== undefined) return auth
  const alt = req.headers['x-api-key'] ?? req.headers['api-key']
  return typeof alt === 'string' && alt !== '' ? `Bearer ${alt}` : undefined
}

/** Turns a stream failure into the error the client should see, naming the connection. */
function clientErrorFor (err: unknown, connection: string): GatewayError {
  if (err instanceof TunnelStreamResetError) {
    const status = RESET_STATUS[err.remoteCode] ?? 502
    const message = `connection '${connection}': ${err.message}`
    return status === 504 ? new HttpTimeoutError(message, { cause: err, status }) : new UpstreamFailedError(message, { cause: err, status })
  }
  if (err instanceof GatewayError && err.code === 'GW_ERR_TUNNEL_CLOSED') {
    return new UpstreamFailedError(`the agent serving connection '${connection}' disconnected before the response completed`, { cause: err })
  }
  if (err instanceof GatewayError) return err
  return new UpstreamFailedError(`connection '${connection}': the exchange failed`, { cause: err })
}

/** Serves client API requests through agent tunnels. */
export class ProxyHandler {
  private readonly components: ProxyComponents
  private readonly init: ProxyInit

  private readonly configured: ReadonlySet<string> | undefined

  constructor (components: ProxyComponents, init: ProxyInit) {
    this.components = components
    this.init = init
    this.configured = init.connections === undefined ? undefined : new Set(init.connections)
  }

  /**
   * Connection names clients may route to: the configured list when there is one; otherwise every name an agent
   * has announced since start, plus the default, so a connection whose agent dropped answers 503 ("no agent"),
   * not 404.
   */
  private knownConnections (): ReadonlySet<string> {
    if (this.configured !== undefined) return this.configured
    const names = this.components.registry.seenConnectionNames()
    if (this.init.defaultConnection !== undefined && !names.has(this.init.defaultConnection)) {
      return new Set([...names, this.init.defaultConnection])
    }
    return names
  }

  /**
   * A `terminate` rule matched: the whole session ends (its other live exchanges too) and its token is refused until
   * it expires, as if an operator had killed it. Runs in the background; failures are logged.
   */
  private terminateByPolicy (session: Session, err: PolicyDeniedError): void {
    const sessions = this.components.sessions
    if (sessions === undefined) return
    const kill = new SessionKilledError(`session terminated by policy rule '${err.rule}'`)
    void (async () => {
      await this.components.state?.killToken(session.identity.tokenId, session.identity.expiresAt)
      await sessions.terminate(session, { kind: SessionEventKind.POLICY_TERMINATED, actor: 'policy', reason: `rule '${err.rule}'` }, kill, SessionEndReasonEnum.KILLED)
    })().catch((e: unknown) => { this.components.logger.warn({ err: e }, 'could not terminate a session by policy') })
  }

  /**
   * Refuses a killed session's token (GW_ERR_SESSION_KILLED) and anything a lock matches (GW_ERR_ACCESS_LOCKED). A
   * store that fails refuses too (GW_ERR_STATE_UNAVAILABLE): fail closed.
   */
  private async checkLocks (identity: Identity, connection: string, agentId: string): Promise<void> {
    const state = this.components.state
    if (state === undefined) return
    const now = Date.now()
    let killed: boolean
    let lock: Lock | undefined
    try {
      killed = await state.isTokenKilled(identity.tokenId, now)
      lock = killed ? undefined : await state.findLock({ subject: identity.subject, groups: identity.groups, tokenId: identity.tokenId, connection, agentId }, now)
    } catch (err) {
      throw new StateStoreUnavailableError('cannot check locks right now; the request is refused', { cause: err })
    }
    if (killed) throw new SessionKilledError('this token\'s session was terminated (by an operator or by policy); it is refused until it expires')
    if (lock !== undefined) {
      const until = lock.untilUnixMs === undefined ? '' : ` until ${new Date(lock.untilUnixMs).toISOString()}`
      throw new AccessLockedError(`refused: ${lock.kind} '${lock.value}' is locked by an operator${until}${lock.reason === '' ? '' : ` (${lock.reason})`}`)
    }
  }

  /** Handles one request; never throws (every failure becomes an OpenAI-style error response). */
  async handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchangeId = randomUUID()
    const started = performance.now()
    const log = this.components.logger
    const facts: ExchangeFacts = { connection: '-', subject: undefined, rule: undefined, requestMasked: undefined, responseMasked: undefined, errorCode: undefined, errorMessage: undefined, spend: { admission: undefined, tap: undefined, forwarded: false, identity: undefined } }
    let session: Session | undefined
    let rec = new ExchangeRecording(undefined, exchangeId)
    res.once('close', () => {
      rec.masked('response', facts.responseMasked)
      this.settleSpend(facts, rec)
      rec.end({ status: res.statusCode, completed: res.writableFinished && facts.errorCode === undefined, errorCode: facts.errorCode, errorMessage: facts.errorMessage })
      if (session !== undefined) this.components.sessions?.finish(session, exchangeId)
      log.info({
        exchangeId,
        method: req.method,
        path: req.url?.split('?')[0],
        connection: facts.connection,
        subject: facts.subject,
        status: res.statusCode,
        completed: res.writableFinished,
        ms: Math.round(performance.now() - started),
        ...(facts.rule === undefined ? {} : { rule: facts.rule }),
        ...(facts.requestMasked === undefined || Object.keys(facts.requestMasked).length === 0 ? {} : { requestMasked: facts.requestMasked }),
        ...(facts.responseMasked === undefined || Object.keys(facts.responseMasked).length === 0 ? {} : { responseMasked: facts.responseMasked })
      }, 'exchange')
    })
    /** Ends the exchange once it is relaying (set by `relay`). */
    let abort: ((err: GatewayError) => void) | undefined
    /** The exchange as the live view shows it (when sessions are tracked). */
    let live: LiveExchange | undefined
    try {
      const target = parseRequestTarget(req.url ?? '', req.method ?? 'GET')
      const known = this.knownConnections()
      const route = routeRequest({
        hostHeader: req.headers.host,
        path: target.path,
        relayDomains: this.init.relayDomains as string[],
        connections: known,
        ...(this.init.defaultConnection === undefined ? {} : { defaultConnection: this.init.defaultConnection })
      })
      const connection = route.connection
      facts.connection = connection
      const authorization = authorizationOf(req)
      const identity = await this.components.verifier.verify(authorization)
      facts.subject = identity.subject
      checkContentLength(req.headers, this.init.maxBodyBytes)
      const agent = this.components.registry.pick(connection)
      if (agent === undefined) throw new NoAgentError(connection)
      await this.checkLocks(identity, connection, agent.agentId)
      const sessions = this.components.sessions
      if (sessions !== undefined) {
        session = await sessions.acquire({
          identity,
          connection,
          tokenSha256: createHash('sha256').update(authorization ?? '').digest('hex'),
          clientAddress: req.socket.remoteAddress ?? '',
          agentId: agent.agentId
        })
        rec = new ExchangeRecording(session.recording, exchangeId, started)
        const s = session
        live = {
          id: exchangeId,
          method: req.method ?? 'GET',
          path: route.upstreamPath,
          model: undefined,
          startedAt: Date.now(),
          state: 'checking',
          responseBytes: 0,
          abort: (err) => {
            if (abort !== undefined) abort(err)
            else {
              facts.errorCode = err.code
              facts.errorMessage = err.message
              sendError(res, err, { close: true })
            }
          }
        }
        sessions.begin(s, live)
      }
      // One policy object for the whole exchange, even if a reload lands mid-way.
      const policy = this.components.policy?.current() ?? NO_POLICY
      const gate = await gateRequest({
        req,
        identity,
        connection,
        path: route.upstreamPath,
        policy,
        maxBodyBytes: this.init.maxBodyBytes,
        bodyIdleMs: BODY_IDLE_TIMEOUT_MS,
        hashKey: this.components.maskHashKey,
        beforeForward: async (body, bodyBytes) => {
          facts.spend.identity = identity
          facts.spend.admission = await admitSpend({ spend: policy.spend, store: this.components.spend, identity, connection, path: route.upstreamPath, body, bodyBytes, nowMs: Date.now() })
        }
      })
      facts.requestMasked = gate.requestMasked
      let headers = buildUpstreamHeaders(req.headers, { exchangeId })
      if (gate.forwardBody !== undefined) {
        // The body is the relay's own serialisation now: say so, whatever the client claimed.
        headers = headers.filter(([name]) => name !== 'content-type')
        headers.push(['content-type', 'application/json'])
      }
      // Recorded before it is forwarded: the request (and its decision) must be on disk first.
      rec.start({
        method: req.method ?? 'GET',
        path: route.upstreamPath + target.search,
        model: gate.model,
        stream: gate.stream === true,
        agentId: agent.agentId,
        headers,
        body: gate.forwardBody
      })
      rec.allowed(gate.matchedRules)
      rec.masked('request', gate.requestMasked)
      let serving = agent
      if (live !== undefined) live.model = gate.model
      if (gate.hold !== undefined && this.components.approvals !== undefined) {
        if (live !== undefined) live.state = 'held'
        await holdForApproval(this.components.approvals, {
          exchangeId,
          sessionId: session?.id ?? '',
          subject: identity.subject,
          groups: identity.groups,
          connection,
          method: req.method ?? 'GET',
          path: route.upstreamPath,
          model: gate.model,
          rule: gate.hold.rule,
          prompt: gate.promptExcerpt ?? '',
          timeoutMs: gate.hold.timeoutMs,
          grantMs: gate.hold.grantMs
        }, { res, stream: gate.stream === true, rec })
        // The wait may have been long: pick an agent again.
        serving = this.components.registry.pick(connection) ?? agent
      }
      if (gate.forwardBody !== undefined) await rec.durable()
      if (res.destroyed) return
      const stream = serving.mux.openStream({
        connection,
        method: req.method ?? 'GET',
        path: route.upstreamPath + target.search,
        headers,
        exchangeId
      })
      if (live !== undefined) live.state = 'forwarded'
      facts.spend.forwarded = true
      abort = this.relay(req, res, stream, { connection, path: route.upstreamPath, policy, forwardBody: gate.forwardBody, facts, rec, live })
    } catch (err) {
      const rule = (err as { rule?: unknown }).rule
      if (typeof rule === 'string' && rule !== '') facts.rule = rule
      if (err instanceof GatewayError) {
        facts.errorCode = err.code
        facts.errorMessage = err.message
        if (err.status === 403 && facts.rule !== undefined) {
          rec.start({ method: req.method ?? 'GET', path: req.url?.split('?')[0] ?? '', model: undefined, stream: false, agentId: '', headers: [], body: undefined })
          rec.blocked([facts.rule], err.code, err.message)
        }
        if (err instanceof PolicyDeniedError && err.terminate && session !== undefined) this.terminateByPolicy(session, err)
      }
      if (err instanceof GatewayError && err.status === 403) {
        log.info({ exchangeId, subject: facts.subject, connection: facts.connection, code: err.code, rule: facts.rule }, 'request refused by policy')
      } else if (!(err instanceof GatewayError) || err.status >= 500) {
        log.warn({ exchangeId, err }, 'exchange refused')
      }
      // A body refused for its size or pace may still be arriving: answer, then close rather than drain it.
      const cutBody = err instanceof GatewayError && (err.status === 413 || err.status === 408)
      sendError(res, err, { close: cutBody })
      req.resume()
    }
  }

  /**
   * Settles the exchange's spend once it is over: the reservation is replaced by the usage the provider reported
   * (or an estimate from the text, marked estimated; nothing when nothing was forwarded), the usage is added to the
   * history and recorded. Runs in the background; a store failure is logged (the reservation then stays charged).
   */
  private settleSpend (facts: ExchangeFacts, rec: ExchangeRecording): void {
    const { admission, tap, forwarded, identity } = facts.spend
    if (admission === undefined || identity === undefined) return
    const reported = tap?.usage
    const usage = !forwarded ? { input: 0, output: 0, cached: 0 } : reported ?? estimateUsage(admission, { events: tap?.events ?? 0, chars: tap?.chars ?? 0 })
    const estimated = forwarded && reported === undefined
    const costNano = costNanoUsd(usage, admission.price)
    if (forwarded) rec.usage({ model: admission.model, inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cached, costNano, estimated })
    const store = this.components.spend
    if (store === undefined) return
    const now = Date.now()
    void (async () => {
      if (admission.reservationId !== undefined) await store.settle(admission.reservationId, { tokens: usage.input + usage.output, costNano })
      if (forwarded) {
        await store.recordUsage({
          subject: identity.subject, groups: identity.groups, connection: facts.connection, model: admission.model,
          inputTokens: usage.input, outputTokens: usage.output, cachedTokens: usage.cached, costNano, estimated
        }, now)
      }
    })().catch((err: unknown) => { this.components.logger.warn({ err }, 'could not settle spend') })
  }

  /** Relays one exchange through its tunnel stream; returns the function that ends it early (kill, recorder failure). */
  private relay (req: IncomingMessage, res: ServerResponse, stream: TunnelStream, ex: { connection: string, path: string, policy: CompiledPolicy, forwardBody: Buffer | undefined, facts: ExchangeFacts, rec: ExchangeRecording, live: LiveExchange | undefined }): (err: GatewayError) => void {
    const { connection, rec } = ex
    const log = this.components.logger
    const exchangeId = stream.open.exchangeId
    let done = false
    let eventStream = false
    let stopMasking: (() => void) | undefined
    const fail = (err: unknown): void => {
      if (done) return
      done = true
      stopMasking?.()
      clearTimeout(headTimer)
      clearTimeout(stallTimer)
      const clientErr = clientErrorFor(err, connection)
      ex.facts.errorCode = clientErr.code
      ex.facts.errorMessage = clientErr.message
      if (res.headersSent || clientErr.status >= 500) {
        const cause = clientErr === err ? undefined : err instanceof Error ? err.message : String(err)
        log.warn({ exchangeId, code: clientErr.code, err: clientErr.message, cause, midResponse: res.headersSent }, 'exchange failed')
      }
      if (!stream.destroyed) stream.reset(clientErr.code, clientErr.message)
      req.unpipe()
      req.resume()
      sendError(res, clientErr, { close: true, eventStream })
    }

    if (ex.forwardBody !== undefined) {
      // Policy read and judged the whole body; forward exactly what it saw.
      stream.end(ex.forwardBody)
    } else {
      // Request body: counted as it streams (Content-Length is not trusted) and re-framed into the tunnel.
      const limiter = new BodyLimiter({ maxBytes: this.init.maxBodyBytes, idleMs: BODY_IDLE_TIMEOUT_MS })
      limiter.on('error', fail)
      req.on('error', fail)
      if (rec.active) {
        // Each piece is recorded, and on disk, before it goes into the tunnel.
        const tap = new Transform({
          transform (chunk: Buffer, _enc, callback) {
            try {
              rec.requestBody(chunk)
            } catch (err) {
              callback(err as Error)
              return
            }
            rec.durable().then(() => { callback(null, chunk) }, (err: Error) => { callback(err) })
          }
        })
        tap.on('error', fail)
        req.pipe(limiter).pipe(tap).pipe(stream)
      } else req.pipe(limiter).pipe(stream)
    }

    const headTimer = setTimeout(() => fail(new HttpTimeoutError(`connection '${connection}': no response from the provider in time`)), this.init.headTimeoutMs ?? RESPONSE_HEAD_TIMEOUT_MS)
    headTimer.unref()
    let stallTimer: NodeJS.Timeout | undefined

    stream.once('head', (status: number, headers: Array<[string, string]>) => {
      clearTimeout(headTimer)
      if (done) return
      if (ex.live !== undefined) ex.live.state = 'responding'
      eventStream = headers.some(([name, value]) => name === 'content-type' && value.toLowerCase().startsWith('text/event-stream'))
      const outHeaders = { ...buildClientResponseHeaders(headers), ...ex.facts.spend.admission?.headers, [EXCHANGE_ID_HEADER]: exchangeId }
      // An event stream shows its head at once. Any other response's head waits for its first body bytes: one TLS
      // record instead of two, and an agent lost before the body still gets the client a proper 502 JSON error.
      if (res.headersSent) {
        // A held stream already answered 200 with keep-alive comments: only a 200 event stream can follow it.
        if (!eventStream || status !== 200) {
          fail(new UpstreamFailedError(`connection '${connection}': the provider answered ${status} after the request was approved`))
          return
        }
      } else if (eventStream) {
        res.writeHead(status, outHeaders)
        res.flushHeaders()
      }
      const writeHeadOnce = (): void => { if (!res.headersSent) res.writeHead(status, outHeaders) }
      try {
        rec.head(status, outHeaders)
      } catch (err) {
        fail(err)
        return
      }
      // Usage is read off the provider's bytes as they arrive (no extra stream stage); the usage chunk the relay asked
      // for is dropped from what goes to the client (filter, below).
      const tap = ex.facts.spend.admission === undefined ? undefined : new UsageTap({ eventStream, stripUsageChunk: eventStream && ex.facts.spend.admission.stripUsageChunk })
      if (tap !== undefined) ex.facts.spend.tap = tap
      // Why the tunnel stream is paused: the client is not reading, the durable gate is full, the masker is working
      // through a large chunk over several turns. It reads again once none holds.
      let clientBlocked = false
      let gateFull = false
      let maskerBusy = false
      const resumeIfFree = (): void => {
        if (!clientBlocked && !gateFull && !maskerBusy) stream.resume()
      }
      const deliver = (chunk: Buffer): void => {
        if (done) return
        writeHeadOnce()
        if (ex.live !== undefined) ex.live.responseBytes += chunk.length
        if (res.write(chunk) || clientBlocked) return
        // The client is not reading: stop reading the tunnel (which stops credit, which stops the agent, which
        // stops reading the provider). A client that stays stuck is dropped rather than held forever.
        clientBlocked = true
        stream.pause()
        stallTimer = setTimeout(() => fail(new ClientTooSlowError('client stopped reading the response')), this.init.stallTimeoutMs ?? CLIENT_STALL_TIMEOUT_MS)
        res.once('drain', () => {
          clearTimeout(stallTimer)
          clientBlocked = false
          resumeIfFree()
        })
      }
      // Response bytes reach the client only once the recording has them (when not recording: batched, at once).
      const gate = new DurableGate({
        durable: rec.active ? () => rec.durable() : undefined,
        record: (batch) => { rec.responseChunk(batch) },
        deliver,
        onError: fail,
        onRoom: () => {
          gateFull = false
          resumeIfFree()
        }
      })
      /** Bytes as the client gets them (masked), minus the usage chunk the relay asked for. */
      const toClient = (chunk: Buffer): void => {
        if (done) return
        const out = tap === undefined ? chunk : tap.filter(chunk)
        if (out === undefined || out.length === 0 || gate.push(out)) return
        gateFull = true
        stream.pause()
      }
      const finish = (): void => {
        const rest = tap?.flush()
        if (rest !== undefined && rest.length > 0 && !done) gate.push(rest)
        gate.end(() => {
          if (done) return
          done = true
          writeHeadOnce()
          res.end()
        })
      }
      // Masking sits between the tunnel and the client, inline (no stream stage); it never sees bytes the client
      // would not.
      let pump: MaskingPump | undefined
      {
        const contentType = headers.find(([name]) => name === 'content-type')?.[1]
        const contentEncoding = headers.find(([name]) => name === 'content-encoding')?.[1]
        try {
          const masker = createBodyMasker(compiledMaskFor(ex.policy.mask, this.components.maskHashKey), {
            path: ex.path,
            contentType,
            contentEncoding,
            dialect: ex.path.endsWith('/messages') ? 'anthropic' : 'openai'
          })
          if (masker !== undefined) {
            pump = new MaskingPump(masker, {
              emit: toClient,
              busy: (busy) => {
                maskerBusy = busy
                if (busy) stream.pause()
                else resumeIfFree()
              },
              fail
            })
            stopMasking = () => { pump?.stop() }
          }
        } catch (err) {
          fail(err)
          return
        }
      }
      stream.on('data', (chunk: Buffer) => {
        if (done) return
        tap?.observe(chunk)
        if (pump === undefined) toClient(chunk)
        else pump.write(chunk)
      })
      stream.once('end', () => {
        tap?.end()
        if (pump === undefined) {
          finish()
          return
        }
        const p = pump
        p.end(() => {
          // counts is a snapshot: read it when the masker has seen the whole body.
          ex.facts.responseMasked = p.counts
          finish()
        })
      })
    })
    stream.on('error', fail)

    // A client that goes away aborts the exchange at the agent (and so the provider call).
    res.once('close', () => {
      clearTimeout(headTimer)
      clearTimeout(stallTimer)
      if (!res.writableFinished && !done) {
        done = true
        stopMasking?.()
        if (!stream.destroyed) stream.reset(ClientClosedError.code, 'client disconnected')
        log.debug({ exchangeId }, 'client disconnected; exchange aborted')
      }
    })
    return fail
  }
}
