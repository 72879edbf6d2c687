/**
 * Which agents are connected to this relay and which connections each serves.
 *
 * An exchange goes to the agent with the fewest active streams among those serving its connection, so one
 * busy agent does not take all the load while another idles.
 */
import { EventEmitter } from 'node:events'

import { MAX_AGENTS, MAX_CONNECTIONS_PER_AGENT } from '../constants.js'

import type { TunnelMux } from '../../common/tunnel/tunnel-mux.js'

/** Cap on remembered connection names (every admitted agent is bounded by both factors). */
const MAX_SEEN_CONNECTIONS = MAX_AGENTS * MAX_CONNECTIONS_PER_AGENT

/** One admitted agent tunnel. */
export interface AgentTunnel {
  readonly agentId: string
  readonly connections: readonly string[]
  readonly mux: TunnelMux
  readonly remoteAddress: string
  readonly connectedAt: number
}

/** Registry of live agent tunnels. Emits `'change'` whenever an agent joins or leaves. */
export class AgentRegistry extends EventEmitter {
  private readonly byId = new Map<string, AgentTunnel>()
  /** Every connection name an agent announced since start; bounded because agents and names per agent are. */
  private readonly seen = new Set<string>()

  /** Number of connected agents. */
  get size (): number {
    return this.byId.size
  }

  /** The agent with this id, if connected. */
  get (agentId: string): AgentTunnel | undefined {
    return this.byId.get(agentId)
  }

  /** Adds an agent; returns false (and adds nothing) when the id is already connected. */
  add (agent: AgentTunnel): boolean {
    if (this.byId.has(agent.agentId)) return false
    this.byId.set(agent.agentId, agent)
    for (const c of agent.connections) if (this.seen.size < MAX_SEEN_CONNECTIONS) this.seen.add(c)
    this.emit('change')
    return true
  }

  /** Removes this exact tunnel (not a newer one with the same id). */
  remove (agent: AgentTunnel): void {
    if (this.byId.get(agent.agentId) === agent) {
      this.byId.delete(agent.agentId)
      this.emit('change')
    }
  }

  /**
   * The least-loaded agent (fewest active streams) serving `connection`, skipping tunnels that are going away or
   * already closed; undefined when there is none. Ties go to the agent that connected first.
   */
  pick (connection: string): AgentTunnel | undefined {
    let best: AgentTunnel | undefined
    for (const a of this.byId.values()) {
      if (!a.connections.includes(connection) || a.mux.goingAway || a.mux.closed) continue
      if (best === undefined || a.mux.activeStreams < best.mux.activeStreams) best = a
    }
    return best
  }

  /** Every connection name some connected agent serves. */
  connectionNames (): Set<string> {
    const out = new Set<string>()
    for (const a of this.byId.values()) for (const c of a.connections) out.add(c)
    return out
  }

  /** Every connection name announced since start, connected now or not. */
  seenConnectionNames (): ReadonlySet<string> {
    return this.seen
  }

  /** Snapshot for /readyz and the admin API. */
  list (): AgentTunnel[] {
    return [...this.byId.values()]
  }
}
