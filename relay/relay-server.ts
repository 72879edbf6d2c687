/**
 * The relay's TLS front door: one HTTPS listener serving the provider API (through agents), health probes, the
 * agent join endpoint and the tunnel upgrade. Node's strict HTTP parser refuses smuggling shapes (CL+TE, bad TE,
 * duplicate CL, obs-fold) with 400 before any of this code runs; timeouts below bound slow clients.
 */
import { createServer } from 'node:https'

import { GatewayError } from '../common/errors.js'
import { sendError } from './http/error-body.js'
import { BadJsonError, MethodNotAllowedError } from './http/errors.js'
import { readJsonBody, sendJson } from './http/json-io.js'
import {
  AGENT_JOIN_PATH, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, MAX_CLIENT_SOCKETS, MAX_JOIN_BODY_BYTES,
  MAX_REQUEST_HEADERS, REQUEST_TIMEOUT_MS, SHUTDOWN_DRAIN_MS, TUNNEL_PATH
} from './constants.js'
import { AdminRouter } from './admin/admin-router.js'
import { ProxyHandler } from './proxy-handler.js'
import { TunnelServer } from './tunnel/tunnel-server.js'

import type { SpendStore } from './state/spend-store.js'
import type { SessionRegistry } from './sessions/session-registry.js'
import type { Recorder } from './recording/writer.js'
import type { StateStore } from './state/state-store.js'
import type { ApprovalBroker } from './approvals/approval-broker.js'
import type { AuditLog } from './admin/audit-log.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import type { AgentAuthority } from './identity/agent-authority.js'
import type { IdentityVerifier } from './identity/jwt-verifier.js'
import type { PolicyStore } from './policy/policy-store.js'
import type { AgentRegistry } from './tunnel/agent-registry.js'

/** Components a relay is built from. */
export interface RelayComponents {
  verifier: IdentityVerifier
  authority: AgentAuthority
  registry: AgentRegistry
  logger: Logger
  policy?: PolicyStore
  maskHashKey?: Uint8Array
  /** Live sessions and their recordings. */
  sessions?: SessionRegistry
  /** The session recorder, for the admin API's recordings routes. */
  recorder?: Recorder | undefined
  /** PEM of the relay's recording public key (admin API verification). */
  recordingPublicKey?: string | undefined
  /** Locks and killed tokens (security operations). */
  state?: StateStore | undefined
  /** Just-in-time approvals. */
  approvals?: ApprovalBroker | undefined
  /** The admin audit log. */
  audit?: AuditLog | undefined
  /** Spend counters and usage history (issue 7). */
  spend?: SpendStore | undefined
}

/** Options of a relay. */
export interface RelayInit {
  host: string
  port: number
  tls: { cert: string | Buffer, key: string | Buffer }
  relayId: string
  relayDomains: readonly string[]
  defaultConnection?: string
  connections?: readonly string[]
  maxBodyBytes: number
}

/** A running relay: `start()` listens, `stop()` drains agents and closes. */
export class RelayServer {
  private readonly components: RelayComponents
  private readonly init: RelayInit
  private readonly server: Server
  private readonly proxy: ProxyHandler
  private readonly admin: AdminRouter
  private readonly log: Logger
  /** Client responses not yet closed; `stop()` waits for them (within its drain time). */
  private inflight = 0
  private inflightWaiters: Array<() => void> = []
  private readonly onResponseClosed = (): void => {
    this.inflight--
    if (this.inflight === 0) {
      const waiters = this.inflightWaiters
      this.inflightWaiters = []
      for (const w of waiters) w()
    }
  }
  readonly tunnels: TunnelServer

