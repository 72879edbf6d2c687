/** Fixed values of the admin API (docs/admin-api.md). */

/** Path prefix of every admin route on the relay's TLS listener. */
export const ADMIN_PREFIX = '/admin'
