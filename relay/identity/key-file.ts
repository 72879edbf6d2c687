/**
 * Create-or-load for the relay's private signing keys (local issuer, agent authority), stored as JWK JSON.
 *
 * Files are created 0600 inside a 0700 folder and published atomically: the key is written to a temp file and
 * hard-linked into place, so two relays starting on the same data dir agree on one key (the loser of the `link`
 * race reads the winner's file) and no reader ever sees a half-written key. An existing file that other users can
 * read is refused, as ssh refuses such keys: a readable signing key means anyone on the host can mint tokens.
 */
import { randomUUID } from 'node:crypto'
import { chmod, link, mkdir, open, unlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { calculateJwkThumbprint } from 'jose'

import { MAX_KEY_FILE_BYTES, PRIVATE_DIR_MODE, PRIVATE_FILE_FORBIDDEN_BITS, PRIVATE_FILE_MODE } from './constants.js'
import { KeyFileInvalidError } from './errors.js'

import type { JWK } from 'jose'

/** What a key file holds once loaded: the private JWK and its RFC 7638 thumbprint, which is also its `kid`. */
export interface StoredKey {
  privateJwk: JWK
  /** Same key without private members, carrying `kid`, `alg` and `use`. */
  publicJwk: JWK
  kid: string
}

/** Expected key shape, checked on load: `kty`, and `crv` for EC/OKP keys. */
export interface KeyShape {
  kty: 'EC' | 'OKP'
  crv: 'P-256' | 'Ed25519'
  alg: string
}

/** Members of an EC/OKP JWK that are private; stripped to form the public key. */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'])

/**
 * Loads the private JWK at `path`, creating it with `generate()` when absent.
 * Throws {@link KeyFileInvalidError} when the file is not a private key of `shape`, is larger than
 * MAX_KEY_FILE_BYTES, or is group/other accessible (POSIX only).
 */
export async function loadOrCreateKeyFile (path: string, shape: KeyShape, generate: () => Promise<JWK>): Promise<StoredKey> {
  await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE })
  const existing = await readKeyFile(path)
  if (existing !== undefined) return toStoredKey(existing, shape, path)

  const jwk = await generate()
  const stored = await toStoredKey({ ...jwk, alg: shape.alg, use: 'sig' }, shape, path)
  const body = JSON.stringify({ ...stored.privateJwk, kid: stored.kid }, null, 2) + '\n'
  const tmp = join(dirname(path), `.${randomUUID()}.tmp`)
  await writeFile(tmp, body, { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  try {
    // umask may have narrowed the mode further, never widened it; chmod makes the result exact.
    await chmod(tmp, PRIVATE_FILE_MODE)
    await link(tmp, path)
  } catch (err: unknown) {
    if (!isErrno(err, 'EEXIST')) throw err
    // Another process created the key between our read and link: use theirs so every relay signs with one key.
    const raced = await readKeyFile(path)
    /* c8 ignore next -- needs the winner to delete its file inside our link window; not reproducible in a test */
    if (raced === undefined) throw new KeyFileInvalidError(`signing key file ${path} vanished while being created`)
    return toStoredKey(raced, shape, path)
  } finally {
    await unlink(tmp)
  }
  return stored
}

/** Reads and JSON-parses the file, or returns undefined when it does not exist. */
async function readKeyFile (path: string): Promise<unknown> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err: unknown) {
    if (isErrno(err, 'ENOENT')) return undefined
    throw new KeyFileInvalidError(`cannot open signing key file ${path}`, { cause: err })
  }
  try {
    const info = await handle.stat()
    if (process.platform !== 'win32' && (info.mode & PRIVATE_FILE_FORBIDDEN_BITS) !== 0) {
      throw new KeyFileInvalidError(
        `signing key file ${path} is accessible by other users (mode ${(info.mode & 0o777).toString(8)}); run: chmod 600 ${path}`)
    }
    if (info.size > MAX_KEY_FILE_BYTES) {
      throw new KeyFileInvalidError(`signing key file ${path} is larger than ${MAX_KEY_FILE_BYTES} bytes`)
    }
    let text: string
    try {
      text = await handle.readFile('utf8')
    } catch (err: unknown) {
      throw new KeyFileInvalidError(`cannot read signing key file ${path}`, { cause: err })
    }
    try {
      return JSON.parse(text) as unknown
    } catch (err: unknown) {
      throw new KeyFileInvalidError(`signing key file ${path} is not valid JSON`, { cause: err })
    }
  } finally {
    await handle.close()
  }
}

/** Validates the parsed file as a private JWK of `shape` and derives the public half and thumbprint. */
async function toStoredKey (value: unknown, shape: KeyShape, path: string): Promise<StoredKey> {
  if (!isRecord(value) || value.kty !== shape.kty || value.crv !== shape.crv ||
      typeof value.d !== 'string' || typeof value.x !== 'string' ||
      (shape.kty === 'EC' && typeof value.y !== 'string')) {
    throw new KeyFileInvalidError(`signing key file ${path} does not hold a private ${shape.kty} ${shape.crv} JWK`)
  }
  const privateJwk: JWK = { ...value, alg: shape.alg, use: 'sig' } as JWK
  const bare: JWK = {}
  for (const [name, member] of Object.entries(privateJwk)) {
    if (!PRIVATE_MEMBERS.has(name) && name !== 'kid') (bare as Record<string, unknown>)[name] = member
  }
  // The kid is always recomputed: a hand-edited kid that disagrees with the key would otherwise publish a JWKS
  // entry that points verifiers at the wrong key.
  const kid = await calculateJwkThumbprint(bare, 'sha256')
  return { privateJwk: { ...privateJwk, kid }, publicJwk: { ...bare, kid }, kid }
}

/** True when `value` is a plain, non-array object. */
export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when `err` is a Node system error with the given `code`. */
function isErrno (err: unknown, code: string): boolean {
  return isRecord(err) && err.code === code
}
