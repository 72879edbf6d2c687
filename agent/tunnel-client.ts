/**
 * The agent's side of the tunnel: dials the relay over wss, proves its identity before the upgrade completes,
 * announces its connections, serves streams, and reconnects with full-jitter backoff whenever the tunnel drops.
 *
 * The relay's certificate is verified against the configured CA (or the system roots), and optionally pinned by
 * SHA-256 fingerprint, so a man in the middle cannot collect the agent's traffic.
 */
import { EventEmitter } from 'node:events'
import { WebSocket } from 'ws'

import {
  MAX_FRAME_BYTES, WS_MAX_BUFFERED_CHUNKS, WS_MAX_FRAGMENTS, HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS, WS_CLOSE_GOING_AWAY, WS_CLOSE_PROTOCOL_ERROR
} from '../common/tunnel/constants.js'
import { startHeartbeat } from '../common/tunnel/heartbeat.js'
import { wsTransport } from '../common/tunnel/transport.js'
import { TunnelMux } from '../common/tunnel/tunnel-mux.js'
import { KEYWARD_VERSION } from '../common/version.js'
import { createHandshakeProof } from './agent-identity.js'
import { RECONNECT_RESET_AFTER_MS, SHUTDOWN_DRAIN_MS, TUNNEL_HANDSHAKE_TIMEOUT_MS } from './constants.js'
import { ReconnectBackoff } from './reconnect-backoff.js'
import { relayPinOptions } from './relay-pin.js'
import { handleUpstreamStream } from './upstream-call.js'

import type { JWK } from 'jose'
import type { Logger } from 'pino'
import type { ResolvedConnection } from './connection-registry.js'

/** Header carrying the agent credential (a relay-signed JWT binding the agent id to its public key). */
export const AGENT_CREDENTIAL_HEADER = 'x-keyward-agent-credential'
/** Header carrying a fresh proof-of-possession JWT signed with the agent's private key. */
export const AGENT_PROOF_HEADER = 'x-keyward-agent-proof'
/** Package version announced in Hello. */
export const AGENT_VERSION = KEYWARD_VERSION
/**
 * How long `stop()` waits for the WebSocket closing handshake after the tunnel drained, in ms; then the socket is
 * destroyed. Waiting lets the last End frames and the close frame leave the process instead of being dropped.
 */
export const TUNNEL_CLOSE_TIMEOUT_MS = 2_000

/** Events of {@link TunnelClient}. */
export interface TunnelClientEvents {
  /** A tunnel is up: the relay answered Hello with an acceptable Welcome. */
  connected: []
  /** A tunnel (or an attempt at one) ended, with the WebSocket close code; a reconnect follows unless stopped. */
  disconnected: [code: number]
  /** The relay answered the upgrade with an HTTP error instead of a WebSocket (401, 409, 503, …). */
  refused: [status: number | undefined, body: string]
}

/** What {@link TunnelClient} needs. */
export interface TunnelClientInit {
  url: string
  relayId: string
  agentId: string
  credential: string
  privateJwk: JWK
  connections: ReadonlyMap<string, ResolvedConnection>
  logger: Logger
  ca?: string
  pinSha256?: readonly string[]
  servername?: string
  backoff?: ReconnectBackoff
}

/**
 * Keeps one tunnel to one relay up until `stop()`. Events: `'connected'` (after Welcome), `'disconnected'`
 * (with the reason), `'refused'` (the relay answered the upgrade with an HTTP error).
 */
export class TunnelClient extends EventEmitter<TunnelClientEvents> {
  private readonly init: TunnelClientInit
  private readonly backoff: ReconnectBackoff
  private ws: WebSocket | undefined
  private mux: TunnelMux | undefined
  private stopped = true
  /**
   * Bumped by every start() and stop(): an attempt (or a close handler) from an earlier run that resumes after a
   * stop/start cycle sees a newer generation and gives up, so there is never more than one connect loop.
   */
  private generation = 0
  private retryTimer: NodeJS.Timeout | undefined
  private connectedAt = 0

  constructor (init: TunnelClientInit) {
    super()
    this.init = init
    this.backoff = init.backoff ?? new ReconnectBackoff()
  }

  /** True while a tunnel is up and welcomed. */
  get connected (): boolean {
    return this.mux !== undefined && this.connectedAt > 0
  }

  /** Starts the connect loop; resolves after the first attempt settled (connected or failed). A no-op if running. */
  async start (): Promise<void> {
    // A second loop would dial a second tunnel for the same agent id, which the relay refuses (409) forever.
    if (!this.stopped) return
    this.stopped = false
    this.generation++
    await this.connect()
  }

  private scheduleReconnect (): void {
    if (this.stopped) return
    const delay = this.backoff.next()
    this.init.logger.info({ delayMs: delay, attempt: this.backoff.attempts }, 'reconnecting to relay')
    this.retryTimer = setTimeout(() => { void this.connect() }, delay)
  }

