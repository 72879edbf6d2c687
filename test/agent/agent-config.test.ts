import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import t from 'tap'

import { configProblems, loadYaml } from '../fixtures/config-files.js'
import { agentConfigSchema, loadAgentConfig } from '../../agent/agent-config.js'
import { ConfigInvalidError } from '../../common/errors.js'

import type { Test } from 'tap'

/** Writes agent.yaml with `text` into a fresh folder and loads it. */
function load (t: Test, text: string): ReturnType<typeof loadAgentConfig> {
  return loadYaml(t, 'agent.yaml', loadAgentConfig, text)
}

/** The message of the ConfigInvalidError that loading `text` throws. */
function problems (t: Test, text: string): string {
  return configProblems(t, 'agent.yaml', loadAgentConfig, text)
}

/** The `default` column of the agent.yaml table in docs/config.md. */
function documentedDefaults (): Map<string, string> {
  const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8')
  const section = doc.split(/^## /m).find((s) => s.startsWith('agent.yaml')) ?? ''
  const out = new Map<string, string>()
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim())
    const key = /^`([^`]+)`/.exec(cells[1] ?? '')?.[1]
    if (key !== undefined && cells[3] !== undefined) out.set(key, cells[3].replace(/`/g, ''))
  }
  return out
}

const MINIMAL = `
relay: { url: "wss://relay.example.com:8443/tunnel" }
credentialFile: /etc/keyward/agent-credential.json
connections:
  openai: { upstream: "https://api.openai.com/v1", credential: { env: OPENAI_API_KEY } }
`

t.test('a file with many problems fails once, listing every problem with its key path', async (t) => {
  const message = problems(t, `
relay:
  url: "ws://relay.example.com:8443/tunnel"
  pinSha256: ["AB:CD"]
  color: blue
extra: 1
connections:
  Open_AI:
    upstream: https://api.openai.com/v1
  openai:
    upstream: "not a url"
    type: azure
    credential: { env: OPENAI_API_KEY, file: /run/key }
    headers: { "x-ok": "fine", "bad header": "v", "x-inject": "a\\r\\nb: c" }
  local:
    upstream: "file:///etc/passwd"
    credential: { env: "1BAD" }
    timeout: 5
`)
  const expected = [
    /^ {2}- relay\.url: must be a wss:\/\/ URL$/m,
    /^ {2}- relay\.pinSha256\.0: not a SHA-256 fingerprint$/m,
    /^ {2}- relay\.color: unknown key$/m,
    /^ {2}- credentialFile: required \(string\)$/m,
    /^ {2}- extra: unknown key$/m,
    /^ {2}- connections\.Open_AI: .*connection names are lower-case letters, digits and dashes/m,
    /^ {2}- connections\.openai\.upstream: Invalid URL$/m,
    /^ {2}- connections\.openai\.type: Invalid option/m,
    /^ {2}- connections\.openai\.credential: give exactly one of env or file$/m,
    /^ {2}- connections\.openai\.headers\.bad header: .*not a valid HTTP header name/m,
    /^ {2}- connections\.openai\.headers\.x-inject: header values may not contain CR, LF or NUL$/m,
    /^ {2}- connections\.local\.upstream: Invalid URL$/m,
    /^ {2}- connections\.local\.credential\.env: not an environment variable name$/m,
    /^ {2}- connections\.local\.timeout: unknown key$/m
  ]
  for (const re of expected) t.match(message, re)
  t.match(message, new RegExp(`agent\\.yaml \\(${expected.length} problems\\):`), 'nothing else is reported')
})

t.test('a minimal agent.yaml gets the defaults documented in docs/config.md', async (t) => {
  const config = load(t, MINIMAL)
  t.same(config, {
    relay: { url: 'wss://relay.example.com:8443/tunnel' },
    credentialFile: '/etc/keyward/agent-credential.json',
    connections: { openai: { upstream: 'https://api.openai.com/v1', type: 'openai', credential: { env: 'OPENAI_API_KEY' }, headers: {} } },
    logLevel: 'info'
  })
  const doc = documentedDefaults()
  t.equal(doc.get('connections.<name>.type'), 'openai')
  t.equal(doc.get('connections.<name>.headers'), '{}')
  t.equal(doc.get('logLevel'), 'info')
  t.equal(doc.get('relay.url'), 'required')
  t.equal(doc.get('credentialFile'), 'required')
})

