import t from 'tap'

import { normaliseUsage, usageFromJson, UsageTap } from '../../../relay/spend/usage.js'

async function run (tap: UsageTap, chunks: readonly string[]): Promise<string> {
  const out: Buffer[] = []
  for (const c of chunks) {
    const b = Buffer.from(c)
    tap.observe(b)
    const f = tap.filter(b)
    if (f !== undefined) out.push(f)
  }
  tap.end()
  const rest = tap.flush()
  if (rest !== undefined) out.push(rest)
  return Buffer.concat(out).toString()
}

/** One SSE event carrying `o` as JSON, with `eol` line ends. */
const sse = (o: unknown, eol = '\n'): string => `data: ${JSON.stringify(o)}${eol}${eol}`

t.test('normalises OpenAI chat, Responses and Anthropic usage (input includes cached tokens)', async (t) => {
  t.same(normaliseUsage({ prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 4 } }), { input: 10, output: 5, cached: 4 })
  t.same(normaliseUsage({ input_tokens: 10, output_tokens: 5, input_tokens_details: { cached_tokens: 3 } }), { input: 10, output: 5, cached: 3 })
  t.same(normaliseUsage({ input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 6, cache_creation_input_tokens: 2 }), { input: 18, output: 5, cached: 6 }, 'Anthropic counts cache reads and writes outside input_tokens')
  t.equal(normaliseUsage(null), undefined)
  t.equal(normaliseUsage({ total: 3 }), undefined)
  t.same(normaliseUsage({ prompt_tokens: -3, completion_tokens: 'x' }), { input: 0, output: 0, cached: 0 }, 'nonsense counts as 0')
  t.same(usageFromJson({ usage: { prompt_tokens: 1, completion_tokens: 2 } }), { input: 1, output: 2, cached: 0 })
  t.same(usageFromJson({ response: { usage: { input_tokens: 1, output_tokens: 2 } } }), { input: 1, output: 2, cached: 0 })
  t.equal(usageFromJson([1]), undefined)
})

t.test('a JSON body passes through unchanged and its usage is read at the end', async (t) => {
  const body = JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } })
  const tap = new UsageTap({ eventStream: false, stripUsageChunk: false })
  t.equal(await run(tap, [body.slice(0, 10), body.slice(10)]), body)
  t.same(tap.usage, { input: 7, output: 3, cached: 0 })
  const bad = new UsageTap({ eventStream: false, stripUsageChunk: false })
  t.equal(await run(bad, ['not json']), 'not json')
  t.equal(bad.usage, undefined, 'no usage: the caller estimates')
  t.equal(bad.chars, 8)
})

const CHUNK = { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' } }], usage: null }
const USAGE = { id: 'c', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 9, completion_tokens: 2 } }

t.test('stream, client asked for usage: bytes unchanged, usage read', async (t) => {
  const stream = sse(CHUNK) + sse(USAGE) + 'data: [DONE]\n\n'
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
  t.equal(await run(tap, [stream]), stream)
  t.same(tap.usage, { input: 9, output: 2, cached: 0 })
})

t.test('stream, relay asked for usage: the usage-only chunk is removed wherever the bytes are cut', async (t) => {
  for (const eol of ['\n', '\r\n']) {
    const event = (o: unknown): string => sse(o, eol)
    const done = `data: [DONE]${eol}${eol}`
    const stream = event(CHUNK) + event(USAGE) + done
    for (let cut = 1; cut < stream.length; cut++) {
      const tap = new UsageTap({ eventStream: true, stripUsageChunk: true })
      const out = await run(tap, [stream.slice(0, cut), stream.slice(cut)])
      if (out !== event(CHUNK) + done || tap.usage?.input !== 9 || tap.usage.output !== 2) {
        t.fail(`${JSON.stringify(eol)} cut at ${cut}: ${JSON.stringify(out)} ${JSON.stringify(tap.usage)}`)
        return
      }
    }
    t.pass(`${JSON.stringify(eol)} line ends: removed at every cut, usage read`)
  }
  // Two usage-only chunks in one chunk of bytes (a provider that repeats it): both go, the events between stay.
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: true })
  t.equal(await run(tap, [sse(USAGE) + sse(CHUNK) + sse(USAGE) + 'data: [DONE]\n\n']), sse(CHUNK) + 'data: [DONE]\n\n')
  // A chunk with "choices":[] and no usage is not a usage-only chunk: kept.
  const noUsage = { ...USAGE, usage: null }
  const keep = new UsageTap({ eventStream: true, stripUsageChunk: true })
  t.equal(await run(keep, [sse(noUsage) + 'data: [DONE]\n\n']), sse(noUsage) + 'data: [DONE]\n\n')
})

t.test('Anthropic stream: input from message_start, output from the last message_delta', async (t) => {
  const stream = `event: message_start\n${sse({ type: 'message_start', message: { usage: { input_tokens: 12, output_tokens: 1, cache_read_input_tokens: 3 } } })}` +
    `event: message_delta\n${sse({ type: 'message_delta', delta: {}, usage: { output_tokens: 40 } })}`
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
  await run(tap, [stream])
  t.same(tap.usage, { input: 15, output: 40, cached: 3 })
})

