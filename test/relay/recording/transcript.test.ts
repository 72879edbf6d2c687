import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import { readRecording } from '../../../relay/recording/reader.js'
import { buildSessionModel } from '../../../relay/recording/session-model.js'
import { ReplyDecoder, isoTime, jsonReplyText, renderTranscript, terminalSafe } from '../../../relay/recording/transcript.js'
import {
  RecordingBuilder, chatCompletion, chatSseChunks, decodeRecords, recordExchange, sessionStart, writeRecording
} from '../../fixtures/recording-builder.js'

import type { ExchangeSpec } from '../../fixtures/recording-builder.js'

const pb = keyward.recording.v1
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const ID = 'rec_01JGKZ0000AAAAAAAAAAAAAAAA'

/** Transcript of a recording built by `build`, read back from its encoded bytes. */
function transcriptOf (build: (b: RecordingBuilder) => void, opts: { truncated?: boolean, problems?: string[] } = {}): string {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  build(b)
  const model = buildSessionModel(decodeRecords(b.bytes()))
  return renderTranscript({ model, sealed: model.trailer !== undefined, truncated: opts.truncated ?? false, problems: opts.problems ?? [] })
}

/** Transcript of one exchange after a SessionStart. */
function oneExchange (spec: ExchangeSpec): string {
  return transcriptOf((b) => {
    b.add(sessionStart(), T0 + 1)
    recordExchange(b, spec, T0 + 1000)
  })
}

/** The reply block of a transcript: the quoted lines after `reply (…):`. */
function replyOf (text: string): string {
  const m = /reply \([^)]*\):\n((?: {4}\|.*\n)*)/.exec(text)
  return (m?.[1] ?? '').split('\n').filter((l) => l !== '').map((l) => l.replace(/^ {4}\| ?/, '')).join('\n')
}

t.test('shows who, when, each exchange with prompt, policy, reply, masks, usage, events and the end', async (t) => {
  // Written by the relay's writer and read back by the storage reader, as `keyward recordings show` does.
  const dataDir = mkdtempSync(join(tmpdir(), 'kw-transcript-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const written = await writeRecording({ dataDir, startUnixMs: T0 + 1, seal: { reason: pb.SessionEnd.Reason.LOCKED, detail: 'subject alice locked', atUnixMs: T0 + 6001 } }, (b) => {
    recordExchange(b, {
      id: 'ex1',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello\nworld' }] },
      chunks: [{ atMs: 120, data: JSON.stringify(chatCompletion('Hi there')) }],
      maskCounts: [{ side: pb.MaskCounts.Side.REQUEST, counts: { card: 1 } }, { side: pb.MaskCounts.Side.RESPONSE, counts: { email: 2 } }],
      usage: { inputTokens: 9, outputTokens: 3, cachedTokens: 2, costMicroUsd: 27, model: 'gpt-4o-mini-2024-07-18' }
    }, T0 + 1000)
    recordExchange(b, {
      id: 'ex2',
      body: { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'count' }] },
      pieceBytes: 16,
      responseHeaders: { 'content-type': 'text/event-stream' },
      chunks: chatSseChunks(['one', ' two', '\n three'], { usage: true }),
      usage: { inputTokens: 9, outputTokens: 3, estimated: true }
    }, T0 + 5000)
    recordExchange(b, {
      id: 'ex3',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'my secret' }] },
      status: 403,
      policy: [{ outcome: pb.PolicyDecision.Outcome.BLOCKED, rules: ['no-secrets', 'audit'], code: 'GW_ERR_POLICY_DENIED', message: 'request blocked by policy rule no-secrets' }],
      chunks: [{ atMs: 0, data: '{"error":{"message":"request blocked by policy rule no-secrets","type":"invalid_request_error","code":"GW_ERR_POLICY_DENIED","param":null}}' }],
      end: { status: 403, completed: true, errorCode: 'GW_ERR_POLICY_DENIED', errorMessage: 'request blocked by policy rule no-secrets', durationMs: 1 }
    }, T0 + 5500)
    b.add({ event: { kind: pb.SessionEvent.Kind.LOCKED, actor: 'bob', reason: 'investigating', lockId: 'lock-7' } }, T0 + 6000)
  })
  const rec = await readRecording(written.path)
  const text = renderTranscript({ model: buildSessionModel(rec.records), sealed: rec.sealed, truncated: rec.truncated, problems: rec.problems })
  t.equal(text.replace(written.id, '<id>').replace(/key [0-9a-f]{16}/, 'key <key>').replace(/end: {6}status 200, completed, \d+ bytes/g, 'end:      status 200, completed, <n> bytes'), [
    'recording   <id>  sealed',
    'relay       relay-test (keyward 0.1.0), created 2025-01-02T03:04:05.001Z',
    'signed by   key <key>',
    'subject     alice  groups eng, ml',
    `token       jti-1 (issuer keyward-local, expires 2025-01-02T15:00:00.000Z, sha256 ${'ab'.repeat(32)})`,
    'client      127.0.0.1',
    'connection  openai  agent agent-1',
    'session     jti-1:openai, started 2025-01-02T03:04:05.001Z',
    '',
    '[1] 2025-01-02T03:04:06.000Z  POST /v1/chat/completions  model gpt-4o-mini  (ex1)',
    '  policy:   ALLOWED',
    '  prompt:',
    '    | Be brief.',
    '    |',
    '    | hello',
    '    | world',
    '  reply (200, application/json):',
    '    | Hi there',
    '  masked:   request card=1; response email=2',
    '  usage:    9 input / 3 output tokens (2 cached), cost $0.000027, model gpt-4o-mini-2024-07-18',
    '  end:      status 200, completed, <n> bytes in 120 ms',
    '',
    '[2] 2025-01-02T03:04:10.000Z  POST /v1/chat/completions  model gpt-4o-mini  stream  (ex2)',
    '  policy:   ALLOWED',
    '  prompt:',
    '    | count',
    '  reply (200, text/event-stream):',
    '    | one two',
    '    |  three',
    '  usage:    9 input / 3 output tokens, cost $0.000000 (estimated)',
    '  end:      status 200, completed, <n> bytes in 280 ms',
    '',
    '[3] 2025-01-02T03:04:10.500Z  POST /v1/chat/completions  model gpt-4o-mini  (ex3)',
    '  policy:   BLOCKED by no-secrets, audit — GW_ERR_POLICY_DENIED: request blocked by policy rule no-secrets',
    '  prompt:',
    '    | my secret',
    '  reply (403, application/json):',
    '    | [error request blocked by policy rule no-secrets (invalid_request_error, GW_ERR_POLICY_DENIED)]',
    '  end:      status 403, completed, 139 bytes in 1 ms; error GW_ERR_POLICY_DENIED: request blocked by policy rule no-secrets',
    '',
    '[event] 2025-01-02T03:04:11.000Z  LOCKED by bob lock lock-7 — investigating',
    '',
    'session end: 2025-01-02T03:04:11.001Z  LOCKED — subject alice locked',
    ''
  ].join('\n'))
})

