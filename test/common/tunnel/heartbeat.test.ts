import { once } from 'node:events'

import t from 'tap'
import { WebSocket, WebSocketServer } from 'ws'

import { TunnelHeartbeatTimeoutError } from '../../../common/tunnel/errors.js'
import { startHeartbeat } from '../../../common/tunnel/heartbeat.js'

import type { AddressInfo } from 'node:net'

async function connect (t: { teardown: (fn: () => Promise<void> | void) => void }, autoPong: boolean): Promise<{ server: WebSocket, client: WebSocket }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await once(wss, 'listening')
  const { port } = wss.address() as AddressInfo
  const conn = once(wss, 'connection') as Promise<[WebSocket]>
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong })
  await once(client, 'open')
  const [server] = await conn
  t.teardown(async () => {
    client.terminate()
    server.terminate()
    await new Promise((resolve) => wss.close(resolve))
  })
  return { server, client }
}

t.test('calls onTimeout once when the peer stops answering pings', async (t) => {
  const { server } = await connect(t, false)
  const timeouts: Error[] = []
  const done = new Promise<void>((resolve) => {
    startHeartbeat(server, { intervalMs: 10, timeoutMs: 40, onTimeout: (err) => { timeouts.push(err); resolve() } })
  })
  const started = Date.now()
  await done
  t.ok(Date.now() - started >= 35, 'not before the timeout')
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.equal(timeouts.length, 1, 'exactly once')
  t.type(timeouts[0], TunnelHeartbeatTimeoutError)
  t.match(timeouts[0], { code: 'GW_ERR_TUNNEL_HEARTBEAT_TIMEOUT' })
})

t.test('a peer that answers pings keeps the heartbeat alive; stop() ends it', async (t) => {
  const { server, client } = await connect(t, true)
  let pings = 0
  client.on('ping', () => { pings++ })
  let timedOut = false
  // Generous timeout: only a dead peer may trip it, never a busy test runner.
  const stop = startHeartbeat(server, { intervalMs: 10, timeoutMs: 250, onTimeout: () => { timedOut = true } })
  await new Promise((resolve) => setTimeout(resolve, 400))
  t.equal(timedOut, false)
  t.ok(pings >= 5, `pings were sent (${pings})`)
  stop()
  stop()
  // A ping sent just before stop() may still be on the wire: let it land, then count.
  await new Promise((resolve) => setTimeout(resolve, 50))
  const after = pings
  await new Promise((resolve) => setTimeout(resolve, 100))
  t.equal(pings, after, 'no pings after stop')
  t.equal(server.listenerCount('pong'), 0, 'listeners removed')
})

t.test('messages count as life even without pongs, and closing the socket stops the heartbeat', async (t) => {
  const { server, client } = await connect(t, false)
  let timedOut = false
  startHeartbeat(server, { intervalMs: 10, timeoutMs: 250, onTimeout: () => { timedOut = true } })
  const chatter = setInterval(() => { client.send(Buffer.from('x')) }, 5)
  await new Promise((resolve) => setTimeout(resolve, 400))
  clearInterval(chatter)
  t.equal(timedOut, false)
  client.close()
  await once(server, 'close')
  t.equal(server.listenerCount('message'), 0, 'stopped on close')
  startHeartbeat(server, { onTimeout: () => {} })() // defaults, started and stopped at once
})
