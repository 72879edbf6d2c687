// `keyward recordings …` end to end: real recordings written by the relay's writer into a data dir, read back through
// main([...]) with stdout captured, and the replay server driven with the real `openai` client.
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

import { OpenAI } from 'openai'
import t from 'tap'

import { EXIT_USAGE, main } from '../../bin/cli.js'
import { formatBytes, formatTable, parseSince, withOutput } from '../../bin/commands/recordings.js'
import { keyward } from '../../proto/gen/recording.js'
import { RECORDINGS_DIR_NAME } from '../../relay/recording/constants.js'
import { createEncryptionKeyRing, generateSigningKey, loadOrCreateSigningKey } from '../../relay/recording/keys.js'
import { cli, startCli } from '../fixtures/cli-capture.js'
import { chatCompletion, chatSseChunks, recordExchange, writeRecording } from '../fixtures/recording-builder.js'

import type { AddressInfo } from 'node:net'
import type { RecordingSigningKey } from '../../relay/recording/keys.js'
import type { WrittenRecording } from '../fixtures/recording-builder.js'

const pb = keyward.recording.v1
const MINUTE_MS = 60_000
const KEY_ID = 'k1'
const KEY_ENV = 'KEYWARD_TEST_RECORDING_KEY'

/** The data dir shared by the tests: three recordings (one encrypted) signed by the relay's own key. */
interface Fixture {
  dataDir: string
  key: RecordingSigningKey
  keyFile: string
  alice: WrittenRecording
  bob: WrittenRecording
  carol: WrittenRecording
}

const now = Date.now()
const keyBytes = randomBytes(32)
let fx: Fixture

t.before(async () => {
  const dataDir = t.testdir()
  const key = await loadOrCreateSigningKey(dataDir)
  const alice = await writeRecording({ dataDir, signingKey: key, startUnixMs: now - 180 * MINUTE_MS, seal: { reason: pb.SessionEnd.Reason.IDLE } }, (b) => {
    recordExchange(b, {
      id: 'ex-a1',
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'what is keyward?' }] },
      chunks: [{ atMs: 30, data: JSON.stringify(chatCompletion('A gateway.')) }]
    }, now - 180 * MINUTE_MS + 1000)
    recordExchange(b, {
      id: 'ex-a2',
      body: { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream it' }] },
      responseHeaders: { 'content-type': 'text/event-stream' },
      chunks: chatSseChunks(['Str', 'eamed', '.'])
    }, now - 180 * MINUTE_MS + 2000)
  })
  const bob = await writeRecording({
    dataDir, signingKey: key, startUnixMs: now - 30 * MINUTE_MS, sessionStart: { subject: 'bob', connection: 'anthropic', sessionId: 'jti-2:anthropic' }
  }, (b) => {
    recordExchange(b, { id: 'ex-b1', path: '/v1/messages', body: { model: 'claude', messages: [{ role: 'user', content: 'hi' }] }, chunks: [{ atMs: 5, data: '{"type":"message","content":[{"type":"text","text":"Hello Bob"}]}' }] }, now - 30 * MINUTE_MS + 10)
  })
  const carol = await writeRecording({
    dataDir, signingKey: key, startUnixMs: now - 10 * MINUTE_MS, sessionStart: { subject: 'carol' }, encryption: createEncryptionKeyRing([[KEY_ID, keyBytes]], KEY_ID)
  }, (b) => {
    recordExchange(b, { id: 'ex-c1', body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'secret plans' }] }, chunks: [{ atMs: 5, data: JSON.stringify(chatCompletion('Encrypted reply')) }] }, now - 10 * MINUTE_MS + 10)
  })
  const keyFile = join(dataDir, 'recording-key.hex')
  writeFileSync(keyFile, keyBytes.toString('hex'), { mode: 0o600 })
  fx = { dataDir, key, keyFile, alice, bob, carol }
})

t.test('list prints a table of every recording, oldest first', async (t) => {
  const r = await cli(['recordings', 'list', '--data-dir', fx.dataDir])
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trimEnd().split('\n')
  t.match(lines[0], /^ID +CREATED +SUBJECT +CONNECTION +SIZE +STATE$/)
  t.equal(lines.length, 4)
  t.match(lines[1], new RegExp(`^${fx.alice.id} +${new Date(now - 180 * MINUTE_MS).toISOString()} +alice +openai +\\d+(\\.\\d)? (B|KiB) +sealed$`))
  t.match(lines[2], new RegExp(`^${fx.bob.id} .* bob +anthropic +.* sealed$`))
  t.match(lines[3], new RegExp(`^${fx.carol.id} .* - +- +.* sealed, encrypted$`), 'without the key an encrypted recording shows no session fields')
})

