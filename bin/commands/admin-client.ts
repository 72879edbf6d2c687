/**
 * A small HTTPS client for the relay's admin API (docs/admin-api.md), used by `keyward sessions|locks|approvals` and
 * by `keyward recordings … --relay` (docs/admin-cli.md).
 *
 * - Target: `--relay https://host:port` (or KEYWARD_RELAY), `--token <jwt>` (or KEYWARD_TOKEN), `--ca <pem>` (else
 *   the system roots). Plain `http:` is refused except to loopback: the token would cross the network in clear.
 * - The token only ever goes into the `Authorization` header: it is never printed, logged or put in a message.
 * - Answers are bounded (MAX_ADMIN_RESPONSE_BYTES); redirects are not followed; a silent socket is abandoned after
 *   ADMIN_REQUEST_TIMEOUT_MS.
 * - A non-2xx answer with the OpenAI-style body `{"error":{"message","type","code"}}` becomes an
 *   {@link AdminApiError} carrying the relay's code, so the CLI prints one line: `keyward: <message> (HTTP 403)
 *   [GW_ERR_ADMIN_FORBIDDEN]` and exits 1.
 */
import { readFile, stat } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIPv4 } from 'node:net'

import { GatewayError } from '../../common/errors.js'
import { terminalSafe } from '../../relay/recording/transcript.js'
import {
  ADMIN_REQUEST_TIMEOUT_MS, MAX_ADMIN_RESPONSE_BYTES, MAX_CA_FILE_BYTES, MAX_ERROR_MESSAGE_CHARS, RELAY_ENV, TOKEN_ENV
} from './constants.js'

import type { IncomingMessage } from 'node:http'
import type { Argv } from 'yargs'

/** The relay's error codes look like this; anything else in an error body is not trusted as a code. */
const CODE_RE = /^GW_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)+$/
/** A bearer token is visible ASCII without spaces (JWTs are base64url and dots). */
const TOKEN_RE = /^[\x21-\x7e]+$/

/**
 * An error answer of the admin API: `code` is the relay's code (`GW_ERR_…`), `status` the HTTP status. The message
 * is the relay's, made safe for a terminal and cut to one line.
 */
export class AdminApiError extends GatewayError {}

/** The admin flags of a command (`--relay`, `--token`, `--ca`). */
export interface AdminArgs {
  relay?: string
  token?: string
  ca?: string
}

/** Where and as whom to call. */
export interface AdminTarget {
  relay: URL
  token: string
}

/** Options of {@link AdminClient}. */
export interface AdminClientOptions extends AdminTarget {
  /** PEM of the CA that signed the relay's certificate; default the system roots. */
  ca?: string
  /** Largest buffered answer, in bytes; default MAX_ADMIN_RESPONSE_BYTES. */
  maxResponseBytes?: number
  /** Socket idle timeout, in ms; default ADMIN_REQUEST_TIMEOUT_MS. */
  timeoutMs?: number
}

/** True for a loopback host name as a URL gives it (`127.x.x.x`, `[::1]`, `localhost`). */
function isLoopback (hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'))
}

/**
 * Parses a relay URL: `https://host[:port][/base]`, or `http:` to a loopback host only. No credentials, query or
 * fragment. Throws Error (a usage error) otherwise.
 */
export function parseRelayUrl (text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new Error(`invalid relay URL ${JSON.stringify(text.slice(0, 100))}: use https://host:port`)
  }
  if (url.username !== '' || url.password !== '') throw new Error('the relay URL must not hold credentials: pass the token with --token or ' + TOKEN_ENV)
  if (url.search !== '' || url.hash !== '') throw new Error('the relay URL must not have a query or fragment: use https://host:port')
  if (url.protocol === 'http:') {
    if (!isLoopback(url.hostname)) throw new Error(`plain http:// is refused for ${url.host}: the token would cross the network in clear; use https:// (http:// is allowed to loopback only)`)
  } else if (url.protocol !== 'https:') {
    throw new Error(`the relay URL must be https:// (got ${url.protocol})`)
  }
  return url
}

/**
 * The target from the flags, else the environment (KEYWARD_RELAY only when `relayFromEnv`; KEYWARD_TOKEN always).
 * Throws Error naming what is missing or malformed; commands call it from a yargs `check`, so that is a usage error.
 */
export function adminTarget (args: AdminArgs, env: NodeJS.ProcessEnv = process.env, relayFromEnv = true): AdminTarget {
  const relay = args.relay ?? (relayFromEnv ? env[RELAY_ENV] : undefined)
  if (relay === undefined || relay === '') throw new Error(`say which relay: --relay https://host:port${relayFromEnv ? ` (or set ${RELAY_ENV})` : ''}`)
  const token = args.token ?? env[TOKEN_ENV]
  if (token === undefined || token === '') throw new Error(`an admin token is needed: --token <jwt> or, better (flags show in \`ps\`), ${TOKEN_ENV}`)
  // Never echo the token, not even in part.
  if (!TOKEN_RE.test(token)) throw new Error('the admin token has characters no token has (a space, a newline, "Bearer "?): give the bare token')
  return { relay: parseRelayUrl(relay), token }
}

/** Adds `--relay`, `--token` and `--ca`, and checks them at parse time (missing or malformed: exit 2). */
export function adminOptions<T> (y: Argv<T>): Argv<T & AdminArgs> {
  return y
    .option('relay', { type: 'string', describe: `relay URL, https://host:port [env ${RELAY_ENV}]` })
    .option('token', { type: 'string', describe: `admin identity token (JWT) [env ${TOKEN_ENV}, preferred: flags show in \`ps\`]` })
    .option('ca', { type: 'string', describe: 'PEM file of the CA that signed the relay certificate [default: system roots]' })
    .check((argv) => {
      adminTarget(argv as AdminArgs)
      return true
    }) as unknown as Argv<T & AdminArgs>
}