t.test('says TRUNCATED, NOT SEALED and INCOMPLETE when the recording was cut', async (t) => {
  const text = transcriptOf((b) => {
    b.add(sessionStart())
    recordExchange(b, {
      id: 'cut',
      body: { model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] },
      responseHeaders: { 'content-type': 'text/event-stream' },
      chunks: chatSseChunks(['par', 'tial']).slice(0, 2).concat([{ atMs: 99, data: 'data: {"choices":[{"index":0,"delta":{"content":"never shown' }]),
      end: false
    }, T0 + 10)
  }, { truncated: true, problems: ['frame at byte 900 is cut short'] })
  t.match(text, /^TRUNCATED: this recording was cut/)
  t.match(text, /NOT SEALED/)
  t.match(text, /problem {5}frame at byte 900 is cut short/)
  t.match(text, /INCOMPLETE: no ExchangeEnd recorded/)
  t.match(text, /session end: \(no SessionEnd recorded\)\nTRUNCATED: records after the last intact frame were lost\n$/)
  t.equal(replyOf(text), 'par', 'an event cut in the middle is not shown')
  t.notMatch(text, /never shown/)
})

t.test('decodes Responses API and Anthropic streams, tool calls, several choices and error events', async (t) => {
  const sse = (events: Array<[string | undefined, unknown]>): Array<{ atMs: number, data: string }> =>
    events.map(([name, data], i) => ({ atMs: i, data: `${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n` }))
  const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8' }
  const responses = oneExchange({
    id: 'r',
    path: '/v1/responses',
    body: { model: 'gpt-4.1', input: 'say hi', stream: true },
    responseHeaders: sseHeaders,
    chunks: sse([
      ['response.created', { type: 'response.created', response: { id: 'resp_1' } }],
      ['response.output_text.delta', { type: 'response.output_text.delta', delta: 'Hel' }],
      ['response.output_text.delta', { type: 'response.output_text.delta', delta: 'lo' }],
      ['response.output_item.added', { type: 'response.output_item.added', item: { type: 'function_call', name: 'lookup' } }],
      ['response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', delta: '{"q":1}' }],
      ['response.failed', { type: 'response.failed', response: { error: { message: 'overloaded', code: 'server_error' } } }]
    ])
  })
  t.equal(replyOf(responses), 'Hello\n[tool call lookup] {"q":1}\n[error overloaded (server_error)]')
  t.match(responses, /prompt:\n {4}\| say hi\n/)

  const anthropic = oneExchange({
    id: 'a',
    path: '/v1/messages',
    body: { model: 'claude-x', system: 'sys', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true },
    responseHeaders: sseHeaders,
    chunks: sse([
      ['message_start', { type: 'message_start', message: {} }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Bon' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'jour' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hidden' } }],
      ['content_block_start', { type: 'content_block_start', content_block: { type: 'tool_use', name: 'calc' } }],
      ['content_block_delta', { type: 'content_block_delta', delta: { type: 'input_json_delta', partial_json: '{"x":2}' } }],
      ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]
    ])
  })
  t.equal(replyOf(anthropic), 'Bonjour\n[tool call calc] {"x":2}\n[error Overloaded (overloaded_error)]')
  t.match(anthropic, /prompt:\n {4}\| sys\n {4}\|\n {4}\| hi\n/)

  const choices = oneExchange({
    id: 'c',
    body: { model: 'm', n: 2, stream: true, messages: [] },
    responseHeaders: sseHeaders,
    chunks: [
      { atMs: 1, data: 'data: {"choices":[{"index":0,"delta":{"content":"A"}},{"index":1,"delta":{"content":"B"}}]}\n\n' },
      { atMs: 2, data: 'data: {"choices":[{"index":1,"delta":{"tool_calls":[{"function":{"name":"f","arguments":"{}"}}]}}]}\n\n' },
      { atMs: 3, data: 'data: {"choices":[{"text":"legacy"}]}\n\ndata: not json\n\ndata: 42\n\ndata: {"choices":[1,{"index":0,"delta":{}}]}\n\n' },
      { atMs: 4, data: 'data: {"error":{"message":"upstream failed mid-stream","type":"api_error","code":"GW_ERR_HTTP_UPSTREAM_FAILED","param":null}}\n\n' }
    ]
  })
  t.equal(replyOf(choices), 'A\n[choice 1] B\n[tool call f] {}\n[choice 0] legacynot json\n[error upstream failed mid-stream (api_error, GW_ERR_HTTP_UPSTREAM_FAILED)]')
  t.match(choices, /prompt: {3}\(no prompt text\)/)
})

