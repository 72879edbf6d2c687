/**
 * The agent's side of tunnel authentication (THREATS.md §E.4): its Ed25519 key pair, the credential file that
 * holds the key and the relay-issued credential, and the short-lived proof of possession sent on every handshake.
 *
 * The private key never leaves this host: the join request carries only the public half, and the relay binds that
 * key to the agent id in the credential. The credential file is the agent's only secret; it is written 0600
 * atomically and refused on load when other users can read it. Token kinds and lifetimes are protocol constants
 * shared with the relay (relay/identity/constants.ts).
 */
import { randomUUID } from 'node:crypto'
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs'
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join, basename } from 'node:path'

import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose'

import { ConfigInvalidError } from '../common/errors.js'
import {
  AGENT_KEY_ALGORITHM, AGENT_PROOF_TTL_SECONDS, AGENT_PROOF_TYP, MAX_KEY_FILE_BYTES, PRIVATE_DIR_MODE,
  PRIVATE_FILE_FORBIDDEN_BITS, PRIVATE_FILE_MODE
} from '../relay/identity/constants.js'

import type { JWK } from 'jose'

/** Version written into credential files; bumped only on incompatible changes. */
export const AGENT_CREDENTIAL_FILE_VERSION = 1

/** An agent key pair as JWKs. */
export interface AgentKeyPair {
  /** `{kty: 'OKP', crv: 'Ed25519', x, d}`; stays on the agent host. */
  privateJwk: JWK
  /** `{kty: 'OKP', crv: 'Ed25519', x}`; sent to the relay when joining. */
  publicJwk: JWK
}

/** What an agent credential file holds. */
export interface AgentCredentialFile {
  agentId: string
  /** Relay id: the `aud` of handshake proofs. Taken from the credential's `iss` when not given. */
  relayId: string
  /** https origin of the relay the agent joined. */
  relayUrl: string
  /** The relay-signed agent credential JWT. */
  credential: string
  privateJwk: JWK
}

/** Generates a fresh, extractable Ed25519 key pair for a new agent. */
export async function generateAgentKey (): Promise<AgentKeyPair> {
  const pair = await generateKeyPair(AGENT_KEY_ALGORITHM, { extractable: true })
  const privateJwk = await exportJWK(pair.privateKey)
  const publicJwk = await exportJWK(pair.publicKey)
  // Only the RFC 8037 members: anything else in the join request would be refused by the relay.
  return {
    privateJwk: { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, d: privateJwk.d } as JWK,
    publicJwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x } as JWK
  }
}

/**
 * Writes the credential file as JSON, mode 0600 (folder created 0700), atomically via rename so a crash never
 * leaves a half-written secret. `relayId` defaults to the credential's `iss`. Throws ConfigInvalidError when the
 * contents would not load back.
 */
export async function saveAgentCredentialFile (path: string, contents: Omit<AgentCredentialFile, 'relayId'> & { relayId?: string }): Promise<void> {
  const file = validate({ version: AGENT_CREDENTIAL_FILE_VERSION, ...contents }, path)
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE })
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`)
  await writeFile(tmp, JSON.stringify({ version: AGENT_CREDENTIAL_FILE_VERSION, ...file }, null, 2) + '\n',
    { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  await chmod(tmp, PRIVATE_FILE_MODE)
  await rename(tmp, path)
}

/**
 * Reads and validates a credential file, synchronously (agents load it once at startup, before dialling).
 * Throws ConfigInvalidError listing every problem: unreadable, larger than MAX_KEY_FILE_BYTES, accessible by other
 * users (POSIX), not JSON, wrong version, missing or malformed fields.
 */
export function loadAgentCredentialFile (path: string): AgentCredentialFile {
  let text: string
  try {
    const fd = openSync(path, 'r')
    try {
      const info = fstatSync(fd)
      if (process.platform !== 'win32' && (info.mode & PRIVATE_FILE_FORBIDDEN_BITS) !== 0) {
        throw new ConfigInvalidError(
          `agent credential file ${path} is accessible by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`)
      }
      if (info.size > MAX_KEY_FILE_BYTES) throw new ConfigInvalidError(`agent credential file ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`)
      text = readFileSync(fd, 'utf8')
    } finally {
      closeSync(fd)
    }
  } catch (err: unknown) {
    if (err instanceof ConfigInvalidError) throw err
    throw new ConfigInvalidError(`cannot read agent credential file ${path}; run \`keyward agent join\` first`, { cause: err })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err: unknown) {
    throw new ConfigInvalidError(`agent credential file ${path} is not valid JSON`, { cause: err })
  }
  return validate(parsed, path)
}

/**
 * Signs a handshake proof with the agent's private key: typ `keyward-agent-proof+jwt`, `aud` = the relay id, iat
 * now, exp iat + AGENT_PROOF_TTL_SECONDS, random jti. Make a fresh one per connection attempt; the relay refuses
 * a jti it has seen.
 */
export async function createHandshakeProof (privateJwk: JWK, options: { audience: string, now?: () => number }): Promise<string> {
  const key = await importJWK(privateJwk, AGENT_KEY_ALGORITHM)
  const now = Math.floor((options.now ?? Date.now)() / 1000)
  return new SignJWT({})
    .setProtectedHeader({ alg: AGENT_KEY_ALGORITHM, typ: AGENT_PROOF_TYP })
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + AGENT_PROOF_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(key)
}

/** Checks the parsed file, collecting every problem into one ConfigInvalidError (STYLE rule 15). */
function validate (value: unknown, path: string): AgentCredentialFile {
  const problems: string[] = []
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {}
  if (record !== value) problems.push('must be a JSON object')
  if (record.version !== AGENT_CREDENTIAL_FILE_VERSION) problems.push(`version: must be ${AGENT_CREDENTIAL_FILE_VERSION}`)
  for (const field of ['agentId', 'relayUrl', 'credential'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') problems.push(`${field}: must be a non-empty string`)
  }
  let issuer: unknown
  if (typeof record.credential === 'string' && record.credential !== '') {
    try {
      // Unverified read, only to default relayId; the relay verifies the credential on every handshake.
      issuer = decodeJwt(record.credential).iss
    } catch {
      problems.push('credential: must be a JWT')
    }
  }
  const relayId = record.relayId ?? issuer
  if (typeof relayId !== 'string' || relayId === '') problems.push('relayId: must be a non-empty string')
  if (typeof record.relayUrl === 'string' && !/^(https|wss):\/\//.test(record.relayUrl)) problems.push('relayUrl: must be an https:// or wss:// URL')
  const jwk = record.privateJwk
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    problems.push('privateJwk: must be a JWK object')
  } else {
    const k = jwk as Record<string, unknown>
    if (k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || typeof k.d !== 'string') {
      problems.push('privateJwk: must be an Ed25519 private JWK (kty OKP, crv Ed25519, x, d)')
    }
  }
  if (problems.length > 0) {
    throw new ConfigInvalidError(`agent credential file ${path} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`)
  }
  return {
    agentId: record.agentId as string,
    relayId: relayId as string,
    relayUrl: record.relayUrl as string,
    credential: record.credential as string,
    privateJwk: jwk as JWK
  }
}