/** Reads a `--ca` file: at most MAX_CA_FILE_BYTES, and it must hold a PEM certificate. */
export async function readCaFile (path: string): Promise<string> {
  const { size } = await stat(path)
  if (size > MAX_CA_FILE_BYTES) throw new Error(`--ca ${path} is ${size} bytes, more than a CA file has (${MAX_CA_FILE_BYTES})`)
  const pem = await readFile(path, 'utf8')
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`--ca ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`)
  return pem
}

/** The client the admin flags select (resolves the target again and reads `--ca`). */
export async function adminClientFrom (args: AdminArgs, relayFromEnv = true): Promise<AdminClient> {
  const target = adminTarget(args, process.env, relayFromEnv)
  return new AdminClient({ ...target, ...(args.ca === undefined ? {} : { ca: await readCaFile(args.ca) }) })
}

/** `text` made safe to print on one line: control characters escaped, line breaks as `\n`, at most `max` chars. */
export function oneLine (text: string, max: number): string {
  const flat = terminalSafe(text).replace(/\r\n|\r|\n/g, '\\n').replace(/\t/g, ' ')
  return flat.length > max ? `${flat.slice(0, max)}…` : flat
}

/** The error an answer with a non-2xx `status` and `body` stands for. */
export function errorFromAnswer (status: number, body: Buffer): Error {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    parsed = undefined
  }
  const err = (parsed as { error?: unknown } | undefined)?.error
  if (typeof err === 'object' && err !== null) {
    const { message, code, type } = err as Record<string, unknown>
    if (typeof code === 'string' && CODE_RE.test(code)) {
      const text = typeof message === 'string' && message !== '' ? oneLine(message, MAX_ERROR_MESSAGE_CHARS) : 'the relay refused the call'
      return new AdminApiError(code, `${text} (HTTP ${status})`, status, typeof type === 'string' ? type : 'api_error')
    }
  }
  return new Error(`the relay answered HTTP ${status} without a keyward error body (is --relay the relay's address?)`)
}

/** Reads a whole response, failing past `max` bytes. */
async function readBounded (res: IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length'])
  if (Number.isFinite(declared) && declared > max) {
    res.destroy()
    throw new Error(`the relay's answer is ${declared} bytes, more than the ${max} this client reads`)
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res) {
    size += (chunk as Buffer).length
    if (size > max) {
      res.destroy()
      throw new Error(`the relay's answer is more than the ${max} bytes this client reads`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** An admin call on the wire. */
export interface AdminCall {
  method: string
  /** Path under the relay URL, starting with `/admin/`; path segments already encoded. */
  path: string
  /** JSON request body. */
  body?: unknown
  /** Accept header (default application/json). */
  accept?: string
  /** Aborts the call (and an open response stream). */
  signal?: AbortSignal
  /** Socket idle timeout of this call (also while its response streams), in ms; default the client's. */
  timeoutMs?: number
}

/** Talks to one relay's admin API as one identity; see the file comment. */
export class AdminClient {
  readonly #o: AdminClientOptions

  constructor (options: AdminClientOptions) {
    this.#o = options
  }

  /** The relay URL (no credentials are ever in it). */
  get relay (): URL {
    return this.#o.relay
  }

  /**
   * Sends a call and resolves with the response stream once a 2xx head arrives (for SSE and downloads). A non-2xx
   * answer rejects with {@link AdminApiError} (or Error when it has no keyward error body); so do network and TLS
   * failures, with the relay named.
   */
  async open (call: AdminCall): Promise<IncomingMessage> {
    const base = this.#o.relay
    const url = new URL(`${base.pathname.replace(/\/+$/, '')}${call.path}`, base)
    const body = call.body === undefined ? undefined : JSON.stringify(call.body)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const timeoutMs = call.timeoutMs ?? this.#o.timeoutMs ?? ADMIN_REQUEST_TIMEOUT_MS
    let response: IncomingMessage | undefined
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${this.#o.token}`,
          accept: call.accept ?? 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
        },
        agent: false,
        ...(this.#o.ca === undefined ? {} : { ca: this.#o.ca }),
        ...(call.signal === undefined ? {} : { signal: call.signal })
      }, (r) => {
        response = r
        resolve(r)
      })
      req.setTimeout(timeoutMs, () => {
        // Destroying the response with the reason makes a reader of its body see this message, not "aborted".
        const err = new Error(`the relay at ${base.origin} sent nothing for ${timeoutMs} ms`)
        response?.destroy(err)
        req.destroy(err)
      })
      req.on('error', (err: Error) => { reject(new Error(`cannot reach the relay at ${base.origin}: ${err.message}`, { cause: err })) })
      req.end(body)
    })
    const status = res.statusCode ?? 0
    if (status >= 200 && status < 300) return res
    throw errorFromAnswer(status, await readBounded(res, this.#o.maxResponseBytes ?? MAX_ADMIN_RESPONSE_BYTES))
  }

  /** Sends a call and resolves with its parsed JSON answer (bounded); errors as {@link open}. */
  async json (call: AdminCall): Promise<unknown> {
    const res = await this.open(call)
    const text = (await readBounded(res, this.#o.maxResponseBytes ?? MAX_ADMIN_RESPONSE_BYTES)).toString('utf8')
    try {
      return JSON.parse(text)
    } catch {
      throw new Error(`the relay's answer to ${call.method} ${call.path} is not JSON`)
    }
  }
}

/** One path segment, encoded (ids come from the user or the relay and must stay one segment). */
export function segment (value: string): string {
  return encodeURIComponent(value)
}
