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
 *   keyward recordings list|show|export|verify|replay   session recordings (docs/recordings-cli.md)
 *   keyward sessions list|show|kill    live sessions, through the relay's admin API (docs/admin-cli.md)
 *   keyward locks list|add|remove      locks on subjects, groups, tokens, connections, agents (admin API)
 *   keyward approvals list|watch|approve|deny   requests held by policy for approval (admin API)
 *
 * Exit codes: 0 success (and `--help`), 1 the command failed (bad config, unreachable relay, bad TTL …), 2 usage
 * error (unknown command or flag, missing required flag) — nothing has been started when 2 is returned.
 */
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
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
import { approvalsCommands } from './commands/approvals.js'
import { locksCommands } from './commands/locks.js'
import { recordingsCommands } from './commands/recordings.js'
import { sessionsCommands } from './commands/sessions.js'
import { runUsage, usageOptions } from './commands/usage.js'
import { loggerFor, reportError, untilSignal } from './commands/shared.js'

/** Exit code of a usage error (unknown command or flag, missing required flag). */
export const EXIT_USAGE = 2

/**
 * The relay id a relay uses when its config sets no `relayId`; must stay the same expression as in
 * relay/relay-daemon.ts, because join tokens are addressed to it (a token minted for another id is refused).
 */
export function defaultRelayId (): string {
  return `keyward-relay@${hostname()}`
}

/** Thrown from yargs' fail hook so a usage error stops parsing before any command handler runs. */
class UsageError extends Error {}

