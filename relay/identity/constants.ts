/**
 * Limits and defaults for client identity (JWT / OIDC) and agent credentials (STYLE rule 3).
 *
 * Every number here has its unit in the name. THREATS.md §D drives the verifier values (small clock tolerance,
 * pinned algorithms, required `exp`, fail closed on JWKS trouble); §E.4 drives the agent proof-of-possession values.
 * The agent-side values (typ strings, proof lifetime) are shared with `agent/agent-identity.ts`, which imports them
 * from here.
 */

// ---------------------------------------------------------------------------------------------------------------
// Client tokens: verifier
// ---------------------------------------------------------------------------------------------------------------

/** Algorithms accepted from a JWKS (URL or file) issuer when the config names none. Asymmetric only, never `none`/HS*. */
export const DEFAULT_JWKS_ALGORITHMS: readonly string[] = Object.freeze(['RS256', 'ES256', 'EdDSA'])

/** Algorithms accepted from the relay's own (LOCAL_ISSUER_ALGORITHM) issuer when the config names none. */
export const DEFAULT_LOCAL_ALGORITHMS: readonly string[] = Object.freeze(['ES256'])

/**
 * Every algorithm an issuer config may list. Symmetric (HS*) algorithms are refused at config time: a JWKS is public,
 * so an HMAC "key" from it would be a secret everybody knows (the HS/RS confusion class).
 */
export const ALLOWED_JWS_ALGORITHMS: readonly string[] = Object.freeze([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'
])

/** Default leeway, in seconds, applied to `exp`, `nbf` and `iat` checks. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30

/** Largest clock leeway, in seconds, an issuer config may ask for (THREATS §D.1: keep it ≤ 60 s). */
export const MAX_CLOCK_TOLERANCE_SECONDS = 60

/** Default claim holding the caller's groups; a dotted path (`realm_access.roles`) walks nested objects. */
export const DEFAULT_GROUPS_CLAIM = 'groups'

/** Default claim holding the caller's subject. */
export const DEFAULT_SUBJECT_CLAIM = 'sub'

/** Longest bearer token, in characters, the verifier will parse; longer values are refused as invalid unread. */
export const MAX_TOKEN_LENGTH_CHARS = 16_384

/** Most groups one identity may carry; a token with more is refused as invalid rather than truncated. */
export const MAX_GROUPS_PER_IDENTITY = 256

/** Longest subject, group name or jti, in characters, accepted from a token. */
export const MAX_CLAIM_STRING_CHARS = 1024

/** Bearer prefixes that mean "this is a provider API key, not a keyward token" (OpenAI `sk-…`, Anthropic `sk-ant-…`). */
export const PROVIDER_KEY_PREFIXES: readonly string[] = Object.freeze(['sk-'])

/** Hex characters of the SHA-256 of the token used as `tokenId` when the token carries no `jti` (128 bits). */
export const TOKEN_HASH_ID_HEX_CHARS = 32

/** Remote JWKS fetch timeout, in milliseconds (jose `timeoutDuration`). */
export const JWKS_FETCH_TIMEOUT_MS = 5_000

/**
 * Minimum time, in milliseconds, between JWKS refetches triggered by an unknown `kid` (jose `cooldownDuration`);
 * bounds the JWKS-fetch amplification an attacker gets by sending random kids.
 */
export const JWKS_COOLDOWN_MS = 30_000

/**
 * How long, in milliseconds, a fetched JWKS is served without refetching (jose `cacheMaxAge`). While fresh, tokens
 * verify even if the IdP is down; once stale and unfetchable, verification fails closed with 503 (THREATS §D.2).
 */
export const JWKS_CACHE_MAX_AGE_MS = 600_000

/** How often, in milliseconds, a `jwksFile` issuer checks the file's mtime for a rotated key set. */
export const JWKS_FILE_CHECK_INTERVAL_MS = 5_000

/** Largest `jwksFile`, in bytes, that will be read. */
export const MAX_JWKS_FILE_BYTES = 1_048_576

// ---------------------------------------------------------------------------------------------------------------
// Client tokens: the relay's own issuer
// ---------------------------------------------------------------------------------------------------------------

/** JWS algorithm of the relay's own token issuer. */
export const LOCAL_ISSUER_ALGORITHM = 'ES256'

