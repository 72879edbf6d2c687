/**
 * Connection names: one DNS label, so the same name works as `<connection>.<relay domain>` and in `/c/<name>/`.
 * Shared by both configs, the relay's router and the tunnel's Hello check, so all four agree.
 */

/** Longest connection name, in characters (a DNS label). */
export const MAX_CONNECTION_NAME_CHARS = 63

/** A valid connection name: lower-case letters, digits and dashes, starting with a letter or digit. */
export const CONNECTION_NAME_PATTERN = new RegExp(`^[a-z0-9][a-z0-9-]{0,${MAX_CONNECTION_NAME_CHARS - 1}}$`)

/** What config validation says about an invalid name. */
export const CONNECTION_NAME_RULE = `connection names are lower-case letters, digits and dashes (max ${MAX_CONNECTION_NAME_CHARS})`

/** True when `name` is a valid connection name. */
export function isConnectionName (name: string): boolean {
  return CONNECTION_NAME_PATTERN.test(name)
}
