#!/usr/bin/env bash
# `npm test`: builds the bundles, compiles the tests and runs every suite (unit, rule fixtures,
# language server over a real connection, CLI, parity, images against a real loopback registry).
# `npm ci` is the README command's job; the Debian packages the tests use as real parts are
# installed here when missing (scripts/setup-test-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-deps.sh
node scripts/build.mjs
npx tsc -p .
node --test --test-reporter=spec $(find out/test -name '*.test.js' | sort)
