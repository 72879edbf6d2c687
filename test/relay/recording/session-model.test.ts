import t from 'tap'

import { keyward } from '../../../proto/gen/recording.js'
import {
  buildSessionModel, enumName, isExchangeComplete, responseMediaType
} from '../../../relay/recording/session-model.js'
import {
  RecordingBuilder, chatCompletion, chatSseChunks, decodeRecords, recordExchange, sessionStart
} from '../../fixtures/recording-builder.js'

const pb = keyward.recording.v1
const T0 = Date.UTC(2025, 0, 2, 3, 4, 5)
const ID = 'rec_01JGKZ0000AAAAAAAAAAAAAAAA'

/** Encodes the builder's file and decodes it again, as a reader would hand the records over. */
function roundTrip (b: RecordingBuilder): keyward.recording.v1.Record[] {
  return decodeRecords(b.bytes())
}

t.test('assembles a sealed two-exchange session: bodies, chunks, usage, events, end and trailer', async (t) => {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  b.add(sessionStart(), T0 + 1)
  const chatBody = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] }
  recordExchange(b, {
    id: 'ex1',
    body: chatBody,
    chunks: [{ atMs: 120, data: JSON.stringify(chatCompletion('Hi there')) }],
    maskCounts: [{ side: pb.MaskCounts.Side.RESPONSE, counts: { email: 2 } }],
    usage: { inputTokens: 9, outputTokens: 3, costMicroUsd: 27 }
  }, T0 + 1000)
  const streamBody = { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'count to three, slowly please' }] }
  recordExchange(b, {
    id: 'ex2',
    body: streamBody,
    pieceBytes: 16,
    responseHeaders: { 'content-type': 'text/event-stream; charset=utf-8' },
    chunks: chatSseChunks(['one', ' two', ' three'])
  }, T0 + 5000)
  b.add({ event: { kind: pb.SessionEvent.Kind.KILLED, actor: 'bob', reason: 'leak' } }, T0 + 6000)
  b.add({ sessionEnd: { reason: pb.SessionEnd.Reason.KILLED, detail: 'killed by bob' } }, T0 + 6001)
  b.seal()

  const m = buildSessionModel(roundTrip(b))
  t.same(m.problems, [])
  t.equal(m.header?.recordingId, ID)
  t.equal(m.sessionStart?.subject, 'alice')
  t.equal(m.sessionStart?.timeUnixMs, T0 + 1)
  t.same(m.exchanges.map((e) => e.id), ['ex1', 'ex2'])
  const [ex1, ex2] = m.exchanges
  t.equal(Buffer.from(ex1?.requestBody ?? []).toString(), JSON.stringify(chatBody))
  t.ok(ex1?.requestBodyComplete)
  t.equal(Buffer.from(ex2?.requestBody ?? []).toString(), JSON.stringify(streamBody), 'request pieces are joined in order')
  t.ok(ex2?.requestBodyComplete)
  t.equal(Number(ex1?.usage?.inputTokens), 9)
  t.same(ex1?.maskCounts.map((c) => c.counts), [{ email: 2 }])
  t.equal(ex1?.policy[0]?.outcome, pb.PolicyDecision.Outcome.ALLOWED)
  t.equal(ex2?.responseChunks.length, 6, 'role, three deltas, finish, [DONE]')
  t.same(ex2?.responseChunks.map((c) => c.atMs), [40, 80, 120, 160, 200, 240])
  t.equal(ex2?.responseBytes, ex2?.responseChunks.reduce((n, c) => n + c.data.length, 0))
  t.equal(responseMediaType(ex2 as NonNullable<typeof ex2>), 'text/event-stream')
  t.ok(isExchangeComplete(ex1 as NonNullable<typeof ex1>))
  t.same(m.timeline.map((e) => e.kind), ['exchange', 'exchange', 'event'])
  t.equal(m.events[0]?.event.actor, 'bob')
  t.equal(enumName('reason', m.sessionEnd?.reason), 'KILLED')
  t.equal(m.trailer?.truncated, false)
  t.notOk(ex1?.bodiesCapped)
})