t.test('list filters by subject, connection and --since (duration or ISO time), and reads encrypted ones with a key', async (t) => {
  const ids = async (...args: string[]): Promise<string[]> => {
    const r = await cli(['recordings', 'list', '--data-dir', fx.dataDir, '--json', ...args])
    t.equal(r.code, 0, r.stderr)
    return (JSON.parse(r.stdout) as Array<{ id: string }>).map((x) => x.id)
  }
  t.same(await ids('--subject', 'alice'), [fx.alice.id])
  t.same(await ids('--connection', 'anthropic'), [fx.bob.id])
  t.same(await ids('--since', '1h'), [fx.bob.id, fx.carol.id])
  t.same(await ids('--since', new Date(now - 20 * MINUTE_MS).toISOString()), [fx.carol.id])
  t.same(await ids('--subject', 'carol'), [], 'encrypted without a key: the subject is unknown')
  t.same(await ids('--subject', 'carol', '--key-file', fx.keyFile, '--key-id', KEY_ID), [fx.carol.id])
  const r = await cli(['recordings', 'list', '--data-dir', fx.dataDir, '--json', '--subject', 'bob'])
  t.match(JSON.parse(r.stdout), [{ id: fx.bob.id, subject: 'bob', connection: 'anthropic', sealed: true, truncated: false, encrypted: false, created: new Date(now - 30 * MINUTE_MS).toISOString() }])
})

t.test('list of an empty data dir says so; malformed --since is a usage error', async (t) => {
  const r = await cli(['recordings', 'list', '--data-dir', t.testdir()])
  t.same(r, { code: 0, stdout: 'no recordings\n', stderr: '' })
  const bad = await cli(['recordings', 'list', '--data-dir', fx.dataDir, '--since', 'yesterday'])
  t.equal(bad.code, EXIT_USAGE)
  t.match(bad.stderr, /invalid --since "yesterday"/)
})

t.test('show prints the transcript of a recording', async (t) => {
  const r = await cli(['recordings', 'show', fx.alice.id, '--data-dir', fx.dataDir])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, new RegExp(`^recording   ${fx.alice.id}  sealed\n`))
  t.match(r.stdout, /subject {5}alice {2}groups eng, ml/)
  t.match(r.stdout, /prompt:\n {4}\| what is keyward\?\n {2}reply \(200, application\/json\):\n {4}\| A gateway\.\n/)
  t.match(r.stdout, /reply \(200, text\/event-stream\):\n {4}\| Streamed\.\n/)
  t.match(r.stdout, /session end: .* IDLE\n$/)
})

t.test('show of an encrypted recording needs its key (--key-file or --key-env with --key-id)', async (t) => {
  const missing = await cli(['recordings', 'show', fx.carol.id, '--data-dir', fx.dataDir])
  t.equal(missing.code, 1)
  t.match(missing.stderr, /GW_ERR_RECORDING_KEY_MISSING/)
  process.env[KEY_ENV] = keyBytes.toString('base64')
  t.teardown(() => { delete process.env[KEY_ENV] })
  const r = await cli(['recordings', 'show', fx.carol.id, '--data-dir', fx.dataDir, '--key-env', KEY_ENV, '--key-id', KEY_ID])
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /encrypted with key k1/)
  t.match(r.stdout, /\| secret plans\n[\s\S]*\| Encrypted reply\n/)
  const noId = await cli(['recordings', 'show', fx.carol.id, '--data-dir', fx.dataDir, '--key-file', fx.keyFile])
  t.equal(noId.code, EXIT_USAGE, '--key-file without --key-id is a usage error')
  const badFile = await cli(['recordings', 'show', fx.carol.id, '--data-dir', fx.dataDir, '--key-file', join(fx.dataDir, 'nope'), '--key-id', KEY_ID])
  t.equal(badFile.code, 1)
  t.match(badFile.stderr, /GW_ERR_RECORDING_KEY_INVALID/)
})

