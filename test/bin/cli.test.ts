import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import t from 'tap'

import { generateAgentKey } from '../../agent/agent-identity.js'
import { defaultRelayId, EXIT_USAGE, main } from '../../bin/cli.js'
import * as shared from '../../bin/commands/shared.js'
import { DEFAULT_AUDIENCE, DEFAULT_LOCAL_ISSUER } from '../../relay/constants.js'
import { AgentAuthority } from '../../relay/identity/agent-authority.js'
import { LocalIssuer } from '../../relay/identity/local-issuer.js'

import type { Test } from 'tap'

/** What one CLI run produced. */
interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs `run(argv)` with process.stdout/stderr writes captured (yargs prints help with console.log, which writes
 * through process.stdout.write). No assertion may run while capturing: tap's own output goes to stdout too.
 */
async function cli (argv: string[], run: (argv: string[]) => Promise<number> = main): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write
  const err = process.stderr.write
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true }) as typeof process.stderr.write
  try {
    const code = await run(argv)
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

/** Records calls of the daemon entry points so routing can be checked without starting anything. */
interface Calls {
  startRelay: unknown[]
  startAgent: unknown[]
  loadAgentConfig: string[]
  joinRelay: unknown[]
  saveCredential: Array<{ path: string, contents: unknown }>
  startDev: unknown[]
  loggerLevels: Array<string | undefined>
  stops: string[]
}

/** Imports bin/cli.ts with the daemons, the join and signal waiting replaced by recorders. */
async function mockedCli (t: Test): Promise<{ main: (argv: string[]) => Promise<number>, calls: Calls }> {
  const calls: Calls = { startRelay: [], startAgent: [], loadAgentConfig: [], joinRelay: [], saveCredential: [], startDev: [], loggerLevels: [], stops: [] }
  const mod = await t.mockImport<typeof import('../../bin/cli.js')>('../../bin/cli.js', {
    '../../relay/relay-daemon.js': {
      startRelay: async (config: unknown) => {
        calls.startRelay.push(config)
        return { stop: async () => { calls.stops.push('relay') } }
      }
    },
    '../../agent/agent-daemon.js': {
      startAgent: async (config: unknown) => {
        calls.startAgent.push(config)
        return { stop: async () => { calls.stops.push('agent') } }
      }
    },
    '../../agent/agent-config.js': {
      loadAgentConfig: (path: string) => {
        calls.loadAgentConfig.push(path)
        return { logLevel: 'warn', connections: {} }
      }
    },
    '../../agent/join.js': {
      joinRelay: async (options: unknown) => {
        calls.joinRelay.push(options)
        return { agentId: 'a1', relayId: 'relay-x', credential: 'cred', privateJwk: { kty: 'OKP' } }
      }
    },
    '../../agent/agent-identity.js': {
      saveAgentCredentialFile: async (path: string, contents: unknown) => { calls.saveCredential.push({ path, contents }) }
    },
    '../../bin/commands/dev.js': {
      devBanner: () => 'BANNER',
      startDev: async (options: unknown) => {
        calls.startDev.push(options)
        return { stop: async () => { calls.stops.push('dev') } }
      }
    },
    '../../bin/commands/shared.js': {
      ...shared,
      loggerFor: (level: string | undefined) => {
        calls.loggerLevels.push(level)
        return shared.loggerFor('silent')
      },
      untilSignal: async () => 'SIGTERM'
    }
  })
  return { main: mod.main, calls }
}

t.test('token issue writes exactly one JWT line with sub, groups, exp, iss and aud', async (t) => {
  const dataDir = t.testdir()
  const before = Math.floor(Date.now() / 1000)
  const r = await cli(['token', 'issue', '--sub', 'alice', '--groups', 'eng,ops', '--ttl', '1h', '--data-dir', dataDir])
  t.equal(r.code, 0)
  t.equal(r.stderr, '')
  t.match(r.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/, 'one JWT line and nothing else')
  const token = r.stdout.trim()
  const issuer = await LocalIssuer.load(dataDir, { issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE })
  const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.publicJwks()), { issuer: DEFAULT_LOCAL_ISSUER, audience: DEFAULT_AUDIENCE })
  t.equal(payload.sub, 'alice')
  t.same(payload.groups, ['eng', 'ops'])
  t.equal(payload.iss, DEFAULT_LOCAL_ISSUER)
  t.equal(payload.aud, DEFAULT_AUDIENCE)
  t.ok((payload.exp ?? 0) >= before + 3600 && (payload.exp ?? 0) <= before + 3600 + 5, 'exp is one hour out')
})

