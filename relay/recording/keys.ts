/**
 * Recording keys: the relay's Ed25519 signing key, which signs every recording's Trailer, and the AES-256-GCM key
 * ring that encrypts records at rest.
 *
 * The signing key lives at `<dataDir>/recording/signing-key.pem` (PKCS#8 PEM, 0600 in a 0700 folder) and is created
 * like relay/identity/key-file.ts creates its keys: written to a temp file and hard-linked into place, so two
 * processes starting at once agree on one key and nobody reads half a key. An existing file other users can read is
 * refused. The public half is published next to it as `signing-key.pub.pem` for `keyward recordings verify`.
 *
 * Encryption keys are never generated here: they come from files or env variables named in the config, so they can
 * live in a secret store and be rotated (a new active key for new recordings; old keys stay in the ring to read old
 * recordings). Only node:crypto is used.
 */
import { createHash, createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomUUID } from 'node:crypto'
import { chmod, link, mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import {
  ED25519_PUBLIC_KEY_BYTES, ENCRYPTION_KEY_BYTES, ENCRYPTION_KEY_ID_RE, MAX_KEY_FILE_BYTES, PRIVATE_DIR_MODE,
  PRIVATE_FILE_FORBIDDEN_BITS, PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, RECORDING_KEY_DIR_NAME, SIGNING_KEY_FILE_NAME,
  SIGNING_KEY_ID_HEX_CHARS, SIGNING_PUBLIC_KEY_FILE_NAME
} from './constants.js'
import { RecordingKeyInvalidError } from './errors.js'

import type { KeyObject } from 'node:crypto'

/** The relay's recording signing key, loaded. */
export interface RecordingSigningKey {
  /** Ed25519 private key; signs trailers. */
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  /** Raw 32-byte public key, as written into `FileHeader.signing_public_key`. */
  readonly publicKeyRaw: Buffer
  /** First 16 hex characters of SHA-256(publicKeyRaw): `FileHeader.signing_key_id`. */
  readonly keyId: string
}

/** Where {@link loadOrCreateSigningKey} keeps the key files of `dataDir`. */
export function signingKeyPaths (dataDir: string): { privatePath: string, publicPath: string } {
  const dir = join(dataDir, RECORDING_KEY_DIR_NAME)
  return { privatePath: join(dir, SIGNING_KEY_FILE_NAME), publicPath: join(dir, SIGNING_PUBLIC_KEY_FILE_NAME) }
}

/** The signing key id of a raw Ed25519 public key: the first 16 hex characters of its SHA-256. */
export function signingKeyId (publicKeyRaw: Uint8Array): string {
  return createHash('sha256').update(publicKeyRaw).digest('hex').slice(0, SIGNING_KEY_ID_HEX_CHARS)
}

/** The raw 32-byte form of an Ed25519 public (or private) key. Throws RecordingKeyInvalidError for other key types. */
export function rawPublicKey (key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key
  if (pub.asymmetricKeyType !== 'ed25519') throw new RecordingKeyInvalidError('recording signing keys are Ed25519 keys')
  const { x } = pub.export({ format: 'jwk' })
  return Buffer.from(x ?? '', 'base64url')
}

/**
 * An Ed25519 public KeyObject from a KeyObject (a private key gives its public half), a raw 32-byte key, or PEM
 * text (`signing-key.pub.pem`) in a Buffer or string. Throws RecordingKeyInvalidError for anything else.
 */
export function toPublicKey (key: KeyObject | Uint8Array | string): KeyObject {
  try {
    if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
      const pub = key.type === 'private' ? createPublicKey(key) : key
      rawPublicKey(pub)
      return pub
    }
    if (typeof key !== 'string' && key.byteLength === ED25519_PUBLIC_KEY_BYTES) {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key).toString('base64url') }, format: 'jwk' })
    }
    const pub = createPublicKey({ key: typeof key === 'string' ? key : Buffer.from(key), format: 'pem' })
    rawPublicKey(pub)
    return pub
  } catch (err: unknown) {
    if (err instanceof RecordingKeyInvalidError) throw err
    throw new RecordingKeyInvalidError('not an Ed25519 public key (raw 32 bytes or PEM expected)', { cause: err })
  }
}

/** A {@link RecordingSigningKey} from an Ed25519 private key (tests, or keys held elsewhere). */
export function signingKeyFromPrivateKey (privateKey: KeyObject): RecordingSigningKey {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new RecordingKeyInvalidError('recording signing keys are Ed25519 private keys')
  }
  const publicKey = createPublicKey(privateKey)
  const publicKeyRaw = rawPublicKey(publicKey)
  return Object.freeze({ privateKey, publicKey, publicKeyRaw, keyId: signingKeyId(publicKeyRaw) })
}

/** A new in-memory signing key (tests; the relay uses {@link loadOrCreateSigningKey}). */
export function generateSigningKey (): RecordingSigningKey {
  return signingKeyFromPrivateKey(generateKeyPairSync('ed25519').privateKey)
}