t.test('keeps concurrent exchanges apart when their records interleave', async (t) => {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  b.add({ exchangeStart: { exchangeId: 'a', method: 'POST', path: '/v1/chat/completions' } })
  b.add({ exchangeStart: { exchangeId: 'b', method: 'POST', path: '/v1/embeddings' } })
  b.add({ responseHead: { exchangeId: 'b', status: 200 } })
  b.add({ responseHead: { exchangeId: 'a', status: 429 } })
  b.add({ responseChunk: { exchangeId: 'a', atMs: 5, data: Buffer.from('A1') } })
  b.add({ responseChunk: { exchangeId: 'b', atMs: 6, data: Buffer.from('B1') } })
  b.add({ responseChunk: { exchangeId: 'a', atMs: 7, data: Buffer.from('A2') } })
  b.add({ exchangeEnd: { exchangeId: 'b', status: 200, completed: true } })
  const m = buildSessionModel(roundTrip(b))
  t.same(m.exchanges.map((e) => e.id), ['a', 'b'], 'in ExchangeStart order')
  t.same(m.exchanges[0]?.responseChunks.map((c) => Buffer.from(c.data).toString()), ['A1', 'A2'])
  t.same(m.exchanges[1]?.responseChunks.map((c) => Buffer.from(c.data).toString()), ['B1'])
  t.equal(m.exchanges[0]?.responseHead?.status, 429)
  t.notOk(isExchangeComplete(m.exchanges[0] as NonNullable<(typeof m.exchanges)[0]>), 'a has no end: incomplete')
  t.ok(isExchangeComplete(m.exchanges[1] as NonNullable<(typeof m.exchanges)[1]>))
  t.equal(m.exchanges[0]?.requestBody.length, 0)
  t.notOk(m.exchanges[0]?.requestBodyComplete, 'no body pieces at all: not complete')
  t.equal(m.trailer, undefined)
})

t.test('a recording cut mid-exchange leaves it incomplete with a partial request body', async (t) => {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  b.add(sessionStart())
  const body = { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(100) }] }
  recordExchange(b, { id: 'cut', body, pieceBytes: 40, end: false }, T0 + 10)
  // Drop the last body piece and everything after it, as a crash would.
  const records = roundTrip(b)
  const lastPiece = records.findIndex((r) => r.requestBody?.last === true)
  const m = buildSessionModel(records.slice(0, lastPiece))
  const ex = m.exchanges[0]
  t.equal(ex?.requestBody.length, Math.floor((JSON.stringify(body).length - 1) / 40) * 40, 'every piece but the last')
  t.notOk(ex?.requestBodyComplete)
  t.equal(ex?.end, undefined)
  t.equal(ex?.responseHead, undefined)
  t.same(m.problems, [])
})

