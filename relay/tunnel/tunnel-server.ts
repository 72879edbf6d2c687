/**
 * The relay's end of agent tunnels: authenticates the agent on the HTTP upgrade request (before any WebSocket
 * exists), admits it after a valid Hello, and registers it for routing.
 *
 * Agents prove possession of the key their credential is bound to on every connect, so a stolen credential
 * alone is useless, and the proof is never a bearer secret in a URL. A second tunnel claiming an agent id that is
 * already connected is refused (409) and logged: agent ids are not pools.
 */
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import { WebSocketServer } from 'ws'

import { isConnectionName } from '../../common/connection-name.js'
import { GatewayError } from '../../common/errors.js'
import {
  HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS, INITIAL_WINDOW_BYTES, MAX_FRAME_BYTES, WS_MAX_BUFFERED_CHUNKS, WS_MAX_FRAGMENTS, WS_CLOSE_GOING_AWAY,
  WS_CLOSE_POLICY
} from '../../common/tunnel/constants.js'
import { startHeartbeat } from '../../common/tunnel/heartbeat.js'
import { wsTransport } from '../../common/tunnel/transport.js'
import { TunnelMux } from '../../common/tunnel/tunnel-mux.js'
import { AGENT_HELLO_TIMEOUT_MS, MAX_AGENTS, MAX_CONNECTIONS_PER_AGENT } from '../constants.js'

import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import type { AgentAuthority } from '../identity/agent-authority.js'
import type { AgentRegistry, AgentTunnel } from './agent-registry.js'

/** Header names the agent uses for its credential and proof (lower-case, as Node presents them). */
export const AGENT_CREDENTIAL_HEADER = 'x-keyward-agent-credential'
export const AGENT_PROOF_HEADER = 'x-keyward-agent-proof'


/**
 * How long `stop()` waits for each tunnel's WebSocket closing handshake after the drain, in ms; sockets still open
 * then are destroyed. (Kept here rather than in relay/constants.ts, which another area owns.)
 */
export const TUNNEL_CLOSE_TIMEOUT_MS = 2_000

/** Components the tunnel server needs. */
export interface TunnelServerComponents {
  authority: AgentAuthority
  registry: AgentRegistry
  logger: Logger
}

/** Options of the tunnel server. */
export interface TunnelServerInit {
  relayId: string
  /** When set, agents may only announce these connection names. */
  allowedConnections?: readonly string[]
  /** Time an admitted agent has to send Hello before the tunnel is closed (1008), in ms (AGENT_HELLO_TIMEOUT_MS). */
  helloTimeoutMs?: number
}

