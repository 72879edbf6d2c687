/**
 * Turns the records of one recording (decrypted, in file order, as `readRecording` returns them) into a session
 * model: who, which exchanges with their reassembled request bodies and recorded response chunks, what happened to
 * the session, and how it ended. `show`, `export`, `replay` and the replay server all read this model.
 *
 * The model only reorganises what is in the records; it invents nothing. It is built for recordings that were cut
 * (a relay crash, a recording still being written): an exchange without an ExchangeEnd is marked incomplete, a
 * request body without its `last` piece is marked cut, and records that contradict the format (a piece for an
 * exchange that never started, a second ExchangeStart with the same id, a gap in body offsets) are skipped and
 * listed in `problems` instead of throwing. Memory: the model holds the bodies once more (request pieces are
 * concatenated); the records themselves already bound it, since the reader holds the whole recording.
 */
import { keyward } from '../../proto/gen/recording.js'
import { toNumber } from './frame-codec.js'

/** Namespace of the generated recording messages. */
const pb = keyward.recording.v1

type FileHeader = keyward.recording.v1.FileHeader.$Properties
type SessionStart = keyward.recording.v1.SessionStart.$Properties
type ExchangeStart = keyward.recording.v1.ExchangeStart.$Properties
type PolicyDecision = keyward.recording.v1.PolicyDecision.$Properties
type ResponseHead = keyward.recording.v1.ResponseHead.$Properties
type MaskCounts = keyward.recording.v1.MaskCounts.$Properties
type Usage = keyward.recording.v1.Usage.$Properties
type ExchangeEnd = keyward.recording.v1.ExchangeEnd.$Properties
type SessionEvent = keyward.recording.v1.SessionEvent.$Properties
type SessionEnd = keyward.recording.v1.SessionEnd.$Properties
type Trailer = keyward.recording.v1.Trailer.$Properties

/** A decoded record (the reader's generated Record instances, or a plain object of the same shape). */
export type RecordLike = keyward.recording.v1.Record.$Properties

/** Where a record sits in the recording: its sequence number and the relay's clock when it was written. */
export interface RecordPlace {
  /** `Record.seq`. */
  seq: number
  /** `Record.time_unix_ms`: when the relay wrote the record, in ms since the Unix epoch. */
  timeUnixMs: number
}

/** One recorded response chunk: bytes exactly as the client received them. */
export interface ModelChunk {
  /** Milliseconds since the exchange started (`ResponseChunk.at_ms`). */
  atMs: number
  /** The bytes. */
  data: Uint8Array
}

/** One exchange (one HTTP request and its response), assembled from every record that names its id. */
export interface ExchangeModel extends RecordPlace {
  /** `ExchangeStart.exchange_id`. */
  id: string
  /** The ExchangeStart record's body: method, path, model, forwarded headers, `stream`, agent. */
  start: ExchangeStart
  /** The request body pieces concatenated in offset order (possibly cut: see `requestBodyComplete`). */
  requestBody: Uint8Array
  /** True when the piece marked `last` arrived and no piece was missing before it. */
  requestBodyComplete: boolean
  /** Policy decisions in record order. */
  policy: PolicyDecision[]
  /** The response head as sent to the client, when it was recorded. */
  responseHead?: ResponseHead
  /** Response chunks in record order. */
  responseChunks: ModelChunk[]
  /** Total bytes of `responseChunks`. */
  responseBytes: number
  /** Mask counts in record order (request side and response side). */
  maskCounts: MaskCounts[]
  /** Usage, when it was recorded. */
  usage?: Usage
  /** The ExchangeEnd, when it was recorded. */
  end?: ExchangeEnd
  /** The session's size cap was reached before or during this exchange: its bodies may be missing or cut. */
  bodiesCapped: boolean
}

/** A SessionEvent with its place. */
export interface ModelEvent extends RecordPlace {
  event: SessionEvent
}

/** The SizeCapReached marker with its place. */
export interface ModelSizeCap extends RecordPlace {
  /** The cap that was reached, in bytes. */
  limitBytes: number
}

/** An entry of {@link SessionModel.timeline}: the session's exchanges and events in record order. */
export type TimelineEntry =
  | { kind: 'exchange', exchange: ExchangeModel }
  | { kind: 'event', event: ModelEvent }
  | { kind: 'size-cap', sizeCap: ModelSizeCap }

