/** Bounds of the relay's shared state (relay/state/state-store.ts), each with its unit (STYLE rule 3). */

/** Most locks in force at once, in locks. */
export const MAX_LOCKS = 10_000
/** Most killed tokens remembered at once (each until its token expires), in tokens. */
export const MAX_KILLED_TOKENS = 100_000
