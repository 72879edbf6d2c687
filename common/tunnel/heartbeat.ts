/**
 * WebSocket liveness for the tunnel: periodic pings, and a timeout when the peer goes silent.
 *
 * TCP alone can take minutes to notice a dead peer (a NAT dropped the mapping, a laptop slept); both ends run this
 * so a half-open tunnel is torn down within `timeoutMs` and the agent reconnects (DESIGN: heartbeat with timeout).
 * Any pong or message counts as life: under heavy traffic the peer's pong queues behind its data.
 */
import { WebSocket } from 'ws'

import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS } from './constants.js'
import { TunnelHeartbeatTimeoutError } from './errors.js'

/** Options of {@link startHeartbeat}. */
export interface HeartbeatOptions {
  /** Time between pings, in milliseconds (HEARTBEAT_INTERVAL_MS). */
  intervalMs?: number
  /** Silence after which `onTimeout` runs, in milliseconds (HEARTBEAT_TIMEOUT_MS); checked every interval. */
  timeoutMs?: number
  /** Called once on timeout; the caller should `ws.terminate()` (a close handshake would wait on a dead peer). */
  onTimeout: (err: TunnelHeartbeatTimeoutError) => void
}

/**
 * Pings `ws` every `intervalMs` and calls `onTimeout` once if neither a pong nor a message arrived for `timeoutMs`
 * and for at least `timeoutMs / intervalMs` consecutive intervals (detection granularity is one interval). Timers are unref'd, so they never keep the process alive. Stops by
 * itself on timeout and when the socket closes. Returns a function that stops it (idempotent).
 */
export function startHeartbeat (ws: WebSocket, options: HeartbeatOptions): () => void {
  const intervalMs = options.intervalMs ?? HEARTBEAT_INTERVAL_MS
  const timeoutMs = options.timeoutMs ?? HEARTBEAT_TIMEOUT_MS
  // Both a wall-clock silence of timeoutMs and that many silent intervals in a row are required: after the event
  // loop was blocked (GC, a busy process) the first tick runs before the pongs that arrived meanwhile are read,
  // and wall time alone would then declare a live peer dead.
  const minSilentTicks = Math.max(2, Math.ceil(timeoutMs / intervalMs))
  let lastSeen = Date.now()
  let seenSinceTick = false
  let silentTicks = 0
  let stopped = false

  const alive = (): void => {
    lastSeen = Date.now()
    seenSinceTick = true
  }
  const tick = (): void => {
    silentTicks = seenSinceTick ? 0 : silentTicks + 1
    seenSinceTick = false
    if (silentTicks >= minSilentTicks && Date.now() - lastSeen >= timeoutMs) {
      stop()
      options.onTimeout(new TunnelHeartbeatTimeoutError(`no pong or message for ${timeoutMs} ms`))
      return
    }
    if (ws.readyState === WebSocket.OPEN) ws.ping()
  }
  const timer = setInterval(tick, intervalMs)
  timer.unref()

  function stop (): void {
    if (stopped) return
    stopped = true
    clearInterval(timer)
    ws.off('pong', alive)
    ws.off('message', alive)
    ws.off('close', stop)
  }

  ws.on('pong', alive)
  ws.on('message', alive)
  ws.on('close', stop)
  return stop
}