/**
 * Loads the relay's recording signing key from `<dataDir>/recording/signing-key.pem`, creating it when absent, and
 * (re)writes `signing-key.pub.pem` when it is missing or stale. Throws RecordingKeyInvalidError when the file is
 * group/other accessible (POSIX), larger than MAX_KEY_FILE_BYTES, or not an Ed25519 PKCS#8 PEM key.
 */
export async function loadOrCreateSigningKey (dataDir: string): Promise<RecordingSigningKey> {
  const { privatePath, publicPath } = signingKeyPaths(dataDir)
  await mkdir(join(dataDir, RECORDING_KEY_DIR_NAME), { recursive: true, mode: PRIVATE_DIR_MODE })
  const key = (await readSigningKey(privatePath)) ?? (await createSigningKeyFile(privatePath))
  await publishPublicKey(publicPath, key)
  return key
}

/** Reads and parses the private key file, or returns undefined when it does not exist. */
async function readSigningKey (path: string): Promise<RecordingSigningKey | undefined> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err: unknown) {
    if (errnoCode(err) === 'ENOENT') return undefined
    throw new RecordingKeyInvalidError(`cannot open recording signing key ${path}`, { cause: err })
  }
  try {
    const info = await handle.stat()
    if (process.platform !== 'win32' && (info.mode & PRIVATE_FILE_FORBIDDEN_BITS) !== 0) {
      throw new RecordingKeyInvalidError(
        `recording signing key ${path} is accessible by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`)
    }
    if (info.size > MAX_KEY_FILE_BYTES) throw new RecordingKeyInvalidError(`recording signing key ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`)
    const pem = await handle.readFile('utf8')
    let privateKey: KeyObject
    try {
      privateKey = createPrivateKey({ key: pem, format: 'pem' })
    } catch (err: unknown) {
      throw new RecordingKeyInvalidError(`recording signing key ${path} is not a PEM private key`, { cause: err })
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new RecordingKeyInvalidError(`recording signing key ${path} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key, not Ed25519`)
    }
    return signingKeyFromPrivateKey(privateKey)
  } finally {
    await handle.close()
  }
}