t.test('shows JSON, text and binary replies as received and never invents a reply', async (t) => {
  const reply = (data: string | Uint8Array, type = 'application/json'): string =>
    replyOf(oneExchange({ id: 'x', body: { model: 'm', messages: [{ role: 'user', content: 'q' }] }, responseHeaders: { 'content-type': type }, chunks: [{ atMs: 1, data }] }))
  t.equal(reply(JSON.stringify({ object: 'response', output: [{ type: 'message', content: [{ type: 'output_text', text: 'from responses' }] }, { type: 'function_call', name: 'f', arguments: '{"a":1}' }, 7] })),
    'from responses\n[tool call f] {"a":1}')
  t.equal(reply(JSON.stringify({ type: 'message', content: [{ type: 'text', text: 'claude says' }, { type: 'tool_use', name: 't', input: { k: 'v' } }, { type: 'image' }, 'x'] })),
    'claude says\n[tool call t] {"k":"v"}')
  t.equal(reply(JSON.stringify({ choices: [{ index: 0, message: { content: [{ type: 'text', text: 'part' }, { refusal: 'no' }], tool_calls: [{ function: { name: 'g', arguments: '{}' } }, 'bad'] } }, { index: 1, text: 'legacy' }, 'bad'] })),
    '[choice 0] partno\n[tool call g] {}\n[choice 1] legacy')
  t.equal(reply(JSON.stringify({ object: 'list', data: [{ embedding: [0.1, 0.2, 0.3] }, { embedding: [1, 2, 3] }] })), '(2 embeddings of 3 numbers)')
  t.equal(reply(JSON.stringify({ object: 'list', data: [{ embedding: [0.5] }] })), '(1 embedding of 1 numbers)')
  t.equal(reply('{"unknown":"shape"}'), '{"unknown":"shape"}', 'an unknown JSON shape is shown as received')
  t.equal(reply('[1,2]'), '[1,2]')
  t.equal(reply('plain text reply', 'text/plain'), 'plain text reply')
  t.equal(reply('{"truncated json', 'application/json'), '{"truncated json')
  t.equal(reply(Buffer.from([0xff, 0xfe, 0x00, 0x01]), 'application/octet-stream'), '(4 bytes of binary data, not shown)')
  t.equal(reply(JSON.stringify({ error: 'just a string' })), '[error just a string]')
  t.equal(reply(JSON.stringify({ error: { detail: 1 } })), '[error {"detail":1}]')

  const none = oneExchange({ id: 'n', body: { model: 'm', messages: [] }, noResponse: true, end: { status: 502, completed: false, errorCode: 'GW_ERR_HTTP_NO_AGENT' } })
  t.match(none, /reply: {4}\(no response head recorded\)\n/)
  t.match(none, /end: {6}status 502, NOT completed \(the client did not receive the whole response\), 0 bytes in 0 ms; error GW_ERR_HTTP_NO_AGENT/)
  const empty = oneExchange({ id: 'e', body: { model: 'm', messages: [] }, chunks: [] })
  t.match(empty, /reply \(200, application\/json\):\n {4}\| \(no reply text\)\n/)
  const noType = oneExchange({ id: 'e', body: { model: 'm', messages: [] }, responseHeaders: {}, chunks: [{ atMs: 0, data: 'ok' }] })
  t.match(noType, /reply \(200\):\n {4}\| ok\n/)
})

