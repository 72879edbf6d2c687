/**
 * Limits of relay sessions (DESIGN.md "session"), each with its unit (STYLE rule 3).
 */

/** A session with no exchange in flight for this long ends (its recording is sealed), in ms. */
export const SESSION_IDLE_TIMEOUT_MS = 15 * 60 * 1000
/** How often idle and expired sessions are looked for, in ms (or the idle timeout, when shorter). */
export const SESSION_SWEEP_INTERVAL_MS = 5_000
/** How long a kill or lock waits for the session's aborted exchanges to record their end before sealing, in ms. */
export const TERMINATE_DRAIN_MS = 500
/** Poll interval of that wait, in ms. */
export const TERMINATE_POLL_MS = 10
