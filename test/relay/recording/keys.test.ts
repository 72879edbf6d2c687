import { createHash, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import t from 'tap'

import {
  createEncryptionKeyRing, generateSigningKey, loadEncryptionKeys, loadOrCreateSigningKey, rawPublicKey, signingKeyFromPrivateKey,
  signingKeyId, signingKeyPaths, toPublicKey
} from '../../../relay/recording/keys.js'

t.test('creates an Ed25519 PKCS8 key at <dataDir>/recording/signing-key.pem, 0600 in a 0700 folder, plus the public PEM', async (t) => {
  const dataDir = t.testdir()
  const key = await loadOrCreateSigningKey(dataDir)
  const { privatePath, publicPath } = signingKeyPaths(dataDir)
  t.equal(privatePath, join(dataDir, 'recording', 'signing-key.pem'))
  t.equal((await stat(privatePath)).mode & 0o777, 0o600)
  t.equal((await stat(join(dataDir, 'recording'))).mode & 0o777, 0o700)
  t.match(await readFile(privatePath, 'utf8'), /^-----BEGIN PRIVATE KEY-----/)
  const pubPem = await readFile(publicPath, 'utf8')
  t.match(pubPem, /^-----BEGIN PUBLIC KEY-----/)
  t.equal(key.publicKeyRaw.byteLength, 32)
  t.equal(key.keyId, createHash('sha256').update(key.publicKeyRaw).digest('hex').slice(0, 16))
  t.match(key.keyId, /^[0-9a-f]{16}$/)
  t.ok(toPublicKey(pubPem).equals(key.publicKey), 'the public PEM is the key')

  const again = await loadOrCreateSigningKey(dataDir)
  t.equal(again.keyId, key.keyId, 'reused on the next load')
  const msg = Buffer.from('x')
  t.ok(verify(null, msg, again.publicKey, sign(null, msg, key.privateKey)))
})

t.test('two loads racing on one data dir agree on one key', async (t) => {
  const dataDir = t.testdir()
  const keys = await Promise.all(Array.from({ length: 6 }, async () => await loadOrCreateSigningKey(dataDir)))
  t.equal(new Set(keys.map((k) => k.keyId)).size, 1)
})

t.test('rewrites a missing or stale public key file', async (t) => {
  const dataDir = t.testdir()
  const key = await loadOrCreateSigningKey(dataDir)
  const { publicPath } = signingKeyPaths(dataDir)
  await writeFile(publicPath, 'stale')
  await loadOrCreateSigningKey(dataDir)
  t.ok(toPublicKey(await readFile(publicPath)).equals(key.publicKey))
})

t.test('refuses a signing key file readable by others, malformed, oversized or not Ed25519 with GW_ERR_RECORDING_KEY_INVALID', async (t) => {
  const dataDir = t.testdir()
  await loadOrCreateSigningKey(dataDir)
  const { privatePath } = signingKeyPaths(dataDir)
  const code = { code: 'GW_ERR_RECORDING_KEY_INVALID' }
  await chmod(privatePath, 0o640)
  await t.rejects(loadOrCreateSigningKey(dataDir), { ...code, message: /chmod 600/ })
  await chmod(privatePath, 0o600)
  await writeFile(privatePath, 'not pem')
  await t.rejects(loadOrCreateSigningKey(dataDir), { ...code, message: /not a PEM private key/ })
  await writeFile(privatePath, 'x'.repeat(70_000))
  await t.rejects(loadOrCreateSigningKey(dataDir), { ...code, message: /larger than/ })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' })
  await writeFile(privatePath, ec)
  await t.rejects(loadOrCreateSigningKey(dataDir), { ...code, message: /ec key, not Ed25519/ })
  await mkdir(join(dataDir, 'dir-as-key', 'recording', 'signing-key.pem'), { recursive: true })
  await t.rejects(loadOrCreateSigningKey(join(dataDir, 'dir-as-key')), code)
})

t.test('public key helpers accept raw 32 bytes, PEM and KeyObjects, and refuse the rest', async (t) => {
  const key = generateSigningKey()
  t.ok(toPublicKey(key.publicKeyRaw).equals(key.publicKey))
  t.ok(toPublicKey(key.privateKey).equals(key.publicKey), 'a private key gives its public half')
  t.ok(toPublicKey(key.publicKey).equals(key.publicKey))
  t.ok(rawPublicKey(key.privateKey).equals(key.publicKeyRaw))
  t.equal(signingKeyId(key.publicKeyRaw), key.keyId)
  t.equal(signingKeyFromPrivateKey(key.privateKey).keyId, key.keyId)
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
  const code = { code: 'GW_ERR_RECORDING_KEY_INVALID' }
  t.throws(() => toPublicKey(Buffer.alloc(31)), code)
  t.throws(() => toPublicKey('nonsense'), code)
  t.throws(() => toPublicKey(rsa.publicKey), code)
  t.throws(() => toPublicKey(rsa.publicKey.export({ format: 'pem', type: 'spki' })), code)
  t.throws(() => signingKeyFromPrivateKey(rsa.privateKey), code)
  t.throws(() => signingKeyFromPrivateKey(key.publicKey), code)
})

t.test('loads encryption keys from hex, base64 and base64url env values and from raw, hex or base64 files', async (t) => {
  const dir = t.testdir()
  const bytes = Array.from({ length: 5 }, () => randomBytes(32))
  const [a, b, c, d, e] = bytes as [Buffer, Buffer, Buffer, Buffer, Buffer]
  await writeFile(join(dir, 'raw.key'), d)
  await writeFile(join(dir, 'hex.key'), `${e.toString('hex')}\n`)
  const ring = await loadEncryptionKeys({
    activeKeyId: 'k2',
    keys: [
      { id: 'k1', env: 'K1' }, { id: 'k2', env: 'K2' }, { id: 'k3', env: 'K3' },
      { id: 'k4', file: join(dir, 'raw.key') }, { id: 'k5', file: join(dir, 'hex.key') }
    ]
  }, { env: { K1: a.toString('hex'), K2: ` ${b.toString('base64')} `, K3: c.toString('base64url') } })
  t.equal(ring.activeKeyId, 'k2')
  t.same([...ring.keys.keys()], ['k1', 'k2', 'k3', 'k4', 'k5'])
  bytes.forEach((raw, i) => t.ok(ring.keys.get(`k${i + 1}`)?.export().equals(raw), `k${i + 1}`))
  t.doesNotThrow(() => createEncryptionKeyRing([['only', a]]), 'a read-only ring needs no active key')
})

t.test('lists every encryption key problem at once with GW_ERR_RECORDING_KEY_INVALID', async (t) => {
  const dir = t.testdir()
  await writeFile(join(dir, 'short.key'), randomBytes(16))
  await writeFile(join(dir, 'big.key'), Buffer.alloc(70_000))
  const err = await loadEncryptionKeys({
    activeKeyId: 'a',
    keys: [
      { id: 'a', env: 'UNSET' },
      { id: 'b', env: 'SHORT' },
      { id: 'c', file: join(dir, 'short.key') },
      { id: 'd', file: join(dir, 'missing.key') },
      { id: 'e' },
      { id: 'f', env: 'X', file: join(dir, 'short.key') },
      { id: 'g', file: join(dir, 'big.key') }
    ]
  }, { env: { SHORT: randomBytes(16).toString('hex') } }).catch((e: unknown) => e)
  t.match(err, { code: 'GW_ERR_RECORDING_KEY_INVALID', status: 500 })
  const message = (err as Error).message
  t.match(message, /environment variable UNSET is not set/)
  t.match(message, /env SHORT\) must be 32 bytes.*got 32 characters/)
  t.match(message, /file .*short\.key\) must be 32 bytes.*got 16 bytes/)
  t.match(message, /cannot open file .*missing\.key \(ENOENT\)/)
  t.match(message, /key "e" needs exactly one of "file" and "env"/)
  t.match(message, /key "f" needs exactly one/)
  t.match(message, /big\.key is larger than/)
})

t.test('refuses an unknown active key id, duplicate or malformed ids', async (t) => {
  const key = randomBytes(32).toString('hex')
  const code = { code: 'GW_ERR_RECORDING_KEY_INVALID' }
  await t.rejects(loadEncryptionKeys({ activeKeyId: 'nope', keys: [{ id: 'a', env: 'A' }] }, { env: { A: key } }), { ...code, message: /active key id "nope" is not one of the keys \(a\)/ })
  await t.rejects(loadEncryptionKeys({ activeKeyId: 'a', keys: [{ id: 'a', env: 'A' }, { id: 'a', env: 'A' }] }, { env: { A: key } }), { ...code, message: /listed twice/ })
  t.throws(() => createEncryptionKeyRing([['bad id!', randomBytes(32)]]), { ...code, message: /must be 1-64/ })
  t.throws(() => createEncryptionKeyRing([['a', randomBytes(31)]]), { ...code, message: /must be 32 bytes, got 31/ })
  t.throws(() => createEncryptionKeyRing([], 'a'), { ...code, message: /\(none\)/ })
})