t.test('explains prompts it cannot show: not JSON, cut by the size cap, cut by the end of the recording', async (t) => {
  t.match(oneExchange({ id: 'b', body: Buffer.from([0xff, 0x00]) }), /prompt: {3}\(request body of 2 bytes is not JSON; not shown\)/)
  t.notMatch(oneExchange({ id: 'g', method: 'GET', path: '/v1/models', body: undefined }), /prompt/, 'no body, no prompt line')
  const capped = transcriptOf((b) => {
    b.add({ sizeCap: { limitBytes: 4096 } }, T0 + 5)
    b.add({ exchangeStart: { exchangeId: 'c', method: 'POST', path: '/v1/chat/completions', bodyBytes: 5000 } }, T0 + 6)
    b.add({ responseHead: { exchangeId: 'c', status: 200, headers: [{ name: 'content-type', value: 'application/json' }] } }, T0 + 7)
    b.add({ exchangeEnd: { exchangeId: 'c', status: 200, completed: true, responseBytes: 300 } }, T0 + 8)
  })
  t.match(capped, /\[size cap\] 2025-01-02T03:04:05.005Z {2}4096 bytes reached: bodies after this point are not recorded/)
  t.match(capped, /prompt: {3}\(request body not fully recorded: 0 of 5000 bytes; the session's size cap was reached\)/)
  t.match(capped, /\(response body not recorded: the session's size cap was reached\)/)
  const cut = transcriptOf((b) => {
    b.add({ exchangeStart: { exchangeId: 'c', method: 'POST', path: '/v1/chat/completions', bodyBytes: 10 } })
    b.add({ requestBody: { exchangeId: 'c', offset: 0, data: Buffer.from('{"a"') } })
  })
  t.match(cut, /prompt: {3}\(request body not fully recorded: 4 of 10 bytes; the recording was cut\)/)
  t.match(cut, /session     \(no SessionStart recorded\)/)
})

t.test('escapes terminal control characters from recorded text', async (t) => {
  const evil = 'red \u001b[31mALERT\u001b[0m \r overwritten \u202e reversed \u0007'
  const text = transcriptOf((b) => {
    b.add(sessionStart({ subject: 'eve\u001b]0;title\u0007' }))
    recordExchange(b, { id: 'x', body: { model: 'm', messages: [{ role: 'user', content: evil }] }, chunks: [{ atMs: 1, data: JSON.stringify(chatCompletion(evil)) }] }, T0 + 1)
    b.add({ event: { kind: pb.SessionEvent.Kind.KILLED, reason: 'bad\u001bthing' } })
  })
  t.notMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/, 'no raw control characters reach the output')
  t.match(text, /subject {5}eve\\x1b\]0;title\\x07/)
  t.match(text, /\| red \\x1b\[31mALERT\\x1b\[0m \\x0d overwritten \\u202e reversed \\x07/)
  t.match(text, /KILLED — bad\\x1bthing/)
  t.equal(terminalSafe('tab\tand\nnewline stay'), 'tab\tand\nnewline stay')
})

t.test('helpers: times, error lines and the decoder on its own', async (t) => {
  t.equal(isoTime(0), '?')
  t.equal(isoTime(T0), '2025-01-02T03:04:05.000Z')
  t.equal(jsonReplyText('not an object'), undefined)
  t.equal(jsonReplyText({ choices: [] }), '')
  const d = new ReplyDecoder('text/event-stream')
  // A multi-byte character split across chunks still comes out whole.
  const bytes = Buffer.from('data: {"choices":[{"delta":{"content":"é"}}]}\n\n')
  const at = bytes.indexOf(0xc3) + 1
  t.equal(d.push(bytes.subarray(0, at)) + d.push(bytes.subarray(at)) + d.finish(), 'é')
  const big = new ReplyDecoder('text/event-stream')
  t.match(big.push(Buffer.from('data: ' + 'x'.repeat(1024 * 1024 + 10))), /the rest of the stream could not be decoded/)
})
