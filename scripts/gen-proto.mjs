#!/usr/bin/env node
// Regenerates the static protobuf code in proto/gen/ from proto/*.proto.
// The output is committed; CI re-runs this and fails on any diff (STYLE rule 19).
// Static code only: nothing parses .proto text at run time.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const protoDir = join(root, 'proto')
const genDir = join(protoDir, 'gen')
const bin = join(root, 'node_modules', '.bin')
mkdirSync(genDir, { recursive: true })

for (const file of readdirSync(protoDir).filter((f) => f.endsWith('.proto')).sort()) {
  const name = basename(file, '.proto')
  const out = join(genDir, `${name}.js`)
  execFileSync(join(bin, 'pbjs'), [
    // Each file gets its own protobufjs root: both declare the `keyward` package, and on the shared default root the
    // second module to load would replace the first one's namespace.
    '-t', 'static-module', '-w', 'esm', '--es6', '--no-verify', '--no-convert', '--no-typeurl', '-r', name,
    '--dependency', 'protobufjs/minimal.js', '-o', out, join(protoDir, file)
  ], { stdio: 'inherit' })
  execFileSync(join(bin, 'pbts'), ['--no-comments', '-o', join(genDir, `${name}.d.ts`), out], { stdio: 'inherit' })
}
