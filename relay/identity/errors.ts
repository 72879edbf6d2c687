/**
 * Errors raised while establishing who a client or an agent is.
 *
 * Messages are deliberately general: they say *why* in terms a user can act on (expired, wrong audience, bad
 * signature) but never echo the token, a key, or which internal check tripped. Detail goes to the debug log.
 * 401s use the OpenAI error type `authentication_error` so SDKs surface them as auth failures; "cannot check
 * right now" is a 503 `api_error` so clients retry instead of discarding a good token (THREATS §D.2).
 */
import { defineError } from '../../common/errors.js'

/** No `Authorization: Bearer <token>` header was sent (401). */
export class MissingTokenError extends defineError('GW_ERR_AUTH_MISSING_TOKEN',
  'missing bearer token: send a keyward identity token as the API key (Authorization: Bearer <token>)',
  401, 'authentication_error') {}

/** The bearer token is malformed, expired, not yet valid, for another audience or badly signed (401). */
export class InvalidTokenError extends defineError('GW_ERR_AUTH_INVALID_TOKEN',
  'invalid identity token: it is malformed, expired, not yet valid, meant for another audience, or its signature does not verify',
  401, 'authentication_error') {}

/** The bearer looks like a provider API key (`sk-…`, `sk-ant-…`); the key itself is never echoed (401). */
export class ProviderKeyRefusedError extends defineError('GW_ERR_AUTH_PROVIDER_KEY_REFUSED',
  'a provider API key was sent as the bearer token; keyward does not accept provider keys. ' +
  'Use a keyward identity token as the API key instead (ask your admin, or run `keyward token`), ' +
  'and consider rotating the provider key you sent',
  401, 'authentication_error') {}

/** Signing keys for the token's issuer cannot be fetched or read, so nothing can be verified; fails closed (503). */
export class KeysUnavailableError extends defineError('GW_ERR_AUTH_KEYS_UNAVAILABLE',
  'identity keys are temporarily unavailable, so the token cannot be verified; retry later',
  503, 'api_error') {}

/** The token names an issuer this relay does not trust, or none (401). */
export class UnknownIssuerError extends defineError('GW_ERR_AUTH_UNKNOWN_ISSUER',
  'identity token is from an issuer this relay does not trust',
  401, 'authentication_error') {}

/** An agent's credential or handshake proof did not verify; one generic message for every cause (401). */
export class AgentAuthFailedError extends defineError('GW_ERR_AGENT_AUTH_FAILED',
  'agent authentication failed',
  401, 'authentication_error') {}

/** A join token is malformed, expired, or not signed by this relay's agent authority (401). */
export class JoinTokenInvalidError extends defineError('GW_ERR_AGENT_JOIN_TOKEN_INVALID',
  'join token is invalid or expired; ask for a new one',
  401, 'authentication_error') {}

/** A join token was already redeemed; join tokens are single use (401). */
export class JoinTokenUsedError extends defineError('GW_ERR_AGENT_JOIN_TOKEN_USED',
  'join token was already used; ask for a new one',
  401, 'authentication_error') {}

/** A token request (TTL, subject, groups, extra claims) is out of bounds; raised by the issuers and `parseTtl` (400). */
export class TokenRequestInvalidError extends defineError('GW_ERR_AUTH_TOKEN_REQUEST_INVALID',
  'token request is invalid',
  400, 'invalid_request_error') {}

/** A persisted signing key file is unreadable, malformed, or readable by other users (500). */
export class KeyFileInvalidError extends defineError('GW_ERR_AUTH_KEY_FILE_INVALID',
  'signing key file is invalid',
  500, 'api_error') {}

/** A replay (jti) store is full of live entries and refuses new ones rather than forget old ones (503). */
export class ReplayStoreFullError extends defineError('GW_ERR_AUTH_REPLAY_STORE_FULL',
  'replay protection store is full; retry later',
  503, 'api_error') {}
