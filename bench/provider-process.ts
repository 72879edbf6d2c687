/**
 * Runs the fake provider in its own process for the end-to-end bench: prints `{"url":"http://127.0.0.1:P/v1"}` as
 * one JSON line on stdout once it listens, and closes on SIGTERM/SIGINT. The provider key comes from the
 * BENCH_PROVIDER_KEY environment variable.
 */
import { startFakeProvider } from '../test/fixtures/fake-provider.js'

const apiKey = process.env.BENCH_PROVIDER_KEY
if (apiKey === undefined || apiKey === '') throw new Error('provider-process: set BENCH_PROVIDER_KEY')

const provider = await startFakeProvider({ apiKey })
process.stdout.write(JSON.stringify({ url: provider.url }) + '\n')

const stop = (): void => {
  provider.close().then(() => process.exit(0), () => process.exit(1))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