t.test('Responses stream: usage from response.completed', async (t) => {
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
  await run(tap, [sse({ type: 'response.completed', response: { usage: { input_tokens: 5, output_tokens: 6, input_tokens_details: { cached_tokens: 1 } } } })])
  t.same(tap.usage, { input: 5, output: 6, cached: 1 })
})

t.test('a stream cut short has no usage; its text is counted for an estimate', async (t) => {
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: true })
  const out = await run(tap, [sse(CHUNK), 'data: {"partial'])
  t.equal(tap.usage, undefined)
  t.ok(tap.chars > 0)
  t.match(out, /"content":"hi"/)
  t.match(out, /data: \{"partial$/, 'an unfinished last event is passed on as it was')
})

t.test('observe-only on a long stream: usage from its start and its end, nothing in between kept', async (t) => {
  const filler = sse({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'x'.repeat(1000) } })
  const body = [
    `event: message_start\n${sse({ type: 'message_start', message: { usage: { input_tokens: 21, output_tokens: 1 } } })}`,
    ...Array.from({ length: 800 }, () => filler),
    `event: message_delta\n${sse({ type: 'message_delta', delta: {}, usage: { output_tokens: 812 } })}`
  ]
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
  const out = await run(tap, body)
  t.equal(out, body.join(''), 'bytes unchanged')
  t.same(tap.usage, { input: 21, output: 812, cached: 0 })
  t.equal(tap.chars, body.join('').length)
  const openai = new UsageTap({ eventStream: true, stripUsageChunk: false })
  await run(openai, [...Array.from({ length: 800 }, () => sse(CHUNK).repeat(4)), sse(USAGE), 'data: [DONE]\n\n'])
  t.same(openai.usage, { input: 9, output: 2, cached: 0 })
})

t.test('usage is found only where a "usage" key holds an object, in any event layout', async (t) => {
  const read = async (chunks: string[]): Promise<unknown> => {
    const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
    await run(tap, chunks)
    return tap.usage
  }
  // Every chunk carries "usage":null (the relay asked for usage); only the last one counts.
  t.same(await read([sse(CHUNK).repeat(50), sse(USAGE), 'data: [DONE]\n\n']), { input: 9, output: 2, cached: 0 })
  // The usage object starts on the event's next data line (SSE joins the lines with a line feed).
  t.same(await read(['data: {"choices":[],"usage":\ndata: {"prompt_tokens":4,"completion_tokens":5}}\n\n']), { input: 4, output: 5, cached: 0 })
  // CRLF line endings and event boundaries.
  t.same(await read([`data: ${JSON.stringify(CHUNK)}\r\n\r\ndata: ${JSON.stringify(USAGE)}\r\n\r\n`]), { input: 9, output: 2, cached: 0 })
  // Text that mentions usage inside a JSON string is not usage; a later real usage still is.
  const talk = { ...CHUNK, choices: [{ index: 0, delta: { content: 'say "usage":{"prompt_tokens":999}' } }] }
  t.same(await read([sse(talk), sse(USAGE)]), { input: 9, output: 2, cached: 0 })
  t.equal(await read([sse(talk)]), undefined, 'no usage object outside strings: none')
  // A usage object in an event that is not JSON is skipped; the next one is read.
  t.same(await read(['data: "usage":{ not json\n\n', sse(USAGE)]), { input: 9, output: 2, cached: 0 })
})

t.test('events of a stream without usage are counted for the estimate, wherever the bytes are cut', async (t) => {
  for (const eol of ['\n', '\r\n']) {
    const stream = `data: ${JSON.stringify(CHUNK)}${eol}${eol}`.repeat(5) + `data: [DONE]${eol}${eol}`
    for (let a = 1; a < stream.length; a++) {
      // Two cuts: a blank line may be split over three chunks (LF | CR | LF).
      for (const b of [a + 1, a + 2, stream.length]) {
        const tap = new UsageTap({ eventStream: true, stripUsageChunk: false })
        await run(tap, [stream.slice(0, a), stream.slice(a, b), stream.slice(b)])
        if (tap.events !== 6) {
          t.fail(`${JSON.stringify(eol)} cuts at ${a}, ${b}: ${tap.events} events`)
          return
        }
      }
    }
    t.pass(`${JSON.stringify(eol)} line ends: 6 events at every cut`)
  }
})

t.test('a long CRLF stream: usage from its start and its end', async (t) => {
  const tap = new UsageTap({ eventStream: true, stripUsageChunk: true })
  const out = await run(tap, [...Array.from({ length: 800 }, () => sse(CHUNK, '\r\n').repeat(4)), sse(USAGE, '\r\n'), 'data: [DONE]\r\n\r\n'])
  t.same(tap.usage, { input: 9, output: 2, cached: 0 })
  t.notMatch(out, /"choices":\[\]/, 'usage-only chunk removed')
  t.equal(tap.events, 3202)
})
