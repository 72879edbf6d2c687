/**
 * Relay certificate pinning, shared by the join call and the tunnel: the agent accepts the relay only when the
 * certificate's SHA-256 fingerprint is one of the configured pins (hex, colons and case ignored).
 */
import type { PeerCertificate } from 'node:tls'

/** Canonical form of a SHA-256 fingerprint: upper-case hex without colons. */
export function normaliseFingerprint (fp: string): string {
  return fp.replace(/:/g, '').toUpperCase()
}

/**
 * TLS options that pin the relay certificate, or `{}` when no pins are configured. The returned
 * `checkServerIdentity` runs at every handshake; it never runs on a reused pooled socket, so callers must not pool.
 */
export function relayPinOptions (pinSha256: readonly string[] | undefined): { checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined } {
  if (pinSha256 === undefined) return {}
  const pins = pinSha256.map(normaliseFingerprint)
  return {
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      pins.includes(normaliseFingerprint(cert.fingerprint256)) ? undefined : new Error('relay certificate does not match the pinned fingerprint')
  }
}