  constructor (components: RelayComponents, init: RelayInit) {
    this.components = components
    this.init = init
    // Each part logs under its own component name; the tunnel server adds agent and tunnel ids itself.
    const log = components.logger.child({ component: 'relay' })
    this.log = log
    this.admin = new AdminRouter({
      verifier: components.verifier,
      logger: components.logger.child({ component: 'admin' }),
      policy: components.policy,
      sessions: components.sessions,
      recorder: components.recorder,
      recordingPublicKey: components.recordingPublicKey,
      state: components.state,
      approvals: components.approvals,
      audit: components.audit,
      spend: components.spend
    })
    this.proxy = new ProxyHandler({ ...components, logger: components.logger.child({ component: 'proxy' }) }, {
      relayDomains: init.relayDomains,
      maxBodyBytes: init.maxBodyBytes,
      ...(init.defaultConnection === undefined ? {} : { defaultConnection: init.defaultConnection }),
      ...(init.connections === undefined ? {} : { connections: init.connections })
    })
    this.tunnels = new TunnelServer(components, { relayId: init.relayId, ...(init.connections === undefined ? {} : { allowedConnections: init.connections }) })
    this.server = createServer({
      cert: init.tls.cert,
      key: init.tls.key,
      minVersion: 'TLSv1.2',
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderSize: 16 * 1024,
      noDelay: true
    }, (req, res) => { this.onRequest(req, res) })
    this.server.maxHeadersCount = MAX_REQUEST_HEADERS
    this.server.maxConnections = MAX_CLIENT_SOCKETS
    this.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      if ((req.url ?? '').split('?')[0] === TUNNEL_PATH) {
        this.tunnels.handleUpgrade(req, socket, head)
      } else {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
      }
    })
    this.server.on('tlsClientError', (err, socket) => {
      log.debug({ err: err.message, remote: socket.remoteAddress }, 'TLS handshake failed')
    })
    this.server.on('clientError', (err, socket) => {
      // Node answers malformed requests itself; make sure the socket never lingers.
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n')
      socket.destroy()
      log.debug({ code: (err as NodeJS.ErrnoException).code }, 'malformed client request refused')
    })
  }

  private onRequest (req: IncomingMessage, res: ServerResponse): void {
    this.inflight++
    res.once('close', this.onResponseClosed)
    const path = (req.url ?? '').split('?')[0]
    if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' })
      return
    }
    if (path === '/readyz') {
      const agents = this.components.registry.list()
      const connections = [...this.components.registry.connectionNames()].sort()
      sendJson(res, agents.length > 0 ? 200 : 503, { status: agents.length > 0 ? 'ready' : 'no agent connected', agents: agents.length, connections })
      return
    }
    if (path === AGENT_JOIN_PATH) {
      void this.onJoin(req, res)
      return
    }
    if (AdminRouter.matches(path ?? '')) {
      void this.admin.handle(req, res)
      return
    }
    void this.proxy.handle(req, res)
  }

  private async onJoin (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { authority } = this.components
    const logger = this.log
    try {
      if (req.method !== 'POST') throw new MethodNotAllowedError('use POST to join')
      const body = await readJsonBody(req, MAX_JOIN_BODY_BYTES) as { joinToken?: unknown, publicJwk?: unknown } | null
      if (body === null || typeof body !== 'object' || typeof body.joinToken !== 'string' || typeof body.publicJwk !== 'object' || body.publicJwk === null) {
        throw new BadJsonError('expected {"joinToken": string, "publicJwk": object}')
      }
      const credential = await authority.redeemJoinToken(body.joinToken, body.publicJwk as Record<string, unknown>)
      const agentId = JSON.parse(Buffer.from(credential.split('.')[1] ?? '', 'base64url').toString('utf8')).sub as string
      logger.info({ agentId, remote: req.socket.remoteAddress }, 'agent joined')
      sendJson(res, 200, { agentId, relayId: this.init.relayId, credential })
    } catch (err) {
      logger.warn({ code: err instanceof GatewayError ? err.code : undefined, remote: req.socket.remoteAddress }, 'agent join refused')
      sendError(res, err)
    }
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  async start (): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(this.init.port, this.init.host, () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    return this.address()
  }

  /** The bound address. */
  address (): AddressInfo {
    return this.server.address() as AddressInfo
  }

  /** Drains agents and in-flight exchanges (up to `drainMs`), then closes every socket. */
  async stop (drainMs = SHUTDOWN_DRAIN_MS): Promise<void> {
    const deadline = Date.now() + drainMs
    this.server.close()
    this.server.closeIdleConnections()
    await this.tunnels.stop(drainMs)
    // The tunnels are drained, but the last bytes of responses may still be on their way to slow clients: give
    // them what is left of the drain time, then cut whatever is still open.
    while (this.inflight > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => { this.inflightWaiters.push(resolve); setTimeout(resolve, Math.max(0, deadline - Date.now())).unref() })
    }
    this.server.closeAllConnections()
  }
}
