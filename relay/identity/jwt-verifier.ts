/**
 * Verifies client identity tokens (the `Authorization: Bearer <JWT>` the OpenAI SDK sends as its API key).
 *
 * Policy (THREATS.md §D): the unverified `iss` only *selects* an issuer config; everything else is checked by
 * jose's `jwtVerify` with that issuer's pinned algorithms, issuer, audience, required `exp`/`sub`, small clock
 * tolerance and optional `maxTokenAge`. Errors are split in two: anything wrong with the token is 401
 * GW_ERR_AUTH_INVALID_TOKEN; anything that means "the keys could not be obtained" (fetch failed, timeout, non-200,
 * bad JWKS, any error we do not recognise) is 503 GW_ERR_AUTH_KEYS_UNAVAILABLE. Nothing falls through to success.
 */
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'

import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose'

import { ConfigInvalidError, GatewayError } from '../../common/errors.js'
import {
  ALLOWED_JWS_ALGORITHMS, DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_GROUPS_CLAIM, DEFAULT_JWKS_ALGORITHMS,
  DEFAULT_LOCAL_ALGORITHMS, DEFAULT_SUBJECT_CLAIM, JWKS_CACHE_MAX_AGE_MS, JWKS_COOLDOWN_MS, JWKS_FETCH_TIMEOUT_MS,
  JWKS_FILE_CHECK_INTERVAL_MS, LOCAL_ISSUER_MAX_TTL_SECONDS, MAX_CLAIM_STRING_CHARS, MAX_CLOCK_TOLERANCE_SECONDS,
  MAX_GROUPS_PER_IDENTITY, MAX_JWKS_FILE_BYTES, MAX_TOKEN_LENGTH_CHARS, PROVIDER_KEY_PREFIXES, TOKEN_HASH_ID_HEX_CHARS,
  VERIFIED_TOKEN_CACHE_MAX_ENTRIES, VERIFIED_TOKEN_CACHE_TTL_MS
} from './constants.js'
import {
  InvalidTokenError, KeysUnavailableError, MissingTokenError, ProviderKeyRefusedError, UnknownIssuerError
} from './errors.js'
import { isRecord } from './key-file.js'
import { silentLogger } from '../../common/logger.js'

import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose'
import type { Logger } from '../../common/logger.js'
import type { LocalIssuer } from './local-issuer.js'

/** One trusted token issuer. Exactly one of `jwksUrl`, `jwksFile`, `localIssuer` supplies its keys. */
export interface IssuerConfig {
  /** Exact `iss` value; also used to pick this config for a token. */
  issuer: string
  /** Accepted `aud` value(s); the token must name at least one. */
  audience: string | string[]
  /** Pinned algorithms; default DEFAULT_JWKS_ALGORITHMS, or DEFAULT_LOCAL_ALGORITHMS for `localIssuer`. Asymmetric only. */
  algorithms?: string[]
  /** JWKS endpoint; https, or http only on a loopback address. */
  jwksUrl?: string
  /** JWKS JSON file; read at construction, re-read when its mtime or size changes (checked every JWKS_FILE_CHECK_INTERVAL_MS) or on `reload()`. Replace it atomically (rename). */
  jwksFile?: string
  /** The relay's own issuer; its `issuer` must equal this config's `issuer`. */
  localIssuer?: LocalIssuer
  /** Claim with the groups; dotted path allowed (`realm_access.roles`). Default DEFAULT_GROUPS_CLAIM. */
  groupsClaim?: string
  /** Claim with the subject; dotted path allowed. Default DEFAULT_SUBJECT_CLAIM. */
  subjectClaim?: string
  /** Leeway in seconds for exp/nbf/iat; default DEFAULT_CLOCK_TOLERANCE_SECONDS, at most MAX_CLOCK_TOLERANCE_SECONDS. */
  clockToleranceSeconds?: number
  /** Refuse tokens whose `iat` is older than this (seconds; requires `iat`). Default: none, or LOCAL_ISSUER_MAX_TTL_SECONDS for `localIssuer`. */
  maxTokenAgeSeconds?: number
  /** Remote JWKS fetch tuning in ms; defaults JWKS_FETCH_TIMEOUT_MS, JWKS_COOLDOWN_MS, JWKS_CACHE_MAX_AGE_MS. */
  jwksFetch?: { timeoutMs?: number, cooldownMs?: number, cacheMaxAgeMs?: number }
}

