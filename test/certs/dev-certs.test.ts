import { X509Certificate } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { createServer, get } from 'node:https'
import { join } from 'node:path'

import t from 'tap'

import { ensureDevCerts } from '../../certs/dev-certs.js'
import { DEV_CERT_RENEW_BEFORE_DAYS, DEV_LEAF_VALIDITY_DAYS } from '../../certs/constants.js'

import type { AddressInfo } from 'node:net'

const DAY_MS = 86_400_000

/** GETs https://127.0.0.1:port/ with SNI openai.localhost; resolves the status or rejects with the TLS error. */
async function fetchStatus (port: number, ca: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', servername: 'openai.localhost', ...(ca === undefined ? {} : { ca }) }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
  })
}

t.test('mints a CA and a relay certificate that Node verifies for every default host', async (t) => {
  const dir = join(t.testdir(), 'certs')
  const certs = await ensureDevCerts(dir)
  t.same(certs.created, { ca: true, leaf: true })

  const ca = new X509Certificate(certs.caPem)
  const leaf = new X509Certificate(certs.certPem)
  t.equal(ca.ca, true)
  t.match(ca.subject, /CN=keyward dev CA/)
  t.equal(leaf.ca, false)
  t.ok(leaf.verify(ca.publicKey), 'leaf signature verifies with the CA key')
  t.ok(leaf.checkIssued(ca))
  t.equal(leaf.checkHost('localhost'), 'localhost')
  t.equal(leaf.checkHost('openai.localhost'), 'openai.localhost')
  t.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1')
  t.ok(leaf.checkIP('::1'))
  t.equal(leaf.checkHost('anthropic.localhost'), 'anthropic.localhost')
  t.equal(leaf.checkHost('example.com'), undefined)
  t.match(leaf.keyUsage ?? [], ['1.3.6.1.5.5.7.3.1'], 'serverAuth EKU')
  // sha256WithRSAEncryption (1.2.840.113549.1.1.11) appears in the DER as this byte run.
  t.ok(leaf.raw.includes(Buffer.from('2a864886f70d01010b', 'hex')), 'SHA-256 with RSA signature')
  t.ok(/^[0-7]/.test(leaf.serialNumber), 'serial is positive')
  const lifetimeDays = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / DAY_MS
  t.ok(lifetimeDays > DEV_LEAF_VALIDITY_DAYS - 1 && lifetimeDays < DEV_LEAF_VALIDITY_DAYS + 1, 'leaf lives ~825 days')
  t.ok(Date.parse(ca.validTo) - Date.now() > 9 * 365 * DAY_MS, 'CA lives ~10 years')

  t.equal((await stat(dir)).mode & 0o777, 0o700)
  t.equal((await stat(certs.keyPath)).mode & 0o777, 0o600)
  t.equal((await stat(join(dir, 'dev-ca-key.pem'))).mode & 0o777, 0o600)
  t.equal(await readFile(certs.caCertPath, 'utf8'), certs.caPem)
  t.equal(await readFile(certs.certPath, 'utf8'), certs.certPem)
  t.equal(await readFile(certs.keyPath, 'utf8'), certs.keyPem)
  t.same([certs.caCertPath, certs.certPath, certs.keyPath].map((p) => p.slice(dir.length + 1)), ['dev-ca.pem', 'relay.pem', 'relay-key.pem'])
})

t.test('a real https server with these certs is reachable with the CA and refused without it', async (t) => {
  const certs = await ensureDevCerts(t.testdir())
  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (_req, res) => { res.end('ok') })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as AddressInfo

  t.equal(await fetchStatus(port, certs.caPem), 200)
  await t.rejects(fetchStatus(port, undefined), { code: /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/ })
  const other = await ensureDevCerts(join(t.testdir(), 'other'))
  await t.rejects(fetchStatus(port, other.caPem), 'another dev CA is not trusted')
})

