#!/usr/bin/env bash
# `npm test`: builds the bundles, compiles the tests and runs every suite (unit, rule fixtures,
# language server over a real connection, CLI, parity). Set-up (`npm ci`) is the README command's job.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs
npx tsc -p .
node --test --test-reporter=spec $(find out/test -name '*.test.js' | sort)
