#!/usr/bin/env bash
# Builds the production tree in the current directory: install, compile, drop dev dependencies.
# The Dockerfile runs exactly this script, so `bash scripts/build-release.sh && node dist/bin/keyward.js --help`
# outside Docker tests the same steps.
set -euo pipefail
npm ci --no-audit --no-fund
npm run build
npm prune --omit=dev --no-audit --no-fund
