/** Errors raised by the agent. Codes travel to the relay inside tunnel Reset frames. */
import { defineError } from '../common/errors.js'

/** The relay asked for a connection this agent does not serve. */
export class AgentUnknownConnectionError extends defineError('GW_ERR_AGENT_UNKNOWN_CONNECTION', 'this agent does not serve the requested connection', 502, 'api_error') {}
/** The path the relay sent is outside the provider API prefix or carries traversal tricks (defence in depth). */
export class AgentBadPathError extends defineError('GW_ERR_AGENT_BAD_PATH', 'request path refused by the agent', 400, 'invalid_request_error') {}
/** The upstream provider could not be reached or failed before answering. */
export class AgentUpstreamFailedError extends defineError('GW_ERR_AGENT_UPSTREAM_FAILED', 'the upstream provider could not be reached', 502, 'api_error') {}
/** The upstream provider sent nothing for too long. */
export class AgentUpstreamTimeoutError extends defineError('GW_ERR_AGENT_UPSTREAM_TIMEOUT', 'the upstream provider timed out', 504, 'api_error') {}
/** A connection's credential (env var or file) is missing or unreadable. */
/** The relay refused the tunnel (bad credential, duplicate agent id, …). */
export class AgentTunnelRefusedError extends defineError('GW_ERR_AGENT_TUNNEL_REFUSED', 'the relay refused the tunnel', 502, 'api_error') {}
