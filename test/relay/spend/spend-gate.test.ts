import t from 'tap'

import { compilePolicy } from '../../../relay/policy/policy-compiler.js'
import { admitSpend, estimateUsage } from '../../../relay/spend/spend-gate.js'
import { MemorySpendStore } from '../../../relay/state/spend-store.js'

import type { Identity } from '../../../relay/identity/jwt-verifier.js'
import type { SpendStore } from '../../../relay/state/spend-store.js'

const identity = { subject: 'alice', groups: ['eng', 'ml'], tokenId: 't', expiresAt: Date.now() + 60_000 } as unknown as Identity
const policy = (spend: unknown[], pricing: unknown = {}): ReturnType<typeof compilePolicy> => compilePolicy({ spend, pricing }, 'test')

t.test('no rule in scope: nothing reserved, but streamed chat asks for usage and prices the model', async (t) => {
  const body: Record<string, unknown> = { model: 'gpt-4o-mini', stream: true, stream_options: { other: 1 } }
  const a = await admitSpend({ spend: policy([]).spend, store: new MemorySpendStore(), identity, connection: 'openai', path: '/v1/chat/completions', body, bodyBytes: 40, nowMs: 0 })
  t.equal(a.reservationId, undefined)
  t.ok(a.stripUsageChunk)
  t.same(body.stream_options, { other: 1, include_usage: true }, 'the client\'s other stream options are kept')
  t.same(a.price, { input: 150, output: 600, cached: 75 })
  t.equal(a.promptTokensEstimate, 10)
  t.same(estimateUsage(a, { events: 0, chars: 41 }), { input: 10, output: 11, cached: 0 }, 'a JSON body: 4 characters a token')
  t.same(estimateUsage(a, { events: 37, chars: 9000 }), { input: 10, output: 37, cached: 0 }, 'a stream: a token an event')
  const asked: Record<string, unknown> = { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } }
  t.notOk((await admitSpend({ spend: policy([]).spend, store: undefined, identity, connection: 'openai', path: '/v1/chat/completions', body: asked, bodyBytes: 1, nowMs: 0 })).stripUsageChunk, 'a client that asked keeps its chunk')
  const responses: Record<string, unknown> = { model: 'gpt-4o-mini', stream: true }
  t.notOk((await admitSpend({ spend: policy([]).spend, store: undefined, identity, connection: 'openai', path: '/v1/responses', body: responses, bodyBytes: 1, nowMs: 0 })).stripUsageChunk, 'Responses streams always report usage')
})

t.test('per: group charges every listed group the identity is in', async (t) => {
  const store = new MemorySpendStore()
  const spend = policy([{ name: 'g', scope: { groups: ['eng', 'ops'] }, per: 'group', requestsPerMinute: 1 }]).spend
  const base = { spend, store, identity, connection: 'openai', path: '/v1/chat/completions', bodyBytes: 1, nowMs: 0 }
  await admitSpend({ ...base, body: { model: 'gpt-4o' } })
  const bob = { ...identity, subject: 'bob', groups: ['eng'] } as unknown as Identity
  await t.rejects(admitSpend({ ...base, identity: bob, body: { model: 'gpt-4o' } }), { code: 'GW_ERR_SPEND_LIMITED', message: /group:eng/ }, 'another member of eng shares the counter')
})

t.test('a refuse rule does not cap: a request over the budget is refused', async (t) => {
  const spend = policy([{ name: 'strict', costPerDayUsd: 0.001, onOverBudget: 'refuse' }]).spend
  const body = { model: 'gpt-4o', max_tokens: 1000 }
  await t.rejects(admitSpend({ spend, store: new MemorySpendStore(), identity, connection: 'openai', path: '/v1/chat/completions', body, bodyBytes: 100, nowMs: 0 }), { code: 'GW_ERR_SPEND_LIMITED', status: 429 })
  t.equal(body.max_tokens, 1000, 'left as asked')
})

t.test('a cap rule sets the path\'s token field when the request set none; too little left is refused', async (t) => {
  const spend = policy([{ name: 'tok', tokensPerDay: 500 }]).spend
  const store = new MemorySpendStore()
  const body: Record<string, unknown> = { model: 'gpt-4o' }
  const a = await admitSpend({ spend, store, identity, connection: 'openai', path: '/v1/responses', body, bodyBytes: 400, nowMs: 0 })
  t.equal(body.max_output_tokens, 400, '500 tokens a day minus 100 of prompt')
  t.equal(a.cappedTo, 400)
  t.match(a.headers, { 'x-ratelimit-limit-tokens': '500', 'x-ratelimit-remaining-tokens': '0' })
  await t.rejects(admitSpend({ spend, store, identity, connection: 'openai', path: '/v1/responses', body: { model: 'gpt-4o' }, bodyBytes: 400, nowMs: 1 }), { code: 'GW_ERR_SPEND_LIMITED', message: /500 tokens per day/ })
})

t.test('unknown models: charged the configured price, or refused', async (t) => {
  const charged = await admitSpend({ spend: policy([], { unknownModel: { input: 1, output: 2 } }).spend, store: undefined, identity, connection: 'c', path: '/v1/chat/completions', body: { model: 'x' }, bodyBytes: 1, nowMs: 0 })
  t.same(charged.price, { input: 1000, output: 2000, cached: 1000 })
  await t.rejects(admitSpend({ spend: policy([], { unknownModel: 'refuse' }).spend, store: undefined, identity, connection: 'c', path: '/v1/chat/completions', body: { model: 'x' }, bodyBytes: 1, nowMs: 0 }), { code: 'GW_ERR_SPEND_UNKNOWN_MODEL' })
})

t.test('a store that fails refuses with 503 (fail closed), never "no spend yet"', async (t) => {
  const broken: SpendStore = {
    peek: async () => { throw new Error('down') },
    reserve: async () => { throw new Error('down') },
    settle: async () => {},
    recordUsage: async () => {},
    queryUsage: async () => []
  }
  for (const onOverBudget of ['cap', 'refuse']) {
    const spend = policy([{ name: 'r', requestsPerMinute: 5, onOverBudget }]).spend
    await t.rejects(admitSpend({ spend, store: broken, identity, connection: 'c', path: '/v1/chat/completions', body: { model: 'gpt-4o' }, bodyBytes: 1, nowMs: 0 }), { code: 'GW_ERR_STATE_UNAVAILABLE', status: 503 })
  }
})

t.test('policy validation: a spend rule needs a limit; prices need at most 3 decimals; names are unique across sections', async (t) => {
  t.throws(() => policy([{ name: 'empty' }]), /at least one limit/)
  t.throws(() => policy([], { models: { m: { input: 0.0001, output: 1 } } }), /at most 3 decimals/)
  t.throws(() => compilePolicy({ limits: [{ name: 'x', maxTokens: 5 }], spend: [{ name: 'x', concurrent: 1 }] }, 'test'), /x/)
  t.throws(() => policy([{ name: 'bad', per: 'team', concurrent: 1 }]))
})
