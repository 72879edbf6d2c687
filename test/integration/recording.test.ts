// Issue 5 through real sockets: every exchange is recorded (requests as forwarded, responses as the client received
// them, policy decisions), nothing secret lands in a recording, recordings verify, and a recorder that cannot write
// fails closed (or carries on in best-effort mode).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

import { KEYWARD_VERSION } from '../../common/version.js'
import { EXCHANGE_ID_HEADER } from '../../relay/http/constants.js'
import { nodeFileOps } from '../../relay/recording/file-ops.js'
import { loadEncryptionKeys } from '../../relay/recording/keys.js'
import { readRecording, listRecordings, verifyRecording } from '../../relay/recording/reader.js'
import { buildSessionModel } from '../../relay/recording/session-model.js'
import { httpsRequest, openRequest } from '../fixtures/https-client.js'
import { PROVIDER_KEY, startStack } from '../fixtures/stack.js'

import type { IncomingMessage } from 'node:http'
import type { Test } from 'tap'
import type { RecordingFileOps } from '../../relay/recording/file-ops.js'
import type { Stack } from '../fixtures/stack.js'

const POLICY = `deny:
  - name: canary
    pattern: POLICY-CANARY-DENY
mask:
  builtin: [email, card]
`
const SECRET_EMAIL = 'bob@example.com'
const SECRET_CARD = '4111 1111 1111 1111'
const REPLY = `write to ${SECRET_EMAIL} with card ${SECRET_CARD} today`

const chatBody = (content: string, stream: boolean): string => JSON.stringify({ model: 'gpt-4o-mini', stream, messages: [{ role: 'user', content }] })

/** Reads a whole response body as bytes, exactly as received. */
async function bodyOf (res: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of res) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

async function post (stack: Stack, token: string, body: string, knobs: Record<string, string> = {}): Promise<{ status: number, id: string, body: Buffer }> {
  const res = await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...knobs },
    body
  })
  const id = String(res.headers[EXCHANGE_ID_HEADER] ?? '')
  return { status: res.statusCode ?? 0, id, body: await bodyOf(res) }
}

/** Every recording in the stack's data dir, read and modelled. */
async function recordings (dataDir: string): Promise<Array<{ path: string, file: Buffer, model: ReturnType<typeof buildSessionModel>, truncated: boolean, sealed: boolean }>> {
  const dir = join(dataDir, 'recordings')
  const out = []
  for (const r of await listRecordings(dir)) {
    const contents = await readRecording(r.path)
    out.push({ path: r.path, file: readFileSync(r.path), model: buildSessionModel(contents.records), truncated: contents.truncated, sealed: contents.sealed })
  }
  return out
}

/** The recorded response bytes of one exchange, joined. */
function recordedResponse (model: ReturnType<typeof buildSessionModel>, exchangeId: string): Buffer | undefined {
  const ex = model.exchanges.find((e) => e.id === exchangeId)
  if (ex === undefined) return undefined
  return Buffer.concat(ex.responseChunks.map((c) => Buffer.from(c.data)))
}

