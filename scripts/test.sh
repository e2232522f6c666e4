#!/usr/bin/env bash
# `npm test`: builds the bundles, packs the .vsix, compiles the tests and runs every suite (unit, rule
# fixtures, language server over a real connection, CLI, parity, images against a real loopback
# registry, the package's contents, and the editor: the extension-host suite and the UI smoke tests
# in code-server + Chromium). `npm ci` is the README command's job; the Debian packages and the
# code-server the tests use as real parts are installed here when missing (scripts/setup-test-deps.sh,
# scripts/setup-e2e.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-deps.sh
bash scripts/setup-e2e.sh >/dev/null
# The .vsix from production bundles first (the UI tests install it); then the dev bundles, with
# source maps, that every other suite and the extension-host suite load.
node scripts/package.mjs | sed -n '/\.vsix: /,$p'
node scripts/build.mjs
npx tsc -p .
node --test --test-reporter=spec $(find out/test -name '*.test.js' | sort)
