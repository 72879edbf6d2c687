import { readFileSync } from 'node:fs'
import { join } from 'node:path'

import t from 'tap'

import { configProblems, loadYaml } from '../fixtures/config-files.js'
import { ConfigInvalidError } from '../../common/errors.js'
import {
  DEFAULT_AUDIENCE, DEFAULT_DATA_DIR, DEFAULT_LOCAL_ISSUER, DEFAULT_MAX_BODY_BYTES, DEFAULT_RECORDING_MIN_FREE_BYTES, DEFAULT_RELAY_HOST, DEFAULT_RELAY_PORT
} from '../../relay/constants.js'
import { loadRelayConfig, relayConfigSchema } from '../../relay/relay-config.js'

import type { Test } from 'tap'

/** Writes relay.yaml with `text` into a fresh folder and loads it. */
function load (t: Test, text: string): ReturnType<typeof loadRelayConfig> {
  return loadYaml(t, 'relay.yaml', loadRelayConfig, text)
}

/** The message of the ConfigInvalidError that loading `text` throws. */
function problems (t: Test, text: string): string {
  return configProblems(t, 'relay.yaml', loadRelayConfig, text)
}

/** The `default` column of the docs/config.md rows in the section whose heading starts with `heading`. */
function documentedDefaults (heading: string): Map<string, string> {
  const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8')
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? ''
  const out = new Map<string, string>()
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim())
    // | `key` | type | default | meaning |   (an escaped \| inside a cell is not a separator)
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1]
    if (key !== undefined && cells[3] !== undefined) out.set(key, cells[3].replace(/`/g, '').split(' (')[0] ?? '')
  }
  return out
}

t.test('a file with many problems fails once, listing every problem with its key path', async (t) => {
  const message = problems(t, `
listen: { host: 0.0.0.0, port: "8443", extra: 1 }
tls: { cert: /etc/keyward/tls.crt }
bogus: true
domains: [llm.example.com]
defaultConnection: Open_AI
connections: [openai, "bad name"]
identity:
  oidc:
    - issuer: https://login.example.com/
      audience: keyward
      jwksUrl: not a url
    - issuer: https://other.example.com/
      audience: keyward
      jwksUrl: https://other.example.com/jwks
      jwksFile: /etc/keyward/jwks.json
      surprise: 1
limits: { maxBodyBytes: -1 }
logLevel: loud
`)
  const expected = [
    /^ {2}- bogus: unknown key$/m,
    /^ {2}- listen\.extra: unknown key$/m,
    /^ {2}- identity\.oidc\.1\.surprise: unknown key$/m,
    /^ {2}- listen\.port: .*expected number, received string$/m,
    /^ {2}- tls: give either cert and key files, or dev: true/m,
    /^ {2}- defaultConnection: connection names are lower-case letters, digits and dashes/m,
    /^ {2}- connections\.1: connection names are lower-case/m,
    /^ {2}- identity\.oidc\.0\.jwksUrl: Invalid URL$/m,
    /^ {2}- identity\.oidc\.1: give exactly one of jwksUrl or jwksFile$/m,
    /^ {2}- limits\.maxBodyBytes: Too small/m,
    /^ {2}- logLevel: Invalid option/m
  ]
  for (const re of expected) t.match(message, re)
  t.match(message, new RegExp(`relay\\.yaml \\(${expected.length} problems\\):`), 'nothing else is reported')
})

t.test('a minimal relay.yaml gets the defaults documented in docs/config.md', async (t) => {
  const config = load(t, 'tls: { cert: tls.crt, key: tls.key }\n')
  t.same(config, {
    listen: { host: DEFAULT_RELAY_HOST, port: DEFAULT_RELAY_PORT },
    tls: { cert: 'tls.crt', key: 'tls.key', dev: false },
    dataDir: DEFAULT_DATA_DIR,
    domains: [],
    identity: { local: { enabled: true, issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE }, oidc: [] },
    limits: { maxBodyBytes: DEFAULT_MAX_BODY_BYTES },
    recording: { enabled: true, mode: 'fail-closed', waitFor: 'write', minFreeBytes: DEFAULT_RECORDING_MIN_FREE_BYTES },
    logLevel: 'info'
  })
  const doc = documentedDefaults('relay.yaml')
  const actual: Record<string, unknown> = {
    'listen.host': config.listen.host,
    'listen.port': config.listen.port,
    'tls.dev': config.tls.dev,
    dataDir: config.dataDir,
    domains: config.domains,
    'identity.local.enabled': config.identity.local.enabled,
    'identity.local.issuer': config.identity.local.issuer,
    'identity.local.audience': config.identity.local.audience,
    'identity.oidc[]': config.identity.oidc,
    'limits.maxBodyBytes': config.limits.maxBodyBytes,
    logLevel: config.logLevel
  }
  for (const [key, value] of Object.entries(actual)) {
    t.equal(doc.get(key), typeof value === 'object' ? JSON.stringify(value) : String(value), `docs/config.md default of ${key}`)
  }
  t.equal(config.relayId, undefined, 'relayId is defaulted by the daemon (keyward-relay@<hostname>)')
  t.equal(doc.get('relayId'), 'keyward-relay@<hostname>')
  t.same(load(t, 'tls: { dev: true }\n').tls, { dev: true }, 'dev alone is a complete tls section')
})

t.test('the OIDC defaults documented in docs/config.md are absent from the config (the verifier applies them)', async (t) => {
  const config = load(t, 'tls: { dev: true }\nidentity: { oidc: [{ issuer: "https://i.example/", audience: [a, b], jwksFile: /k.json }] }\n')
  t.same(config.identity.oidc, [{ issuer: 'https://i.example/', audience: ['a', 'b'], jwksFile: '/k.json' }])
  const doc = documentedDefaults('relay.yaml')
  t.equal(doc.get('algorithms'), 'RS256, ES256, EdDSA')
  t.equal(doc.get('groupsClaim'), 'groups')
  t.equal(doc.get('subjectClaim'), 'sub')
  t.equal(doc.get('clockToleranceSeconds'), '30')
})

t.test('the relay.yaml example from the README is valid', async (t) => {
  const config = load(t, `
listen: { host: 0.0.0.0, port: 8443 }
tls: { cert: /etc/keyward/tls.crt, key: /etc/keyward/tls.key }
relayId: relay-eu-1
dataDir: /var/lib/keyward
domains: [LLM.example.com]
defaultConnection: openai
identity:
  local: { enabled: true }
  oidc:
    - issuer: https://login.example.com/
      audience: keyward
      jwksUrl: https://login.example.com/.well-known/jwks.json
      groupsClaim: groups
`)
  t.equal(config.relayId, 'relay-eu-1')
  t.same(config.domains, ['llm.example.com'], 'domains are lower-cased')
  t.same(config.tls, { cert: '/etc/keyward/tls.crt', key: '/etc/keyward/tls.key', dev: false })
  t.equal(config.identity.local.issuer, DEFAULT_LOCAL_ISSUER)
  t.equal(config.identity.oidc[0]?.jwksUrl, 'https://login.example.com/.well-known/jwks.json')
})

t.test('tls is either {dev: true} or cert + key, never both, never neither', async (t) => {
  const base = { identity: { oidc: [] } }
  const ok = (tls: unknown): boolean => relayConfigSchema.safeParse({ ...base, tls }).success
  t.ok(ok({ dev: true }))
  t.ok(ok({ cert: 'c.pem', key: 'k.pem' }))
  t.ok(ok({ cert: 'c.pem', key: 'k.pem', dev: false }))
  t.notOk(ok({ cert: 'c.pem' }), 'cert without key')
  t.notOk(ok({ key: 'k.pem' }), 'key without cert')
  t.notOk(ok({}), 'neither')
  t.notOk(ok({ dev: false }), 'dev: false and no files')
  t.notOk(ok({ dev: true, cert: 'c.pem', key: 'k.pem' }), 'both: which one applies would be a guess')
  t.notOk(ok({ dev: 'yes' }), 'dev must be a boolean')
  t.match(problems(t, 'listen: { port: 1 }\n'), /^ {2}- tls: required \(object\)$/m)
})

t.test('OIDC issuer entries: exactly one key source, pinned asymmetric algorithms, bounded clock tolerance', async (t) => {
  const message = problems(t, `
tls: { dev: true }
identity:
  oidc:
    - { issuer: a, audience: k }
    - { issuer: b, audience: k, jwksFile: /k.json, algorithms: [HS256] }
    - { issuer: c, audience: k, jwksFile: /k.json, clockToleranceSeconds: 61 }
    - { issuer: d, audience: [], jwksUrl: "ftp://x.example/jwks" }
    - { issuer: "", audience: k, jwksFile: /k.json, maxTokenAgeSeconds: 0 }
`)
  t.match(message, /^ {2}- identity\.oidc\.0: give exactly one of jwksUrl or jwksFile$/m)
  t.match(message, /^ {2}- identity\.oidc\.1\.algorithms\.0: Invalid option/m)
  t.match(message, /^ {2}- identity\.oidc\.2\.clockToleranceSeconds: Too big/m)
  t.match(message, /^ {2}- identity\.oidc\.3\.audience: /m)
  t.match(message, /^ {2}- identity\.oidc\.3\.jwksUrl: Invalid URL$/m)
  t.match(message, /^ {2}- identity\.oidc\.4\.issuer: Too small/m)
  t.match(message, /^ {2}- identity\.oidc\.4\.maxTokenAgeSeconds: Too small/m)
})

t.test('recording.waitFor is write (documented) or fsync; anything else is refused by name', async (t) => {
  t.equal(documentedDefaults('relay.yaml').get('waitFor'), 'write')
  t.equal(load(t, 'tls: { dev: true }\nrecording: { waitFor: fsync }\n').recording.waitFor, 'fsync')
  t.equal(load(t, 'tls: { dev: true }\nrecording: { mode: best-effort }\n').recording.waitFor, 'write')
  t.throws(() => load(t, 'tls: { dev: true }\nrecording: { waitFor: disk }\n'), { message: /recording\.waitFor: Invalid option.*"write"\|"fsync"/ })
})

t.test('the loaded config is deeply frozen', async (t) => {
  const config = load(t, 'tls: { dev: true }\ndomains: [a.example]\nconnections: [openai]\n')
  t.ok(Object.isFrozen(config))
  t.ok(Object.isFrozen(config.listen))
  t.ok(Object.isFrozen(config.identity.local))
  t.ok(Object.isFrozen(config.domains))
  t.ok(Object.isFrozen(config.connections))
  t.throws(() => { (config.listen as { port: number }).port = 1 }, TypeError)
  t.throws(() => { (config.domains as string[]).push('evil.example') }, TypeError)
})

t.test('invalid YAML and a missing file are ConfigInvalidError with a readable message', async (t) => {
  t.match(problems(t, 'tls: { dev: true }\ntls: { dev: false }\n'), /Map keys must be unique at line 2, column 1/)
  t.match(problems(t, 'tls: { dev: true\n'), /not valid YAML:\n {2}- .* at line \d+, column \d+$/m)
  const missing = join(t.testdir(), 'relay.yaml')
  t.throws(() => loadRelayConfig(missing), { code: 'GW_ERR_CONFIG_INVALID', message: `cannot read config file ${missing}: ENOENT` })
})
