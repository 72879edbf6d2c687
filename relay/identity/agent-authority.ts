/**
 * Agent enrolment and tunnel authentication by proof of possession (THREATS.md §E.4).
 *
 * Flow: an admin mints a one-time **join token** (`keyward-join+jwt`). The agent generates an Ed25519 key pair and
 * redeems the token with its *public* key; the relay answers with a long-lived **agent credential**
 * (`keyward-agent+jwt`) binding the agent id to that key (`cnf.jkt`, RFC 7800 §3.1, plus the key itself in
 * `agent_jwk`). On every tunnel handshake the agent sends the credential plus a fresh **proof**
 * (`keyward-agent-proof+jwt`, aud = relay id, ≤ 2 min, unique jti) signed with its private key. A stolen credential
 * alone is useless, and a captured proof cannot be replayed. All three token kinds are Ed25519 JWTs with distinct
 * pinned `typ`s, so one can never stand in for another.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'

import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose'

import {
  AGENT_AUTHORITY_DIR, AGENT_AUTHORITY_KEY_FILE, AGENT_CLOCK_TOLERANCE_SECONDS, AGENT_CREDENTIAL_TTL_SECONDS,
  AGENT_CREDENTIAL_TYP, AGENT_KEY_ALGORITHM, AGENT_PROOF_IAT_SKEW_SECONDS, AGENT_PROOF_TYP,
  DEFAULT_JOIN_TOKEN_TTL_SECONDS, JOIN_TOKEN_TYP, MAX_AGENT_ID_CHARS, MAX_AGENT_PROOF_TTL_SECONDS,
  MAX_CLAIM_STRING_CHARS, MAX_JOIN_TOKEN_TTL_SECONDS, MAX_TOKEN_LENGTH_CHARS
} from './constants.js'
import { AgentAuthFailedError, JoinTokenInvalidError, JoinTokenUsedError, TokenRequestInvalidError } from './errors.js'
import { memoryJtiStore } from './jti-store.js'
import { isRecord, loadOrCreateKeyFile } from './key-file.js'
import { silentLogger } from '../../common/logger.js'

import type { CryptoKey, JWK, JWTPayload } from 'jose'
import type { Logger } from '../../common/logger.js'
import type { JtiStore } from './jti-store.js'

/** Options for {@link AgentAuthority.load}. */
export interface AgentAuthorityOptions {
  /** This relay's id: `iss` and `aud` of join tokens and credentials, and the `aud` agents put in proofs. */
  relayId: string
}

/** Collaborators of {@link AgentAuthority}; each defaults to an in-process implementation. */
export interface AgentAuthorityComponents {
  /** Records redeemed join-token ids (one-time use); default {@link memoryJtiStore}. Share it (Redis) across relays. */
  usedJoinTokens?: JtiStore
  /** Records seen proof ids (replay protection); default {@link memoryJtiStore}. */
  usedProofs?: JtiStore
  logger?: Logger
  /** Clock in ms since epoch; default Date.now. */
  now?: () => number
}