t.test('--config relay.yaml supplies the data dir, the recordings folder and the encryption keys', async (t) => {
  const dir = t.testdir()
  const ids = async (...args: string[]): Promise<string[]> => {
    const r = await cli(['recordings', 'list', '--json', ...args])
    t.equal(r.code, 0, r.stderr)
    return (JSON.parse(r.stdout) as Array<{ id: string }>).map((x) => x.id)
  }
  const keys = `  encryption:\n    activeKeyId: ${KEY_ID}\n    keys:\n      - id: ${KEY_ID}\n        file: ${fx.keyFile}\n`
  const plain = join(dir, 'relay.yaml')
  writeFileSync(plain, `tls: { dev: true }\ndataDir: ${fx.dataDir}\nrecording:\n${keys}`)
  t.same(await ids('--config', plain, '--subject', 'carol'), [fx.carol.id], 'keys from recording.encryption')
  const shown = await cli(['recordings', 'show', fx.carol.id, '--config', plain])
  t.match(shown, { code: 0, stdout: /\| Encrypted reply/ })
  const verified = await cli(['recordings', 'verify', fx.carol.id, '--config', plain])
  t.match(verified, { code: 0, stdout: /^OK .*\(trusted\)/ }, 'the trusted key comes from the config\'s data dir')

  const elsewhere = join(dir, 'elsewhere')
  mkdirSync(elsewhere)
  copyFileSync(fx.bob.path, join(elsewhere, `${fx.bob.id}.kwrec`))
  const moved = join(dir, 'moved.yaml')
  writeFileSync(moved, `tls: { dev: true }\ndataDir: ${fx.dataDir}\nrecording:\n  dir: ${elsewhere}\n`)
  t.same(await ids('--config', moved), [fx.bob.id], 'recording.dir is where the recordings are')
  t.same(await ids('--config', moved, '--data-dir', fx.dataDir), [fx.alice.id, fx.bob.id, fx.carol.id], '--data-dir wins')

  const bad = join(dir, 'bad.yaml')
  writeFileSync(bad, 'recording: { nonsense: 1 }\n')
  const r = await cli(['recordings', 'list', '--config', bad])
  t.match(r, { code: 1, stderr: /GW_ERR_CONFIG_INVALID/ })
})

t.test('show, export and replay take ids, never paths', async (t) => {
  for (const cmd of ['show', 'replay']) {
    for (const id of ['../../etc/passwd', fx.alice.path, fx.alice.id.toLowerCase()]) {
      const r = await cli(['recordings', cmd, id, '--data-dir', fx.dataDir])
      t.equal(r.code, 1, `${cmd} ${id}`)
      t.match(r.stderr, /invalid recording id .*\[GW_ERR_RECORDING_ID_INVALID\]/)
    }
  }
  const r = await cli(['recordings', 'export', '../x', '--format', 'pb', '--data-dir', fx.dataDir])
  t.match(r, { code: 1, stderr: /GW_ERR_RECORDING_ID_INVALID/ })
  const unknown = await cli(['recordings', 'show', 'rec_01JGKZ0000AAAAAAAAAAAAAAAA', '--data-dir', fx.dataDir])
  t.match(unknown, { code: 1, stderr: /GW_ERR_RECORDING_NOT_FOUND/ })
})

t.test('export --format pb writes the file byte for byte; the copy verifies', async (t) => {
  const dir = t.testdir()
  const out = join(dir, 'copy.kwrec')
  const r = await cli(['recordings', 'export', fx.alice.id, '--format', 'pb', '--out', out, '--data-dir', fx.dataDir])
  t.equal(r.code, 0, r.stderr)
  t.equal(r.stdout, `exported ${fx.alice.id} (pb) to ${out}\n`)
  t.ok(readFileSync(out).equals(readFileSync(fx.alice.path)), 'identical bytes')
  const v = await cli(['recordings', 'verify', out, '--data-dir', fx.dataDir])
  t.equal(v.code, 0, v.stdout)
  t.match(v.stdout, /^OK {2}.*copy\.kwrec: \d+ records, sealed, signed by key [0-9a-f]{16} \(trusted\)\n/)

  const again = await cli(['recordings', 'export', fx.alice.id, '--format', 'pb', '--out', out, '--data-dir', fx.dataDir])
  t.equal(again.code, 1, 'never overwrites')
  t.match(again.stderr, /EEXIST/)
  t.ok(readFileSync(out).equals(readFileSync(fx.alice.path)), 'the existing file is untouched')
})