t.test('exchanges are recorded as forwarded and as received; no secret is recorded; the recording verifies', async (t) => {
  const dir = t.testdir()
  const policyPath = join(dir, 'policy.yaml')
  writeFileSync(policyPath, POLICY)
  const dataDir = join(dir, 'data')
  mkdirSync(dataDir)
  const stack = await startStack({ dataDir, relay: { policy: policyPath } })
  let stopped = false
  t.teardown(async () => { if (!stopped) await stack.stop() })
  const token = await stack.token('rita', ['eng'])

  const json = await post(stack, token, chatBody('hello there', false), { 'x-fake-reply': encodeURIComponent(REPLY) })
  t.equal(json.status, 200)
  const sse = await post(stack, token, chatBody('stream please', true), { 'x-fake-reply': encodeURIComponent(REPLY), 'x-fake-chunks': '9' })
  t.equal(sse.status, 200)
  t.notOk(sse.body.includes(SECRET_EMAIL), 'the client got the masked stream')
  const blocked = await post(stack, token, chatBody('say POLICY-CANARY-DENY', false))
  t.equal(blocked.status, 403)

  await stack.stop()
  stopped = true

  const recs = await recordings(dataDir)
  t.equal(recs.length, 1, 'one session: one token on one connection')
  const rec = recs[0]
  if (rec === undefined) return
  t.ok(rec.sealed, 'sealed at shutdown')
  t.equal((await readRecording(rec.path)).header.keywardVersion, KEYWARD_VERSION, 'the FileHeader names the keyward release')
  const start = rec.model.sessionStart
  t.equal(start?.subject, 'rita')
  t.same(start?.groups, ['eng'])
  t.equal(start?.connection, 'openai')
  t.equal(start?.agentId, 'test-agent')
  t.match(start?.tokenSha256 ?? '', /^[0-9a-f]{64}$/, 'the token is represented by its hash')

  t.same(recordedResponse(rec.model, sse.id), sse.body, 'the streamed reply is recorded byte for byte as the client received it')
  t.same(recordedResponse(rec.model, json.id), json.body, 'the JSON reply too')
  const jsonEx = rec.model.exchanges.find((e) => e.id === json.id)
  t.equal(jsonEx?.start.model, 'gpt-4o-mini')
  t.match(Buffer.from(jsonEx?.requestBody ?? new Uint8Array()).toString(), /"content":"hello there"/, 'the request body as forwarded')
  t.equal(jsonEx?.end?.status, 200)
  const blockedEx = rec.model.exchanges.find((e) => e.policy.some((d) => d.rules?.includes('canary') === true))
  t.ok(blockedEx, 'the blocked request is recorded with its rule')
  t.equal(blockedEx?.end?.status, 403)

  for (const secret of [SECRET_EMAIL, SECRET_CARD, PROVIDER_KEY, token, 'POLICY-CANARY-DENY']) {
    t.notOk(rec.file.includes(secret), `the recording file does not contain ${secret.slice(0, 12)}…`)
  }
  t.equal(rec.model.exchanges.find((e) => e.id === sse.id)?.maskCounts.find((m) => m.side === 2)?.counts?.email, 1, 'response mask counts are recorded')

  const pub = readFileSync(join(dataDir, 'recording', 'signing-key.pub.pem'), 'utf8')
  const v = await verifyRecording(rec.path, { trustedPublicKey: pub })
  t.ok(v.ok, `verifies: ${v.problems.join('; ')}`)
  t.ok(v.keyTrusted)

  // The CLI reads the same data dir.
  const cli = join(process.cwd(), 'bin', 'keyward.ts')
  const out = execFileSync(process.execPath, [...process.execArgv, cli, 'recordings', 'verify', rec.path, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } })
  t.match(out, /ok/i, '`keyward recordings verify` agrees')
})

/**
 * File operations whose writes and syncs start failing with ENOSPC once `broken.on` is set; with `syncOnly`, only
 * `fdatasync` fails (EIO), as when the disk drops written pages, and writes still succeed.
 */
function faultyOps (broken: { on: boolean }, syncOnly = false): RecordingFileOps {
  const enospc = (): Error => syncOnly
    ? Object.assign(new Error('EIO: i/o error'), { code: 'EIO' })
    : Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
  return {
    syncDir: async (dir) => await nodeFileOps.syncDir(dir),
    open: async (path, flags, mode) => {
      if (broken.on && !syncOnly) throw enospc()
      const h = await nodeFileOps.open(path, flags, mode)
      return {
        write: async (buffer, offset, length, position) => {
          if (broken.on && !syncOnly) throw enospc()
          return await h.write(buffer, offset, length, position)
        },
        datasync: async () => {
          if (broken.on) throw enospc()
          await h.datasync()
        },
        truncate: async (length) => await h.truncate(length),
        close: async () => await h.close()
      }
    }
  }
}

