import t from 'tap'

import { PromptTooLargeError } from '../../../relay/policy/errors.js'
import { extractPromptText, extractRequestFields, isKnownEndpoint } from '../../../relay/policy/prompt-extract.js'

const C = 'POLICY-CANARY-DENY'

/** [name, path, body, texts that must be extracted (in this order, other texts may come between)]. */
const shapes: Array<[string, string, unknown, string[]]> = [
  ['chat: string content', '/v1/chat/completions', { model: 'm', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: C }] }, ['sys', C]],
  ['chat: content-part array with text parts (images skipped)', '/v1/chat/completions',
    { messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${C}` } }, { type: 'text', text: C }] }] }, ['a', C]],
  ['chat: tool message content (string)', '/v1/chat/completions', { messages: [{ role: 'tool', tool_call_id: 'call_1', content: C }] }, [C]],
  ['chat: tool message content (parts)', '/v1/chat/completions', { messages: [{ role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: C }] }] }, [C]],
  ['chat: assistant tool call arguments', '/v1/chat/completions',
    { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'search', arguments: `{"q":"${C}"}` } }] }] }, ['search', `{"q":"${C}"}`]],
  ['chat: legacy function_call arguments', '/v1/chat/completions', { messages: [{ role: 'assistant', function_call: { name: 'f', arguments: C } }] }, [C]],
  ['chat: participant name and refusal', '/v1/chat/completions', { messages: [{ role: 'user', name: 'bob', content: 'x' }, { role: 'assistant', refusal: C }] }, ['bob', 'x', C]],
  ['chat: tool definitions are read whole (descriptions and property names)', '/v1/chat/completions',
    { messages: [], tools: [{ type: 'function', function: { name: 'f', description: C, parameters: { type: 'object', properties: { secret_field: { type: 'string' } } } } }] }, [C, 'secret_field']],
  ['chat: response_format schema', '/v1/chat/completions', { messages: [], response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { description: C } } } }, [C]],
  ['chat: prediction content', '/v1/chat/completions', { messages: [], prediction: { type: 'content', content: C } }, [C]],
  ['responses: input string and instructions', '/v1/responses', { model: 'm', instructions: 'be brief', input: C }, ['be brief', C]],
  ['responses: input items with input_text parts', '/v1/responses',
    { input: [{ role: 'user', content: [{ type: 'input_text', text: 'a' }, { type: 'input_image', image_url: 'https://x/y.png' }, { type: 'input_text', text: C }] }] }, ['a', C]],
  ['responses: message item with string content', '/v1/responses', { input: [{ type: 'message', role: 'user', content: C }] }, [C]],
  ['responses: function_call and function_call_output', '/v1/responses',
    { input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{"a":1}' }, { type: 'function_call_output', call_id: 'c', output: C }] }, ['f', '{"a":1}', C]],
  ['responses: function_call_output with content parts', '/v1/responses', { input: [{ type: 'function_call_output', call_id: 'c', output: [{ type: 'input_text', text: C }] }] }, [C]],
  ['responses: reasoning summary', '/v1/responses', { input: [{ type: 'reasoning', id: 'r', summary: [{ type: 'summary_text', text: C }] }] }, [C]],
  ['responses: prompt template variables', '/v1/responses', { prompt: { id: 'pmpt_1', variables: { city: C, img: { type: 'input_text', text: 'v' } } } }, [C, 'v']],
  ['responses: text.format schema', '/v1/responses', { input: 'x', text: { format: { type: 'json_schema', name: 'n', schema: { description: C } } } }, [C]],
  ['legacy completions: prompt string and suffix', '/v1/completions', { model: 'm', prompt: C, suffix: 'end' }, [C, 'end']],
  ['legacy completions: prompt array; token arrays ignored', '/v1/completions', { prompt: ['a', C, [1, 2, 3]] }, ['a', C]],
  ['embeddings: input string', '/v1/embeddings', { model: 'm', input: C }, [C]],
  ['embeddings: input array; token arrays ignored', '/v1/embeddings', { input: ['a', C] }, ['a', C]],
  ['embeddings: token arrays only', '/v1/embeddings', { input: [[1, 2], [3]] }, []],
  ['moderations: text parts', '/v1/moderations', { input: [{ type: 'text', text: C }, { type: 'image_url', image_url: { url: 'https://x' } }] }, [C]],
  ['anthropic: system string', '/v1/messages', { model: 'claude', max_tokens: 10, system: C, messages: [] }, [C]],
  ['anthropic: system blocks', '/v1/messages', { system: [{ type: 'text', text: C, cache_control: { type: 'ephemeral' } }], messages: [] }, [C]],
  ['anthropic: message blocks: text, tool_use input, tool_result', '/v1/messages', {
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'lookup', input: { [C]: 'v', q: 'w' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: C }] }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'plain' }] }
    ]
  }, ['q', 'lookup', C, 'v', 'q', 'w', C, 'plain']],
  ['anthropic: text and content documents (base64 skipped)', '/v1/messages', {
    messages: [{
      role: 'user',
      content: [
        { type: 'document', title: 'T', source: { type: 'text', media_type: 'text/plain', data: C } },
        { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'inner' }] } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0' } }
      ]
    }]
  }, ['T', C, 'inner']],
  ['anthropic: thinking blocks', '/v1/messages', { messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: C, signature: 'sig' }] }] }, [C]],
  ['unknown endpoint: every string value and key (fail closed)', '/v1/audio/speech', { model: 'tts', input: C, voice: 'alloy', extra: { [C]: 1 } }, ['model', 'tts', 'input', C, 'voice', 'alloy', 'extra', C]],
  ['path prefix and trailing slash still select the shape', '/openai/deployments/x/chat/completions/', { messages: [{ role: 'user', content: C }], zzz: 'not read' }, [C]]
]

t.test('prompt text is extracted from every request shape', async (t) => {
  for (const [name, path, body, want] of shapes) {
    const got = extractPromptText(path, body).texts
    // The wanted texts appear in this order (a subsequence of what was extracted).
    let i = 0
    for (const text of got) if (text === want[i]) i++
    t.equal(i, want.length, `${name}: ${JSON.stringify(got)}`)
    if (want.length === 0) t.same(got, [], name)
  }
})

t.test('fields the walk does not read on a known endpoint are not prompt text', async (t) => {
  const got = extractPromptText('/v1/chat/completions', { model: 'm', user: 'u', metadata: { k: C }, messages: [{ role: 'user', content: 'x' }] }).texts
  t.same(got, ['x'])
})

t.test('a canary split across two content parts comes out as adjacent texts', async (t) => {
  const body = { messages: [{ role: 'user', content: [{ type: 'text', text: 'POLICY-CANARY-' }, { type: 'text', text: 'DENY' }] }] }
  const { texts } = extractPromptText('/v1/chat/completions', body)
  t.same(texts, ['POLICY-CANARY-', 'DENY'])
  t.equal(texts.join(''), C)
})

t.test('past maxChars extraction throws PromptTooLargeError (413) instead of skipping text', async (t) => {
  const body = { messages: [{ role: 'user', content: 'a'.repeat(600) }, { role: 'user', content: 'b'.repeat(600) }] }
  t.equal(extractPromptText('/v1/chat/completions', body, { maxChars: 1200 }).chars, 1200)
  t.throws(() => extractPromptText('/v1/chat/completions', body, { maxChars: 1199 }), PromptTooLargeError)
  try {
    extractPromptText('/v1/chat/completions', body, { maxChars: 1000 })
  } catch (err) {
    t.equal((err as PromptTooLargeError).code, 'GW_ERR_POLICY_PROMPT_TOO_LARGE')
    t.equal((err as PromptTooLargeError).status, 413)
  }
})

t.test('a deeply nested body does not overflow the stack', async (t) => {
  let deep: unknown = C
  for (let i = 0; i < 200_000; i++) deep = [deep]
  t.same(extractPromptText('/v1/other', { x: deep }).texts, ['x', C])
  t.same(extractPromptText('/v1/chat/completions', { messages: deep }).texts, [C])
})

t.test('request fields: model, token limits, n, tools, stream', async (t) => {
  t.same(extractRequestFields({ model: 'gpt', max_tokens: 10, max_completion_tokens: 20, n: 2, best_of: 3, tools: [{}, {}], functions: [{}], stream: true }), {
    model: 'gpt', maxTokens: { field: 'max_completion_tokens', value: 20 }, n: { field: 'best_of', value: 3 }, tools: 3, stream: true
  })
  t.same(extractRequestFields({ max_output_tokens: 5 }), { maxTokens: { field: 'max_output_tokens', value: 5 } })
  t.same(extractRequestFields({ model: 7, max_tokens: null, n: null, tools: null }), {}, 'null means provider default; non-string model ignored')
  t.same(extractRequestFields({ max_tokens: '99999', n: [1], tools: {} }), {
    maxTokens: { field: 'max_tokens', value: Infinity }, n: { field: 'n', value: Infinity }, tools: Infinity
  }, 'present but not a number reads as Infinity (exceeds every cap)')
  t.same(extractRequestFields(undefined), {})
  t.same(extractRequestFields([1]), {})
  t.same(extractRequestFields('x'), {})
})

t.test('known endpoints are recognised by suffix, case and trailing slash aside', async (t) => {
  t.ok(isKnownEndpoint('/v1/chat/completions'))
  t.ok(isKnownEndpoint('/V1/Messages/'))
  t.ok(isKnownEndpoint('/v1/embeddings?x=1'))
  t.notOk(isKnownEndpoint('/v1/images/generations'))
})

t.test('a body that is not an object is read whole, whatever the endpoint', async (t) => {
  t.same(extractPromptText('/v1/x', C).texts, [C])
  t.same(extractPromptText('/v1/chat/completions', [C]).texts, [C])
  t.same(extractPromptText('/v1/chat/completions', undefined).texts, [])
})
