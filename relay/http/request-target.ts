/**
 * Request-target validation and connection routing for the relay's front door.
 *
 * The client never chooses the upstream URL (THREATS A.6): it sends an origin-form path, the relay picks the
 * connection from the Host header or a `/c/<connection>/` prefix, and the agent appends the path to a base URL
 * only it knows. So the path must not be able to climb out of that base: every target that a server, proxy or
 * framework anywhere down the line could read as something else is refused, never "repaired". Resolving `..`
 * here would only hide the attack and make policy and upstream disagree about what was asked for.
 *
 * The one rewrite done is RFC 3986 §6.2.2 normalisation of percent-escapes (unreserved characters decoded, hex
 * upper-cased), so `/v1/%63hat/completions` and `/v1/chat/completions` are the same route for policy and for the
 * provider, and an allow-list cannot be bypassed by spelling a path differently.
 */
import { isIP } from 'node:net'

import { isConnectionName } from '../../common/connection-name.js'
import {
  CONNECTION_PATH_PREFIX,
  MAX_HOST_NAME_LENGTH,
  MAX_REQUEST_TARGET_BYTES
} from './constants.js'
import { BadHeaderError, BadTargetError, MethodNotAllowedError, NotFoundError } from './errors.js'

/** A request-target that passed {@link parseRequestTarget}. */
export interface RequestTarget {
  /** Normalised pathname: starts with `/`, pure ASCII, no dot segments, no empty segments, no `\`. */
  path: string
  /** The query exactly as sent, with its `?`, or `''` when there is none (or it is empty). */
  search: string
}

/** Input of {@link routeRequest}. */
export interface RouteInput {
  /** The Host header as received (may carry a port or an IPv6 literal); undefined when absent. */
  hostHeader: string | undefined
  /** A path returned by {@link parseRequestTarget}. */
  path: string
  /** The matching `search` from {@link parseRequestTarget}; appended to `upstreamPath`. Defaults to `''`. */
  search?: string
  /** Domains under which `<connection>.<domain>` names a connection; any case, a trailing dot is ignored. */
  relayDomains: readonly string[]
  /** Names of the configured connections. */
  connections: ReadonlySet<string>
  /** Connection used when neither the Host header nor the path names one. */
  defaultConnection?: string
}

/** How {@link routeRequest} chose the connection. */
export type RouteSource = 'host' | 'path' | 'default'

/** Result of {@link routeRequest}. */
export interface Route {
  /** The selected, configured connection. */
  connection: string
  /** Path (prefix stripped) plus query, to send to the agent; always starts with `/`. */
  upstreamPath: string
  /** Which rule selected the connection, for logs and recordings. */
  source: RouteSource
}

/** Methods the relay never serves: CONNECT opens a tunnel to a client-chosen host, TRACE reflects headers. */
const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE'])

/** A URI scheme followed by `:`, to name absolute-form targets in the error message (RFC 3986 §3.1). */
const SCHEME_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]*:/

/** Characters allowed raw in a path segment: RFC 3986 pchar (unreserved, sub-delims, `:`, `@`) plus `%`. */
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]*$/

/** RFC 3986 §2.3 unreserved characters: a percent-escape of one of them is decoded during normalisation. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/

/** Two hex digits. */
const HEX2 = /^[0-9A-Fa-f]{2}$/

/** C0 and C1 control characters and DEL, refused once a segment is decoded. */
const CONTROL_CHAR = /\p{Cc}/u

/**
 * A decoded segment treated as a dot segment: dots, possibly padded with whitespace (Windows servers strip
 * trailing dots and spaces, so `.. ` becomes `..`), optionally followed by `;params` (Tomcat reads `..;x` as `..`).
 */
const DOT_SEGMENT = /^\s*\.[.\s]*(?:;.*)?$/su

/** One label of a host name, in lower case. */
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/

/** Highest TCP port number. */
const MAX_PORT = 65535

/** True when `name` is a valid connection name: `[a-z0-9][a-z0-9-]{0,62}`. */
export function isValidConnectionName (name: string): boolean {
  return isConnectionName(name)
}

/**
 * Validates an HTTP request-target and returns its normalised path and raw query.
 *
 * Throws MethodNotAllowedError (405) for CONNECT and TRACE, and BadTargetError (400) for anything but an
 * origin-form target (RFC 9112 §3.2.1) made of printable ASCII, at most MAX_REQUEST_TARGET_BYTES long, whose
 * path has no empty segment (`//`), no `\`, no characters outside RFC 3986 pchar, no dot segment (`.`, `..`,
 * `...`, `..;x`, in raw, percent-encoded or Unicode-compatible form), no encoded `/`, `\` or `%` (so double
 * encoding such as `%252e` is refused outright), no encoded control character, and no invalid percent-encoding
 * or UTF-8. The query is returned as sent, but like the rest of the target it may not contain spaces, control
 * characters, non-ASCII bytes or `#`.
 */
