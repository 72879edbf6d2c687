/**
 * Defaults for development certificate minting (`ensureDevCerts`). Development only: production relays load
 * certificates from files.
 */

/** RSA modulus size, in bits, of the dev CA and relay keys. */
export const DEV_RSA_MODULUS_BITS = 2048

/** Dev CA lifetime, in days (10 years). */
export const DEV_CA_VALIDITY_DAYS = 3650

/**
 * Relay (leaf) certificate lifetime, in days. 825 is the longest Apple platforms accept for TLS server
 * certificates chained to a user-installed root (Apple support HT210176).
 */
export const DEV_LEAF_VALIDITY_DAYS = 825

/** Existing certificates expiring within this many days are re-minted instead of reused. */
export const DEV_CERT_RENEW_BEFORE_DAYS = 30

/** Certificates start this many milliseconds before "now", so small clock differences between hosts do not matter. */
export const DEV_CERT_BACKDATE_MS = 60 * 60 * 1000

/** Random bytes in certificate serial numbers (RFC 5280 §4.1.2.2 allows up to 20 octets; CA/B asks ≥ 64 bits). */
export const DEV_CERT_SERIAL_BYTES = 16

/** Host names and addresses every relay dev certificate covers. */
export const DEV_CERT_DEFAULT_HOSTS: readonly string[] = Object.freeze(['localhost', '*.localhost', '127.0.0.1', '::1'])

/**
 * Connection names spelled out under every single-label wildcard (`*.localhost` → `openai.localhost`, …).
 * TLS clients (Node's checkServerIdentity, OpenSSL's X509_check_host, browsers) refuse a wildcard whose parent has
 * only one label, so `*.localhost` alone never matches `openai.localhost`. Other names: pass them in `hosts`.
 */
export const DEV_CERT_WELL_KNOWN_CONNECTIONS: readonly string[] = Object.freeze([
  'openai', 'anthropic', 'azure-openai', 'gemini', 'mistral', 'groq', 'ollama', 'local-llm'
])

/** Common name of the dev CA (shows up in OS trust stores and browser warnings). */
export const DEV_CA_COMMON_NAME = 'keyward dev CA'

/** Common name of the relay dev certificate. */
export const DEV_LEAF_COMMON_NAME = 'keyward relay (dev)'

/** Dev CA certificate file name. */
export const DEV_CA_CERT_FILE = 'dev-ca.pem'

/** Dev CA private key file name. */
export const DEV_CA_KEY_FILE = 'dev-ca-key.pem'

/** Relay certificate file name. */
export const DEV_LEAF_CERT_FILE = 'relay.pem'

/** Relay private key file name. */
export const DEV_LEAF_KEY_FILE = 'relay-key.pem'

/** Mode of the certificate folder when created. */
export const DEV_CERT_DIR_MODE = 0o700

/** Mode of the private key files. */
export const DEV_KEY_FILE_MODE = 0o600

/** Mode of the certificate files (public). */
export const DEV_CERT_FILE_MODE = 0o644

/** Most extra `hosts` entries accepted by ensureDevCerts. */
export const DEV_CERT_MAX_EXTRA_HOSTS = 64
/** Longest DNS name, in characters, accepted in `hosts` (RFC 1035 §2.3.4). */
export const DEV_CERT_MAX_DNS_NAME_CHARS = 253
