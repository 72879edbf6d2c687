/**
 * The relay's own token issuer: ES256 identity tokens for deployments without an OIDC provider, and for
 * `keyward token` in development.
 *
 * The signing key is a P-256 private JWK at `<dataDir>/issuer/signing-key.json` (0600, folder 0700); its `kid` is
 * the RFC 7638 thumbprint, so a rotated key can never be confused with the old one in a JWKS.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'

import { SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose'

import {
  LOCAL_ISSUER_ALGORITHM, LOCAL_ISSUER_DIR, LOCAL_ISSUER_KEY_FILE, LOCAL_ISSUER_MAX_TTL_SECONDS,
  MAX_CLAIM_STRING_CHARS, MAX_GROUPS_PER_IDENTITY
} from './constants.js'
import { TokenRequestInvalidError } from './errors.js'
import { loadOrCreateKeyFile } from './key-file.js'

import type { CryptoKey, JWK, JWTPayload } from 'jose'

/** Options for {@link LocalIssuer.load}. */
export interface LocalIssuerOptions {
  /** `iss` of every token minted, e.g. `https://relay.example.com` or `keyward-local`. */
  issuer: string
  /** `aud` of every token minted; the verifier's issuer config must list it. */
  audience: string
}

/** What {@link LocalIssuer.issue} mints. */
export interface IssueRequest {
  /** Subject (user or service name); non-empty, at most MAX_CLAIM_STRING_CHARS. */
  sub: string
  /** Groups granting access; at most MAX_GROUPS_PER_IDENTITY non-empty strings. */
  groups: string[]
  /** Lifetime in seconds; positive, at most LOCAL_ISSUER_MAX_TTL_SECONDS. */
  ttlSeconds: number
  /** Additional claims; may not override registered claims or `groups`. */
  extraClaims?: Record<string, unknown>
}

/** Claims `issue()` sets itself and `extraClaims` may not override. */
const RESERVED_CLAIMS = new Set(['iss', 'aud', 'sub', 'groups', 'iat', 'nbf', 'exp', 'jti', 'cnf'])

/** Mints ES256 identity tokens with a persisted key. Build with {@link LocalIssuer.load}. */
export class LocalIssuer {
  /** `iss` of every token minted. */
  readonly issuer: string
  /** `aud` of every token minted. */
  readonly audience: string
  /** RFC 7638 thumbprint of the signing key, sent as the JWS `kid`. */
  readonly kid: string
  readonly #privateKey: CryptoKey
  readonly #publicJwk: JWK

  private constructor (options: LocalIssuerOptions, kid: string, privateKey: CryptoKey, publicJwk: JWK) {
    this.issuer = options.issuer
    this.audience = options.audience
    this.kid = kid
    this.#privateKey = privateKey
    this.#publicJwk = Object.freeze({ ...publicJwk })
  }

  /**
   * Loads the signing key from `<dataDir>/issuer/signing-key.json`, creating it on first use.
   * Throws TokenRequestInvalidError on an empty issuer/audience and KeyFileInvalidError on a bad key file.
   */
  static async load (dataDir: string, options: LocalIssuerOptions): Promise<LocalIssuer> {
    if (options.issuer.length === 0 || options.audience.length === 0) {
      throw new TokenRequestInvalidError('local issuer needs a non-empty issuer and audience')
    }
    const stored = await loadOrCreateKeyFile(
      join(dataDir, LOCAL_ISSUER_DIR, LOCAL_ISSUER_KEY_FILE),
      { kty: 'EC', crv: 'P-256', alg: LOCAL_ISSUER_ALGORITHM },
      async () => exportJWK((await generateKeyPair(LOCAL_ISSUER_ALGORITHM, { extractable: true })).privateKey)
    )
    const privateKey = await importJWK(stored.privateJwk, LOCAL_ISSUER_ALGORITHM)
    return new LocalIssuer(options, stored.kid, privateKey as CryptoKey, stored.publicJwk)
  }

  /**
   * Mints a signed token (header `{alg: ES256, kid, typ: 'JWT'}`) with iss, aud, sub, groups, iat, nbf, exp and a
   * random jti. Throws TokenRequestInvalidError when the TTL, subject, groups or extra claims are out of bounds.
   */
  async issue (request: IssueRequest): Promise<string> {
    const { sub, groups, ttlSeconds, extraClaims = {} } = request
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > LOCAL_ISSUER_MAX_TTL_SECONDS) {
      throw new TokenRequestInvalidError(
        `token TTL must be a whole number of seconds between 1 and ${LOCAL_ISSUER_MAX_TTL_SECONDS} (30 days)`)
    }
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_CLAIM_STRING_CHARS) {
      throw new TokenRequestInvalidError(`token subject must be 1 to ${MAX_CLAIM_STRING_CHARS} characters`)
    }
    if (!Array.isArray(groups) || groups.length > MAX_GROUPS_PER_IDENTITY ||
        !groups.every((g) => typeof g === 'string' && g.length > 0 && g.length <= MAX_CLAIM_STRING_CHARS)) {
      throw new TokenRequestInvalidError(
        `token groups must be at most ${MAX_GROUPS_PER_IDENTITY} non-empty strings of up to ${MAX_CLAIM_STRING_CHARS} characters`)
    }
    const clashing = Object.keys(extraClaims).filter((name) => RESERVED_CLAIMS.has(name))
    if (clashing.length > 0) {
      throw new TokenRequestInvalidError(`extra claims may not set reserved claims: ${clashing.join(', ')}`)
    }
    const now = Math.floor(Date.now() / 1000)
    const payload: JWTPayload = { ...extraClaims, groups: [...groups] }
    return new SignJWT(payload)
      .setProtectedHeader({ alg: LOCAL_ISSUER_ALGORITHM, kid: this.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(sub)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#privateKey)
  }

  /** The public verification key as a JWKS (for the relay's `/.well-known/jwks.json` and the verifier). */
  publicJwks (): { keys: JWK[] } {
    return { keys: [{ ...this.#publicJwk }] }
  }
}

/** Multipliers, in seconds, of the unit suffixes {@link parseTtl} accepts. */
const TTL_UNIT_SECONDS: Readonly<Record<string, number>> = Object.freeze({ s: 1, m: 60, h: 3600, d: 86_400 })

/**
 * Parses a TTL such as `45s`, `30m`, `1h`, `2d` or a bare number of seconds (`3600`) into seconds.
 * Throws TokenRequestInvalidError on anything else, on zero, and on values above LOCAL_ISSUER_MAX_TTL_SECONDS.
 */
export function parseTtl (text: string): number {
  const match = /^([1-9][0-9]{0,9})([smhd]?)$/.exec(text.trim())
  if (match === null) {
    throw new TokenRequestInvalidError(
      `invalid TTL ${JSON.stringify(text.slice(0, 32))}: use a positive whole number with an optional unit s, m, h or d (e.g. 30m, 1h, 2d, 3600)`)
  }
  const seconds = Number(match[1]) * (TTL_UNIT_SECONDS[match[2] || 's'] ?? 1)
  if (seconds > LOCAL_ISSUER_MAX_TTL_SECONDS) {
    throw new TokenRequestInvalidError(`TTL ${text.trim()} is longer than the maximum of ${LOCAL_ISSUER_MAX_TTL_SECONDS / 86_400} days`)
  }
  return seconds
}
