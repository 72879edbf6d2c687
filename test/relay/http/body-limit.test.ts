import { once } from 'node:events'
import { createServer } from 'node:http'
import { connect } from 'node:net'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'

import { BodyLimiter, checkContentLength } from '../../../relay/http/body-limit.js'
import { BadHeaderError, BodyTooLargeError, HttpTimeoutError } from '../../../relay/http/errors.js'

import type { AddressInfo } from 'node:net'

/** A Writable that collects everything written to it. */
function sink (): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = []
  const w = new Writable({
    write (chunk: Buffer, _enc, cb) {
      chunks.push(chunk)
      cb()
    }
  })
  return Object.assign(w, { bytes: () => Buffer.concat(chunks) })
}

/** `count` chunks of `size` bytes each, with varying content. */
function chunks (count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(size, i % 251))
}

t.test('passes a body of exactly maxBytes through unchanged, across many small chunks', async (t) => {
  const input = chunks(1000, 7)
  const out = sink()
  const limiter = new BodyLimiter({ maxBytes: 7000 })
  await pipeline(Readable.from(input), limiter, out)
  t.same(out.bytes(), Buffer.concat(input))
  t.equal(limiter.bytesReceived, 7000)
})

t.test('fails with 413 at exactly maxBytes + 1 across many small chunks, passing on no more than maxBytes', async (t) => {
  const input = [...chunks(1000, 7), Buffer.from('x')]
  const out = sink()
  const err = await pipeline(Readable.from(input), new BodyLimiter({ maxBytes: 7000 }), out).then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof BodyTooLargeError)
  t.equal((err as BodyTooLargeError).status, 413)
  t.equal((err as BodyTooLargeError).code, 'GW_ERR_HTTP_BODY_TOO_LARGE')
  t.match((err as BodyTooLargeError).message, /larger than 7000 bytes/)
  t.ok(out.bytes().length <= 7000)
})

t.test('one-byte chunks: maxBytes passes, maxBytes + 1 fails', async (t) => {
  for (const [n, ok] of [[256, true], [257, false]] as const) {
    const err = await pipeline(Readable.from(chunks(n, 1)), new BodyLimiter({ maxBytes: 256 }), sink()).then(() => undefined, (e: unknown) => e)
    t.equal(err === undefined, ok, `${n} bytes`)
  }
})

t.test('refuses the whole chunk that crosses the limit', async (t) => {
  const out = sink()
  const err = await pipeline(Readable.from([Buffer.alloc(10), Buffer.alloc(100)]), new BodyLimiter({ maxBytes: 50 }), out)
    .then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof BodyTooLargeError)
  t.equal(out.bytes().length, 10)
})

t.test('maxBytes 0 allows only an empty body', async (t) => {
  await pipeline(Readable.from([]), new BodyLimiter({ maxBytes: 0 }), sink())
  const err = await pipeline(Readable.from([Buffer.from('a')]), new BodyLimiter({ maxBytes: 0 }), sink()).then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof BodyTooLargeError)
})

t.test('counts string chunks as bytes, not characters', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 3 })
  const err = await pipeline(Readable.from(['\u00e9\u00e9'], { objectMode: false }), limiter, sink()).then(() => undefined, (e: unknown) => e)
  t.ok(err instanceof BodyTooLargeError)
  t.equal(limiter.bytesReceived, 4)
})

t.test('rejects invalid options', async (t) => {
  for (const opts of [{ maxBytes: -1 }, { maxBytes: 1.5 }, { maxBytes: Number.NaN }, { maxBytes: 1, idleMs: -1 }, { maxBytes: 1, idleMs: 0.5 }]) {
    t.throws(() => new BodyLimiter(opts), RangeError)
  }
})

t.test('the idle timer fails a body that stalls with GW_ERR_HTTP_TIMEOUT and status 408', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 100, idleMs: 30 })
  limiter.resume()
  limiter.write(Buffer.from('partial'))
  const [err] = await once(limiter, 'error') as [unknown]
  t.ok(err instanceof HttpTimeoutError)
  t.equal((err as HttpTimeoutError).status, 408)
  t.equal((err as HttpTimeoutError).code, 'GW_ERR_HTTP_TIMEOUT')
  t.match((err as HttpTimeoutError).message, /30 ms/)
  t.ok(limiter.destroyed)
})

t.test('the idle timer also covers the wait for the first byte', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 100, idleMs: 20 })
  limiter.resume()
  const [err] = await once(limiter, 'error') as [unknown]
  t.ok(err instanceof HttpTimeoutError)
})

t.test('chunks arriving faster than idleMs keep the body alive', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 1000, idleMs: 60 })
  const out = sink()
  const done = pipeline(limiter, out)
  for (let i = 0; i < 8; i++) {
    limiter.write(Buffer.from('x'))
    await sleep(15)
  }
  limiter.end()
  await done
  t.equal(out.bytes().length, 8)
})