t.test('token issue accepts repeated --groups and custom issuer/audience', async (t) => {
  const r = await cli(['token', 'issue', '--sub', 'bob', '--groups', 'a', '--groups', 'b, c', '--ttl', '90',
    '--issuer', 'https://relay.test', '--audience', 'other', '--data-dir', t.testdir()])
  t.equal(r.code, 0)
  const payload = decodeJwt(r.stdout.trim())
  t.same(payload.groups, ['a', 'b', 'c'])
  t.equal(payload.iss, 'https://relay.test')
  t.equal(payload.aud, 'other')
  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), 90)
})

t.test('token issue with a bad --ttl exits non-zero with a readable message and prints no token', async (t) => {
  const dataDir = t.testdir()
  for (const ttl of ['forever', '0', '1.5h', '1w', '-5m']) {
    const r = await cli(['token', 'issue', '--sub', 'alice', `--ttl=${ttl}`, '--data-dir', dataDir])
    t.equal(r.code, 1, `--ttl ${ttl}`)
    t.equal(r.stdout, '')
    t.match(r.stderr, /^keyward: invalid TTL .*e\.g\. 30m, 1h, 2d, 3600\) \[GW_ERR_AUTH_TOKEN_REQUEST_INVALID\]\n$/)
  }
})

t.test('relay --config with a bad file exits 1 and prints every problem', async (t) => {
  const path = join(t.testdir(), 'relay.yaml')
  writeFileSync(path, 'listen: { port: "x" }\ntls: { cert: a.pem }\nbogus: 1\ndefaultConnection: Bad_Name\n')
  const r = await cli(['relay', '--config', path])
  t.equal(r.code, 1)
  t.equal(r.stdout, '')
  t.match(r.stderr, /invalid configuration in .*relay\.yaml \(4 problems\)/)
  t.match(r.stderr, /- listen\.port: /)
  t.match(r.stderr, /- tls: give either cert and key files, or dev: true/)
  t.match(r.stderr, /- bogus: unknown key/)
  t.match(r.stderr, /- defaultConnection: connection names/)
  t.match(r.stderr, /\[GW_ERR_CONFIG_INVALID\]\n$/)
})

t.test('unknown commands, unknown flags and missing required flags exit 2 without running anything', async (t) => {
  const dataDir = t.testdir()
  const cases: Array<[string[], RegExp]> = [
    [['bogus'], /Unknown argument: bogus/],
    [[], /name a command/],
    [['token'], /say `keyward token issue`/],
    [['token', 'issue', '--sub', 'a', '--nope', '1', '--data-dir', dataDir], /Unknown argument: nope/],
    [['token', 'issue', '--data-dir', dataDir], /Missing required argument: sub/],
    [['relay'], /Missing required argument: config/],
    [['agent', 'join', '--relay', 'https://r.example'], /Missing required argument: token/],
    [['agent', '--config', 'a.yaml', '--log-level', 'loud'], /Invalid values:[\s\S]*log-level/]
  ]
  for (const [argv, message] of cases) {
    const r = await cli(argv)
    t.equal(r.code, EXIT_USAGE, `keyward ${argv.join(' ')}`)
    t.match(r.stderr, message)
    t.match(r.stderr, /Run `keyward --help`/)
    t.equal(r.stdout, '', 'nothing on stdout: in particular no token was minted')
  }
})

