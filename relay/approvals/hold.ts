/**
 * The proxy side of a hold: records HELD, waits on the ApprovalBroker, records the outcome, and keeps the client's
 * connection alive meanwhile. A non-streamed request simply waits. A streamed one waits without a head for the
 * first HOLD_KEEPALIVE_MS (so a quick denial is a plain 403 the SDKs raise), then gets its 200 `text/event-stream`
 * head and an SSE comment every HOLD_KEEPALIVE_MS; a later denial or timeout then arrives as the stream's error
 * event. A client that goes away withdraws its request.
 */
import { keyward } from '../../proto/gen/recording.js'
import { HOLD_KEEPALIVE_MS } from './constants.js'
import { ApprovalDeniedError, ApprovalTimeoutError } from './errors.js'

import type { ServerResponse } from 'node:http'
import type { ExchangeRecording } from '../recording/exchange-recording.js'
import type { ApprovalBroker, ApprovalGranted, HoldInit } from './approval-broker.js'

const Outcome = keyward.recording.v1.PolicyDecision.Outcome

/** Waits for a decision on a held request; throws ApprovalDeniedError / ApprovalTimeoutError (403) when refused. */
export async function holdForApproval (broker: ApprovalBroker, init: Omit<HoldInit, 'signal'>, io: { res: ServerResponse, stream: boolean, rec: ExchangeRecording }): Promise<ApprovalGranted> {
  const { res, rec } = io
  if (broker.granted(init.subject, init.rule)) {
    rec.decision({ outcome: Outcome.APPROVED, rules: [init.rule], message: 'just-in-time grant' })
    return { by: 'grant', actor: '', comment: '' }
  }
  rec.decision({ outcome: Outcome.HELD, rules: [init.rule], message: 'held for approval' })
  const withdrawn = new AbortController()
  const onClose = (): void => { if (!res.writableFinished) withdrawn.abort(new Error('the client went away while its request was held')) }
  res.once('close', onClose)
  const keepAlive = io.stream
    ? setInterval(() => {
      if (!res.headersSent) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      }
      res.write(`: held for approval by policy rule '${init.rule}'\n\n`)
    }, HOLD_KEEPALIVE_MS)
    : undefined
  try {
    const granted = await broker.hold({ ...init, signal: withdrawn.signal })
    rec.decision({ outcome: Outcome.APPROVED, rules: [init.rule], actor: granted.actor, comment: granted.comment })
    return granted
  } catch (err) {
    if (err instanceof ApprovalDeniedError) rec.decision({ outcome: Outcome.DENIED, rules: [init.rule], code: err.code, message: err.message })
    else if (err instanceof ApprovalTimeoutError) rec.decision({ outcome: Outcome.TIMED_OUT, rules: [init.rule], code: err.code, message: err.message })
    throw err
  } finally {
    clearInterval(keepAlive)
    res.off('close', onClose)
  }
}
