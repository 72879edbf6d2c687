/**
 * `keyward recordings …`: list, show, export, verify and replay session recordings (docs/recordings-cli.md).
 *
 *   keyward recordings list [--subject S] [--connection C] [--since 1h|<ISO time>] [--json]
 *   keyward recordings show <id>
 *   keyward recordings export <id> --format pb|jsonl [--out file]
 *   keyward recordings verify <id|file> [--public-key pem]
 *   keyward recordings replay <id> [--speed N] [--serve [--port P] [--host H] [--timing]]
 *
 * Recordings come from a {@link RecordingSource}: the recordings folder on this machine (`--data-dir`, default the
 * one `keyward dev` uses, or what the relay's `--config` says) or, with `--relay` (and `--token` or KEYWARD_TOKEN,
 * `--ca`), the relay's admin API (admin-client.ts). `show`, `export` and
 * `replay` take recording ids only, never paths; `verify` also takes a file path, since verifying a copy the
 * operator holds is its point. Exit codes: 0 success, 1 failure (for `verify`: the recording failed a check),
 * 2 usage error.
 */
import { createWriteStream } from 'node:fs'
import { readFile, stat, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { finished } from 'node:stream/promises'

import { durationMs, isoTimeMs } from '../../common/time-spec.js'
import { DEFAULT_DATA_DIR } from '../../relay/constants.js'
import { MAX_KEY_FILE_BYTES, PRIVATE_FILE_MODE, RECORDINGS_DIR_NAME } from '../../relay/recording/constants.js'
import { EXPORT_FORMATS, copyRecordingBytes, writeJsonl } from '../../relay/recording/export.js'
import { assertRecordingId, isRecordingId, recordingPath } from '../../relay/recording/ids.js'
import { errnoCode, loadEncryptionKeys, signingKeyPaths } from '../../relay/recording/keys.js'
import { verifyRecording } from '../../relay/recording/reader.js'
import { DEFAULT_REPLAY_HOST, DEFAULT_REPLAY_PORT, ReplayServer } from '../../relay/recording/replay-server.js'
import { replaySession } from '../../relay/recording/replay.js'
import { buildSessionModel } from '../../relay/recording/session-model.js'
import { isoTime, renderTranscript } from '../../relay/recording/transcript.js'
import { loadRelayConfig } from '../../relay/relay-config.js'
import { adminClientFrom, adminTarget } from './admin-client.js'
import { AdminRecordingSource, LocalRecordingSource } from './recording-source.js'
import { loggerFor, untilSignal } from './shared.js'

import type { Writable } from 'node:stream'
import type { Argv } from 'yargs'
import type { EncryptionKeyRing } from '../../relay/recording/keys.js'
import type { RecordingListing, RecordingSource } from './recording-source.js'

/** Wraps a command body so its resolved value becomes the exit code (bin/cli.ts `run`). */
export type CommandRunner = <A>(fn: (args: A) => Promise<number>) => (args: A) => Promise<void>

/** Units `--since` accepts after a whole number, in ms. */
/** API key printed for replay clients: the replay accepts any, the SDKs insist on one. */
const REPLAY_API_KEY = 'keyward-replay'
/** Bytes per KiB, for sizes in the list table. */
const KIB = 1024

/**
 * Parses `--since`: a duration back from `nowMs` (`30m`, `1h`, `7d`, `2w`) or an ISO 8601 time. Returns Unix ms;
 * throws Error (a usage error) for anything else.
 */
export function parseSince (text: string, nowMs: number = Date.now()): number {
  const d = durationMs(text)
  if (d !== undefined) return nowMs - d
  const t = isoTimeMs(text)
  if (t === undefined) throw new Error(`invalid --since ${JSON.stringify(text.trim().slice(0, 40))}: use a duration (30m, 1h, 7d, 2w) or an ISO time (2025-01-02T03:04:05Z)`)
  return t
}

/** Parses `--speed`: a finite number ≥ 0. */
function parseSpeed (value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`invalid --speed ${String(value)}: use a number ≥ 0 (0 = no waiting)`)
  return value
}

