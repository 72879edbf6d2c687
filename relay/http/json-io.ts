/**
 * Small JSON request/response helpers for the relay's own endpoints (agent join, admin API); client API traffic
 * goes through the proxy instead.
 */
import { BadJsonError, BodyTooLargeError } from './errors.js'

import type { IncomingMessage, ServerResponse } from 'node:http'

/** Answers with `body` as JSON (`cache-control: no-store`). */
export function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

/**
 * Reads and parses a JSON body of at most `maxBytes` (counted as it streams): 413 BodyTooLargeError past it, 400
 * BadJsonError for invalid UTF-8 or JSON. An empty body is `options.empty` when given, else invalid JSON.
 */
export async function readJsonBody (req: IncomingMessage, maxBytes: number, options: { empty?: unknown } = {}): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > maxBytes) throw new BodyTooLargeError(`request body is larger than ${maxBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  if (size === 0 && 'empty' in options) return options.empty
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
  } catch (err) {
    throw new BadJsonError('request body is not valid JSON', { cause: err })
  }
}