/** The `--log-level` flag, when given: it overrides the config file's `logLevel`. */
function logLevelFlag (args: { 'log-level'?: string }): string | undefined {
  return args['log-level']
}

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function main (argv: string[]): Promise<number> {
  let code = 0
  /** Wraps a command body: its resolved value is the exit code, a thrown error is printed and gives 1. */
  const run = <A>(fn: (args: A) => Promise<number>) => async (args: A): Promise<void> => {
    try {
      code = await fn(args)
    } catch (err) {
      code = reportError(err)
    }
  }
  const parser = yargs(argv)
    .scriptName('keyward')
    // No default: an explicit `--log-level info` must still override a config file's `logLevel`.
    .option('log-level', { type: 'string', choices: LOG_LEVELS as string[], describe: 'log level (logs go to stderr) [default: info]' })
    .command('dev', 'run relay + agent in one process with dev certificates (quick start)', (y) => y
      .option('port', { type: 'number', default: DEFAULT_RELAY_PORT, describe: 'TLS port (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'listen address' })
      .option('data-dir', { type: 'string', default: DEFAULT_DATA_DIR, describe: 'where dev certs and keys live' })
      .option('upstream', { type: 'string', describe: 'provider base URL (e.g. https://api.openai.com/v1); default: offline demo provider' })
      .option('upstream-key-env', { type: 'string', describe: 'env var holding the provider key (default OPENAI_API_KEY)' })
      .option('upstream-type', { choices: ['openai', 'anthropic'] as const, default: 'openai' as const, describe: 'wire dialect of --upstream' })
      .option('policy', { type: 'string', describe: 'policy file' })
      .option('token-ttl', { type: 'string', default: '12h', describe: 'lifetime of the printed dev token' }),
    run(async (args) => {
      // Parse the TTL before anything starts, so a typo does not leave a half-started stack behind.
      const tokenTtlSeconds = parseTtl(args['token-ttl'])
      const logger = loggerFor(logLevelFlag(args))
      const stack = await startDev({
        port: args.port,
        host: args.host,
        dataDir: args['data-dir'],
        ...(args.upstream === undefined ? {} : { upstream: args.upstream }),
        ...(args['upstream-key-env'] === undefined ? {} : { upstreamKeyEnv: args['upstream-key-env'] }),
        upstreamType: args['upstream-type'],
        ...(args.policy === undefined ? {} : { policy: args.policy }),
        tokenTtlSeconds
      }, logger)
      process.stdout.write(devBanner(stack) + '\n')
      const sig = await untilSignal()
      logger.info({ signal: sig }, 'shutting down')
      await stack.stop()
      return 0
    }))
    .command('relay', 'run the relay daemon', (y) => y
      .option('config', { type: 'string', demandOption: true, describe: 'relay.yaml' }),
    run(async (args) => {
      const config = loadRelayConfig(args.config)
      const logger = loggerFor(logLevelFlag(args) ?? config.logLevel)
      const relay = await startRelay(config, logger)
      const sig = await untilSignal()
      logger.info({ signal: sig }, 'draining and shutting down')
      await relay.stop()
      return 0
    }))
    // `agent` is both a daemon (`agent --config`) and the parent of `agent join`. yargs runs only the handler of the
    // most specific command that matched, so `agent join …` never reaches the daemon handler below.
    .command('agent', 'run the agent daemon (--config agent.yaml), or `agent join` to enrol it', (y) => y
      .command('join', 'exchange a one-time join token for an agent credential file', (j) => j
        .option('relay', { type: 'string', demandOption: true, describe: 'relay URL (https://host:port)' })
        .option('token', { type: 'string', demandOption: true, describe: 'join token from `keyward join-token`' })
        .option('ca', { type: 'string', describe: 'CA file that signed the relay certificate' })
        .option('pin-sha256', { type: 'string', array: true, describe: 'SHA-256 fingerprint of the relay certificate' })
        .option('out', { type: 'string', default: 'agent-credential.json', describe: 'credential file to write (0600)' }),
      run(async (args) => {
        const result = await joinRelay({
          relayUrl: args.relay,
          joinToken: args.token,
          ...(args.ca === undefined ? {} : { ca: readFileSync(args.ca, 'utf8') }),
          ...(args['pin-sha256'] === undefined ? {} : { pinSha256: args['pin-sha256'] })
        })
        const out = resolve(args.out)
        await saveAgentCredentialFile(out, { ...result, relayUrl: args.relay })
        process.stdout.write(`joined as agent '${result.agentId}' (relay ${result.relayId}); credential written to ${out}\n`)
        return 0
      }))
      // Not global: `agent join` has no --config, and strict mode refuses it there.
      .option('config', { type: 'string', global: false, describe: 'agent.yaml (required to run the daemon)' }),
    run(async (args) => {
      if (args.config === undefined) {
        throw new Error('keyward agent needs --config agent.yaml to run the daemon (or `keyward agent join --relay … --token …` to enrol)')
      }
      const config = loadAgentConfig(args.config)
      const logger = loggerFor(logLevelFlag(args) ?? config.logLevel)
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
      .option('relay-id', { type: 'string', describe: 'the relay\'s relayId (default: the relay\'s own default, keyward-relay@<hostname>)' }),
    run(async (args) => {
      const ttlSeconds = parseTtl(args.ttl)
      const authority = await AgentAuthority.load(resolve(args['data-dir']), { relayId: args['relay-id'] ?? defaultRelayId() })
      process.stdout.write(await authority.createJoinToken({ agentId: args['agent-id'], ttlSeconds }) + '\n')
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
      run(async (args) => {
        const ttlSeconds = parseTtl(args.ttl)
        const issuer = await LocalIssuer.load(resolve(args['data-dir']), { issuer: args.issuer, audience: args.audience })
        const groups = args.groups.flatMap((g) => String(g).split(',')).map((g) => g.trim()).filter((g) => g !== '')
        process.stdout.write(await issuer.issue({ sub: args.sub, groups, ttlSeconds }) + '\n')
        return 0
      }))
      .demandCommand(1, 'say `keyward token issue`'))
    .command('recordings', 'list, show, export, verify and replay session recordings', (y) => recordingsCommands(y, run))
    .command('sessions', 'list, show and kill the relay\'s live sessions (admin API)', (y) => sessionsCommands(y, run))
    .command('locks', 'list, add and remove locks (admin API)', (y) => locksCommands(y, run))
    .command('approvals', 'list, watch, approve and deny held requests (admin API)', (y) => approvalsCommands(y, run))
    .command('usage', 'tokens and cost per subject, group, connection or model (admin API)', (y) => usageOptions(y), run(runUsage))
    .demandCommand(1, 'name a command (try `keyward dev`)')
    .strict()
    .help()
    .exitProcess(false)
    .fail((msg, err) => {
      // Throwing (rather than recording a code) stops yargs before it runs the command's handler: with a fail hook
      // that returns, yargs reports an unknown flag and then runs the command anyway.
      throw new UsageError(msg ?? err?.message ?? 'invalid command')
    })
  try {
    await parser.parseAsync()
  } catch (err) {
    if (!(err instanceof UsageError)) return reportError(err)
    process.stderr.write(`keyward: ${err.message}\nRun \`keyward --help\` (or \`keyward <command> --help\`) for usage.\n`)
    return EXIT_USAGE
  }
  return code
}
