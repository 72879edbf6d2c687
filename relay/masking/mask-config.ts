/**
 * The `mask:` section of a policy file: which detectors run on responses (and, optionally, prompts) and how a
 * match is replaced. Shared by the policy loader (validation) and the masker (execution).
 *
 * ```yaml
 * mask:
 *   builtin: [email, card, ssn, aws_access_key, openai_key, anthropic_key]   # or: all
 *   strategy: redact            # default for every detector: redact | mask | hash
 *   strategies: { card: mask }  # per-detector override
 *   custom:
 *     - name: employee_id
 *       pattern: 'EMP-[0-9]{6}'   # RE2 syntax (linear time)
 *       maxLength: 10             # longest text the pattern can match, in characters (bounds the stream hold-back)
 *     - name: codenames
 *       words: [BLUEBIRD, NIGHTJAR]
 *       caseInsensitive: true
 * ```
 */
import { z } from 'zod'

/** Names of the built-in detectors. */
export const BUILTIN_DETECTORS = ['email', 'card', 'ssn', 'aws_access_key', 'openai_key', 'anthropic_key'] as const
/** A built-in detector name. */
export type BuiltinDetector = typeof BUILTIN_DETECTORS[number]

/** How a match is replaced: `[REDACTED:<detector>]`, `****<last 4>`, or `[HASH:<detector>:<12 hex of HMAC-SHA-256>]`. */
export const MASK_STRATEGIES = ['redact', 'mask', 'hash'] as const
/** A masking strategy. */
export type MaskStrategy = typeof MASK_STRATEGIES[number]

/** Longest `maxLength` a custom pattern may declare, in characters (bounds the streaming hold-back window). */
export const MAX_CUSTOM_MATCH_CHARS = 512
/** Most custom detectors in one policy. */
export const MAX_CUSTOM_DETECTORS = 64
/** Most words in one word-list detector. */
export const MAX_WORDS_PER_DETECTOR = 1000

const detectorName = z.string().regex(/^[a-z][a-z0-9_]{0,40}$/, 'detector names are lower-case letters, digits and _')

const customDetector = z.strictObject({
  name: detectorName,
  pattern: z.string().min(1).max(1000).optional(),
  maxLength: z.number().int().positive().max(MAX_CUSTOM_MATCH_CHARS).optional(),
  words: z.array(z.string().min(1).max(MAX_CUSTOM_MATCH_CHARS)).min(1).max(MAX_WORDS_PER_DETECTOR).optional(),
  caseInsensitive: z.boolean().default(false),
  strategy: z.enum(MASK_STRATEGIES).optional()
}).refine((d) => (d.pattern === undefined) !== (d.words === undefined), { message: 'give exactly one of pattern or words' })
  .refine((d) => d.pattern === undefined || d.maxLength !== undefined, { message: 'a pattern detector needs maxLength (the longest text it can match)' })

/** Schema of the `mask:` section. */
export const maskConfigSchema = z.strictObject({
  builtin: z.union([z.literal('all'), z.array(z.enum(BUILTIN_DETECTORS))]).default([]),
  strategy: z.enum(MASK_STRATEGIES).default('redact'),
  strategies: z.partialRecord(z.string(), z.enum(MASK_STRATEGIES)).default({}),
  custom: z.array(customDetector).max(MAX_CUSTOM_DETECTORS).default([])
})

/** A validated `mask:` section. */
export type MaskConfig = z.output<typeof maskConfigSchema>
/** One validated custom detector. */
export type CustomDetectorConfig = z.output<typeof customDetector>