t.test('join-token prints a token the relay accepts under its default relayId', async (t) => {
  const dataDir = t.testdir()
  const r = await cli(['join-token', '--agent-id', 'a1', '--data-dir', dataDir])
  t.equal(r.code, 0)
  t.match(r.stdout, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/)
  const token = r.stdout.trim()
  t.equal(decodeJwt(token).sub, 'a1')
  t.equal(decodeJwt(token).aud, defaultRelayId())
  // A relay whose config sets no relayId uses keyward-relay@<hostname> (relay-daemon.ts); it must redeem the token.
  const relay = await AgentAuthority.load(dataDir, { relayId: defaultRelayId() })
  const { publicJwk } = await generateAgentKey()
  t.type(await relay.redeemJoinToken(token, publicJwk), 'string')
})

t.test('join-token --relay-id addresses the token to that relay', async (t) => {
  const dataDir = t.testdir()
  const r = await cli(['join-token', '--agent-id', 'a2', '--relay-id', 'relay-eu-1', '--ttl', '10m', '--data-dir', dataDir])
  t.equal(r.code, 0)
  const payload = decodeJwt(r.stdout.trim())
  t.equal(payload.aud, 'relay-eu-1')
  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), 600)
  const { publicJwk } = await generateAgentKey()
  await t.rejects((await AgentAuthority.load(dataDir, { relayId: 'other-relay' })).redeemJoinToken(r.stdout.trim(), publicJwk),
    { code: 'GW_ERR_AGENT_JOIN_TOKEN_INVALID' }, 'another relay id refuses it')
})

t.test('agent without --config exits non-zero and says how to run or enrol it', async (t) => {
  const { main, calls } = await mockedCli(t)
  const r = await cli(['agent'], main)
  t.equal(r.code, 1)
  t.match(r.stderr, /keyward agent needs --config agent\.yaml.*`keyward agent join --relay … --token …`/)
  t.same(calls.startAgent, [])
  t.same(calls.joinRelay, [])
})

t.test('agent join runs the join handler, never the daemon', async (t) => {
  const { main, calls } = await mockedCli(t)
  const dir = t.testdir({ 'ca.pem': 'CA-PEM' })
  const out = join(dir, 'cred.json')
  const r = await cli(['agent', 'join', '--relay', 'https://relay.test:8443', '--token', 'jt', '--ca', join(dir, 'ca.pem'),
    '--pin-sha256', 'AB', '--out', out], main)
  t.equal(r.code, 0, r.stderr)
  t.same(calls.joinRelay, [{ relayUrl: 'https://relay.test:8443', joinToken: 'jt', ca: 'CA-PEM', pinSha256: ['AB'] }])
  t.same(calls.saveCredential, [{ path: out, contents: { agentId: 'a1', relayId: 'relay-x', credential: 'cred', privateJwk: { kty: 'OKP' }, relayUrl: 'https://relay.test:8443' } }])
  t.equal(r.stdout, `joined as agent 'a1' (relay relay-x); credential written to ${out}\n`)
  t.same(calls.loadAgentConfig, [], 'the daemon handler did not run')
  t.same(calls.startAgent, [])
})

t.test('agent join refuses --config (it belongs to the daemon) instead of ignoring it', async (t) => {
  const { main, calls } = await mockedCli(t)
  const r = await cli(['agent', 'join', '--relay', 'https://r.test', '--token', 'jt', '--config', 'agent.yaml'], main)
  t.equal(r.code, EXIT_USAGE)
  t.match(r.stderr, /Unknown argument: config/)
  t.same(calls.joinRelay, [])
})

