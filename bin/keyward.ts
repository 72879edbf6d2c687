#!/usr/bin/env node
// Thin entry: everything lives in cli.ts so it can be tested without spawning a process.
import { main } from './cli.js'

process.exitCode = await main(process.argv.slice(2))