/** Streams slowly; resolves with the raw body once it ends, however it ends. */
async function slowStream (stack: Stack, token: string, onFirstBytes: () => void): Promise<{ status: number, body: string }> {
  const res = await openRequest({
    port: stack.relay.address.port,
    ca: stack.ca,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-fake-chunks': '40', 'x-fake-chunk-delay-ms': '50' },
    body: chatBody('long story', true)
  })
  let body = ''
  let first = true
  await new Promise<void>((resolve) => {
    res.on('data', (c: Buffer) => {
      body += c.toString()
      if (first) {
        first = false
        onFirstBytes()
      }
    })
    res.on('end', resolve)
    res.on('error', () => { resolve() })
    res.on('close', resolve)
  })
  return { status: res.statusCode ?? 0, body }
}

async function faultCase (t: Test, mode: 'fail-closed' | 'best-effort', syncOnly = false, waitFor: 'write' | 'fsync' = 'write'): Promise<void> {
  const broken = { on: false }
  const stack = await startStack({ relay: { recording: { mode, waitFor } }, relayStart: { recordingFileOps: faultyOps(broken, syncOnly) } })
  t.teardown(async () => await stack.stop())
  const token = await stack.token('sam', ['eng'])
  const ok = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chatBody('hi', false) })
  t.equal(ok.status, 200, 'recording works at first')

  const live = await slowStream(stack, token, () => { broken.on = true })
  const after = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: chatBody('again', false) })
  const other = await stack.token('tom', ['eng'])
  const fresh = await httpsRequest({ port: stack.relay.address.port, ca: stack.ca, path: '/v1/chat/completions', method: 'POST', headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' }, body: chatBody('new session', false) })
  if (mode === 'fail-closed') {
    t.notMatch(live.body, /data: \[DONE\]/, 'the live stream did not complete')
    t.match(live.body, /GW_ERR_RECORDING_UNAVAILABLE/, 'it ended with an error event naming the recorder')
    t.equal(after.status, 503, 'the next request of the same session is refused')
    t.match(after.body, /GW_ERR_RECORDING_UNAVAILABLE/)
    t.equal(fresh.status, 503, 'a new session is refused too')
  } else {
    t.match(live.body, /data: \[DONE\]/, 'best-effort: the live stream completes')
    t.equal(after.status, 200)
    t.equal(fresh.status, 200)
  }
}

t.test('a recorder that cannot write fails closed: live streams end with an error, new requests get 503', async (t) => {
  await faultCase(t, 'fail-closed')
})

t.test('best-effort recording carries on when the disk fails', async (t) => {
  await faultCase(t, 'best-effort')
})

t.test('waitFor write: a failed fdatasync (writes still succeed) fails closed within the sync interval', async (t) => {
  await faultCase(t, 'fail-closed', true)
})

t.test('waitFor fsync: a failed fdatasync fails closed before the bytes it covers are released', async (t) => {
  await faultCase(t, 'fail-closed', true, 'fsync')
})

/** Whether this machine lets the tests mount a tmpfs (root); the small-disk tests are skipped otherwise. */
const CAN_MOUNT = ((): boolean => {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-mount-check-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' })
    execFileSync('umount', [dir], { stdio: 'ignore' })
    return true
  } catch {
    return false
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})()
const NO_MOUNT = CAN_MOUNT ? false : 'cannot mount a tmpfs here (needs root); the injected ENOSPC tests cover the same path'

/**
 * Mounts a tmpfs of `bytes` at a new folder and starts a stack recording onto it; undefined when this machine does
 * not allow mounting (not root). Teardown stops the stack, then unmounts.
 */
async function stackOnSmallDisk (t: Test, bytes: number, recording: Record<string, unknown>): Promise<Stack | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' })
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return undefined
  }
  const stack = await startStack({ relay: { recording: { dir, ...recording } } })
  t.teardown(async () => {
    await stack.stop()
    execFileSync('umount', [dir], { stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  })
  return stack
}

t.test('a real full disk (small tmpfs): the stream that hits ENOSPC ends with an error, later requests get 503', { skip: NO_MOUNT }, async (t) => {
  const stack = await stackOnSmallDisk(t, 256 * 1024, { minFreeBytes: 0 })
  if (stack === undefined) throw new Error('mount failed')
  const token = await stack.token('una', ['eng'])
  const reply = encodeURIComponent('x'.repeat(2000))
  const statuses: number[] = []
  let failedStream: string | undefined
  for (let i = 0; i < 40 && failedStream === undefined && !statuses.includes(503); i++) {
    const r = await post(stack, token, chatBody(`fill ${i}`, true), { 'x-fake-reply': reply, 'x-fake-chunks': '20' })
    statuses.push(r.status)
    const text = r.body.toString()
    if (r.status === 200 && !text.includes('data: [DONE]')) failedStream = text
  }
  t.ok(failedStream !== undefined || statuses.includes(503), `the disk filled up (statuses ${statuses.join(',')})`)
  if (failedStream !== undefined) t.match(failedStream, /GW_ERR_RECORDING_UNAVAILABLE/, 'the stream that hit the full disk ended with the recorder error')
  const after = await post(stack, token, chatBody('after', false))
  t.equal(after.status, 503, 'fail closed afterwards')
  t.match(after.body.toString(), /GW_ERR_RECORDING_UNAVAILABLE/)
})

t.test('pre-admission: below recording.minFreeBytes new requests get 503 before anything is forwarded', { skip: NO_MOUNT }, async (t) => {
  const stack = await stackOnSmallDisk(t, 256 * 1024, { minFreeBytes: 1024 * 1024 })
  if (stack === undefined) throw new Error('mount failed')
  const token = await stack.token('val', ['eng'])
  const before = stack.provider.requests.length
  const r = await post(stack, token, chatBody('hello', false))
  t.equal(r.status, 503)
  t.match(r.body.toString(), /minFreeBytes/, 'the error says why')
  t.equal(stack.provider.requests.length, before, 'nothing reached the provider')
})

t.test('encryption at rest from relay.yaml: records are ciphertext, readable with the key ring, verifiable without it', async (t) => {
  const dir = t.testdir()
  const keyFile = join(dir, 'rec.key')
  writeFileSync(keyFile, randomBytes(32).toString('base64'))
  const dataDir = join(dir, 'data')
  mkdirSync(dataDir)
  const stack = await startStack({ dataDir, relay: { recording: { encryption: { activeKeyId: 'k1', keys: [{ id: 'k1', file: keyFile }] } } } })
  let stopped = false
  t.teardown(async () => { if (!stopped) await stack.stop() })
  const token = await stack.token('wes', ['eng'])
  const r = await post(stack, token, chatBody('a very recognisable prompt text', false))
  t.equal(r.status, 200)
  await stack.stop()
  stopped = true

  const [summary] = await listRecordings(join(dataDir, 'recordings'))
  if (summary === undefined) return t.fail('no recording')
  const file = readFileSync(summary.path)
  t.notOk(file.includes('a very recognisable prompt text'), 'the prompt is not in clear on disk')
  t.notOk(file.includes('wes'), 'neither is the subject')
  const keys = await loadEncryptionKeys({ keys: [{ id: 'k1', file: keyFile }] })
  const contents = await readRecording(summary.path, { keys })
  t.equal(contents.header.encryptionKeyId, 'k1', 'the header names the key')
  const model = buildSessionModel(contents.records)
  t.equal(model.sessionStart?.subject, 'wes')
  t.match(Buffer.from(model.exchanges[0]?.requestBody ?? new Uint8Array()).toString(), /a very recognisable prompt text/)
  await t.rejects(readRecording(summary.path), { code: 'GW_ERR_RECORDING_KEY_MISSING' }, 'no key, no content')
  const v = await verifyRecording(summary.path, { trustedPublicKey: readFileSync(join(dataDir, 'recording', 'signing-key.pub.pem'), 'utf8') })
  t.ok(v.ok && v.encrypted, 'verifies without the key')
})
