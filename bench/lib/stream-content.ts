/**
 * Reply texts for the masking rows of the end-to-end bench, and the checks on what came back. The fake provider
 * splits `x-fake-reply` into `x-fake-chunks` content deltas of equal length (about 5 characters for 200 chunks,
 * roughly one token each).
 */

/**
 * About 1000 characters of ordinary assistant prose with no secret in it: digits, dates, prices, versions, a
 * hostname, a dotted path, hyphenated numbers, so every built-in detector looks at candidates and rejects them
 * (the masker does its full work without replacing anything).
 */
export const PLAIN_REPLY = [
  'Sure. Here is a summary of the release notes for version 4.12.0, published on 2024-05-01.',
  'The upgrade touches 37 files and takes about 15 minutes on a typical cluster of 3 nodes.',
  'First, back up the database: run the export job and keep the archive for at least 30 days.',
  'Then update the client library to 4.12 and restart the workers one at a time, waiting 60 seconds between',
  'them so that the queue drains. The new rate limit is 1,200 requests per minute per project, up from 900.',
  'Prices stay the same: $0.15 per million input tokens and $0.60 per million output tokens.',
  'If a worker fails its health check at docs.example.com/status, roll back with the previous image tag',
  '2024.04-r3 and open a ticket with the error code E-4021 and the request id from the response header.',
  'Known issues: the dashboard may show a 2-3 minute delay, and exports larger than 512 MB are split into',
  'parts of 100 MB each. Questions go to the platform team channel; office hours are Tuesday 10:00-11:30.'
].join(' ')

/** The secrets in SECRET_REPLY: an email address and a (Luhn-valid test) card number. */
export const SECRETS = ['jane.doe@example.com', '4111 1111 1111 1111'] as const

/** PLAIN_REPLY with an email address and a card number in the middle. */
export const SECRET_REPLY = PLAIN_REPLY.replace('open a ticket with', `write to ${SECRETS[0]}, quote card ${SECRETS[1]}, and open a ticket with`)

/**
 * The streamed text of an OpenAI chat SSE body: every `choices[0].delta.content` joined, in order. Throws on an
 * event that is not JSON (the relay must forward valid events, masked or not).
 */
export function streamedContent (body: string): string {
  let text = ''
  for (const block of body.split('\n\n')) {
    const line = block.trim()
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue
    const event = JSON.parse(line.slice('data: '.length)) as { choices?: Array<{ delta?: { content?: unknown } }> }
    const content = event.choices?.[0]?.delta?.content
    if (typeof content === 'string') text += content
  }
  return text
}
