#!/usr/bin/env bash
# The one test command (README, .ci/run): installs, builds, then runs every suite.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then npm ci --no-audit --no-fund; fi
node scripts/build.mjs
npx tsc -p .
node --test --test-reporter=spec $(find out/test -name '*.test.js' | sort)
