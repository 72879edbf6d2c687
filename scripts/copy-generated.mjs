#!/usr/bin/env node
// tsc does not emit the committed generated JavaScript in proto/gen/; copy it next to the compiled code.
import { cpSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const from = join(root, 'proto', 'gen')
const to = join(root, 'dist', 'proto', 'gen')
mkdirSync(to, { recursive: true })
for (const f of readdirSync(from).filter((f) => f.endsWith('.js'))) cpSync(join(from, f), join(to, f))