t.test('export --format jsonl prints one JSON object per record', async (t) => {
  const r = await cli(['recordings', 'export', fx.bob.id, '--format', 'jsonl', '--data-dir', fx.dataDir])
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { body: string, seq: number })
  t.same(lines.map((l) => l.body), ['header', 'sessionStart', 'exchangeStart', 'requestBody', 'policy', 'responseHead', 'responseChunk', 'exchangeEnd', 'sessionEnd', 'trailer'])
  t.match(lines[6], { responseChunk: { exchangeId: 'ex-b1', text: /Hello Bob/ } })
  const missingFormat = await cli(['recordings', 'export', fx.bob.id, '--data-dir', fx.dataDir])
  t.equal(missingFormat.code, EXIT_USAGE)
  const badFormat = await cli(['recordings', 'export', fx.bob.id, '--format', 'xml', '--data-dir', fx.dataDir])
  t.equal(badFormat.code, EXIT_USAGE)
})

t.test('export --format jsonl --out writes a file; a failed export leaves no partial file', async (t) => {
  const dir = t.testdir()
  const out = join(dir, 'bob.jsonl')
  const r = await cli(['recordings', 'export', fx.bob.id, '--format', 'jsonl', '--out', out, '--data-dir', fx.dataDir])
  t.equal(r.code, 0, r.stderr)
  t.equal(readFileSync(out, 'utf8').trimEnd().split('\n').length, 10)
  // A symlink planted in the recordings folder is not followed.
  const planted = 'rec_01JGKZ0000BBBBBBBBBBBBBBBB'
  symlinkSync(fx.keyFile, join(fx.dataDir, RECORDINGS_DIR_NAME, `${planted}.kwrec`))
  const sym = await cli(['recordings', 'export', planted, '--format', 'pb', '--out', join(dir, 'x'), '--data-dir', fx.dataDir])
  t.equal(sym.code, 1)
  t.match(sym.stderr, /ELOOP/)
  t.notOk(existsSync(join(dir, 'x')), 'nothing written')
  // jsonl reads the file (the reader refuses what is not a recording): the out file is removed again.
  const readFail = await cli(['recordings', 'export', fx.carol.id, '--format', 'jsonl', '--out', join(dir, 'y'), '--data-dir', fx.dataDir])
  t.equal(readFail.code, 1)
  t.notOk(existsSync(join(dir, 'y')))
})

t.test('verify: exit 0 for an intact recording, 1 with every problem for a tampered copy or an untrusted key', async (t) => {
  const ok = await cli(['recordings', 'verify', fx.bob.id, '--data-dir', fx.dataDir])
  t.equal(ok.code, 0, ok.stdout)
  t.match(ok.stdout, /^OK {2}.*: 5 records, sealed, signed by key [0-9a-f]{16} \(trusted\)\n {2}trusted key from .*signing-key\.pub\.pem\n$/)

  const dir = t.testdir()
  const copy = join(dir, 'tampered.kwrec')
  copyFileSync(fx.alice.path, copy)
  const bytes = readFileSync(copy)
  const at = bytes.indexOf(Buffer.from('what is keyward'))
  bytes[at] = 'W'.charCodeAt(0)
  writeFileSync(copy, bytes)
  const bad = await cli(['recordings', 'verify', copy, '--data-dir', fx.dataDir])
  t.equal(bad.code, 1)
  t.match(bad.stdout, /^FAILED {2}.*tampered\.kwrec: /)
  t.match(bad.stdout, /\n {2}problem: .+/)

  const other = join(dir, 'other.pem')
  writeFileSync(other, generateSigningKey().publicKey.export({ format: 'pem', type: 'spki' }))
  const untrusted = await cli(['recordings', 'verify', fx.bob.id, '--data-dir', fx.dataDir, '--public-key', other])
  t.equal(untrusted.code, 1)
  t.match(untrusted.stdout, /problem: the recording is signed by key [0-9a-f]{16}, which is not the trusted key/)

  const missingKey = await cli(['recordings', 'verify', fx.bob.id, '--data-dir', fx.dataDir, '--public-key', join(dir, 'absent.pem')])
  t.match(missingKey, { code: 1, stderr: /ENOENT/ })
  const huge = join(dir, 'huge.pem')
  writeFileSync(huge, Buffer.alloc(65 * 1024, 'A'))
  const tooBig = await cli(['recordings', 'verify', fx.bob.id, '--data-dir', fx.dataDir, '--public-key', huge])
  t.match(tooBig, { code: 1, stderr: /public key file .*huge\.pem is larger than 65536 bytes/ })
})

