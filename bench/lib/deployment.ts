/**
 * Deploys the fake provider, a relay and an agent as three separate processes (and, on request, more relay + agent
 * pairs in front of the same provider, e.g. one with a policy file), the production way: relay from
 * relay.yaml with dev TLS, agent enrolled with `keyward join-token` + `keyward agent join`, agent from agent.yaml,
 * identity token from `keyward token issue`. Everything lives in a temp dir outside the repo.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'

import { firstJsonLine, freePort, runNode, startChild, stopChild, stopChildren, waitFor200 } from './processes.js'

/** Where a request goes and what it carries: base URL (ending in /v1), bearer token and, for https, the CA. */
export interface Endpoint {
  /** 'direct', or the label the relay was deployed with ('relay', 'masked'). */
  name: string
  baseUrl: string
  bearer: string
  ca: string | undefined
  /** The relay's process id (relays only), for its CPU time. */
  relayPid?: number | undefined
  /** Relays only: stops its agent, then the relay (SIGTERM, as at teardown), and removes its directory. */
  stop?: () => Promise<void>
}

/** The running deployment. */
export interface Deployment {
  direct: Endpoint
  relay: Endpoint
}

const tempDirs = new Set<string>()

/** Stops every child process and removes the temp dirs; safe to call at any point, also more than once. */
export async function teardown (): Promise<void> {
  await stopChildren(STOP_GRACE_MS)
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  tempDirs.clear()
}

const CLI = fileURLToPath(new URL('../../bin/keyward.js', import.meta.url))
const PROVIDER = fileURLToPath(new URL('../provider-process.js', import.meta.url))

const PROFILE_DIR = process.env.BENCH_CPU_PROF ?? ''
/** How long the relay and agent get to exit after SIGTERM: long enough for their drain when they must write a profile. */
const STOP_GRACE_MS = PROFILE_DIR === '' ? 2_000 : 15_000

/** `--cpu-prof` flags for the relay and agent when BENCH_CPU_PROF names a directory (profiles are written at exit). */
function profileFlags (label: string): string[] {
  return PROFILE_DIR === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `${label}.cpuprofile`]
}

/** Options of {@link deployRelay}. */
export interface RelayOptions {
  /** Prefix of the process labels and of the temp dir's subdirectory, e.g. 'relay' or 'masked'. */
  label: string
  /** Contents of a policy file (docs/policy.md) for the relay's `policy:` key; none = the empty policy. */
  policy?: Record<string, unknown>
  /**
   * Session recording (issue 5): true (the product default: `waitFor: write`), false (off), or 'fsync' (records
   * on, and the relay waits for their fdatasync before it forwards or releases).
   */
  recording?: boolean | 'fsync'
}

/** Starts provider, relay and agent; resolves once the relay reports the agent ready. Call teardown() after. */
export async function deploy (): Promise<Deployment> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-bench-'))
  tempDirs.add(dir)
  const providerKey = `sk-bench-${randomBytes(16).toString('hex')}`
  const provider = startChild('provider', [PROVIDER], { BENCH_PROVIDER_KEY: providerKey })
  const { url: providerUrl } = await firstJsonLine(provider) as { url: string }
  const direct: Endpoint = { name: 'direct', baseUrl: providerUrl, bearer: providerKey, ca: undefined }
  return { direct, relay: await deployRelay(direct, { label: 'relay' }) }
}

/**
 * Starts one more relay + agent pair in front of the provider behind `direct` (its own data dir, CA, port and
 * relay id), optionally with a policy file; resolves once that relay reports its agent ready.
 */
export async function deployRelay (direct: Endpoint, options: RelayOptions): Promise<Endpoint> {
  const { label } = options
  const root = [...tempDirs][0]
  if (root === undefined) throw new Error('deployRelay: call deploy() first')
  const dir = join(root, label)
  mkdirSync(dir)
  const env = { BENCH_PROVIDER_KEY: direct.bearer }
  const relayId = `bench-${label}`
  const agentId = label === 'relay' ? 'bench-agent' : `bench-${label}-agent`

  const port = await freePort()
  const origin = `https://localhost:${port}`
  const dataDir = join(dir, 'relay')
  const caPath = join(dataDir, 'certs', 'dev-ca.pem')
  const readCa = (): string => readFileSync(caPath, 'utf8')
  let policyPath: string | undefined
  if (options.policy !== undefined) {
    policyPath = join(dir, 'policy.yaml')
    writeFileSync(policyPath, stringify(options.policy))
  }
  const relayYaml = join(dir, 'relay.yaml')
  writeFileSync(relayYaml, stringify({
    listen: { host: '127.0.0.1', port },
    tls: { dev: true },
    dataDir,
    relayId,
    domains: ['localhost'],
    defaultConnection: 'openai',
    ...(policyPath === undefined ? {} : { policy: policyPath }),
    ...(options.recording === false ? { recording: { enabled: false } } : {}),
    ...(options.recording === 'fsync' ? { recording: { waitFor: 'fsync' } } : {}),
    logLevel: 'warn'
  }))
  const relayLabel = label === 'relay' ? 'relay' : `${label}-relay`
  const agentLabel = label === 'relay' ? 'agent' : `${label}-agent`
  const relay = startChild(relayLabel, [...profileFlags(relayLabel), CLI, 'relay', '--config', relayYaml])
  await waitFor200(`${origin}/healthz`, readCa, relay)
  const ca = readCa()

  const joinToken = await runNode([CLI, 'join-token', '--agent-id', agentId, '--relay-id', relayId, '--data-dir', dataDir, '--log-level', 'warn'])
  const credentialFile = join(dir, 'agent-cred.json')
  await runNode([CLI, 'agent', 'join', '--relay', origin, '--token', joinToken, '--ca', caPath, '--out', credentialFile, '--log-level', 'warn'])
  const agentYaml = join(dir, 'agent.yaml')
  writeFileSync(agentYaml, stringify({
    relay: { url: `wss://localhost:${port}/tunnel`, caFile: caPath },
    credentialFile,
    connections: { openai: { upstream: direct.baseUrl, credential: { env: 'BENCH_PROVIDER_KEY' } } },
    logLevel: 'warn'
  }))
  const agent = startChild(agentLabel, [...profileFlags(agentLabel), CLI, 'agent', '--config', agentYaml], env)
  await waitFor200(`${origin}/readyz`, () => ca, agent)

  const token = await runNode([CLI, 'token', 'issue', '--sub', 'bench', '--ttl', '1h', '--data-dir', dataDir, '--log-level', 'warn'])
  const stop = async (): Promise<void> => {
    await stopChild(agent, STOP_GRACE_MS)
    await stopChild(relay, STOP_GRACE_MS)
    // Its recordings are not needed any more: gone, they leave neither disk space nor dirty pages behind.
    rmSync(dir, { recursive: true, force: true })
  }
  return { name: label, baseUrl: `${origin}/v1`, bearer: token, ca, relayPid: relay.pid, stop }
}
