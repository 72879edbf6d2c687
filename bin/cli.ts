/**
 * The `keyward` command line (yargs). Every command returns an exit code; nothing here calls process.exit, so
 * commands can be driven from tests.
 *
 *   keyward dev                        relay + agent in one process (quick start)
 *   keyward relay --config relay.yaml  the relay daemon
 *   keyward agent --config agent.yaml  the agent daemon
 *   keyward agent join                 exchange a join token for an agent credential
 *   keyward join-token --agent-id ID   mint a one-time join token (on the relay's data dir)
 *   keyward token issue --sub alice    mint an identity token from the relay's own issuer
 */
import { resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import yargs from 'yargs'

import { loadAgentConfig } from '../agent/agent-config.js'
import { startAgent } from '../agent/agent-daemon.js'
import { saveAgentCredentialFile } from '../agent/agent-identity.js'
import { joinRelay } from '../agent/join.js'
import { LOG_LEVELS } from '../common/logger.js'
import { DEFAULT_AUDIENCE, DEFAULT_DATA_DIR, DEFAULT_LOCAL_ISSUER, DEFAULT_RELAY_PORT } from '../relay/constants.js'
import { AgentAuthority } from '../relay/identity/agent-authority.js'
import { LocalIssuer, parseTtl } from '../relay/identity/local-issuer.js'
import { loadRelayConfig } from '../relay/relay-config.js'
import { startRelay } from '../relay/relay-daemon.js'
import { devBanner, startDev } from './commands/dev.js'
import { loggerFor, reportError, untilSignal } from './commands/shared.js'

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main (argv: string[]): Promise<number> {
  let code = 0
  const run = (fn: () => Promise<number>) => async (): Promise<void> => {
    try {
      code = await fn()
    } catch (err) {
      code = reportError(err)
    }
  }
  const parser = yargs(argv)
    .scriptName('keyward')
    .option('log-level', { choices: LOG_LEVELS as string[], default: 'info', describe: 'log level (logs go to stderr)' })
    .command('dev', 'run relay + agent in one process with dev certificates (quick start)', (y) => y
      .option('port', { type: 'number', default: DEFAULT_RELAY_PORT, describe: 'TLS port (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'listen address' })
      .option('data-dir', { type: 'string', default: DEFAULT_DATA_DIR, describe: 'where dev certs and keys live' })
      .option('upstream', { type: 'string', describe: 'provider base URL (e.g. https://api.openai.com/v1); default: offline demo provider' })
      .option('upstream-key-env', { type: 'string', describe: 'env var holding the provider key (default OPENAI_API_KEY)' })
      .option('upstream-type', { choices: ['openai', 'anthropic'] as const, default: 'openai' as const, describe: 'wire dialect of --upstream' })
      .option('policy', { type: 'string', describe: 'policy file' })
      .option('token-ttl', { type: 'string', default: '12h', describe: 'lifetime of the printed dev token' }),
    run(async () => {
      const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
      const logger = loggerFor(args['log-level'] as string)
      const stack = await startDev({
        port: args.port as number,
        host: args.host as string,
        dataDir: args['data-dir'] as string,
        ...(args.upstream === undefined ? {} : { upstream: args.upstream as string }),
        ...(args['upstream-key-env'] === undefined ? {} : { upstreamKeyEnv: args['upstream-key-env'] as string }),
        upstreamType: args['upstream-type'] as 'openai' | 'anthropic',
        ...(args.policy === undefined ? {} : { policy: args.policy as string }),
        tokenTtlSeconds: parseTtl(args['token-ttl'] as string)
      }, logger)
      process.stdout.write(devBanner(stack) + '\n')
      const sig = await untilSignal()
      logger.info({ signal: sig }, 'shutting down')
      await stack.stop()
      return 0
    }))
    .command('relay', 'run the relay daemon', (y) => y
      .option('config', { type: 'string', demandOption: true, describe: 'relay.yaml' }),
    run(async () => {
      const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
      const config = loadRelayConfig(args.config as string)
      const logger = loggerFor(args['log-level'] === 'info' ? config.logLevel : args['log-level'] as string)
      const relay = await startRelay(config, logger)
      const sig = await untilSignal()
      logger.info({ signal: sig }, 'draining and shutting down')
      await relay.stop()
      return 0
    }))
    .command('agent', 'run the agent daemon, or `agent join` to enrol it', (y) => y
      .command('join', 'exchange a one-time join token for an agent credential file', (j) => j
        .option('relay', { type: 'string', demandOption: true, describe: 'relay URL (https://host:port)' })
        .option('token', { type: 'string', demandOption: true, describe: 'join token from `keyward join-token`' })
        .option('ca', { type: 'string', describe: 'CA file that signed the relay certificate' })
        .option('pin-sha256', { type: 'string', array: true, describe: 'SHA-256 fingerprint of the relay certificate' })
        .option('out', { type: 'string', default: 'agent-credential.json', describe: 'credential file to write (0600)' }),
      run(async () => {
        const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
        const result = await joinRelay({
          relayUrl: args.relay as string,
          joinToken: args.token as string,
          ...(args.ca === undefined ? {} : { ca: readFileSync(args.ca as string, 'utf8') }),
          ...(args['pin-sha256'] === undefined ? {} : { pinSha256: args['pin-sha256'] as string[] })
        })
        const out = resolve(args.out as string)
        await saveAgentCredentialFile(out, { ...result, relayUrl: args.relay as string })
        process.stdout.write(`joined as agent '${result.agentId}' (relay ${result.relayId}); credential written to ${out}\n`)
        return 0
      }))
      .option('config', { type: 'string', describe: 'agent.yaml' }),
    run(async () => {
      const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
      if ((args._ as string[]).includes('join')) return code
      if (args.config === undefined) throw new Error('keyward agent needs --config agent.yaml (or `keyward agent join` to enrol)')
      const config = loadAgentConfig(args.config as string)
      const logger = loggerFor(args['log-level'] === 'info' ? config.logLevel : args['log-level'] as string)
      const agent = await startAgent(config, logger)
      const sig = await untilSignal()
      logger.info({ signal: sig }, 'draining and shutting down')
      await agent.stop()
      return 0
    }))
    .command('join-token', 'mint a one-time agent join token (run where the relay data dir is)', (y) => y
      .option('agent-id', { type: 'string', demandOption: true })
      .option('ttl', { type: 'string', default: '1h' })
      .option('data-dir', { type: 'string', default: DEFAULT_DATA_DIR })
      .option('relay-id', { type: 'string', describe: 'relay id (must match the relay config relayId when set)' }),
    run(async () => {
      const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
      const authority = await AgentAuthority.load(resolve(args['data-dir'] as string), { relayId: (args['relay-id'] as string | undefined) ?? 'keyward-relay' })
      process.stdout.write(await authority.createJoinToken({ agentId: args['agent-id'] as string, ttlSeconds: parseTtl(args.ttl as string) }) + '\n')
      return 0
    }))
    .command('token', 'identity tokens from the relay\'s own issuer', (y) => y
      .command('issue', 'print a signed identity token on stdout', (i) => i
        .option('sub', { type: 'string', demandOption: true, describe: 'subject (who the token is for)' })
        .option('groups', { type: 'string', array: true, default: [] as string[], describe: 'groups (repeat or comma-separate)' })
        .option('ttl', { type: 'string', default: '1h', describe: 'lifetime: 30m, 1h, 7d, or seconds' })
        .option('data-dir', { type: 'string', default: DEFAULT_DATA_DIR })
        .option('issuer', { type: 'string', default: DEFAULT_LOCAL_ISSUER })
        .option('audience', { type: 'string', default: DEFAULT_AUDIENCE }),
      run(async () => {
        const args = parser.parsed === false ? {} : (parser.parsed.argv as Record<string, unknown>)
        const issuer = await LocalIssuer.load(resolve(args['data-dir'] as string), { issuer: args.issuer as string, audience: args.audience as string })
        const groups = (args.groups as string[]).flatMap((g) => g.split(',')).map((g) => g.trim()).filter((g) => g !== '')
        process.stdout.write(await issuer.issue({ sub: args.sub as string, groups, ttlSeconds: parseTtl(args.ttl as string) }) + '\n')
        return 0
      }))
      .demandCommand(1, 'say `keyward token issue`'))
    .demandCommand(1, 'name a command (try `keyward dev`)')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      process.stderr.write(`keyward: ${msg ?? err?.message ?? 'invalid command'}\n`)
      code = 2
    })
  await parser.parseAsync()
  return code
}