/** Who a verified client is. */
export interface Identity {
  subject: string
  groups: string[]
  /** `jti`, or `sha256:<first TOKEN_HASH_ID_HEX_CHARS hex of SHA-256(token)>` when the token has none. */
  tokenId: string
  issuer: string
  /** Token expiry, ms since epoch. */
  expiresAt: number
  /** Every verified claim, for policy rules that need more. */
  claims: JWTPayload
}

/** Collaborators of {@link IdentityVerifier}. */
export interface IdentityVerifierComponents {
  logger?: Logger
  /** Clock in ms since epoch, used for `jwksFile` change checks and jose's `currentDate`; default Date.now. */
  now?: () => number
}

/** JOSE error codes that mean "this token is bad" (401). Every other failure means "cannot verify now" (503). */
const TOKEN_FAULT_CODES: ReadonlySet<string> = new Set([
  'ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_VALIDATION_FAILED', 'ERR_JWT_INVALID', 'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED', 'ERR_JOSE_ALG_NOT_ALLOWED', 'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS'
])

/** Header parameters that point at a key or key location chosen by the token's author; never legitimate here. */
const FORBIDDEN_HEADER_PARAMS: readonly string[] = ['jwk', 'jku', 'x5u']

/** Hostnames on which a plain-http JWKS URL is allowed (tests and sidecar IdPs). */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A `jwksFile` key source, reloaded when the file changes. `keys` undefined means the last read failed (503). */
interface FileKeys {
  path: string
  keys: JWTVerifyGetKey | undefined
  mtimeMs: number
  size: number
  checkedAt: number
}

/** Issuer config after validation and defaulting. */
interface ResolvedIssuer {
  issuer: string
  audience: string | string[]
  algorithms: string[]
  groupsPath: string[]
  subjectPath: string[]
  clockTolerance: number
  maxTokenAge: number | undefined
  typ: string | undefined
  getKey: JWTVerifyGetKey
}

/**
 * Verifies bearer tokens against a fixed set of trusted issuers (an empty set refuses every token with
 * UnknownIssuerError). Construction validates every config (all problems
 * reported at once in ConfigInvalidError) and reads `jwksFile`s synchronously, so build it at startup.
 */
export class IdentityVerifier {
  readonly #issuers = new Map<string, ResolvedIssuer>()
  readonly #files: FileKeys[] = []
  readonly #log: Logger
  readonly #now: () => number
  /** Recently verified tokens → identity, until `until` (ms); insertion-ordered for oldest-first eviction. */
  readonly #verified = new Map<string, { identity: Identity, until: number }>()

  constructor (issuers: IssuerConfig[], components: IdentityVerifierComponents = {}) {
    this.#log = (components.logger ?? silentLogger()).child({ component: 'identity-verifier' })
    this.#now = components.now ?? Date.now
    const problems: string[] = []
    for (const [index, config] of issuers.entries()) {
      const resolved = this.#resolve(config, `issuers[${index}]`, problems)
      if (resolved === undefined) continue
      if (this.#issuers.has(resolved.issuer)) {
        problems.push(`issuers[${index}]: issuer ${resolved.issuer} is configured twice`)
      }
      this.#issuers.set(resolved.issuer, resolved)
    }
    if (problems.length > 0) throw new ConfigInvalidError(`identity issuers are invalid:\n${problems.join('\n')}`)
  }

