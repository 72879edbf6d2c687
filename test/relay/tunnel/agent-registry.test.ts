// The relay's registry of agent tunnels: least-loaded routing per connection, going-away tunnels skipped,
// one entry per agent id, exact-entry removal, and the memory of connection names agents announced.
import t from 'tap'

import { memoryTransportPair } from '../../../common/tunnel/transport.js'
import { TunnelMux } from '../../../common/tunnel/tunnel-mux.js'
import { AgentRegistry } from '../../../relay/tunnel/agent-registry.js'

import type { AgentTunnel } from '../../../relay/tunnel/agent-registry.js'

/**
 * A real relay-role mux whose peer never answers, so streams opened on it stay active (its activeStreams is
 * exactly the number of streams the test opened).
 */
function tunnel (agentId: string, connections: string[], streams = 0): AgentTunnel {
  const [relayEnd] = memoryTransportPair()
  const mux = new TunnelMux({ transport: relayEnd, role: 'relay' })
  for (let i = 0; i < streams; i++) openStream(mux)
  return { agentId, connections, mux, remoteAddress: '127.0.0.1', connectedAt: Date.now() }
}

function openStream (mux: TunnelMux): void {
  const stream = mux.openStream({ connection: 'openai', method: 'GET', path: '/v1/models', headers: [], exchangeId: 'x' })
  stream.on('error', () => {})
}

t.test('pick() chooses the least-loaded agent among those serving the connection', async (t) => {
  const registry = new AgentRegistry()
  const busy = tunnel('busy', ['openai'], 3)
  const idle = tunnel('idle', ['openai', 'anthropic'], 1)
  const other = tunnel('other', ['anthropic'], 0)
  for (const a of [busy, idle, other]) t.ok(registry.add(a))
  t.equal(registry.pick('openai'), idle, 'the agent with fewer streams')
  t.equal(registry.pick('anthropic'), other, 'the idle agent that serves anthropic')
  openStream(idle.mux)
  openStream(idle.mux)
  openStream(idle.mux)
  t.equal(idle.mux.activeStreams, 4)
  t.equal(registry.pick('openai'), busy, 'load moved: now the other one is less loaded')
  t.equal(registry.pick('local-llm'), undefined, 'nobody serves an unknown connection')
})

t.test('pick() breaks ties in favour of the agent that connected first', async (t) => {
  const registry = new AgentRegistry()
  const first = tunnel('first', ['openai'])
  const second = tunnel('second', ['openai'])
  registry.add(first)
  registry.add(second)
  t.equal(registry.pick('openai'), first)
})

t.test('pick() skips tunnels that are going away or closed', async (t) => {
  const registry = new AgentRegistry()
  const draining = tunnel('draining', ['openai'], 0)
  const loaded = tunnel('loaded', ['openai'], 5)
  registry.add(draining)
  registry.add(loaded)
  t.equal(registry.pick('openai'), draining, 'the idle one, while it is healthy')
  draining.mux.goAway()
  t.ok(draining.mux.goingAway)
  t.equal(registry.pick('openai'), loaded, 'a going-away tunnel gets no new exchange, however idle')
  loaded.mux.close()
  t.equal(registry.pick('openai'), undefined, 'a closed tunnel is never picked either')
  t.equal(registry.size, 2, 'pick() does not remove anything itself')
})

t.test('add() refuses a second entry for a connected agent id', async (t) => {
  const registry = new AgentRegistry()
  let changes = 0
  registry.on('change', () => { changes++ })
  const first = tunnel('agent-a', ['openai'])
  const second = tunnel('agent-a', ['anthropic'])
  t.equal(registry.add(first), true)
  t.equal(registry.add(second), false, 'the duplicate is refused')
  t.equal(registry.get('agent-a'), first, 'the first entry stays')
  t.equal(registry.size, 1)
  t.equal(changes, 1, 'only the admitted add emitted change')
  t.notOk(registry.seenConnectionNames().has('anthropic'), 'a refused entry leaves no connection name behind')
  t.equal(registry.pick('anthropic'), undefined)
})

t.test('remove() removes only the exact entry, not a newer one with the same id', async (t) => {
  const registry = new AgentRegistry()
  let changes = 0
  registry.on('change', () => { changes++ })
  const old = tunnel('agent-b', ['openai'])
  const current = tunnel('agent-b', ['openai'])
  registry.add(old)
  registry.remove(old)
  t.equal(registry.size, 0)
  registry.add(current)
  t.equal(changes, 3)
  registry.remove(old)
  t.equal(registry.get('agent-b'), current, 'a late remove() for the old tunnel does not evict its successor')
  t.equal(changes, 3, 'and emits nothing')
  registry.remove(current)
  t.equal(registry.get('agent-b'), undefined)
  t.equal(changes, 4)
})

t.test('seenConnectionNames() remembers names after the agent left; connectionNames() is the live set', async (t) => {
  const registry = new AgentRegistry()
  const a = tunnel('a', ['openai', 'anthropic'])
  const b = tunnel('b', ['local-llm'])
  registry.add(a)
  registry.add(b)
  t.same([...registry.connectionNames()].sort(), ['anthropic', 'local-llm', 'openai'])
  registry.remove(a)
  t.same([...registry.connectionNames()], ['local-llm'], 'live names follow the connected agents')
  t.same([...registry.seenConnectionNames()].sort(), ['anthropic', 'local-llm', 'openai'], 'seen names are kept')
  t.same(registry.list().map((x) => x.agentId), ['b'])
})