/** Answers an upgrade request with a plain HTTP error (no WebSocket is created) and closes the socket. */
function refuseUpgrade (socket: Duplex, status: number, message: string): void {
  const type = status === 401 ? 'authentication_error' : status === 409 ? 'conflict_error' : 'api_error'
  const body = JSON.stringify({ error: { message, type, code: null } })
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    'content-type: application/json\r\nconnection: close\r\n' +
    `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

/** Accepts agent tunnels on the relay's TLS listener. */
export class TunnelServer {
  private readonly components: TunnelServerComponents
  private readonly init: TunnelServerInit
  private readonly wss: WebSocketServer
  /** Every upgraded tunnel (welcomed or not) and its WebSocket, until the socket closes. */
  private readonly muxes = new Map<TunnelMux, import('ws').WebSocket>()
  /**
   * Agent ids authenticated but not yet registered (upgrade in progress, or waiting for Hello). Without it two
   * tunnels for one id racing through the same window would both be upgraded; the second now gets 409 too.
   */
  private readonly pending = new Set<string>()
  /** Set by `stop()`: new upgrades get 503 and late Hellos are refused, so nothing joins a draining relay. */
  private stopping = false

  constructor (components: TunnelServerComponents, init: TunnelServerInit) {
    this.components = components
    this.init = init
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      maxFragments: WS_MAX_FRAGMENTS,
      maxBufferedChunks: WS_MAX_BUFFERED_CHUNKS,
      clientTracking: false
    })
  }

  /** Handles an HTTP upgrade request for the tunnel path; authenticates before completing the upgrade. */
  handleUpgrade (req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { logger, authority, registry } = this.components
    const remoteAddress = req.socket.remoteAddress ?? 'unknown'
    const credential = req.headers[AGENT_CREDENTIAL_HEADER]
    const proof = req.headers[AGENT_PROOF_HEADER]
    socket.on('error', () => { /* a reset during refusal is not our problem */ })
    if (this.stopping) {
      refuseUpgrade(socket, 503, 'relay is shutting down')
      return
    }
    if (registry.size + this.pending.size >= MAX_AGENTS) {
      refuseUpgrade(socket, 503, 'relay has too many agents')
      return
    }
    if (typeof credential !== 'string' || typeof proof !== 'string') {
      logger.warn({ remoteAddress }, 'tunnel upgrade without agent credential refused')
      refuseUpgrade(socket, 401, 'agent credential and proof required')
      return
    }
    authority.verifyHandshake({ credential, proof }).then(({ agentId }) => {
      if (socket.destroyed) return
      if (this.stopping) {
        refuseUpgrade(socket, 503, 'relay is shutting down')
        return
      }
      if (registry.get(agentId) !== undefined || this.pending.has(agentId)) {
        logger.warn({ agentId, remoteAddress }, 'second tunnel for an agent id that is already connected refused')
        refuseUpgrade(socket, 409, `agent '${agentId}' is already connected`)
        return
      }
      this.pending.add(agentId)
      let upgraded = false
      // ws answers a malformed upgrade (bad version or key) itself and never calls back: release the id then.
      socket.once('close', () => { if (!upgraded) this.pending.delete(agentId) })
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        upgraded = true
        this.admit(ws, agentId, remoteAddress)
      })
    }, (err: unknown) => {
      logger.warn({ remoteAddress, code: err instanceof GatewayError ? err.code : undefined }, 'agent authentication failed')
      refuseUpgrade(socket, 401, 'agent authentication failed')
    })
  }

  private admit (ws: import('ws').WebSocket, agentId: string, remoteAddress: string): void {
    const { logger: rootLogger, registry } = this.components
    const logger = rootLogger.child({ component: 'tunnel', agentId, tunnelId: randomUUID() })
    const mux = new TunnelMux({ transport: wsTransport(ws), role: 'relay', logger })
    // Tracked until the socket itself is gone (not just the mux), so stop() can wait for the closing handshake.
    ws.once('close', () => { this.muxes.delete(mux) })
    this.muxes.set(mux, ws)
    const stopHeartbeat = startHeartbeat(ws, {
      intervalMs: HEARTBEAT_INTERVAL_MS,
      timeoutMs: HEARTBEAT_TIMEOUT_MS,
      onTimeout: () => {
        logger.warn('agent heartbeat timed out; dropping tunnel')
        ws.terminate()
      }
    })
    const helloTimer = setTimeout(() => {
      logger.warn('agent sent no Hello in time')
      mux.close(WS_CLOSE_POLICY, 'hello timeout')
    }, this.init.helloTimeoutMs ?? AGENT_HELLO_TIMEOUT_MS)
    let entry: AgentTunnel | undefined
    let awaitingHello = true
    // The id stays reserved (pending) until Hello is answered or the tunnel closes, whichever comes first.
    const settleHello = (): void => {
      if (!awaitingHello) return
      awaitingHello = false
      clearTimeout(helloTimer)
      this.pending.delete(agentId)
    }
    mux.once('hello', (hello: { agentId?: string, connections?: string[] }) => {
      settleHello()
      const connections = [...new Set(hello.connections ?? [])]
      const bad = connections.filter((c) => !isConnectionName(c) || (this.init.allowedConnections !== undefined && !this.init.allowedConnections.includes(c)))
      if (hello.agentId !== agentId || connections.length === 0 || connections.length > MAX_CONNECTIONS_PER_AGENT || bad.length > 0) {
        logger.warn({ announced: hello.agentId, connections: connections.slice(0, MAX_CONNECTIONS_PER_AGENT) }, 'agent Hello refused')
        mux.close(WS_CLOSE_POLICY, 'hello refused')
        return
      }
      if (this.stopping) {
        mux.close(WS_CLOSE_GOING_AWAY, 'relay is shutting down')
        return
      }
      entry = { agentId, connections, mux, remoteAddress, connectedAt: Date.now() }
      if (!registry.add(entry)) {
        entry = undefined
        mux.close(WS_CLOSE_POLICY, 'agent already connected')
        return
      }
      mux.sendControl({ welcome: { relayId: this.init.relayId, maxFrameBytes: MAX_FRAME_BYTES, initialWindowBytes: INITIAL_WINDOW_BYTES } })
      logger.info({ connections, remoteAddress }, 'agent connected')
    })
    mux.once('close', (err?: Error) => {
      settleHello()
      stopHeartbeat()
      if (entry !== undefined) {
        registry.remove(entry)
        logger.warn({ reason: err?.message }, 'agent disconnected')
      }
    })
  }

  /**
   * Refuses new tunnels (503), sends GoAway to every agent, waits for their streams to drain (up to `drainMs`; the
   * rest are reset), then closes the tunnels with 1001 and waits for the closing handshakes (up to
   * TUNNEL_CLOSE_TIMEOUT_MS; then the sockets are destroyed). Resolves once every tunnel socket is closed.
   */
  async stop (drainMs: number): Promise<void> {
    this.stopping = true
    const all = [...this.muxes]
    for (const [mux] of all) mux.goAway('GW_ERR_TUNNEL_GOING_AWAY', 'relay shutting down')
    await Promise.all(all.map(async ([mux]) => await mux.drain(drainMs)))
    await Promise.all(all.map(async ([mux, ws]) => {
      const closed = new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) {
          resolve()
          return
        }
        const timer = setTimeout(() => { ws.terminate() }, TUNNEL_CLOSE_TIMEOUT_MS)
        ws.once('close', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      mux.close(WS_CLOSE_GOING_AWAY, 'relay shutdown')
      await closed
    }))
    this.wss.close()
  }
}