  /**
   * Verifies an `Authorization` header value and returns the caller's identity.
   * Rejects with MissingTokenError, ProviderKeyRefusedError, InvalidTokenError, UnknownIssuerError (all 401), or
   * KeysUnavailableError (503) when the issuer's keys cannot be obtained. Never resolves for an unverified token.
   */
  async verify (authorizationHeaderValue: string | undefined): Promise<Identity> {
    const token = bearerToken(authorizationHeaderValue)
    // Signature checks dominate the relay's per-request CPU; a token verified moments ago is the same token.
    const cached = this.#verified.get(token)
    if (cached !== undefined) {
      if (this.#now() < cached.until) return cached.identity
      this.#verified.delete(token)
    }
    if (PROVIDER_KEY_PREFIXES.some((prefix) => token.startsWith(prefix))) throw new ProviderKeyRefusedError()
    if (token.length > MAX_TOKEN_LENGTH_CHARS) throw this.#invalid('token longer than MAX_TOKEN_LENGTH_CHARS')
    // A JWS compact token is exactly three dot-separated parts; JWE (five) and opaque tokens stop here.
    if (token.split('.').length !== 3) throw this.#invalid('not a three-part compact JWS')

    let unverifiedIssuer: unknown
    try {
      const header = decodeProtectedHeader(token)
      const forbidden = FORBIDDEN_HEADER_PARAMS.filter((name) => Object.hasOwn(header, name))
      if (forbidden.length > 0) throw this.#invalid(`header carries key-selection parameters ${forbidden.join(',')}`)
      unverifiedIssuer = decodeJwt(token).iss
    } catch (err: unknown) {
      if (err instanceof GatewayError) throw err
      throw this.#invalid('undecodable header or payload', err)
    }
    const issuer = typeof unverifiedIssuer === 'string' ? this.#issuers.get(unverifiedIssuer) : undefined
    if (issuer === undefined) {
      this.#log.debug({ reason: 'issuer not trusted' }, 'identity token refused')
      throw new UnknownIssuerError()
    }

    const nowMs = this.#now()
    const options: JWTVerifyOptions = {
      algorithms: issuer.algorithms,
      issuer: issuer.issuer,
      audience: issuer.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: issuer.clockTolerance,
      currentDate: new Date(nowMs)
    }
    if (issuer.maxTokenAge !== undefined) options.maxTokenAge = issuer.maxTokenAge
    if (issuer.typ !== undefined) options.typ = issuer.typ

    let claims: JWTPayload
    try {
      claims = (await jwtVerify(token, issuer.getKey, options)).payload
    } catch (err: unknown) {
      throw this.#classify(err, issuer.issuer)
    }
    const identity = this.#identity(token, claims, issuer, nowMs)
    this.#remember(token, identity, nowMs)
    return identity
  }

  /**
   * Caches a verified identity for at most VERIFIED_TOKEN_CACHE_TTL_MS and never past the token's `exp` (no
   * clock tolerance is granted on a cache hit). Only successes are cached. Bounded: the oldest entry goes first.
   */
  #remember (token: string, identity: Identity, nowMs: number): void {
    const until = Math.min(identity.expiresAt, nowMs + VERIFIED_TOKEN_CACHE_TTL_MS)
    if (until <= nowMs) return
    if (this.#verified.size >= VERIFIED_TOKEN_CACHE_MAX_ENTRIES) {
      const oldest = this.#verified.keys().next()
      if (oldest.done !== true) this.#verified.delete(oldest.value)
    }
    this.#verified.set(token, { identity, until })
  }

  /** Forgets every cached verification (after a key rotation or revocation, call this with reload()). */
  forgetVerified (): void {
    this.#verified.clear()
  }

