// LangChain's ChatOpenAI and OpenAIEmbeddings, configured exactly as the README says (only baseURL changes),
// against relay + agent + fake provider.
import t from 'tap'
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai'
import { Agent, setGlobalDispatcher } from 'undici'

import { PROVIDER_KEY, startStack } from '../fixtures/stack.js'

import type { Stack } from '../fixtures/stack.js'

let stack: Stack
let token: string

t.before(async () => {
  stack = await startStack()
  token = await stack.token('bob', ['ml'])
  setGlobalDispatcher(new Agent({ connect: { ca: stack.ca } }))
})
t.teardown(async () => await stack.stop())

t.test('ChatOpenAI.invoke', async (t) => {
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: token, maxRetries: 0, configuration: { baseURL: stack.baseUrl } })
  const msg = await llm.invoke('hello from langchain')
  t.equal(msg.content, 'Echo: hello from langchain')
})

t.test('ChatOpenAI.stream yields the reply in pieces', async (t) => {
  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', apiKey: token, maxRetries: 0, configuration: { baseURL: stack.baseUrl } })
  const pieces: string[] = []
  for await (const chunk of await llm.stream('stream from langchain')) pieces.push(String(chunk.content))
  t.equal(pieces.join(''), 'Echo: stream from langchain')
  t.ok(pieces.filter((p) => p !== '').length > 1, 'more than one non-empty piece')
})

t.test('OpenAIEmbeddings.embedQuery and embedDocuments', async (t) => {
  const emb = new OpenAIEmbeddings({ model: 'text-embedding-3-small', apiKey: token, maxRetries: 0, configuration: { baseURL: stack.baseUrl } })
  const v = await emb.embedQuery('embed me')
  t.equal(v.length, 8)
  t.ok(v.every((x) => Number.isFinite(x)))
  const docs = await emb.embedDocuments(['a', 'b', 'c'])
  t.equal(docs.length, 3)
})

t.test('the provider saw the agent key and never the identity token', async (t) => {
  for (const r of stack.provider.requests) {
    t.equal(r.headers.authorization, `Bearer ${PROVIDER_KEY}`)
    t.notOk(JSON.stringify(r.headers).includes(token))
  }
})