/** A whole recording, organised for display and replay. */
export interface SessionModel {
  /** The FileHeader (always the first record of an intact file). */
  header?: FileHeader
  /** The SessionStart: who the session is. */
  sessionStart?: SessionStart & RecordPlace
  /** Exchanges in the order of their ExchangeStart records. */
  exchanges: ExchangeModel[]
  /** Session events in record order. */
  events: ModelEvent[]
  /** Set when the session's size cap was reached. */
  sizeCap?: ModelSizeCap
  /** The SessionEnd, when recorded. */
  sessionEnd?: SessionEnd & RecordPlace
  /** The Trailer of a sealed recording. */
  trailer?: Trailer
  /** Exchanges, events and the size-cap marker interleaved in record order. */
  timeline: TimelineEntry[]
  /** Records the model skipped or found inconsistent, one sentence each; empty for a well-formed recording. */
  problems: string[]
}

/** Concatenates byte arrays without copying when there is only one. */
function concatBytes (parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** An exchange being assembled: the model plus its pending request pieces. */
interface Pending {
  model: ExchangeModel
  pieces: Uint8Array[]
  /** Next expected request-body offset, in bytes. */
  offset: number
  /** A piece was missing or out of order: the body stops at the gap. */
  gap: boolean
}

/**
 * Builds the {@link SessionModel} of `records` (decoded, decrypted, in file order). Never throws: records that do
 * not fit the format's rules are skipped and described in `problems`.
 */
export function buildSessionModel (records: readonly RecordLike[]): SessionModel {
  const model: SessionModel = { exchanges: [], events: [], timeline: [], problems: [] }
  const pending = new Map<string, Pending>()
  let capped = false

  /** The exchange a per-exchange record names, or undefined (and a problem) when it never started. */
  const exchangeOf = (id: string | null | undefined, what: string, seq: number): Pending | undefined => {
    const p = pending.get(id ?? '')
    if (p === undefined) model.problems.push(`record ${seq} (${what}) names exchange ${JSON.stringify(id ?? '')}, which has no ExchangeStart before it; skipped`)
    return p
  }

  for (const r of records) {
    const place: RecordPlace = { seq: toNumber(r.seq), timeUnixMs: toNumber(r.timeUnixMs) }
    const seq = place.seq
    if (r.header != null) {
      if (model.header === undefined) model.header = r.header
      else model.problems.push(`record ${seq} is a second FileHeader; skipped`)
    } else if (r.sessionStart != null) {
      if (model.sessionStart === undefined) model.sessionStart = { ...r.sessionStart, ...place }
      else model.problems.push(`record ${seq} is a second SessionStart; skipped`)
    } else if (r.exchangeStart != null) {
      const id = r.exchangeStart.exchangeId ?? ''
      if (pending.has(id)) {
        model.problems.push(`record ${seq} starts exchange ${JSON.stringify(id)} a second time; skipped`)
        continue
      }
      const ex: ExchangeModel = {
        ...place,
        id,
        start: r.exchangeStart,
        requestBody: new Uint8Array(0),
        requestBodyComplete: false,
        policy: [],
        responseChunks: [],
        responseBytes: 0,
        maskCounts: [],
        bodiesCapped: capped
      }
      pending.set(id, { model: ex, pieces: [], offset: 0, gap: false })
      model.exchanges.push(ex)
      model.timeline.push({ kind: 'exchange', exchange: ex })
    } else if (r.requestBody != null) {
      const p = exchangeOf(r.requestBody.exchangeId, 'RequestBody', seq)
      if (p === undefined || p.gap) continue
      const offset = toNumber(r.requestBody.offset)
      if (offset !== p.offset) {
        // Pieces are written in order (recording.proto); a mismatch means a lost or repeated piece. Keep what is
        // contiguous rather than splice bytes at a guessed position.
        p.gap = true
        model.problems.push(`record ${seq}: request body of exchange ${JSON.stringify(p.model.id)} continues at offset ${offset}, expected ${p.offset}; the body is cut there`)
        continue
      }
      const data = r.requestBody.data ?? new Uint8Array(0)
      p.pieces.push(data)
      p.offset += data.length
      if (r.requestBody.last === true) p.model.requestBodyComplete = true
    } else if (r.policy != null) {
      exchangeOf(r.policy.exchangeId, 'PolicyDecision', seq)?.model.policy.push(r.policy)
    } else if (r.responseHead != null) {
      const p = exchangeOf(r.responseHead.exchangeId, 'ResponseHead', seq)
      if (p === undefined) continue
      if (p.model.responseHead === undefined) p.model.responseHead = r.responseHead
      else model.problems.push(`record ${seq} is a second ResponseHead for exchange ${JSON.stringify(p.model.id)}; skipped`)
    } else if (r.responseChunk != null) {
      const p = exchangeOf(r.responseChunk.exchangeId, 'ResponseChunk', seq)
      if (p === undefined) continue
      const data = r.responseChunk.data ?? new Uint8Array(0)
      p.model.responseChunks.push({ atMs: r.responseChunk.atMs ?? 0, data })
      p.model.responseBytes += data.length
    } else if (r.maskCounts != null) {
      exchangeOf(r.maskCounts.exchangeId, 'MaskCounts', seq)?.model.maskCounts.push(r.maskCounts)
    } else if (r.usage != null) {
      const p = exchangeOf(r.usage.exchangeId, 'Usage', seq)
      if (p !== undefined) p.model.usage = r.usage
    } else if (r.exchangeEnd != null) {
      const p = exchangeOf(r.exchangeEnd.exchangeId, 'ExchangeEnd', seq)
      if (p === undefined) continue
      if (p.model.end === undefined) p.model.end = r.exchangeEnd
      else model.problems.push(`record ${seq} is a second ExchangeEnd for exchange ${JSON.stringify(p.model.id)}; skipped`)
    } else if (r.event != null) {
      const ev: ModelEvent = { ...place, event: r.event }
      model.events.push(ev)
      model.timeline.push({ kind: 'event', event: ev })
    } else if (r.sizeCap != null) {
      capped = true
      // Exchanges still open when the cap was reached lose the rest of their bodies.
      for (const p of pending.values()) if (p.model.end === undefined) p.model.bodiesCapped = true
      if (model.sizeCap === undefined) {
        model.sizeCap = { ...place, limitBytes: toNumber(r.sizeCap.limitBytes) }
        model.timeline.push({ kind: 'size-cap', sizeCap: model.sizeCap })
      }
    } else if (r.sessionEnd != null) {
      if (model.sessionEnd === undefined) model.sessionEnd = { ...r.sessionEnd, ...place }
      else model.problems.push(`record ${seq} is a second SessionEnd; skipped`)
    } else if (r.trailer != null) {
      model.trailer = r.trailer
    } else {
      model.problems.push(`record ${seq} has no body this version understands; skipped`)
    }
  }

  for (const p of pending.values()) {
    p.model.requestBody = concatBytes(p.pieces, p.offset)
    if (p.gap) p.model.requestBodyComplete = false
  }
  return model
}

/** True when the exchange has an ExchangeEnd record (a cut recording leaves the last exchanges without one). */
export function isExchangeComplete (ex: ExchangeModel): boolean {
  return ex.end !== undefined
}

/** The response's content type (lower-case media type, no parameters), or '' when none was recorded. */
export function responseMediaType (ex: ExchangeModel): string {
  const value = ex.responseHead?.headers?.find((h) => h.name?.toLowerCase() === 'content-type')?.value ?? ''
  const semi = value.indexOf(';')
  return (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase()
}

/** Enum value names, for display and export; unknown numbers come back as their decimal text. */
export const ENUM_NAMES = {
  outcome: pb.PolicyDecision.Outcome,
  side: pb.MaskCounts.Side,
  kind: pb.SessionEvent.Kind,
  reason: pb.SessionEnd.Reason
} as const

/** The name of `value` in one of the recording's enums (`OUTCOME_UNSPECIFIED` for 0, the number for unknown values). */
export function enumName (which: keyof typeof ENUM_NAMES, value: number | null | undefined): string {
  const names = ENUM_NAMES[which] as unknown as Record<number, string | undefined>
  const v = value ?? 0
  return names[v] ?? String(v)
}