export function parseRequestTarget (rawUrl: string, method: string): RequestTarget {
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
    throw new MethodNotAllowedError(`method ${method.toUpperCase()} is not allowed`)
  }
  if (rawUrl.length === 0) {
    throw new BadTargetError('empty request target')
  }
  if (rawUrl.length > MAX_REQUEST_TARGET_BYTES) {
    throw new BadTargetError(`request target is longer than ${MAX_REQUEST_TARGET_BYTES} bytes`)
  }
  if (rawUrl.charCodeAt(0) !== 0x2f /* / */) {
    if (rawUrl === '*') {
      throw new BadTargetError('asterisk-form request target is not allowed')
    }
    if (SCHEME_PREFIX.test(rawUrl) && rawUrl.includes('//')) {
      throw new BadTargetError('absolute-form request target is not allowed; send only the path')
    }
    throw new BadTargetError('request target must be a path starting with /')
  }
  for (let i = 0; i < rawUrl.length; i++) {
    const c = rawUrl.charCodeAt(i)
    // Only VCHAR may appear in a request-target (RFC 9112 §3.2, RFC 3986 §2): no space, control or non-ASCII
    // byte, which also rules out Unicode look-alikes such as U+FF0E (fullwidth full stop) sent raw.
    if (c < 0x21 || c > 0x7e) {
      throw new BadTargetError('request target contains a space, control or non-ASCII character')
    }
    if (c === 0x23 /* # */) {
      throw new BadTargetError('request target must not contain a fragment (#)')
    }
    if (c === 0x5c /* \ */) {
      // Windows servers and WHATWG URL parsers treat `\` as `/`.
      throw new BadTargetError('request target must not contain a backslash')
    }
  }

  const q = rawUrl.indexOf('?')
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q)
  const query = q === -1 ? '' : rawUrl.slice(q + 1)

  // Drop the empty string before the leading `/`. A trailing `/` yields one empty last segment, which is kept,
  // but an empty segment anywhere else is `//`, which some resolvers read as the start of a new authority.
  const segments = rawPath.split('/').slice(1)
  const normalised: string[] = []
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i < segments.length - 1) {
      throw new BadTargetError('request path must not contain an empty segment (//)')
    }
    normalised.push(normaliseSegment(segment))
  }
  return { path: '/' + normalised.join('/'), search: query === '' ? '' : '?' + query }
}

/** Validates one raw path segment and returns it with its percent-escapes normalised; throws BadTargetError. */
function normaliseSegment (segment: string): string {
  if (!PATH_CHAR.test(segment)) {
    throw new BadTargetError('request path contains a character that must be percent-encoded')
  }
  let out = ''
  for (let i = 0; i < segment.length; i++) {
    const ch = segment.charAt(i)
    if (ch !== '%') {
      out += ch
      continue
    }
    const hex = segment.slice(i + 1, i + 3)
    if (!HEX2.test(hex)) {
      throw new BadTargetError('request path contains invalid percent-encoding')
    }
    const decoded = String.fromCharCode(parseInt(hex, 16))
    out += UNRESERVED.test(decoded) ? decoded : '%' + hex.toUpperCase()
    i += 2
  }

  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    // Escapes that are not valid UTF-8, including overlong forms such as %c0%ae for `.`.
    throw new BadTargetError('request path contains percent-encoding that is not valid UTF-8')
  }
  checkDecodedSegment(decoded)
  // Servers that apply Unicode compatibility normalisation (NFKC) turn U+FF0E into `.` and U+FF0F into `/`, so
  // the normalised form must be just as harmless as the decoded one.
  const compat = decoded.normalize('NFKC')
  if (compat !== decoded) {
    checkDecodedSegment(compat)
  }
  return out
}

/** Refuses a decoded path segment that could act as a separator, a dot segment or a second decoding pass. */
function checkDecodedSegment (decoded: string): void {
  if (decoded.includes('/') || decoded.includes('\\')) {
    throw new BadTargetError('request path must not contain an encoded / or \\')
  }
  if (decoded.includes('%')) {
    // A literal `%` is only ever a second layer of encoding in practice (`%252e`); no provider API uses one.
    throw new BadTargetError('request path must not contain an encoded % (double encoding)')
  }
  if (CONTROL_CHAR.test(decoded)) {
    throw new BadTargetError('request path must not contain an encoded control character')
  }
  if (DOT_SEGMENT.test(decoded)) {
    throw new BadTargetError('request path must not contain . or .. segments')
  }
}

/** Result of reading the Host header: a DNS name, an IP literal, or nothing to route on. */
type HostKind = { kind: 'name', name: string } | { kind: 'ip' } | { kind: 'none' }

/**
 * Parses a Host header (RFC 9110 §7.2, RFC 3986 §3.2.2): lower-cases it, strips the port and one trailing dot,
 * and tells an IP literal (IPv4, or IPv6 in brackets) from a name. Throws BadHeaderError for malformed hosts.
 */
