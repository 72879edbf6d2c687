/**
 * Typed errors of request policy (`GW_ERR_POLICY_*`).
 *
 * Refusals are OpenAI-style 4xx bodies (relay/http/error-body.ts) whose message names the rule and never echoes
 * the text that matched: a deny rule exists because that text is sensitive. Codes are append-only.
 * Invalid JSON or invalid UTF-8 in a request body reuses relay/http's BadJsonError (GW_ERR_HTTP_BAD_JSON, 400).
 */
import { defineError } from '../../common/errors.js'

import type { GatewayErrorOptions } from '../../common/errors.js'

/** Options of the errors that name the rule behind a refusal. */
export interface PolicyRuleErrorOptions extends GatewayErrorOptions {
  /** Name of the rule that refused the request (for logs and recordings; the message names it too). */
  rule?: string
}

/**
 * A deny rule matched the prompt text (403). The message is "request blocked by policy rule '<name>'": it names the
 * rule and never contains the matched text.
 */
export class PolicyDeniedError extends defineError('GW_ERR_POLICY_DENIED', 'request blocked by policy', 403, 'permission_error') {
  /** The deny rule that matched. */
  readonly rule: string
  /** The rule's action is `terminate`: the proxy also ends the session. */
  readonly terminate: boolean

  constructor (message?: string, options: PolicyRuleErrorOptions & { terminate?: boolean } = {}) {
    super(message, options)
    this.rule = options.rule ?? ''
    this.terminate = options.terminate ?? false
  }
}

/**
 * The policy has `access` rules and none allows this identity on this connection, model and endpoint (403).
 * The message says which of the three was refused but does not repeat the client's values.
 */
export class PolicyNotAllowedError extends defineError('GW_ERR_POLICY_NOT_ALLOWED', 'request blocked by policy: not allowed', 403, 'permission_error') {
  /** Always ACCESS_RULE_NAME: no single rule refused the request, none allowed it. */
  readonly rule: string

  constructor (message?: string, options: PolicyRuleErrorOptions = {}) {
    super(message, options)
    this.rule = options.rule ?? ''
  }
}

/**
 * A request exceeds a cap of a `limits` rule: body bytes, max_tokens / max_completion_tokens / max_output_tokens,
 * n / best_of, or the number of tools; or a rule requires a token limit and the request has none (403).
 * The message names the field, the value, the limit and the rule.
 */
export class PolicyLimitError extends defineError('GW_ERR_POLICY_LIMIT_EXCEEDED', 'request blocked by policy: limit exceeded', 403, 'permission_error') {
  /** The limits rule whose cap was exceeded. */
  readonly rule: string

  constructor (message?: string, options: PolicyRuleErrorOptions = {}) {
    super(message, options)
    this.rule = options.rule ?? ''
  }
}

/**
 * The prompt text of a request is longer than the policy can check (413): refused rather than forwarded
 * unchecked (fail closed). Raised only when a deny rule is in scope.
 */
export class PromptTooLargeError extends defineError('GW_ERR_POLICY_PROMPT_TOO_LARGE', 'prompt too large for policy checks', 413, 'invalid_request_error') {}

/** Options of {@link PolicyInvalidError}. */
export interface PolicyInvalidErrorOptions extends GatewayErrorOptions {
  /** Every problem found, one line each, each starting with the path of the offending key. */
  problems?: readonly string[]
}

/**
 * A policy file or object failed validation: unreadable, oversized, invalid UTF-8 or YAML, schema violations,
 * patterns RE2 cannot compile, duplicate rule names. The message lists every problem, one per line; at start the
 * relay refuses to run, on reload the last good policy stays in force.
 */
export class PolicyInvalidError extends defineError('GW_ERR_POLICY_INVALID', 'policy is invalid', 500, 'configuration_error') {
  /** Every problem found, one line each. */
  readonly problems: readonly string[]

  constructor (message?: string, options: PolicyInvalidErrorOptions = {}) {
    super(message, options)
    this.problems = Object.freeze([...(options.problems ?? [])])
  }
}