t.test('verify without a trusted key says so; an encrypted recording verifies without its key', async (t) => {
  const dir = t.testdir()
  const copy = join(dir, `${fx.carol.id}.kwrec`)
  copyFileSync(fx.carol.path, copy)
  const r = await cli(['recordings', 'verify', copy, '--data-dir', dir])
  t.equal(r.code, 0, r.stdout)
  t.match(r.stdout, /note: no trusted public key/)
  t.match(r.stdout, /note: encrypted and no key given: the records were checked as stored \(CRCs, order, signature\), not decrypted/)
  const withKey = await cli(['recordings', 'verify', copy, '--data-dir', dir, '--key-file', fx.keyFile, '--key-id', KEY_ID])
  t.equal(withKey.code, 0)
  t.notMatch(withKey.stdout, /encrypted and no key given/)
  const absent = await cli(['recordings', 'verify', join(dir, 'nothing.kwrec'), '--data-dir', dir])
  t.match(absent, { code: 1, stderr: /GW_ERR_RECORDING_NOT_FOUND/ })
})

t.test('replay --speed 0 prints the transcript without waiting; a negative speed is a usage error', async (t) => {
  const show = await cli(['recordings', 'show', fx.alice.id, '--data-dir', fx.dataDir])
  const replay = await cli(['recordings', 'replay', fx.alice.id, '--speed', '0', '--data-dir', fx.dataDir])
  t.equal(replay.code, 0, replay.stderr)
  t.equal(replay.stdout, show.stdout)
  const bad = await cli(['recordings', 'replay', fx.alice.id, '--speed', '-1', '--data-dir', fx.dataDir])
  t.equal(bad.code, EXIT_USAGE)
  t.match(bad.stderr, /invalid --speed -1/)
})

t.test('replay --serve answers the OpenAI SDK from the recording until a signal stops it', async (t) => {
  const run = startCli(['recordings', 'replay', fx.alice.id, '--serve', '--timing', '--speed', '8', '--port', '0', '--data-dir', fx.dataDir, '--log-level', 'silent'])
  // Wait for the printed base URL (no assertions while output is captured), or for the command to end early.
  let ended = false
  void run.done.finally(() => { ended = true })
  let baseUrl: string | undefined
  while (baseUrl === undefined && !ended) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    baseUrl = /^OPENAI_BASE_URL=(\S+)$/m.exec(run.out())?.[1]
  }
  if (baseUrl === undefined) {
    const early = await run.done
    t.fail(`the replay server did not start: ${JSON.stringify(early)}`)
    return
  }
  const client = new OpenAI({ apiKey: 'any-key-works', baseURL: baseUrl, maxRetries: 0 })
  const reply = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'what is keyward?' }] })
  const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream it' }] })
  let streamed = ''
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? ''
  const miss = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'not recorded' }] }).catch((e: unknown) => e)
  // What Ctrl-C or `kill` does (the command waits in untilSignal); tap's own exit handler ignores a signal that
  // another listener handles.
  process.emit('SIGTERM', 'SIGTERM')
  const r = await run.done
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /^OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1$/m)
  t.match(r.stdout, /^OPENAI_API_KEY=keyward-replay$/m)
  t.match(r.stdout, new RegExp(`replaying ${fx.alice.id}: 2 recorded exchanges`))
  t.equal(reply.choices[0]?.message.content, 'A gateway.')
  t.equal(streamed, 'Streamed.')
  t.match(miss, { status: 404, code: 'GW_ERR_REPLAY_NO_MATCH' })
  const port = Number(new URL(baseUrl).port)
  const refused = await new Promise<string>((resolve) => {
    const sock = connect(port, '127.0.0.1', () => { sock.destroy(); resolve('connected') })
    sock.on('error', (err: NodeJS.ErrnoException) => { resolve(err.code ?? err.message) })
  })
  t.equal(refused, 'ECONNREFUSED', 'the server is closed after the signal')
})

