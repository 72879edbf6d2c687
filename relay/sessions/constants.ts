/**
 * Limits of relay sessions (DESIGN.md "session"), each with its unit (STYLE rule 3).
 */

/** A session with no exchange in flight for this long ends (its recording is sealed), in ms. */
export const SESSION_IDLE_TIMEOUT_MS = 15 * 60 * 1000
/** How often idle and expired sessions are looked for, in ms (or the idle timeout, when shorter). */
export const SESSION_SWEEP_INTERVAL_MS = 5_000
