import t from 'tap'
import { openRequest } from '../../fixtures/https-client.js'
import { startStack } from '../../fixtures/stack.js'
t.test('x', async (t) => {
  const stack = await startStack()
  t.teardown(async () => await stack.stop())
  const token = await stack.token()
  const t0 = Date.now()
  const mux = stack.relay.registry.get('test-agent')!.mux
  const open = mux.openStream.bind(mux)
  mux.openStream = (o) => { const s = open(o); s.on('end', () => console.log('stream end', Date.now() - t0)); const push = s.push.bind(s); s.push = (c: unknown) => { if (c === null) console.log('push null paused=', s.isPaused(), 'len', s.readableLength, 'flowing', s.readableFlowing); return push(c as Buffer) }; return s }
  const res = await openRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-fake-chunks': '20', 'x-fake-chunk-delay-ms': '50' },
    body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hello' }] }) })
  let last = ''
  res.on('data', (d: Buffer) => { last = d.toString().slice(-30) })
  res.on('end', () => console.log('END', Date.now() - t0))
  res.on('error', (e) => console.log('ERR', Date.now() - t0, e.message, JSON.stringify(last)))
  const tunnels = stack.relay.server.tunnels
  const orig = mux.drain.bind(mux)
  mux.drain = async (ms: number) => { await orig(ms); console.log('drained', Date.now() - t0) }
  await new Promise((r) => setTimeout(r, 150))
  await stack.relay.server.stop(5000)
  console.log('stopped', Date.now() - t0)
  await new Promise((r) => setTimeout(r, 300))
})
