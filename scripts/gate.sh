#!/usr/bin/env bash
# `npm test`: the one gate. Type-check, lint, then every test: unit tests beside the code,
# the CLI end to end, the hostile suite, and every lab proving itself through the real judge.
# npm has already run scripts/setup.sh (pretest) and put Node 24 first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

step "node $(node -v), typecheck"
npx --no-install tsc -p tsconfig.json
npx --no-install tsc -p packages/web

step "lint and format (biome)"
npx --no-install biome check .

step "unit tests"
node --test --test-reporter=dot "packages/*/src/**/*.test.ts"

step "content: schema and files"
node packages/cli/bin/pysec.js validate

step "CLI end to end, engine, hostile submissions, lab proofs"
node --test --test-concurrency=2 --test-reporter=spec test/*.test.ts test/hostile/*.test.ts

step "web app end to end in Chromium"
node --test --test-reporter=spec test/e2e/*.test.ts

printf '\nAll tests passed in %ss.\n' "$(( $(date +%s) - started ))"
