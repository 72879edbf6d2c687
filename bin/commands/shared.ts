/** Helpers shared by CLI commands: logger from flags, signal handling, error printing. */
import { GatewayError } from '../../common/errors.js'
import { createLogger } from '../../common/logger.js'

import type { LevelWithSilent, Logger } from 'pino'

/** Builds the root logger for a command from `--log-level`. */
export function loggerFor (level: string | undefined): Logger {
  return createLogger({ level: (level ?? 'info') as LevelWithSilent })
}

/** Resolves when the process receives SIGINT or SIGTERM (once), so daemons can drain and return an exit code. */
export async function untilSignal (): Promise<NodeJS.Signals> {
  return await new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(sig)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

/** Prints an error for a human on stderr; returns the exit code to use. */
export function reportError (err: unknown): number {
  if (err instanceof GatewayError) {
    process.stderr.write(`keyward: ${err.message} [${err.code}]\n`)
  } else {
    process.stderr.write(`keyward: ${err instanceof Error ? err.message : String(err)}\n`)
  }
  return 1
}