t.test('the idle timer stops when the body ends or the stream is destroyed', async (t) => {
  const ended = new BodyLimiter({ maxBytes: 10, idleMs: 20 })
  ended.on('error', () => t.fail('ended body timed out'))
  ended.resume()
  ended.end(Buffer.from('abc'))
  await once(ended, 'end')
  await sleep(60)

  const destroyed = new BodyLimiter({ maxBytes: 10, idleMs: 20 })
  destroyed.on('error', () => t.fail('destroyed body timed out'))
  destroyed.destroy()
  await sleep(60)

  const disabled = new BodyLimiter({ maxBytes: 10 })
  disabled.on('error', () => t.fail('idle timer ran although disabled'))
  disabled.resume()
  disabled.write(Buffer.from('a'))
  await sleep(30)
  t.equal(disabled.idleMs, 0)
  disabled.destroy()
})

t.test('the idle timer pauses while the consumer is not reading, and resumes when it reads again', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 1 << 20, idleMs: 30 })
  limiter.on('error', () => {})
  // Fill the readable side past its high-water mark without reading: the stall is ours, not the client's.
  limiter.write(Buffer.alloc(limiter.readableHighWaterMark * 2))
  await sleep(100)
  t.notOk(limiter.destroyed, 'no timeout while backpressured')
  // The consumer reads again; now the client is the one who must send.
  limiter.resume()
  const [err] = await once(limiter, 'error') as [unknown]
  t.ok(err instanceof HttpTimeoutError)
})

t.test('the idle timer does not blame the client when the consumer unshifts data back', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 1 << 20, idleMs: 30 })
  limiter.on('error', () => {})
  limiter.write(Buffer.from('a'))
  await sleep(5)
  limiter.unshift(Buffer.alloc(limiter.readableHighWaterMark))
  await sleep(100)
  t.notOk(limiter.destroyed)
  limiter.resume()
  const [err] = await once(limiter, 'error') as [unknown]
  t.ok(err instanceof HttpTimeoutError)
})

t.test('chunks still buffered when the body ends do not restart the idle timer', async (t) => {
  const limiter = new BodyLimiter({ maxBytes: 100, idleMs: 20 })
  limiter.on('error', () => t.fail('timed out after end()'))
  const out = sink()
  limiter.cork()
  limiter.write(Buffer.from('a'))
  limiter.write(Buffer.from('b'))
  limiter.end(Buffer.from('c'))
  await pipeline(limiter, out)
  await sleep(60)
  t.equal(out.bytes().toString(), 'abc')
})

t.test('the limit holds on a real chunked request whose length was never declared', async (t) => {
  let seen = 0
  const server = createServer((req, res) => {
    t.equal(checkContentLength(req.headers, 64), undefined)
    const limiter = new BodyLimiter({ maxBytes: 64 })
    pipeline(req, limiter, new Writable({
      write (chunk: Buffer, _enc, cb) {
        seen += chunk.length
        cb()
      }
    })).then(() => res.end('ok'), (err: unknown) => {
      res.writeHead(err instanceof BodyTooLargeError ? err.status : 500, { connection: 'close' }).end()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
  let reply = ''
  socket.setEncoding('latin1').on('data', (d: string) => { reply += d })
  socket.on('error', () => {})
  socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n')
  for (let i = 0; i < 65; i++) socket.write('1\r\nx\r\n')
  socket.write('0\r\n\r\n')
  await once(socket, 'close')
  t.match(reply, /^HTTP\/1\.1 413 /)
  t.ok(seen <= 64)
})

t.test('checkContentLength gives an early 413 for a declared length over the cap', async (t) => {
  t.equal(checkContentLength({}, 10), undefined)
  t.equal(checkContentLength({ 'content-length': '10' }, 10), 10)
  t.equal(checkContentLength({ 'content-length': '0' }, 0), 0)
  t.equal(checkContentLength({ 'content-length': '0007' }, 10), 7)
  for (const cl of ['11', '99999999999999999999999', '9007199254740993']) {
    const err = t.throws(() => checkContentLength({ 'content-length': cl }, 10))
    t.ok(err instanceof BodyTooLargeError, cl)
  }
  for (const cl of ['-1', '+3', '1e3', '0x10', 'abc', '', '1 2', '1.0']) {
    t.throws(() => checkContentLength({ 'content-length': cl }, 10), BadHeaderError, JSON.stringify(cl))
  }
  t.equal(checkContentLength({ 'content-length': ' 5 ' }, 10), 5)
  // Transfer-Encoding overrides Content-Length (RFC 9112 §6.3); the streamed count decides.
  t.equal(checkContentLength({ 'content-length': '999', 'transfer-encoding': 'chunked' }, 10), undefined)
})