/** Generates a key and publishes it at `path` with temp file + link (see the file comment). */
async function createSigningKeyFile (path: string): Promise<RecordingSigningKey> {
  const key = generateSigningKey()
  const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' })
  const tmp = join(dirname(path), `.${randomUUID()}.tmp`)
  await writeFile(tmp, pem, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  try {
    // umask may have narrowed the mode, never widened it; chmod makes it exact.
    await chmod(tmp, PRIVATE_FILE_MODE)
    await link(tmp, path)
  } catch (err: unknown) {
    if (errnoCode(err) !== 'EEXIST') throw err
    // Another process created the key between our read and link: use theirs, so one relay signs with one key.
    const raced = await readSigningKey(path)
    /* c8 ignore next -- needs the winner to delete its file inside our link window; not reproducible in a test */
    if (raced === undefined) throw new RecordingKeyInvalidError(`recording signing key ${path} vanished while being created`)
    return raced
  } finally {
    await unlink(tmp)
  }
  return key
}

/** Writes the SPKI PEM of `key` to `path` unless it already holds exactly that (atomic replace by rename). */
async function publishPublicKey (path: string, key: RecordingSigningKey): Promise<void> {
  const pem = key.publicKey.export({ format: 'pem', type: 'spki' })
  const current = await readFile(path, 'utf8').catch(() => undefined)
  if (current === pem) return
  const tmp = join(dirname(path), `.${randomUUID()}.tmp`)
  await writeFile(tmp, pem, { mode: PUBLIC_FILE_MODE, flag: 'wx' })
  await chmod(tmp, PUBLIC_FILE_MODE)
  await rename(tmp, path)
}

// ---------------------------------------------------------------------------------------------------------------
// Encryption key ring
// ---------------------------------------------------------------------------------------------------------------

/** Where one encryption key comes from: exactly one of `file` and `env`. */
export interface EncryptionKeySource {
  /** Key id written into `FileHeader.encryption_key_id`: 1–64 of `[A-Za-z0-9._-]`. */
  id: string
  /** A file holding the key: 32 raw bytes, or 64 hex characters, or base64 (standard or url-safe) of 32 bytes. */
  file?: string
  /** An environment variable holding the key as hex or base64. */
  env?: string
}

/** Encryption key configuration: the keys, and which one encrypts new recordings. */
export interface EncryptionKeysConfig {
  /** Id of the key that encrypts new recordings; omit for a read-only ring (the CLI). */
  activeKeyId?: string
  keys: readonly EncryptionKeySource[]
}

/** Loaded AES-256-GCM recording keys by id. Secret KeyObjects: they do not print their bytes when logged. */
export interface EncryptionKeyRing {
  /** Id of the key new recordings are encrypted with; undefined for a read-only ring. */
  readonly activeKeyId: string | undefined
  readonly keys: ReadonlyMap<string, KeyObject>
}

const HEX_KEY_RE = /^[0-9a-fA-F]{64}$/
// 32 bytes are 43 base64 characters plus one `=` of padding; both alphabets, padding optional.
const BASE64_KEY_RE = /^[A-Za-z0-9+/]{43}=?$/
const BASE64URL_KEY_RE = /^[A-Za-z0-9_-]{43}=?$/

/**
 * Decodes one 32-byte key: `raw` bytes of exactly 32 (files only), else trimmed text as 64 hex characters or base64 /
 * base64url of 32 bytes. Returns an error message instead of throwing, so the loader can list every problem.
 */
export function decodeEncryptionKey (value: Buffer | string, allowRaw: boolean): Buffer | string {
  if (allowRaw && typeof value !== 'string' && value.byteLength === ENCRYPTION_KEY_BYTES) return Buffer.from(value)
  const text = (typeof value === 'string' ? value : value.toString('latin1')).trim()
  if (HEX_KEY_RE.test(text)) return Buffer.from(text, 'hex')
  if (BASE64_KEY_RE.test(text)) return Buffer.from(text, 'base64')
  if (BASE64URL_KEY_RE.test(text)) return Buffer.from(text, 'base64url')
  return `must be ${ENCRYPTION_KEY_BYTES} bytes: ${allowRaw ? `${ENCRYPTION_KEY_BYTES} raw bytes, ` : ''}64 hex characters or base64 ` +
    `(got ${typeof value === 'string' ? `${text.length} characters` : `${value.byteLength} bytes`})`
}

/**
 * A key ring from raw keys by id (tests, and the loader). Throws RecordingKeyInvalidError for a key that is not 32
 * bytes, a malformed id, or an `activeKeyId` not in the ring.
 */
export function createEncryptionKeyRing (keys: Iterable<readonly [string, Uint8Array]>, activeKeyId?: string): EncryptionKeyRing {
  const ring = new Map<string, KeyObject>()
  const problems: string[] = []
  for (const [id, bytes] of keys) {
    if (!ENCRYPTION_KEY_ID_RE.test(id)) problems.push(`key id ${JSON.stringify(id)} must be 1-64 of [A-Za-z0-9._-]`)
    else if (ring.has(id)) problems.push(`key id ${id} is listed twice`)
    else if (bytes.byteLength !== ENCRYPTION_KEY_BYTES) problems.push(`key ${id} must be ${ENCRYPTION_KEY_BYTES} bytes, got ${bytes.byteLength}`)
    else ring.set(id, createSecretKey(Buffer.from(bytes)))
  }
  if (activeKeyId !== undefined && !ring.has(activeKeyId) && problems.length === 0) {
    problems.push(`active key id ${JSON.stringify(activeKeyId)} is not one of the keys (${[...ring.keys()].join(', ') || 'none'})`)
  }
  if (problems.length > 0) throw keyInvalid(problems)
  return Object.freeze({ activeKeyId, keys: ring })
}

/** Options of {@link loadEncryptionKeys}. */
export interface LoadEncryptionKeysOptions {
  /** Environment to read `env` keys from; default process.env. */
  env?: Readonly<Record<string, string | undefined>>
}

/**
 * Loads the key ring described by `config`. Every problem (a key with neither or both of `file`/`env`, an unset
 * env variable, an unreadable or oversized file, a value that is not 32 bytes, a bad or duplicate id, an unknown
 * active id) is collected and thrown as one RecordingKeyInvalidError listing them all.
 */
export async function loadEncryptionKeys (config: EncryptionKeysConfig, options: LoadEncryptionKeysOptions = {}): Promise<EncryptionKeyRing> {
  const env = options.env ?? process.env
  const problems: string[] = []
  const loaded: Array<[string, Buffer]> = []
  for (const source of config.keys) {
    const label = `key ${JSON.stringify(source.id)}`
    if ((source.file === undefined) === (source.env === undefined)) {
      problems.push(`${label} needs exactly one of "file" and "env"`)
      continue
    }
    let value: Buffer | string
    if (source.env !== undefined) {
      const text = env[source.env]
      if (text === undefined || text === '') {
        problems.push(`${label}: environment variable ${source.env} is not set`)
        continue
      }
      value = decodeEncryptionKey(text, false)
    } else {
      const bytes = await readKeyFile(source.file ?? '')
      if (typeof bytes === 'string') {
        problems.push(`${label}: ${bytes}`)
        continue
      }
      value = decodeEncryptionKey(bytes, true)
    }
    if (typeof value === 'string') problems.push(`${label} (${source.env !== undefined ? `env ${source.env}` : `file ${source.file ?? ''}`}) ${value}`)
    else loaded.push([source.id, value])
  }
  if (problems.length > 0) throw keyInvalid(problems)
  return createEncryptionKeyRing(loaded, config.activeKeyId)
}

/** Reads a key file of at most MAX_KEY_FILE_BYTES; returns an error message instead of throwing. */
async function readKeyFile (path: string): Promise<Buffer | string> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err: unknown) {
    return `cannot open file ${path} (${errnoCode(err) ?? String(err)})`
  }
  try {
    const info = await handle.stat()
    if (info.size > MAX_KEY_FILE_BYTES) return `file ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

function keyInvalid (problems: readonly string[]): RecordingKeyInvalidError {
  return new RecordingKeyInvalidError(`invalid recording encryption keys:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
}

/** The `code` of a Node system error, if `err` is one. */
export function errnoCode (err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined
}
