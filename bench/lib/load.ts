/** Open-connection load with autocannon (programmatic API): `connections` keep-alive connections, back to back. */
import autocannon from 'autocannon'

import type { Endpoint } from './deployment.js'

/** What one autocannon run measured. Latencies are autocannon's (whole milliseconds). */
export interface LoadResult {
  rps: number
  p50Ms: number
  p99Ms: number
  ok: number
  /** Socket errors and timeouts plus non-2xx answers: a run with any is not a valid result. */
  errors: number
  statuses: Record<string, number>
}

export async function load (endpoint: Endpoint, path: string, body: string, connections: number, durationS: number): Promise<LoadResult> {
  const result = await autocannon({
    url: endpoint.baseUrl + path,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.bearer}` },
    body,
    connections,
    duration: durationS,
    timeout: 10,
    ...(endpoint.ca === undefined ? {} : { tlsOptions: { ca: endpoint.ca } })
  })
  const statuses: Record<string, number> = {}
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statuses[code] = count
  return {
    rps: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors + result.non2xx,
    statuses
  }
}