function parseHost (hostHeader: string | undefined): HostKind {
  if (hostHeader === undefined || hostHeader === '') {
    return { kind: 'none' }
  }
  const host = hostHeader.toLowerCase()
  let name: string
  let port: string | undefined
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    const rest = end === -1 ? '' : host.slice(end + 1)
    if (end === -1 || isIP(host.slice(1, end)) !== 6 || (rest !== '' && !rest.startsWith(':'))) {
      throw new BadHeaderError('invalid Host header')
    }
    checkPort(rest === '' ? undefined : rest.slice(1))
    return { kind: 'ip' }
  }
  const colon = host.indexOf(':')
  if (colon === -1) {
    name = host
  } else {
    name = host.slice(0, colon)
    port = host.slice(colon + 1)
  }
  checkPort(port)
  if (name.endsWith('.')) {
    name = name.slice(0, -1)
  }
  if (isIP(name) !== 0) {
    return { kind: 'ip' }
  }
  if (name.length === 0 || name.length > MAX_HOST_NAME_LENGTH || !name.split('.').every((l) => HOST_LABEL.test(l))) {
    throw new BadHeaderError('invalid Host header')
  }
  return { kind: 'name', name }
}

/** Throws BadHeaderError unless `port` is absent or a decimal TCP port. */
function checkPort (port: string | undefined): void {
  if (port !== undefined && !(/^[0-9]{1,5}$/.test(port) && Number(port) <= MAX_PORT)) {
    throw new BadHeaderError('invalid port in Host header')
  }
}

/** Message naming a connection only when the name is well-formed, so arbitrary client text is never echoed. */
function unknownConnection (name: string, where: string): NotFoundError {
  return new NotFoundError(isValidConnectionName(name)
    ? `unknown connection '${name}'`
    : `invalid connection name in ${where}`)
}

/** Connection named by the Host header, or undefined when the host is not `<label>.<relay-domain>`. */
function connectionFromHost (
  hostHeader: string | undefined,
  relayDomains: readonly string[],
  connections: ReadonlySet<string>
): string | undefined {
  const host = parseHost(hostHeader)
  if (host.kind !== 'name') {
    return undefined
  }
  let best: string | undefined
  for (const raw of relayDomains) {
    const domain = raw.toLowerCase().replace(/\.$/, '')
    if (host.name === domain) {
      return undefined
    }
    // The longest matching domain wins, so `openai.eu.relay.example` with domains `relay.example` and
    // `eu.relay.example` names `openai`, not the invalid `openai.eu`.
    if (host.name.endsWith('.' + domain) && (best === undefined || domain.length > best.length)) {
      best = domain
    }
  }
  if (best === undefined) {
    return undefined
  }
  const label = host.name.slice(0, -(best.length + 1))
  // A host under a relay domain that names no connection is refused rather than sent to the default: the
  // client asked for something specific, and silently answering from another provider would mislead it.
  if (!isValidConnectionName(label) || !connections.has(label)) {
    throw unknownConnection(label, 'Host header')
  }
  return label
}

/**
 * Chooses the connection for a request and the path to send to its agent. In order:
 * 1. Host `<connection>.<relay-domain>` (case-insensitive, port and trailing dot ignored; a host that is exactly
 *    a relay domain, an IP literal, or outside every relay domain names no connection);
 * 2. path prefix `/c/<connection>/…`, which is stripped (`/c/openai/v1/models` → `/v1/models`,
 *    `/c/openai` → `/`);
 * 3. `defaultConnection`.
 * Throws NotFoundError (404) for an unknown or malformed connection name in the Host header or path prefix
 * (naming it when well-formed), or when nothing selects a connection; BadTargetError (400) when the Host header
 * and the path prefix name different connections or `path` does not start with `/`; BadHeaderError (400) for a
 * malformed Host header.
 */
export function routeRequest (input: RouteInput): Route {
  const { path, relayDomains, connections, defaultConnection } = input
  const search = input.search ?? ''
  if (!path.startsWith('/')) {
    throw new BadTargetError('request target must be a path starting with /')
  }
  const fromHost = connectionFromHost(input.hostHeader, relayDomains, connections)

  if (path.startsWith(CONNECTION_PATH_PREFIX)) {
    const rest = path.slice(CONNECTION_PATH_PREFIX.length)
    const slash = rest.indexOf('/')
    const name = slash === -1 ? rest : rest.slice(0, slash)
    const upstream = slash === -1 ? '/' : rest.slice(slash)
    if (!isValidConnectionName(name) || !connections.has(name)) {
      throw unknownConnection(name, 'path')
    }
    if (fromHost !== undefined && fromHost !== name) {
      throw new BadTargetError(`Host header selects connection '${fromHost}' but the path selects '${name}'`)
    }
    return { connection: name, upstreamPath: upstream + search, source: fromHost === undefined ? 'path' : 'host' }
  }
  if (fromHost !== undefined) {
    return { connection: fromHost, upstreamPath: path + search, source: 'host' }
  }
  if (defaultConnection !== undefined) {
    if (!connections.has(defaultConnection)) {
      throw unknownConnection(defaultConnection, 'default connection')
    }
    return { connection: defaultConnection, upstreamPath: path + search, source: 'default' }
  }
  throw new NotFoundError('no connection selected: use <connection>.<relay-domain> or the /c/<connection>/ path prefix')
}