/** Agent ids: a letter or digit, then letters, digits, `.`, `_`, `-`; at most MAX_AGENT_ID_CHARS. */
const AGENT_ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_AGENT_ID_CHARS - 1}}$`)

/** An Ed25519 public key is 32 bytes: 43 base64url characters without padding (RFC 8037 §2). */
const ED25519_X_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** JWK members an agent public key may carry; anything else (notably `d`) is refused, not stripped. */
const AGENT_JWK_MEMBERS: ReadonlySet<string> = new Set(['kty', 'crv', 'x', 'alg', 'use', 'key_ops', 'kid', 'ext'])

/** Issues join tokens and agent credentials and verifies tunnel handshakes. Build with {@link AgentAuthority.load}. */
export class AgentAuthority {
  /** This relay's id (token issuer and audience). */
  readonly relayId: string
  readonly #privateKey: CryptoKey
  readonly #publicKey: CryptoKey
  readonly #kid: string
  readonly #usedJoinTokens: JtiStore
  readonly #usedProofs: JtiStore
  readonly #log: Logger
  readonly #now: () => number

  private constructor (relayId: string, kid: string, privateKey: CryptoKey, publicKey: CryptoKey, components: AgentAuthorityComponents) {
    this.relayId = relayId
    this.#kid = kid
    this.#privateKey = privateKey
    this.#publicKey = publicKey
    this.#now = components.now ?? Date.now
    this.#usedJoinTokens = components.usedJoinTokens ?? memoryJtiStore({ now: this.#now })
    this.#usedProofs = components.usedProofs ?? memoryJtiStore({ now: this.#now })
    this.#log = (components.logger ?? silentLogger()).child({ component: 'agent-authority' })
  }

  /**
   * Loads the Ed25519 authority key from `<dataDir>/agents/authority-key.json` (0600), creating it on first use.
   * Throws TokenRequestInvalidError on an empty relayId and KeyFileInvalidError on a bad key file.
   */
  static async load (dataDir: string, options: AgentAuthorityOptions, components: AgentAuthorityComponents = {}): Promise<AgentAuthority> {
    if (typeof options.relayId !== 'string' || options.relayId.length === 0) {
      throw new TokenRequestInvalidError('agent authority needs a non-empty relayId')
    }
    const stored = await loadOrCreateKeyFile(
      join(dataDir, AGENT_AUTHORITY_DIR, AGENT_AUTHORITY_KEY_FILE),
      { kty: 'OKP', crv: 'Ed25519', alg: AGENT_KEY_ALGORITHM },
      async () => exportJWK((await generateKeyPair(AGENT_KEY_ALGORITHM, { extractable: true })).privateKey)
    )
    const privateKey = await importJWK(stored.privateJwk, AGENT_KEY_ALGORITHM) as CryptoKey
    const publicKey = await importJWK(stored.publicJwk, AGENT_KEY_ALGORITHM) as CryptoKey
    return new AgentAuthority(options.relayId, stored.kid, privateKey, publicKey, components)
  }

  /**
   * Mints a one-time join token for `agentId`, valid `ttlSeconds` (default DEFAULT_JOIN_TOKEN_TTL_SECONDS, at most
   * MAX_JOIN_TOKEN_TTL_SECONDS). Throws TokenRequestInvalidError on a bad agent id or TTL.
   */
  async createJoinToken (request: { agentId: string, ttlSeconds?: number }): Promise<string> {
    const { agentId, ttlSeconds = DEFAULT_JOIN_TOKEN_TTL_SECONDS } = request
    if (!isAgentId(agentId)) {
      throw new TokenRequestInvalidError(
        `agent id must be 1-${MAX_AGENT_ID_CHARS} characters of letters, digits, '.', '_' or '-', starting with a letter or digit`)
    }
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_JOIN_TOKEN_TTL_SECONDS) {
      throw new TokenRequestInvalidError(`join token TTL must be a whole number of seconds between 1 and ${MAX_JOIN_TOKEN_TTL_SECONDS}`)
    }
    return this.#sign({}, JOIN_TOKEN_TYP, agentId, ttlSeconds)
  }

  /**
   * Redeems a join token for an agent credential bound to `agentPublicJwk` (untrusted input, validated here).
   * Rejects with JoinTokenInvalidError (bad signature, typ, audience, expired), AgentAuthFailedError (the key is not
   * an Ed25519 *public* JWK, e.g. it carries `d`), JoinTokenUsedError (already redeemed), or the store's error.
   * The key is checked before the token is consumed, so a malformed request does not burn the token.
   */
  async redeemJoinToken (joinToken: string, agentPublicJwk: unknown): Promise<string> {
    let claims: JWTPayload
    try {
      claims = await this.#verifyOwn(joinToken, JOIN_TOKEN_TYP, ['exp', 'sub', 'jti'])
      if (!isAgentId(claims.sub) || !isTokenId(claims.jti)) throw new Error('sub or jti malformed')
    } catch (err: unknown) {
      this.#log.debug({ reason: describe(err) }, 'join token refused')
      throw new JoinTokenInvalidError(undefined, { cause: err })
    }
    const agentId = claims.sub
    const publicJwk = agentPublicJwkOf(agentPublicJwk)
    if (publicJwk === undefined) {
      this.#log.debug({ agentId }, 'join refused: agent key is not an Ed25519 public JWK')
      throw new AgentAuthFailedError(
        'agent key must be an Ed25519 public JWK ({"kty":"OKP","crv":"Ed25519","x":…}) with no private members')
    }
    // The stored entry only has to outlive the token itself (exp plus the tolerance we verify it with).
    const keepUntilMs = ((claims.exp as number) + AGENT_CLOCK_TOLERANCE_SECONDS) * 1000
    if (!await this.#usedJoinTokens.claim(claims.jti, keepUntilMs)) {
      this.#log.warn({ agentId }, 'join token presented again after it was redeemed')
      throw new JoinTokenUsedError()
    }
    const jkt = await calculateJwkThumbprint(publicJwk, 'sha256')
    return this.#sign({ cnf: { jkt }, agent_jwk: publicJwk }, AGENT_CREDENTIAL_TYP, agentId, AGENT_CREDENTIAL_TTL_SECONDS)
  }

  /**
   * Verifies a tunnel handshake: the credential (signature, typ, iss/aud, exp) and the proof (signed by the key the
   * credential binds, typ, aud = relayId, iat within ±AGENT_PROOF_IAT_SKEW_SECONDS, lifetime ≤
   * MAX_AGENT_PROOF_TTL_SECONDS, unseen jti). Every failure rejects with the same generic AgentAuthFailedError;
   * the reason goes to the debug log.
   */
  async verifyHandshake (handshake: { credential: string, proof: string }): Promise<{ agentId: string }> {
    try {
      return await this.#verifyHandshake(handshake.credential, handshake.proof)
    } catch (err: unknown) {
      this.#log.debug({ reason: describe(err) }, 'agent handshake refused')
      throw new AgentAuthFailedError(undefined, { cause: err })
    }
  }

  async #verifyHandshake (credential: string, proof: string): Promise<{ agentId: string }> {
    const claims = await this.#verifyOwn(credential, AGENT_CREDENTIAL_TYP, ['exp', 'sub', 'cnf', 'agent_jwk'])
    const agentId = claims.sub
    if (!isAgentId(agentId)) throw new Error('credential sub malformed')
    const agentJwk = agentPublicJwkOf(claims.agent_jwk)
    if (agentJwk === undefined) throw new Error('credential agent_jwk malformed')
    const cnf = claims.cnf
    if (!isRecord(cnf) || cnf.jkt !== await calculateJwkThumbprint(agentJwk, 'sha256')) {
      throw new Error('credential cnf.jkt does not match agent_jwk')
    }

    if (typeof proof !== 'string' || proof.length > MAX_TOKEN_LENGTH_CHARS) throw new Error('proof missing or too long')
    const agentKey = await importJWK(agentJwk, AGENT_KEY_ALGORITHM)
    const nowMs = this.#now()
    const nowSeconds = nowMs / 1000
    const { payload } = await jwtVerify(proof, agentKey, {
      algorithms: [AGENT_KEY_ALGORITHM],
      typ: AGENT_PROOF_TYP,
      audience: this.relayId,
      requiredClaims: ['iat', 'exp', 'jti'],
      // No leeway on exp: the proof lifetime is already tiny and the iat window below absorbs clock skew.
      clockTolerance: 0,
      currentDate: new Date(nowMs)
    })
    const { iat, exp, jti } = payload as { iat: number, exp: number, jti: unknown }
    if (Math.abs(iat - nowSeconds) > AGENT_PROOF_IAT_SKEW_SECONDS) throw new Error('proof iat outside the allowed skew')
    if (exp - iat > MAX_AGENT_PROOF_TTL_SECONDS) throw new Error('proof lifetime too long')
    if (!isTokenId(jti)) throw new Error('proof jti malformed')
    // Namespaced by agent so one agent's ids can never collide with (and so block) another's.
    if (!await this.#usedProofs.claim(`${agentId}\n${jti}`, (exp + 1) * 1000)) throw new Error('proof replayed')
    return { agentId }
  }

  /** Verifies a token this authority signed, pinning alg, typ, iss and aud. */
  async #verifyOwn (token: string, typ: string, requiredClaims: string[]): Promise<JWTPayload> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH_CHARS) throw new Error('token missing or too long')
    const { payload } = await jwtVerify(token, this.#publicKey, {
      algorithms: [AGENT_KEY_ALGORITHM],
      typ,
      issuer: this.relayId,
      audience: this.relayId,
      requiredClaims,
      clockTolerance: AGENT_CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(this.#now())
    })
    return payload
  }

  /** Signs an authority token of kind `typ`. */
  async #sign (claims: JWTPayload, typ: string, agentId: string, ttlSeconds: number): Promise<string> {
    const now = Math.floor(this.#now() / 1000)
    return new SignJWT(claims)
      .setProtectedHeader({ alg: AGENT_KEY_ALGORITHM, kid: this.#kid, typ })
      .setIssuer(this.relayId)
      .setAudience(this.relayId)
      .setSubject(agentId)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#privateKey)
  }
}

/**
 * Returns the minimal `{kty, crv, x}` form of an Ed25519 public JWK, or undefined when `value` is anything else:
 * another key type, a malformed `x`, a foreign `alg`, or any member outside the public set (notably `d`; a private
 * key sent over the wire is refused rather than silently stripped, because the agent has just leaked it).
 */
export function agentPublicJwkOf (value: unknown): JWK | undefined {
  if (!isRecord(value) || value.kty !== 'OKP' || value.crv !== 'Ed25519') return undefined
  if (typeof value.x !== 'string' || !ED25519_X_PATTERN.test(value.x)) return undefined
  if (Object.keys(value).some((name) => !AGENT_JWK_MEMBERS.has(name))) return undefined
  if (value.alg !== undefined && value.alg !== AGENT_KEY_ALGORITHM && value.alg !== 'EdDSA') return undefined
  return { kty: 'OKP', crv: 'Ed25519', x: value.x }
}

/** True for a well-formed agent id. */
function isAgentId (value: unknown): value is string {
  return typeof value === 'string' && AGENT_ID_PATTERN.test(value)
}

/** True for a usable jti. */
function isTokenId (value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CLAIM_STRING_CHARS
}

/** Short description of an error for the debug log. */
function describe (err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message
  }
  return String(err)
}