/** Longest lifetime, in seconds, of a token the local issuer mints (30 days); also its default `maxTokenAge`. */
export const LOCAL_ISSUER_MAX_TTL_SECONDS = 30 * 24 * 3600

/** Subfolder of the relay data dir holding the issuer key. */
export const LOCAL_ISSUER_DIR = 'issuer'

/** File name of the issuer's private JWK inside LOCAL_ISSUER_DIR. */
export const LOCAL_ISSUER_KEY_FILE = 'signing-key.json'

// ---------------------------------------------------------------------------------------------------------------
// Files holding private keys
// ---------------------------------------------------------------------------------------------------------------

/** Mode of files holding private keys or credentials (owner read/write only). */
export const PRIVATE_FILE_MODE = 0o600

/** Mode of folders created to hold private key files (owner only). */
export const PRIVATE_DIR_MODE = 0o700

/** Permission bits that must be clear on an existing private key file (group and other access), as ssh insists. */
export const PRIVATE_FILE_FORBIDDEN_BITS = 0o077

/** Largest key file, in bytes, that will be read. */
export const MAX_KEY_FILE_BYTES = 65_536

// ---------------------------------------------------------------------------------------------------------------
// Agent credentials (THREATS §E.4: proof of possession, never a bearer secret in a URL)
// ---------------------------------------------------------------------------------------------------------------

/** JWS algorithm of the agent authority key and of agent keys (RFC 9864 fully-specified Ed25519). */
export const AGENT_KEY_ALGORITHM = 'Ed25519'

/** Subfolder of the relay data dir holding the agent authority key. */
export const AGENT_AUTHORITY_DIR = 'agents'

/** File name of the agent authority's private JWK inside AGENT_AUTHORITY_DIR. */
export const AGENT_AUTHORITY_KEY_FILE = 'authority-key.json'

/** `typ` header of one-time join tokens. */
export const JOIN_TOKEN_TYP = 'keyward-join+jwt'

/** `typ` header of the long-lived agent credential. */
export const AGENT_CREDENTIAL_TYP = 'keyward-agent+jwt'

/** `typ` header of the short-lived handshake proof an agent signs with its own key. */
export const AGENT_PROOF_TYP = 'keyward-agent-proof+jwt'

/** Default lifetime, in seconds, of a join token (1 hour). */
export const DEFAULT_JOIN_TOKEN_TTL_SECONDS = 3600

/** Longest lifetime, in seconds, a join token may be given (7 days). */
export const MAX_JOIN_TOKEN_TTL_SECONDS = 7 * 24 * 3600

/** Lifetime, in seconds, of an agent credential (365 days); rotate by re-joining. */
export const AGENT_CREDENTIAL_TTL_SECONDS = 365 * 24 * 3600

/** Lifetime, in seconds, the agent gives each handshake proof. */
export const AGENT_PROOF_TTL_SECONDS = 60

/** Longest lifetime, in seconds (`exp - iat`), the relay accepts on a handshake proof. */
export const MAX_AGENT_PROOF_TTL_SECONDS = 120

/** How far, in seconds, a proof's `iat` may be from the relay's clock in either direction. */
export const AGENT_PROOF_IAT_SKEW_SECONDS = 60

/** Leeway, in seconds, applied to `exp` of join tokens and credentials. */
export const AGENT_CLOCK_TOLERANCE_SECONDS = 30

/** Longest agent id, in characters; ids are `[A-Za-z0-9._-]`. */
export const MAX_AGENT_ID_CHARS = 128

// ---------------------------------------------------------------------------------------------------------------
// Replay (jti) stores
// ---------------------------------------------------------------------------------------------------------------

/** Default capacity, in entries, of `memoryJtiStore`; when full of live entries it refuses (fails closed). */
export const DEFAULT_JTI_STORE_MAX_ENTRIES = 100_000

/** `memoryJtiStore` sweeps expired entries after this many claims, in addition to when it is full. */
export const JTI_STORE_PRUNE_EVERY_CLAIMS = 1024

/**
 * How long a verified token's identity is reused without re-checking its signature, in ms. Bounds how long a key
 * removed from a JWKS keeps working for tokens already seen; `exp` is still enforced on every request.
 */
export const VERIFIED_TOKEN_CACHE_TTL_MS = 60_000

/** Most verified tokens remembered at once (oldest evicted first). */
export const VERIFIED_TOKEN_CACHE_MAX_ENTRIES = 10_000
