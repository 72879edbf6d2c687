/**
 * Base class and shared error codes for keyward.
 *
 * Every error keyward raises on purpose extends {@link GatewayError} and carries a stable `code`
 * (`GW_ERR_<AREA>_<WHAT>`) that survives serialisation into tunnel Reset frames and HTTP error bodies.
 * Codes are append-only: a retired code is never reused (docs/errors.md lists them all, and a test checks it).
 */

/** Options accepted by every {@link GatewayError}. */
export interface GatewayErrorOptions {
  /** The underlying error, when this one wraps another. */
  cause?: unknown
  /** Override of the class's default HTTP status. */
  status?: number
}

/** Root of keyward's typed errors: `name` for in-process checks, `code` for the wire. */
export class GatewayError extends Error {
  /** Stable machine-readable code, `GW_ERR_<AREA>_<WHAT>`. */
  readonly code: string
  /** HTTP status this error maps to when it reaches a client. */
  readonly status: number
  /** OpenAI-style error `type` used in JSON error bodies. */
  readonly type: string

  constructor (code: string, message: string, status = 500, type = 'api_error', options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.status = options.status ?? status
    this.type = type
  }
}

/**
 * Defines a GatewayError subclass with a fixed code, default message, status and OpenAI error type.
 * Used by each area's errors.ts so every class is one line and the code table stays greppable.
 */
export function defineError (code: string, defaultMessage: string, status: number, type: string): CodedErrorClass {
  return class extends CodedError {
    static override readonly code = code
    constructor (message: string = defaultMessage, options: GatewayErrorOptions = {}) {
      super(code, message, status, type, options)
    }
  }
}

/** Constructor type of the classes {@link defineError} returns. */
export interface CodedErrorClass {
  new (message?: string, options?: GatewayErrorOptions): CodedError
  readonly code: string
}

/** Shape shared by the classes {@link defineError} returns. */
export abstract class CodedError extends GatewayError {
  static readonly code: string = ''
  constructor (code: string, message: string, status: number, type: string, options: GatewayErrorOptions = {}) {
    super(code, message, status, type, options)
  }
}

/** Config file or flags failed validation; the message lists every violation, one per line. */
export class ConfigInvalidError extends defineError('GW_ERR_CONFIG_INVALID', 'configuration is invalid', 500, 'configuration_error') {}

/** Returns `err` if it is a GatewayError, otherwise wraps it in `fallback` with the original as cause. */
export function asGatewayError (err: unknown, fallback: (cause: unknown) => GatewayError): GatewayError {
  return err instanceof GatewayError ? err : fallback(err)
}