  private async connect (): Promise<void> {
    if (this.stopped) return
    const generation = this.generation
    const { logger } = this.init
    let proof: string
    try {
      proof = await createHandshakeProof(this.init.privateJwk, { audience: this.init.relayId })
    } catch (err) {
      logger.error({ err }, 'cannot sign handshake proof')
      if (generation === this.generation) this.scheduleReconnect()
      return
    }
    // stop() may have run while the proof was being signed: dialling now would leave a tunnel nobody closes.
    if (this.stopped || generation !== this.generation) return
    const ws = new WebSocket(this.init.url, {
      headers: { [AGENT_CREDENTIAL_HEADER]: this.init.credential, [AGENT_PROOF_HEADER]: proof },
      maxPayload: MAX_FRAME_BYTES,
      perMessageDeflate: false,
      maxFragments: WS_MAX_FRAGMENTS,
      maxBufferedChunks: WS_MAX_BUFFERED_CHUNKS,
      handshakeTimeout: TUNNEL_HANDSHAKE_TIMEOUT_MS,
      ...(this.init.ca === undefined ? {} : { ca: this.init.ca }),
      ...(this.init.servername === undefined ? {} : { servername: this.init.servername }),
      ...relayPinOptions(this.init.pinSha256)
    })
    this.ws = ws
    await new Promise<void>((resolve) => {
      let settled = false
      const settle = (): void => { if (!settled) { settled = true; resolve() } }
      ws.once('unexpected-response', (_req, res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => { if (body.length < 1024) body += d })
        res.on('end', () => {
          logger.error({ status: res.statusCode, body: body.slice(0, 512) }, 'relay refused the tunnel')
          this.emit('refused', res.statusCode, body)
          ws.terminate()
        })
      })
      ws.once('open', () => {
        const mux = new TunnelMux({ transport: wsTransport(ws), role: 'agent', logger })
        const stopHeartbeat = startHeartbeat(ws, {
          intervalMs: HEARTBEAT_INTERVAL_MS,
          timeoutMs: HEARTBEAT_TIMEOUT_MS,
          onTimeout: () => {
            logger.warn('relay heartbeat timed out; dropping tunnel')
            ws.terminate()
          }
        })
        mux.on('stream', (stream) => handleUpstreamStream(stream, this.init.connections, logger))
        mux.once('welcome', (welcome: { relayId?: string, initialWindowBytes?: number }) => {
          // Both ends assume the same per-stream window before any Head confirms it (common/tunnel/constants.ts):
          // a relay that assumes another one would overrun our receive windows or stall on credit. Refuse the
          // tunnel; the reconnect loop retries later (the relay may be mid-upgrade).
          if (welcome.initialWindowBytes !== mux.limits.initialWindowBytes) {
            logger.error({ relayWindowBytes: welcome.initialWindowBytes, agentWindowBytes: mux.limits.initialWindowBytes },
              'relay announced a different initial window; closing the tunnel')
            mux.close(WS_CLOSE_PROTOCOL_ERROR, 'initial window mismatch')
            return
          }
          if (this.stopped || generation !== this.generation) {
            mux.close(WS_CLOSE_GOING_AWAY, 'agent shutdown')
            return
          }
          this.mux = mux
          this.connectedAt = Date.now()
          logger.info({ relay: this.init.url, relayId: welcome.relayId, connections: [...this.init.connections.keys()] }, 'tunnel up')
          this.emit('connected')
          settle()
        })
        mux.once('close', () => {
          stopHeartbeat()
          if (this.mux === mux) this.mux = undefined
          settle()
        })
        mux.sendControl({ hello: { agentId: this.init.agentId, connections: [...this.init.connections.keys()], version: AGENT_VERSION } })
      })
      ws.on('error', (err) => {
        logger.warn({ err: err.message }, 'tunnel error')
        settle()
      })
      ws.once('close', (code, reason) => {
        const upForMs = this.connectedAt > 0 ? Date.now() - this.connectedAt : -1
        this.connectedAt = 0
        if (this.ws === ws) this.ws = undefined
        if (upForMs >= 0) logger.warn({ code, reason: reason.toString(), upForMs }, 'tunnel down')
        // A tunnel that held for a while was a success: start the next round of backoff from the base again.
        if (upForMs > RECONNECT_RESET_AFTER_MS) this.backoff.reset()
        this.emit('disconnected', code)
        settle()
        if (generation === this.generation) this.scheduleReconnect()
      })
    })
  }

  /** Stops reconnecting, lets in-flight exchanges finish (up to `drainMs`), then closes the tunnel. */
  async stop (drainMs = SHUTDOWN_DRAIN_MS): Promise<void> {
    this.stopped = true
    this.generation++
    clearTimeout(this.retryTimer)
    const mux = this.mux
    if (mux !== undefined) {
      mux.goAway('GW_ERR_TUNNEL_GOING_AWAY', 'agent shutting down')
      await mux.drain(drainMs)
      mux.close(WS_CLOSE_GOING_AWAY, 'agent shutdown')
    }
    const ws = this.ws
    if (ws === undefined) return
    if (ws.readyState === WebSocket.CONNECTING) {
      // Nothing to drain: abort the handshake (ws emits 'error' and 'close', handled by connect()).
      ws.terminate()
      return
    }
    if (ws.readyState === WebSocket.OPEN) ws.close(WS_CLOSE_GOING_AWAY, 'agent shutdown')
    if (ws.readyState === WebSocket.CLOSED) return
    // Terminating right after close() would drop the last frames still in the socket's write buffer (the final
    // End of a drained stream, the close frame): wait for the closing handshake, bounded.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate()
        resolve()
      }, TUNNEL_CLOSE_TIMEOUT_MS)
      ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}