  /** Re-reads every `jwksFile` now, regardless of mtime. A file that fails to load makes its issuer answer 503. */
  async reload (): Promise<void> {
    this.forgetVerified()
    await Promise.all(this.#files.map(async (file) => this.#refreshFile(file, true)))
  }

  /** Turns verified claims into an {@link Identity}, refusing malformed subject, groups or jti. */
  #identity (token: string, claims: JWTPayload, issuer: ResolvedIssuer, nowMs: number): Identity {
    // jose only checks `iat` against the clock when maxTokenAge is set; a token "issued" in the future is a clock
    // or forgery problem either way, so refuse it beyond the tolerance.
    if (typeof claims.iat === 'number' && claims.iat > nowMs / 1000 + issuer.clockTolerance) {
      throw this.#invalid('iat in the future')
    }
    const subject = readPath(claims, issuer.subjectPath)
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_CLAIM_STRING_CHARS) {
      throw this.#invalid('subject claim missing or malformed')
    }
    const groups = toGroups(readPath(claims, issuer.groupsPath))
    if (groups === undefined) throw this.#invalid('groups claim malformed or too large')
    const jti = claims.jti
    let tokenId: string
    if (jti === undefined) {
      tokenId = 'sha256:' + createHash('sha256').update(token).digest('hex').slice(0, TOKEN_HASH_ID_HEX_CHARS)
    } else if (typeof jti === 'string' && jti.length > 0 && jti.length <= MAX_CLAIM_STRING_CHARS) {
      tokenId = jti
    } else {
      throw this.#invalid('jti malformed')
    }
    return {
      subject,
      groups,
      tokenId,
      issuer: issuer.issuer,
      // requiredClaims guarantees exp exists and jose has checked it is a number.
      expiresAt: (claims.exp as number) * 1000,
      claims
    }
  }

  /** Maps a failure from jwtVerify / key resolution to 401 (token's fault) or 503 (keys unavailable). */
  #classify (err: unknown, issuer: string): GatewayError {
    if (err instanceof GatewayError) return err
    if (err instanceof joseErrors.JOSEError && TOKEN_FAULT_CODES.has(err.code)) {
      return this.#invalid(err.code, err)
    }
    // fetch failed (TypeError), JWKSTimeout, non-200 (generic JOSEError), JWKSInvalid, JWKInvalid, anything else:
    // we could not establish which keys are valid, so we cannot say the token is bad either. Fail closed, loudly.
    this.#log.warn({ issuer, err: describe(err) }, 'identity keys unavailable; refusing token (503)')
    return new KeysUnavailableError(undefined, { cause: err })
  }

  /** Builds an InvalidTokenError, logging the internal reason at debug (the token itself is never logged). */
  #invalid (reason: string, cause?: unknown): InvalidTokenError {
    this.#log.debug({ reason, detail: cause === undefined ? undefined : describe(cause) }, 'identity token refused')
    return new InvalidTokenError(undefined, cause === undefined ? {} : { cause })
  }

  /** Validates one config, recording problems; returns undefined when it cannot be used. */
  #resolve (config: IssuerConfig, at: string, problems: string[]): ResolvedIssuer | undefined {
    const before = problems.length
    if (typeof config.issuer !== 'string' || config.issuer.length === 0) problems.push(`${at}.issuer: must be a non-empty string`)
    const audiences = Array.isArray(config.audience) ? config.audience : [config.audience]
    if (audiences.length === 0 || !audiences.every((a) => typeof a === 'string' && a.length > 0)) {
      problems.push(`${at}.audience: must be a non-empty string or list of them`)
    }
    const sources = [config.jwksUrl, config.jwksFile, config.localIssuer].filter((s) => s !== undefined).length
    if (sources !== 1) problems.push(`${at}: set exactly one of jwksUrl, jwksFile, localIssuer`)
    const local = config.localIssuer
    const isLocal = local !== undefined
    if (isLocal && local.issuer !== config.issuer) {
      problems.push(`${at}.issuer: must equal the local issuer's issuer (${local.issuer})`)
    }
    const algorithms = config.algorithms ?? [...(isLocal ? DEFAULT_LOCAL_ALGORITHMS : DEFAULT_JWKS_ALGORITHMS)]
    const badAlgs = algorithms.filter((alg) => !ALLOWED_JWS_ALGORITHMS.includes(alg))
    if (algorithms.length === 0 || badAlgs.length > 0) {
      problems.push(`${at}.algorithms: must be a non-empty subset of ${ALLOWED_JWS_ALGORITHMS.join(', ')}` +
        (badAlgs.length > 0 ? ` (refused: ${badAlgs.join(', ')})` : ''))
    }
    const clockTolerance = config.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS
    if (!Number.isFinite(clockTolerance) || clockTolerance < 0 || clockTolerance > MAX_CLOCK_TOLERANCE_SECONDS) {
      problems.push(`${at}.clockToleranceSeconds: must be between 0 and ${MAX_CLOCK_TOLERANCE_SECONDS}`)
    }
    const maxTokenAge = config.maxTokenAgeSeconds ?? (isLocal ? LOCAL_ISSUER_MAX_TTL_SECONDS : undefined)
    if (maxTokenAge !== undefined && (!Number.isFinite(maxTokenAge) || maxTokenAge <= 0)) {
      problems.push(`${at}.maxTokenAgeSeconds: must be a positive number of seconds`)
    }
    const groupsPath = claimPath(config.groupsClaim ?? DEFAULT_GROUPS_CLAIM, `${at}.groupsClaim`, problems)
    const subjectPath = claimPath(config.subjectClaim ?? DEFAULT_SUBJECT_CLAIM, `${at}.subjectClaim`, problems)
    if (problems.length > before) return undefined

    let getKey: JWTVerifyGetKey | undefined
    if (config.localIssuer !== undefined) {
      getKey = createLocalJWKSet(config.localIssuer.publicJwks())
    } else if (config.jwksUrl !== undefined) {
      getKey = this.#remoteKeys(config, at, problems)
    } else if (config.jwksFile !== undefined) {
      getKey = this.#fileKeys(config.jwksFile, at, problems)
    }
    if (getKey === undefined) return undefined
    return {
      issuer: config.issuer,
      audience: config.audience,
      algorithms,
      groupsPath,
      subjectPath,
      clockTolerance,
      maxTokenAge,
      // Tokens from our own issuer always say typ JWT; pinning it keeps other keyward JWT kinds out.
      typ: isLocal ? 'JWT' : undefined,
      getKey
    }
  }

  /** Builds jose's remote JWKS resolver (which caches and rate-limits refetches) after checking the URL. */
  #remoteKeys (config: IssuerConfig, at: string, problems: string[]): JWTVerifyGetKey | undefined {
    let url: URL
    try {
      url = new URL(config.jwksUrl ?? '')
    } catch {
      problems.push(`${at}.jwksUrl: not a valid URL`)
      return undefined
    }
    // Keys fetched over plain http could be swapped by anyone on the path; allow it only on loopback.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      problems.push(`${at}.jwksUrl: must be https (http is allowed only on localhost/127.0.0.1/[::1])`)
      return undefined
    }
    const tuning = config.jwksFetch ?? {}
    return createRemoteJWKSet(url, {
      timeoutDuration: tuning.timeoutMs ?? JWKS_FETCH_TIMEOUT_MS,
      cooldownDuration: tuning.cooldownMs ?? JWKS_COOLDOWN_MS,
      cacheMaxAge: tuning.cacheMaxAgeMs ?? JWKS_CACHE_MAX_AGE_MS
    })
  }

  /** Reads a JWKS file synchronously (startup) and returns a resolver that notices later changes. */
  #fileKeys (path: string, at: string, problems: string[]): JWTVerifyGetKey | undefined {
    let file: FileKeys
    try {
      const info = statSync(path)
      if (info.size > MAX_JWKS_FILE_BYTES) throw new Error(`larger than ${MAX_JWKS_FILE_BYTES} bytes`)
      file = {
        path,
        keys: parseJwks(readFileSync(path, 'utf8')),
        mtimeMs: info.mtimeMs,
        size: info.size,
        checkedAt: this.#now()
      }
    } catch (err: unknown) {
      problems.push(`${at}.jwksFile: cannot load ${path}: ${describe(err)}`)
      return undefined
    }
    this.#files.push(file)
    return async (header, token) => {
      await this.#refreshFile(file, false)
      if (file.keys === undefined) throw new KeysUnavailableError()
      return file.keys(header, token)
    }
  }

  /** Re-reads `file` when forced, or when the check interval passed and its mtime or size changed. */
  async #refreshFile (file: FileKeys, force: boolean): Promise<void> {
    const now = this.#now()
    if (!force && now - file.checkedAt < JWKS_FILE_CHECK_INTERVAL_MS) return
    file.checkedAt = now
    try {
      const info = await stat(file.path)
      if (!force && info.mtimeMs === file.mtimeMs && info.size === file.size && file.keys !== undefined) return
      if (info.size > MAX_JWKS_FILE_BYTES) throw new Error(`larger than ${MAX_JWKS_FILE_BYTES} bytes`)
      file.keys = parseJwks(await readFile(file.path, 'utf8'))
      file.mtimeMs = info.mtimeMs
      file.size = info.size
      this.#log.info({ path: file.path }, 'JWKS file reloaded')
    } catch (err: unknown) {
      // Fail closed: a vanished or corrupt key file must not leave stale keys trusted indefinitely.
      file.keys = undefined
      this.#log.error({ path: file.path, err: describe(err) }, 'JWKS file unreadable; its issuer now answers 503')
    }
  }
}

