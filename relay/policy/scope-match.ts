/**
 * Compiled rule scopes and the glob matcher behind `models` and `endpoints`.
 *
 * Globs are matched by hand rather than turned into a RegExp: `^a.*b.*c$` backtracks polynomially on a long
 * client-chosen model name, while the segment walk here is O(text × segments) with no backtracking (for globs
 * whose only wildcard is `*`, leftmost-first matching of each middle segment is exact).
 */
import type { PolicyScope } from './policy-schema.js'

/** A compiled `*` glob: the literal segments between stars, lower-cased. */
export interface Glob {
  /** The glob as written in the policy (for messages and logs). */
  readonly source: string
  /** Literal segments, lower-cased; a glob without `*` has exactly one. */
  readonly segments: readonly string[]
}

/** Compiles a `*` glob for case-insensitive matching. */
export function compileGlob (source: string): Glob {
  return Object.freeze({ source, segments: Object.freeze(source.toLowerCase().split('*')) })
}

/**
 * True when `text` (already lower-cased by the caller) matches `glob` in full: the first segment is a prefix, the
 * last a suffix, and the middle ones appear in order, without overlapping, in between.
 */
export function matchGlob (glob: Glob, text: string): boolean {
  const segs = glob.segments
  const first = segs[0] ?? ''
  if (segs.length === 1) return text === first
  const last = segs[segs.length - 1] ?? ''
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false
  let pos = first.length
  const end = text.length - last.length
  for (let i = 1; i < segs.length - 1; i++) {
    const seg = segs[i] ?? ''
    const at = text.indexOf(seg, pos)
    if (at === -1 || at + seg.length > end) return false
    pos = at + seg.length
  }
  return true
}

/** A compiled scope; `undefined` members match everything. */
export interface CompiledScope {
  readonly groups?: ReadonlySet<string>
  readonly subjects?: ReadonlySet<string>
  readonly connections?: ReadonlySet<string>
  readonly models?: readonly Glob[]
  readonly endpoints?: readonly Glob[]
}

/** The facts about a request that scopes look at. */
export interface ScopeSubject {
  /** Verified subject of the identity. */
  readonly subject: string
  /** Verified groups of the identity. */
  readonly groups: readonly string[]
  /** Connection the request was routed to. */
  readonly connection: string
  /** The body's `model`, lower-cased; undefined when the body has no string `model`. */
  readonly modelLower: string | undefined
  /** Upstream path, lower-cased, without query and without trailing slashes (`/` stays `/`). */
  readonly endpointLower: string
}

/** Compiles a validated scope (or none, which matches every request). */
export function compileScope (scope: PolicyScope | undefined): CompiledScope {
  if (scope === undefined) return Object.freeze({})
  return Object.freeze({
    ...(scope.groups === undefined ? {} : { groups: new Set(scope.groups) }),
    ...(scope.subjects === undefined ? {} : { subjects: new Set(scope.subjects) }),
    ...(scope.connections === undefined ? {} : { connections: new Set(scope.connections) }),
    ...(scope.models === undefined ? {} : { models: Object.freeze(scope.models.map(compileGlob)) }),
    ...(scope.endpoints === undefined ? {} : { endpoints: Object.freeze(scope.endpoints.map((e) => compileGlob(normaliseEndpoint(e)))) })
  })
}

/**
 * Lower-cases a path and strips its query and trailing slashes, so `/v1/Chat/Completions/` cannot slip past a
 * rule written for `/v1/chat/completions` (providers differ on whether they treat those as the same route).
 */
export function normaliseEndpoint (path: string): string {
  const q = path.indexOf('?')
  let p = (q === -1 ? path : path.slice(0, q)).toLowerCase()
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1)
  return p
}

/** Who: with `groups` and/or `subjects` set, the identity must be in a listed group or be a listed subject. */
export function matchesWho (scope: CompiledScope, req: ScopeSubject): boolean {
  if (scope.groups === undefined && scope.subjects === undefined) return true
  if (scope.subjects?.has(req.subject) === true) return true
  return scope.groups !== undefined && req.groups.some((g) => scope.groups?.has(g) === true)
}

/** True when `connections` is unset or lists the request's connection. */
export function matchesConnection (scope: CompiledScope, req: ScopeSubject): boolean {
  return scope.connections === undefined || scope.connections.has(req.connection)
}

/** True when `models` is unset or a glob matches the request's model; a request with no model never matches a list. */
export function matchesModel (scope: CompiledScope, req: ScopeSubject): boolean {
  if (scope.models === undefined) return true
  const model = req.modelLower
  return model !== undefined && scope.models.some((g) => matchGlob(g, model))
}

/** True when `endpoints` is unset or a glob matches the request's normalised path. */
export function matchesEndpoint (scope: CompiledScope, req: ScopeSubject): boolean {
  return scope.endpoints === undefined || scope.endpoints.some((g) => matchGlob(g, req.endpointLower))
}

/**
 * True when the request is in `scope`: {@link matchesWho} and each of connections, models and endpoints that is set.
 */
export function inScope (scope: CompiledScope, req: ScopeSubject): boolean {
  return matchesWho(scope, req) && matchesConnection(scope, req) && matchesModel(scope, req) && matchesEndpoint(scope, req)
}