t.test('the agent.yaml example from the README is valid', async (t) => {
  const config = load(t, `
relay:
  url: wss://llm.example.com:8443/tunnel
  caFile: /etc/keyward/relay-ca.pem
  pinSha256: ["${Array(32).fill('AB').join(':')}", "${'cd'.repeat(32)}"]
credentialFile: /etc/keyward/agent-credential.json
connections:
  openai:
    upstream: https://api.openai.com/v1
    credential: { env: OPENAI_API_KEY }
  anthropic:
    upstream: https://api.anthropic.com/v1
    type: anthropic
    credential: { file: /run/secrets/anthropic-key }
    headers: { anthropic-beta: prompt-caching-2024-07-31 }
  local-llm:
    upstream: http://127.0.0.1:11434/v1
`)
  t.same(Object.keys(config.connections), ['openai', 'anthropic', 'local-llm'])
  t.equal(config.connections.anthropic?.type, 'anthropic')
  t.same(config.connections.anthropic?.headers, { 'anthropic-beta': 'prompt-caching-2024-07-31' })
  t.equal(config.connections['local-llm']?.credential, undefined, 'a keyless local model is allowed')
  t.equal(config.relay.pinSha256?.length, 2)
})

t.test('refuses plain ws:// and non-WebSocket relay URLs', async (t) => {
  const parse = (url: string): boolean => agentConfigSchema.safeParse({
    relay: { url }, credentialFile: 'c.json', connections: { a: { upstream: 'https://a.example/v1' } }
  }).success
  t.ok(parse('wss://relay.example.com/tunnel'))
  t.notOk(parse('ws://relay.example.com/tunnel'), 'cleartext tunnel refused')
  t.notOk(parse('https://relay.example.com/tunnel'))
  t.notOk(parse('relay.example.com'))
})

t.test('extra headers may not carry a credential or framing: the key goes in credential', async (t) => {
  const message = problems(t, MINIMAL.replace('credential: { env: OPENAI_API_KEY } }',
    'headers: { Authorization: "Bearer sk-inline", x-api-key: sk-inline, Host: evil.example, content-length: "5", x-fine: ok } }'))
  t.match(message, /^ {2}- connections\.openai\.headers\.Authorization: reserved header/m)
  t.match(message, /^ {2}- connections\.openai\.headers\.x-api-key: reserved header/m)
  t.match(message, /^ {2}- connections\.openai\.headers\.Host: reserved header/m)
  t.match(message, /^ {2}- connections\.openai\.headers\.content-length: reserved header/m)
  t.notMatch(message, /x-fine/)
  t.notMatch(message, /sk-inline/, 'the rejected value is not echoed')
})

t.test('at least one connection is required, and relay and credentialFile are required', async (t) => {
  t.match(problems(t, 'relay: { url: "wss://r.example/tunnel" }\ncredentialFile: c.json\nconnections: {}\n'),
    /^ {2}- connections: at least one connection is required$/m)
  const empty = problems(t, '')
  t.match(empty, /^ {2}- relay: required \(object\)$/m)
  t.match(empty, /^ {2}- credentialFile: required \(string\)$/m)
  t.match(empty, /^ {2}- connections: required \(record\)$/m)
})

t.test('a connection name longer than 63 characters is refused', async (t) => {
  const long = 'a'.repeat(64)
  t.match(problems(t, MINIMAL.replace('openai:', `${long}:`)), new RegExp(`connections\\.${long}: .*max 63`))
  t.doesNotThrow(() => load(t, MINIMAL.replace('openai:', `${'a'.repeat(63)}:`)))
})

t.test('the loaded config is deeply frozen', async (t) => {
  const config = load(t, MINIMAL)
  t.ok(Object.isFrozen(config))
  t.ok(Object.isFrozen(config.relay))
  t.ok(Object.isFrozen(config.connections))
  t.ok(Object.isFrozen(config.connections.openai?.headers))
  t.ok(Object.isFrozen(config.connections.openai?.credential))
  t.throws(() => { (config.connections as Record<string, unknown>).evil = {} }, TypeError)
  t.throws(() => { (config.relay as { url: string }).url = 'wss://evil.example/' }, TypeError)
})

t.test('invalid YAML and a missing file are ConfigInvalidError with a readable message', async (t) => {
  t.match(problems(t, MINIMAL + 'credentialFile: other.json\n'), /Map keys must be unique at line 6, column 1/)
  const missing = join(t.testdir(), 'agent.yaml')
  t.throws(() => loadAgentConfig(missing), { code: 'GW_ERR_CONFIG_INVALID', message: `cannot read config file ${missing}: ENOENT` })
})