/** Extracts the token from `Bearer <token>` (scheme case-insensitive, RFC 7235 §2.1), else MissingTokenError. */
function bearerToken (value: string | undefined): string {
  if (typeof value !== 'string') throw new MissingTokenError()
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(value)
  if (match === null || match[1] === undefined) throw new MissingTokenError()
  return match[1]
}

/** Parses JWKS JSON into a local resolver; throws on anything that is not a usable key set. */
function parseJwks (text: string): JWTVerifyGetKey {
  const parsed: unknown = JSON.parse(text)
  if (!isRecord(parsed) || !Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error('not a JWKS ({"keys": [...]}) with at least one key')
  }
  if (parsed.keys.some((key) => !isRecord(key) || typeof key.d === 'string' || key.kty === 'oct')) {
    throw new Error('JWKS holds private or symmetric keys; publish public keys only')
  }
  return createLocalJWKSet(parsed as unknown as JSONWebKeySet)
}

/** Splits a dotted claim name into a path, refusing empty segments and prototype keys. */
function claimPath (name: string, at: string, problems: string[]): string[] {
  const path = typeof name === 'string' ? name.split('.') : []
  if (path.length === 0 || path.some((part) => part.length === 0 || part === '__proto__' || part === 'constructor' || part === 'prototype')) {
    problems.push(`${at}: must be a claim name or dotted path like realm_access.roles`)
  }
  return path
}

/** Walks own properties only, so a path can never reach Object.prototype. */
function readPath (claims: JWTPayload, path: string[]): unknown {
  let value: unknown = claims
  for (const part of path) {
    if (!isRecord(value) || !Object.hasOwn(value, part)) return undefined
    value = value[part]
  }
  return value
}

/**
 * Normalises a groups claim: absent → [], one string → [it], array of non-empty strings → copy.
 * Anything else, or more than MAX_GROUPS_PER_IDENTITY entries, is undefined (the caller refuses the token rather
 * than guess which groups were meant).
 */
function toGroups (value: unknown): string[] | undefined {
  if (value === undefined) return []
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || list.length > MAX_GROUPS_PER_IDENTITY) return undefined
  if (!list.every((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= MAX_CLAIM_STRING_CHARS)) return undefined
  return [...list]
}

/** Short description of an error for logs: code and message, never a token. */
function describe (err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${err.message}` : `${err.name}: ${err.message}`
  }
  return String(err)
}