/** `880 B`, `12.3 KiB`, `4.0 MiB`-style size of `n` bytes. */
export function formatBytes (n: number): string {
  if (n < KIB) return `${n} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let v = n / KIB
  let i = 0
  while (v >= KIB && i < units.length - 1) {
    v /= KIB
    i++
  }
  return `${v.toFixed(1)} ${units[i] ?? ''}`
}

/** Lays rows out in columns separated by two spaces; the last column is not padded. */
export function formatTable (rows: readonly string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length) })
  return rows.map((row) => row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n') + '\n'
}

/** The STATE column of a summary. */
function stateOf (s: RecordingListing): string {
  const state = s.truncated ? 'truncated' : s.sealed ? 'sealed' : 'open'
  return [state, s.encrypted ? 'encrypted' : '', s.problem === undefined ? '' : `problem: ${s.problem}`].filter((x) => x !== '').join(', ')
}

/** Flags every subcommand that reads recordings shares. */
interface StorageArgs {
  'data-dir'?: string
  config?: string
  'key-file'?: string
  'key-env'?: string
  'key-id'?: string
}

/** Flags of the subcommands that may read through the relay. */
interface SourceArgs extends StorageArgs {
  relay?: string
  token?: string
  ca?: string
}

/** Where recordings and keys are, resolved from the flags. */
interface Storage {
  /** The relay's data dir (its `recording/signing-key.pub.pem` is the default trusted key). */
  dataDir: string
  /** The recordings folder. */
  recordingsDir: string
  keys?: EncryptionKeyRing
}

/** Adds `--data-dir`, `--config` and the encryption key flags. */
function storageOptions<T> (y: Argv<T>): Argv<T & StorageArgs> {
  return y
    // No yargs default: an explicit --data-dir must win over --config's dataDir, and yargs cannot tell them apart.
    .option('data-dir', { type: 'string', describe: `relay data dir; recordings are in its recordings/ folder [default: ${DEFAULT_DATA_DIR}, or --config's]` })
    .option('config', { type: 'string', describe: 'relay.yaml: take dataDir, recording.dir and recording.encryption keys from it' })
    .option('key-file', { type: 'string', conflicts: 'key-env', implies: 'key-id', describe: 'file with the AES-256-GCM key of encrypted recordings' })
    .option('key-env', { type: 'string', implies: 'key-id', describe: 'environment variable holding that key (hex or base64)' })
    .option('key-id', { type: 'string', describe: 'id of that key (FileHeader.encryption_key_id)' }) as unknown as Argv<T & StorageArgs>
}

/**
 * Adds the storage flags plus `--relay --token --ca`. Only the `--relay` flag selects the admin API (not
 * KEYWARD_RELAY: on the relay's own host the data dir stays the default); the token may come from KEYWARD_TOKEN.
 * A missing token or a malformed URL is a usage error.
 */
function sourceOptions<T> (y: Argv<T>): Argv<T & SourceArgs> {
  return storageOptions(y)
    .option('relay', { type: 'string', describe: 'read through this relay\'s admin API (https://host:port) instead of --data-dir' })
    .option('token', { type: 'string', describe: 'admin identity token for --relay (auditor or admin role) [env KEYWARD_TOKEN]' })
    .option('ca', { type: 'string', describe: 'with --relay: PEM file of the CA that signed the relay certificate [default: system roots]' })
    .check((argv) => {
      const a = argv as SourceArgs
      if (a.relay !== undefined) adminTarget(a, process.env, false)
      return true
    }) as unknown as Argv<T & SourceArgs>
}

/**
 * Resolves the data dir, recordings folder and keys: `--data-dir` (then `<data-dir>/recordings`), else the relay
 * config's `dataDir` and `recording.dir`, else DEFAULT_DATA_DIR; keys from `--key-file`/`--key-env` + `--key-id`,
 * else every key of the config's `recording.encryption`. Relative paths are taken from the current directory, as
 * the relay takes them. Throws ConfigInvalidError / RecordingKeyInvalidError listing every problem.
 */
async function storageFrom (args: StorageArgs): Promise<Storage> {
  const config = args.config === undefined ? undefined : loadRelayConfig(args.config)
  const dataDir = resolve(args['data-dir'] ?? config?.dataDir ?? DEFAULT_DATA_DIR)
  const configDir = args['data-dir'] === undefined ? config?.recording.dir : undefined
  const recordingsDir = resolve(configDir ?? join(dataDir, RECORDINGS_DIR_NAME))
  const id = args['key-id']
  let keys: EncryptionKeyRing | undefined
  if (id !== undefined && (args['key-file'] !== undefined || args['key-env'] !== undefined)) {
    keys = await loadEncryptionKeys({ keys: [args['key-file'] === undefined ? { id, env: args['key-env'] ?? '' } : { id, file: args['key-file'] }] })
  } else if (config?.recording.encryption !== undefined) {
    // Read-only ring: every configured key (old ones too), no active key.
    keys = await loadEncryptionKeys({
      keys: config.recording.encryption.keys.map((k) => k.file === undefined ? { id: k.id, env: k.env ?? '' } : { id: k.id, file: resolve(k.file) })
    })
  }
  return { dataDir, recordingsDir, ...(keys === undefined ? {} : { keys }) }
}

/** The source the flags select: the admin API with `--relay`, else the local recordings folder. */
async function sourceFrom (args: SourceArgs): Promise<RecordingSource> {
  const { recordingsDir, keys } = await storageFrom(args)
  if (args.relay !== undefined) {
    return new AdminRecordingSource({ client: await adminClientFrom(args, false), ...(keys === undefined ? {} : { keys }) })
  }
  return new LocalRecordingSource({ dir: recordingsDir, ...(keys === undefined ? {} : { keys }) })
}

/** Opens `--out` for writing: a new file only (never overwrites), owner-only like the recordings themselves. */
async function openOut (path: string): Promise<Writable> {
  const out = createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE_MODE })
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => { resolve() })
    out.once('error', reject)
  })
  return out
}