t.test('skips records that break the format and says why in problems', async (t) => {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  b.add(sessionStart())
  b.add(sessionStart({ subject: 'mallory' }))
  b.add({ header: { recordingId: 'rec_other' } })
  b.add({ responseChunk: { exchangeId: 'ghost', atMs: 1, data: Buffer.from('x') } })
  b.add({ usage: { exchangeId: 'ghost', inputTokens: 1 } })
  b.add({ exchangeStart: { exchangeId: 'e', method: 'POST', path: '/v1/chat/completions' } })
  b.add({ exchangeStart: { exchangeId: 'e', method: 'GET', path: '/v1/models' } })
  b.add({ requestBody: { exchangeId: 'e', offset: 0, data: Buffer.from('{"a":') } })
  b.add({ requestBody: { exchangeId: 'e', offset: 10, data: Buffer.from('1}') } })
  b.add({ requestBody: { exchangeId: 'e', offset: 5, data: Buffer.from('1}'), last: true } })
  b.add({ responseHead: { exchangeId: 'e', status: 200 } })
  b.add({ responseHead: { exchangeId: 'e', status: 500 } })
  b.add({ exchangeEnd: { exchangeId: 'e', status: 200, completed: true } })
  b.add({ exchangeEnd: { exchangeId: 'e', status: 500 } })
  b.add({ sessionEnd: { reason: pb.SessionEnd.Reason.IDLE } })
  b.add({ sessionEnd: { reason: pb.SessionEnd.Reason.KILLED } })
  // A record whose body this version does not know decodes with no body field set.
  const m = buildSessionModel([...roundTrip(b), pb.Record.create({ seq: 99 })])
  t.equal(m.sessionStart?.subject, 'alice', 'the first SessionStart wins')
  t.equal(m.header?.recordingId, ID, 'the first FileHeader wins')
  t.equal(m.exchanges.length, 1)
  t.equal(m.exchanges[0]?.start.method, 'POST', 'the first ExchangeStart wins')
  t.equal(Buffer.from(m.exchanges[0]?.requestBody ?? []).toString(), '{"a":', 'the body stops at the gap')
  t.notOk(m.exchanges[0]?.requestBodyComplete, 'a body with a gap is not complete, even after a last piece')
  t.equal(m.exchanges[0]?.responseHead?.status, 200)
  t.equal(m.exchanges[0]?.end?.status, 200)
  t.equal(enumName('reason', m.sessionEnd?.reason), 'IDLE')
  t.equal(m.problems.length, 10)
  t.match(m.problems.join('\n'), /second SessionStart[\s\S]*second FileHeader[\s\S]*"ghost", which has no ExchangeStart[\s\S]*Usage[\s\S]*starts exchange "e" a second time[\s\S]*offset 10, expected 5[\s\S]*second ResponseHead[\s\S]*second ExchangeEnd[\s\S]*second SessionEnd[\s\S]*no body this version understands/)
})

t.test('marks exchanges whose bodies the size cap cut', async (t) => {
  const b = new RecordingBuilder({ recordingId: ID, createdUnixMs: T0 })
  recordExchange(b, { id: 'before', body: { model: 'm' }, chunks: [{ atMs: 1, data: '{}' }] }, T0 + 1)
  b.add({ exchangeStart: { exchangeId: 'open', method: 'POST', path: '/v1/chat/completions' } })
  b.add({ sizeCap: { limitBytes: 1024 } })
  b.add({ sizeCap: { limitBytes: 1024 } })
  recordExchange(b, { id: 'after', body: undefined, chunks: [] }, T0 + 100)
  const m = buildSessionModel(roundTrip(b))
  t.same(m.exchanges.map((e) => [e.id, e.bodiesCapped]), [['before', false], ['open', true], ['after', true]])
  t.equal(m.sizeCap?.limitBytes, 1024)
  t.same(m.timeline.map((e) => e.kind), ['exchange', 'exchange', 'size-cap', 'exchange'], 'one size-cap entry')
})

t.test('helpers: enum names, media types', async (t) => {
  t.equal(enumName('outcome', pb.PolicyDecision.Outcome.BLOCKED), 'BLOCKED')
  t.equal(enumName('kind', 99), '99', 'unknown values show as numbers')
  t.equal(enumName('side', undefined), 'SIDE_UNSPECIFIED')
  const b = new RecordingBuilder({ recordingId: ID })
  b.add({ exchangeStart: { exchangeId: 'x' } })
  b.add({ responseHead: { exchangeId: 'x', status: 200, headers: [{ name: 'Content-Type', value: ' Application/JSON ; charset=utf-8' }] } })
  b.add({ exchangeStart: { exchangeId: 'y' } })
  const m = buildSessionModel(roundTrip(b))
  t.equal(responseMediaType(m.exchanges[0] as NonNullable<(typeof m.exchanges)[0]>), 'application/json')
  t.equal(responseMediaType(m.exchanges[1] as NonNullable<(typeof m.exchanges)[1]>), '', 'no head: no type')
})