t.test('reuses existing files, and re-mints the leaf when hosts are added', async (t) => {
  const dir = t.testdir()
  const first = await ensureDevCerts(dir)
  const again = await ensureDevCerts(dir)
  t.same(again.created, { ca: false, leaf: false })
  t.equal(again.certPem, first.certPem)
  t.equal(again.keyPem, first.keyPem)

  const wider = await ensureDevCerts(dir, { hosts: ['Relay.Example.test.', '*.relay.example.test', '10.1.2.3', 'fd00::1'] })
  t.same(wider.created, { ca: false, leaf: true }, 'CA kept, leaf re-minted')
  t.equal(wider.caPem, first.caPem)
  const leaf = new X509Certificate(wider.certPem)
  t.ok(leaf.checkHost('relay.example.test'))
  t.ok(leaf.checkHost('openai.relay.example.test'))
  t.equal(leaf.checkHost('x.y.relay.example.test'), undefined, 'wildcards cover one label only')
  t.ok(leaf.checkIP('10.1.2.3'))
  t.ok(leaf.checkIP('fd00::1'))
  t.ok(leaf.checkHost('openai.localhost'), 'defaults still covered')

  const same = await ensureDevCerts(dir, { hosts: ['relay.example.test'] })
  t.same(same.created, { ca: false, leaf: false }, 'a subset of covered hosts reuses the leaf')
})

t.test('re-mints a leaf that expires within the renewal window, keeping the CA', async (t) => {
  const dir = t.testdir()
  const first = await ensureDevCerts(dir)
  const later = new Date(Date.now() + (DEV_LEAF_VALIDITY_DAYS - DEV_CERT_RENEW_BEFORE_DAYS + 1) * DAY_MS)
  const renewed = await ensureDevCerts(dir, { now: later })
  t.same(renewed.created, { ca: false, leaf: true })
  t.equal(renewed.caPem, first.caPem)
  t.ok(Date.parse(new X509Certificate(renewed.certPem).validTo) > later.getTime() + 800 * DAY_MS)
})

t.test('re-mints everything when the CA file is corrupt or does not match its key', async (t) => {
  const dir = t.testdir()
  const first = await ensureDevCerts(dir)
  await writeFile(join(dir, 'dev-ca.pem'), 'garbage')
  const repaired = await ensureDevCerts(dir)
  t.same(repaired.created, { ca: true, leaf: true })
  t.not(repaired.caPem, first.caPem)
  t.ok(new X509Certificate(repaired.certPem).verify(new X509Certificate(repaired.caPem).publicKey))

  await ensureDevCerts(join(dir, 'other'))
  await writeFile(join(dir, 'dev-ca-key.pem'), await readFile(join(dir, 'other', 'dev-ca-key.pem')))
  t.same((await ensureDevCerts(dir)).created, { ca: true, leaf: true }, 'CA/key mismatch detected')
})

t.test('re-mints a leaf whose key does not match or that another CA signed', async (t) => {
  const dir = t.testdir()
  await ensureDevCerts(dir)
  const other = await ensureDevCerts(join(dir, 'other'))
  await writeFile(join(dir, 'relay-key.pem'), other.keyPem)
  t.same((await ensureDevCerts(dir)).created, { ca: false, leaf: true }, 'key mismatch')
  await writeFile(join(dir, 'relay.pem'), other.certPem)
  await writeFile(join(dir, 'relay-key.pem'), other.keyPem)
  t.same((await ensureDevCerts(dir)).created, { ca: false, leaf: true }, 'foreign issuer')
})

t.test('refuses malformed hosts with GW_ERR_CONFIG_INVALID', async (t) => {
  const dir = t.testdir()
  await t.rejects(ensureDevCerts(dir, { hosts: ['bad host'] }), { code: 'GW_ERR_CONFIG_INVALID' })
  await t.rejects(ensureDevCerts(dir, { hosts: ['a.*.example'] }), { code: 'GW_ERR_CONFIG_INVALID' })
  await t.rejects(ensureDevCerts(dir, { hosts: ['-x.example'] }), { code: 'GW_ERR_CONFIG_INVALID' })
  await t.rejects(ensureDevCerts(dir, { hosts: Array.from({ length: 65 }, (_, i) => `h${i}.test`) }), { code: 'GW_ERR_CONFIG_INVALID' })
})

t.test('propagates file system errors other than a missing file', async (t) => {
  const dir = t.testdir({ 'dev-ca.pem': {} })
  await t.rejects(ensureDevCerts(dir), { code: 'EISDIR' })
})