/**
 * Runs `write` into a new file at `outPath` (mode 0600, never overwriting; a partial file is removed when `write`
 * fails) or, without `outPath`, into stdout.
 */
export async function withOutput (outPath: string | undefined, write: (out: Writable) => Promise<void>): Promise<void> {
  if (outPath === undefined) {
    await write(process.stdout)
    return
  }
  const out = await openOut(outPath)
  try {
    await write(out)
    out.end()
    await finished(out)
  } catch (err: unknown) {
    out.destroy()
    await unlink(outPath).catch(() => {})
    throw err
  }
}

/** The trusted public key for `verify`: `--public-key`, else the data dir's published key when it exists. */
async function trustedKey (publicKey: string | undefined, dataDir: string): Promise<{ pem: string, from: string } | undefined> {
  const path = publicKey ?? signingKeyPaths(dataDir).publicPath
  try {
    if ((await stat(path)).size > MAX_KEY_FILE_BYTES) throw new Error(`public key file ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`)
    return { pem: await readFile(path, 'utf8'), from: path }
  } catch (err: unknown) {
    if (publicKey === undefined && errnoCode(err) === 'ENOENT') return undefined
    throw err
  }
}

/** Adds the `recordings` subcommands to `y`; `run` turns each handler's result into the exit code. */
export function recordingsCommands<T> (y: Argv<T>, run: CommandRunner): Argv<T> {
  return y
    .command('list', 'list recordings, oldest first', (c) => sourceOptions(c)
      .option('subject', { type: 'string', describe: 'only this subject' })
      .option('connection', { type: 'string', describe: 'only this connection' })
      // coerce: a malformed value is a usage error (exit 2) before anything is read.
      .option('since', { type: 'string', coerce: (v: string) => parseSince(v), describe: 'only recordings created since: a duration (30m, 1h, 7d, 2w) or an ISO time' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON instead of a table' }),
    run(async (args) => {
      const sinceUnixMs = args.since as number | undefined
      const source = await sourceFrom(args)
      const rows = await source.list({
        ...(args.subject === undefined ? {} : { subject: args.subject }),
        ...(args.connection === undefined ? {} : { connection: args.connection }),
        ...(sinceUnixMs === undefined ? {} : { sinceUnixMs })
      })
      if (args.json) {
        process.stdout.write(JSON.stringify(rows.map((s) => ({ ...s, created: isoTime(s.createdUnixMs) })), null, 2) + '\n')
      } else if (rows.length === 0) {
        process.stdout.write('no recordings\n')
      } else {
        process.stdout.write(formatTable([
          ['ID', 'CREATED', 'SUBJECT', 'CONNECTION', 'SIZE', 'STATE'],
          ...rows.map((s) => [s.id, isoTime(s.createdUnixMs), s.subject ?? '-', s.connection ?? '-', formatBytes(s.bytes), stateOf(s)])
        ]))
      }
      return 0
    }))
    .command('show <id>', 'print a recording as a readable transcript', (c) => sourceOptions(c)
      .positional('id', { type: 'string', demandOption: true, describe: 'recording id (rec_…)' }),
    run(async (args) => {
      assertRecordingId(args.id)
      const rec = await (await sourceFrom(args)).read(args.id)
      process.stdout.write(renderTranscript({ model: buildSessionModel(rec.records), sealed: rec.sealed, truncated: rec.truncated, problems: rec.problems }))
      return 0
    }))
    .command('export <id>', 'write a recording as its original file (pb) or one JSON object per record (jsonl)', (c) => sourceOptions(c)
      .positional('id', { type: 'string', demandOption: true, describe: 'recording id (rec_…)' })
      .option('format', { choices: EXPORT_FORMATS, demandOption: true, describe: 'pb: the file byte for byte; jsonl: one record per line' })
      .option('out', { type: 'string', describe: 'file to create (refuses to overwrite); default stdout' }),
    run(async (args) => {
      assertRecordingId(args.id)
      const source = await sourceFrom(args)
      let problems: string[] = []
      if (args.format === 'pb') {
        const src = await source.openRaw(args.id)
        try {
          await withOutput(args.out, async (out) => { await copyRecordingBytes(src, out) })
        } finally {
          // Closes the file also when --out could not be created and nothing was read.
          src.destroy()
        }
      } else if (source.openJsonl !== undefined) {
        // Through the relay: it decrypts with its own keys (its reader leaves damaged records out, as ours does).
        const src = await source.openJsonl(args.id)
        try {
          await withOutput(args.out, async (out) => { await copyRecordingBytes(src, out) })
        } finally {
          src.destroy()
        }
      } else {
        const rec = await source.read(args.id)
        problems = rec.problems
        await withOutput(args.out, async (out) => { await writeJsonl(rec.records, out) })
      }
      for (const p of problems) process.stderr.write(`keyward: warning: ${p}\n`)
      if (args.out !== undefined) process.stdout.write(`exported ${args.id} (${args.format}) to ${args.out}\n`)
      return 0
    }))
    .command('verify <recording>', 'check CRCs, the hash chain and the signature of a recording (id or file)', (c) => storageOptions(c)
      .positional('recording', { type: 'string', demandOption: true, describe: 'recording id, or the path of a recording file' })
      .option('public-key', { type: 'string', describe: 'PEM of the relay signing key to trust (default <data-dir>/recording/signing-key.pub.pem)' }),
    run(async (args) => {
      const { dataDir, recordingsDir, keys } = await storageFrom(args)
      const path = isRecordingId(args.recording) ? recordingPath(recordingsDir, args.recording) : resolve(args.recording)
      const trusted = await trustedKey(args['public-key'], dataDir)
      const result = await verifyRecording(path, {
        ...(trusted === undefined ? {} : { trustedPublicKey: trusted.pem }),
        ...(keys === undefined ? {} : { keys })
      })
      const state = result.truncated ? 'sealed after a crash (truncated: records after the last intact frame were lost)' : result.sealed ? 'sealed' : 'not sealed'
      const signer = `signed by key ${result.signingKeyId || '?'}${result.keyTrusted ? ' (trusted)' : ''}`
      const lines = [`${result.ok ? 'OK' : 'FAILED'}  ${path}: ${result.recordCount} records, ${state}, ${signer}`]
      for (const p of result.problems) lines.push(`  problem: ${p}`)
      if (trusted === undefined) {
        lines.push('  note: no trusted public key (--public-key, or <data-dir>/recording/signing-key.pub.pem): the signature was checked against the key inside the recording only')
      } else if (result.keyTrusted) {
        lines.push(`  trusted key from ${trusted.from}`)
      }
      if (result.encrypted && keys === undefined) {
        lines.push('  note: encrypted and no key given: the records were checked as stored (CRCs, order, signature), not decrypted; ' +
          'add --key-file or --key-env with --key-id to also check what is inside them')
      }
      process.stdout.write(lines.join('\n') + '\n')
      return result.ok ? 0 : 1
    }))
    .command('replay <id>', 'print a recording with its original timing, or serve it to OpenAI clients (--serve)', (c) => storageOptions(c)
      .positional('id', { type: 'string', demandOption: true, describe: 'recording id (rec_…)' })
      .option('speed', { type: 'number', default: 1, coerce: parseSpeed, describe: 'divide recorded waits by this (0 = no waiting)' })
      .option('serve', { type: 'boolean', default: false, describe: 'serve the recorded responses on an OpenAI-compatible HTTP endpoint' })
      .option('port', { type: 'number', default: DEFAULT_REPLAY_PORT, describe: 'with --serve: port (0 = any free port)' })
      .option('host', { type: 'string', default: DEFAULT_REPLAY_HOST, describe: 'with --serve: listen address (plain HTTP: keep it on loopback)' })
      .option('timing', { type: 'boolean', default: false, describe: 'with --serve: send response chunks at their recorded offsets' }),
    run(async (args) => {
      assertRecordingId(args.id)
      const speed = args.speed
      const rec = await (await sourceFrom(args)).read(args.id)
      const model = buildSessionModel(rec.records)
      if (!args.serve) {
        await replaySession({ model, sealed: rec.sealed, truncated: rec.truncated, problems: rec.problems }, { speed, out: process.stdout })
        return 0
      }
      const logger = loggerFor((args as { 'log-level'?: string })['log-level'])
      const server = new ReplayServer({ model, logger }, { host: args.host, port: args.port, timing: args.timing && speed > 0, speed: speed > 0 ? speed : 1 })
      await server.start()
      for (const p of rec.problems) process.stderr.write(`keyward: warning: ${p}\n`)
      process.stdout.write([
        '',
        `replaying ${args.id}: ${model.exchanges.length} recorded exchange${model.exchanges.length === 1 ? '' : 's'} (plain HTTP, no provider is called)`,
        '',
        `OPENAI_BASE_URL=${server.baseUrl}`,
        `OPENAI_API_KEY=${REPLAY_API_KEY}`,
        '',
        'Requests identical to recorded ones get the recorded responses, in recorded order; anything else gets 404.',
        'Press Ctrl-C to stop.',
        ''
      ].join('\n'))
      const sig = await untilSignal()
      logger.info({ signal: sig, unanswered: server.remaining }, 'replay server stopping')
      await server.stop()
      return 0
    }))
    .demandCommand(1, 'say `keyward recordings list|show|export|verify|replay`')
}
