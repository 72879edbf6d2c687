/**
 * `keyward dev`: relay and agent in one process for the quick start, on the production path — the agent still
 * joins over HTTPS and dials the relay over the real wss tunnel on loopback, and clients still speak TLS.
 *
 * With no `--upstream`, an offline demo provider (clearly labelled in every reply) stands in for the model, so the
 * quick start works without a network or a provider key.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

import { startAgent } from '../../agent/agent-daemon.js'
import { saveAgentCredentialFile } from '../../agent/agent-identity.js'
import { joinRelay } from '../../agent/join.js'
import { agentConfigSchema } from '../../agent/agent-config.js'
import { validateConfig } from '../../common/config/load-config.js'
import { relayConfigSchema } from '../../relay/relay-config.js'
import { startRelay } from '../../relay/relay-daemon.js'
import { startFakeProvider } from '../../test/fixtures/fake-provider.js'

import type { Logger } from 'pino'
import type { RunningAgent } from '../../agent/agent-daemon.js'
import type { RunningRelay } from '../../relay/relay-daemon.js'

/** Flags of `keyward dev`. */
export interface DevOptions {
  port: number
  host: string
  dataDir: string
  upstream?: string
  upstreamKeyEnv?: string
  upstreamType?: 'openai' | 'anthropic'
  policy?: string
  tokenTtlSeconds: number
}

/** Label of the offline demo provider, shown in its replies and in the startup lines. */
export const DEMO_LABEL = 'keyward offline demo provider'
/** Subject and groups of the dev token printed at start. */
export const DEV_SUBJECT = 'dev'
export const DEV_GROUPS = ['dev']
/** Agent id the dev agent joins with. */
export const DEV_AGENT_ID = 'dev-agent'

/** Everything `keyward dev` started, so tests can reach in and stop it. */
export interface DevStack {
  relay: RunningRelay
  agent: RunningAgent
  baseUrl: string
  token: string
  caPath: string
  demo: boolean
  stop: () => Promise<void>
}

/**
 * Starts relay, agent and (without --upstream) the demo provider. When any step fails (a missing `--upstream-key-env`
 * variable, a port in use, a failed join), whatever already started is stopped before the error is rethrown, so
 * `keyward dev` exits instead of hanging on a half-started stack.
 */
export async function startDev (opts: DevOptions, logger: Logger): Promise<DevStack> {
  const dataDir = resolve(opts.dataDir)
  const env: NodeJS.ProcessEnv = { ...process.env }
  /** Stops what has started so far, newest first; every step runs even if an earlier one fails. */
  const cleanups: Array<() => Promise<void>> = []
  const stopAll = async (): Promise<void> => {
    let first: unknown
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup()
      } catch (err) {
        first ??= err
      }
    }
    if (first !== undefined) throw first
  }
  try {
    let demo = false
    let connections: Record<string, unknown>
    if (opts.upstream === undefined) {
      const key = `sk-demo-${randomBytes(18).toString('base64url')}`
      env.KEYWARD_DEMO_PROVIDER_KEY = key
      const provider = await startFakeProvider({ apiKey: key, label: DEMO_LABEL })
      cleanups.push(async () => await provider.close())
      demo = true
      const credential = { env: 'KEYWARD_DEMO_PROVIDER_KEY' }
      connections = {
        openai: { upstream: provider.url, type: 'openai', credential },
        anthropic: { upstream: provider.url, type: 'anthropic', credential }
      }
    } else {
      const type = opts.upstreamType ?? 'openai'
      const keyEnv = opts.upstreamKeyEnv ?? (type === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY')
      connections = { [type]: { upstream: opts.upstream, type, credential: { env: keyEnv } } }
    }
    const relayConfig = validateConfig(relayConfigSchema, {
      listen: { host: opts.host, port: opts.port },
      tls: { dev: true },
      dataDir,
      domains: ['localhost'],
      defaultConnection: opts.upstream === undefined ? 'openai' : (opts.upstreamType ?? 'openai'),
      ...(opts.policy === undefined ? {} : { policy: opts.policy })
    }, 'keyward dev flags')
    const relay = await startRelay(relayConfig, logger)
    cleanups.push(async () => await relay.stop())
    const caPath = relay.devCaPath as string
    const ca = readFileSync(caPath, 'utf8')
    const origin = `https://localhost:${relay.address.port}`

    // Join over the real HTTPS endpoint, exactly as a separately deployed agent would.
    const joinToken = await relay.authority.createJoinToken({ agentId: DEV_AGENT_ID, ttlSeconds: 300 })
    const joined = await joinRelay({ relayUrl: origin, joinToken, ca })
    const credentialFile = join(dataDir, 'agent', 'credential.json')
    await saveAgentCredentialFile(credentialFile, { ...joined, relayUrl: origin })
    const agentConfig = validateConfig(agentConfigSchema, {
      relay: { url: `wss://localhost:${relay.address.port}/tunnel`, caFile: caPath },
      credentialFile,
      connections
    }, 'keyward dev flags')
    const agent = await startAgent(agentConfig, logger, { env, waitConnected: true })
    cleanups.push(async () => await agent.stop())
    const token = await (relay.localIssuer as NonNullable<typeof relay.localIssuer>).issue({ sub: DEV_SUBJECT, groups: DEV_GROUPS, ttlSeconds: opts.tokenTtlSeconds })
    return { relay, agent, baseUrl: `${origin}/v1`, token, caPath, demo, stop: stopAll }
  } catch (err) {
    // The original error is the one worth reporting; a cleanup failure on top of it is secondary.
    await stopAll().catch(() => {})
    throw err
  }
}

/** The lines `keyward dev` prints on stdout for the user to copy. */
export function devBanner (stack: DevStack): string {
  const lines = [
    '',
    stack.demo
      ? `keyward dev is running (upstream: ${DEMO_LABEL} — replies are canned, no model is called)`
      : 'keyward dev is running (upstream: your provider, through the agent)',
    '',
    'Point any OpenAI-compatible client at it:',
    '',
    `OPENAI_BASE_URL=${stack.baseUrl}`,
    `OPENAI_API_KEY=${stack.token}`,
    `NODE_EXTRA_CA_CERTS=${stack.caPath}`,
    '',
    'curl:',
    `  curl --cacert ${stack.caPath} ${stack.baseUrl}/chat/completions -H "Authorization: Bearer $OPENAI_API_KEY" \\`,
    '    -H "content-type: application/json" -d \'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hello"}]}\'',
    '',
    'LangChain (run with the three variables above exported):',
    "  import { ChatOpenAI } from '@langchain/openai'",
    "  const llm = new ChatOpenAI({ model: 'gpt-4o-mini', configuration: { baseURL: process.env.OPENAI_BASE_URL } })",
    "  console.log((await llm.invoke('hello')).content)",
    '',
    'Press Ctrl-C to stop.',
    ''
  ]
  return lines.join('\n')
}