t.test('agent --config runs the daemon until a signal, then stops it; --log-level overrides the file', async (t) => {
  const { main, calls } = await mockedCli(t)
  const r = await cli(['agent', '--config', 'agent.yaml'], main)
  t.equal(r.code, 0, r.stderr)
  t.same(calls.loadAgentConfig, ['agent.yaml'])
  t.equal(calls.startAgent.length, 1)
  t.same(calls.joinRelay, [], 'the join handler did not run')
  t.same(calls.stops, ['agent'])
  t.same(calls.loggerLevels, ['warn'], 'the config file\'s logLevel applies without --log-level')

  const again = await cli(['agent', '--config', 'agent.yaml', '--log-level', 'info'], main)
  t.equal(again.code, 0)
  t.same(calls.loggerLevels, ['warn', 'info'], 'an explicit --log-level info wins over the file')
})

t.test('relay --config starts the relay with the validated config and stops it on a signal', async (t) => {
  const { main, calls } = await mockedCli(t)
  const path = join(t.testdir(), 'relay.yaml')
  writeFileSync(path, 'tls: { dev: true }\nlogLevel: debug\nrelayId: relay-eu-1\n')
  const r = await cli(['relay', '--config', path], main)
  t.equal(r.code, 0, r.stderr)
  t.match(calls.startRelay, [{ relayId: 'relay-eu-1', tls: { dev: true }, listen: { port: 8443 } }])
  t.same(calls.stops, ['relay'])
  t.same(calls.loggerLevels, ['debug'])
})

t.test('dev passes its flags to startDev and prints the banner; a bad --token-ttl starts nothing', async (t) => {
  const { main, calls } = await mockedCli(t)
  const r = await cli(['dev', '--port', '0', '--data-dir', '/tmp/kw-dev', '--token-ttl', '10m', '--upstream', 'https://p.test/v1',
    '--upstream-key-env', 'MY_KEY', '--upstream-type', 'anthropic'], main)
  t.equal(r.code, 0, r.stderr)
  t.same(calls.startDev, [{
    port: 0, host: '127.0.0.1', dataDir: '/tmp/kw-dev', upstream: 'https://p.test/v1', upstreamKeyEnv: 'MY_KEY', upstreamType: 'anthropic', tokenTtlSeconds: 600
  }])
  t.equal(r.stdout, 'BANNER\n')
  t.same(calls.stops, ['dev'])

  const bad = await cli(['dev', '--token-ttl', 'soon'], main)
  t.equal(bad.code, 1)
  t.match(bad.stderr, /invalid TTL "soon"/)
  t.equal(calls.startDev.length, 1, 'startDev was not called again')
})

t.test('--help works for every command without starting anything', async (t) => {
  const { main, calls } = await mockedCli(t)
  const cases: Array<[string[], RegExp]> = [
    [['--help'], /keyward dev[\s\S]*keyward relay[\s\S]*keyward agent[\s\S]*keyward join-token[\s\S]*keyward token/],
    [['dev', '--help'], /--upstream-key-env/],
    [['relay', '--help'], /--config[\s\S]*\[required\]/],
    [['agent', '--help'], /keyward agent join[\s\S]*--config/],
    [['agent', 'join', '--help'], /--relay[\s\S]*--token/],
    [['token', 'issue', '--help'], /--sub[\s\S]*--groups[\s\S]*--ttl/],
    [['join-token', '--help'], /--agent-id/]
  ]
  for (const [argv, usage] of cases) {
    const r = await cli(argv, main)
    t.equal(r.code, 0, `keyward ${argv.join(' ')}`)
    t.match(r.stdout, usage)
    t.equal(r.stderr, '')
  }
  t.same(calls, { startRelay: [], startAgent: [], loadAgentConfig: [], joinRelay: [], saveCredential: [], startDev: [], loggerLevels: [], stops: [] })
})

t.test('agent join --help does not offer the daemon\'s --config', async (t) => {
  const r = await cli(['agent', 'join', '--help'])
  t.notMatch(r.stdout, /--config/)
})

t.test('the bin entry only calls main', async (t) => {
  const entry = readFileSync(new URL('../../bin/keyward.ts', import.meta.url), 'utf8')
  t.match(entry, /process\.exitCode = await main\(process\.argv\.slice\(2\)\)/)
})