t.test('--relay selects the admin API: flags checked before anything is read, an unreachable relay fails', async (t) => {
  // Reading through a live relay is covered end to end in test/bin/admin-cli.test.ts.
  // A loopback port nothing listens on.
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  for (const argv of [['list'], ['show', fx.alice.id], ['export', fx.alice.id, '--format', 'pb']]) {
    const r = await cli(['recordings', ...argv, '--relay', `https://127.0.0.1:${port}`, '--token', 'jwt'])
    t.equal(r.code, 1, argv.join(' '))
    t.match(r.stderr, `cannot reach the relay at https://127.0.0.1:${port}: `)
  }
  const caFile = join(t.testdir(), 'ca.pem')
  writeFileSync(caFile, 'not really a CA')
  const withCa = await cli(['recordings', 'list', '--relay', 'https://relay.example:8443', '--token', 'jwt', '--ca', caFile])
  t.match(withCa, { code: 1, stderr: /holds no PEM certificate/ })
  const saved = process.env.KEYWARD_TOKEN
  delete process.env.KEYWARD_TOKEN
  try {
    const noToken = await cli(['recordings', 'list', '--relay', 'https://relay.example:8443'])
    t.equal(noToken.code, EXIT_USAGE, '--relay without a token')
  } finally {
    if (saved !== undefined) process.env.KEYWARD_TOKEN = saved
  }
  t.equal((await cli(['recordings', 'list', '--relay', 'http://relay.example', '--token', 'jwt'])).code, EXIT_USAGE, 'plain http off loopback')
  const savedRelay = process.env.KEYWARD_RELAY
  process.env.KEYWARD_RELAY = `https://127.0.0.1:${port}`
  try {
    const local = await cli(['recordings', 'list', '--data-dir', fx.dataDir])
    t.equal(local.code, 0, 'KEYWARD_RELAY alone does not switch recordings to the relay')
    t.match(local.stdout, fx.alice.id)
  } finally {
    if (savedRelay === undefined) delete process.env.KEYWARD_RELAY
    else process.env.KEYWARD_RELAY = savedRelay
  }
})

t.test('usage errors: no subcommand, no id', async (t) => {
  t.equal((await cli(['recordings'])).code, EXIT_USAGE)
  t.equal((await cli(['recordings', 'show'])).code, EXIT_USAGE)
  t.equal((await cli(['recordings', 'verify'])).code, EXIT_USAGE)
})

t.test('helpers: --since parsing and table layout', async (t) => {
  const base = Date.UTC(2025, 0, 8)
  t.equal(parseSince('90s', base), base - 90_000)
  t.equal(parseSince('2w', base), base - 14 * 86_400_000)
  t.equal(parseSince('2025-01-02', base), Date.UTC(2025, 0, 2))
  t.equal(parseSince('2025-01-02T03:04:05+01:00', base), Date.UTC(2025, 0, 2, 2, 4, 5))
  t.throws(() => parseSince('0h', base), /invalid --since/)
  t.throws(() => parseSince('2025-13-45', base), /invalid --since/)
  t.equal(formatTable([['a', 'bb', 'c'], ['ddd', 'e', 'f']]), 'a    bb  c\nddd  e   f\n')
  t.equal(formatBytes(880), '880 B')
  t.equal(formatBytes(4 * 1024 * 1024), '4.0 MiB')
  t.equal(formatBytes(3 * 1024 ** 5), '3072.0 TiB')
})

t.test('an export that fails half way leaves no partial file behind', async (t) => {
  const out = join(t.testdir(), 'partial.jsonl')
  await t.rejects(withOutput(out, async (w) => {
    w.write('{"seq":0}\n')
    throw new Error('disk full')
  }), /disk full/)
  t.notOk(existsSync(out))
})

t.test('sizes in the table use binary units', async (t) => {
  const dataDir = t.testdir()
  mkdirSync(join(dataDir, RECORDINGS_DIR_NAME))
  await writeRecording({ dataDir, startUnixMs: now }, (b) => {
    recordExchange(b, { id: 'big', body: { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(3000) }] }, chunks: [{ atMs: 1, data: 'y'.repeat(2000) }] }, now + 1)
  })
  const r = await cli(['recordings', 'list', '--data-dir', dataDir])
  t.match(r.stdout, / \d\.\d KiB +sealed\n$/)
})
